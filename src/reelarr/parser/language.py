"""Languages a release is in, and what subtitle file names say about their language."""

from __future__ import annotations

import re

from reelarr import languages as lang
from reelarr.languages import Language

from .model import SubtitleInfo


def _named(name: str) -> Language:
    found = lang.by_name(name)
    if found is None:  # pragma: no cover - the table below only names known languages
        raise KeyError(name)
    return found


# Spelled-out names (and a few unmistakable tags) count wherever they appear, even glued to
# other words ("SwissGerman", "HebDubbed"). They rank before short codes.
_NAME_FRAGMENTS: tuple[tuple[str, Language], ...] = tuple(
    (fragment, _named(name))
    for fragment, name in (
        ("english", "English"),
        ("spanish", "Spanish"),
        ("danish", "Danish"),
        ("dutch", "Dutch"),
        ("japanese", "Japanese"),
        ("icelandic", "Icelandic"),
        ("mandarin", "Chinese"),
        ("cantonese", "Chinese"),
        ("chinese", "Chinese"),
        ("korean", "Korean"),
        ("russian", "Russian"),
        ("romanian", "Romanian"),
        ("rodubbed", "Romanian"),
        ("hindi", "Hindi"),
        ("arabic", "Arabic"),
        ("thai", "Thai"),
        ("bulgarian", "Bulgarian"),
        ("bgaudio", "Bulgarian"),
        ("polish", "Polish"),
        ("vietnamese", "Vietnamese"),
        ("swedish", "Swedish"),
        ("norwegian", "Norwegian"),
        ("finnish", "Finnish"),
        ("turkish", "Turkish"),
        ("portuguese", "Portuguese"),
        ("brazilian", "Portuguese (Brazil)"),
        ("dublado", "Portuguese (Brazil)"),
        ("pt-br", "Portuguese (Brazil)"),
        ("hungarian", "Hungarian"),
        ("hebrew", "Hebrew"),
        ("hebdub", "Hebrew"),
        ("persian", "Persian"),
        ("malayalam", "Malayalam"),
        ("ukrainian", "Ukrainian"),
        ("catalan", "Catalan"),
        ("catalán", "Catalan"),
        ("català", "Catalan"),
        ("catala", "Catalan"),
        ("bengali", "Bengali"),
        ("slovak", "Slovak"),
        ("latvian", "Latvian"),
        ("latino", "Spanish (Latino)"),
        ("telugu", "Telugu"),
        ("tamil", "Tamil"),
        ("kannada", "Kannada"),
        ("albanian", "Albanian"),
        ("afrikaans", "Afrikaans"),
        ("marathi", "Marathi"),
        ("tagalog", "Tagalog"),
        ("urdu", "Urdu"),
        ("romansh", "Romansh"),
        ("rumantsch", "Romansh"),
        ("romansch", "Romansh"),
        ("mongolian", "Mongolian"),
        ("khalkha", "Mongolian"),
        ("georgian", "Georgian"),
        ("german", "German"),
        ("videomann", "German"),
        ("italian", "Italian"),
        ("flemish", "Flemish"),
        ("greek", "Greek"),
        ("lithuanian", "Lithuanian"),
        ("czech", "Czech"),
        ("[chs]", "Chinese"),
        ("[cht]", "Chinese"),
        ("[big5]", "Chinese"),
        ("[gb]", "Chinese"),
        ("简", "Chinese"),
        ("繁", "Chinese"),
        ("字幕", "Chinese"),
    )
)

# Short codes count only as whole words. Lower-case keys match in any case.
_WORD_CODES: dict[str, Language] = {
    word: _named(name)
    for words, name in (
        ("eng", "English"),
        ("fr vf vff vfq vfi vf2 truefrench french fre fra", "French"),
        ("ita", "Italian"),
        ("ger", "German"),
        ("rus ru", "Russian"),
        ("hun hundub", "Hungarian"),
        ("pldub dubpl lekpl pllek", "Polish"),
        ("ukr", "Ukrainian"),
        ("español castellano esp spa", "Spanish"),
        ("lv lav lat", "Latvian"),
        ("tel", "Telugu"),
        ("vie", "Vietnamese"),
        ("jap", "Japanese"),
        ("kor", "Korean"),
        ("geo kat", "Georgian"),
        ("orig original", "Original"),
    )
    for word in words.split()
}
# Two-letter country-like codes count only in capitals, where they cannot be ordinary words.
_CAPITAL_CODES: dict[str, Language] = {
    code: _named(name)
    for code, name in (
        ("EN", "English"),
        ("LT", "Lithuanian"),
        ("CZ", "Czech"),
        ("PL", "Polish"),
        ("BG", "Bulgarian"),
        ("SK", "Slovak"),
        ("ES", "Spanish"),
        ("DE", "German"),
        ("KA", "Georgian"),
    )
}
_WORD = re.compile(r"[^\W_]+")
_TIMES_PREFIX = re.compile(r"\d+x(?=[a-z])")
_GERMAN_DUAL = re.compile(r"(?<!WEB[-_. ])\bDL\b", re.IGNORECASE)
_GERMAN_MULTI = re.compile(r"\bML\b", re.IGNORECASE)


def _code_language(title: str, word: re.Match[str]) -> Language | None:
    text = word.group()
    lowered = text.lower()
    if lowered[0].isdigit():
        lowered = _TIMES_PREFIX.sub("", lowered, count=1)  # "2xUkr": two Ukrainian tracks
    found = _WORD_CODES.get(lowered)
    if found is not None:
        if lowered == "spa" and title.startswith("(latino)", word.end()):
            return None
        return found
    found = _CAPITAL_CODES.get(text)
    if found is None:
        return None
    start, end = word.start(), word.end()
    if text == "PL" and (
        title[end + 1 : end + 4].upper() == "SUB" or title[max(start - 4, 0) : start - 1].upper() == "SUB"
    ):
        return None  # Polish subtitles, not a Polish dub
    if text == "ES" and title[max(start - 4, 0) : start].upper() == "DTS-":
        return None  # DTS-ES is an audio format
    return found


def parse_languages(title: str) -> tuple[Language, ...]:
    """Every language a release name states, spelled-out names first; ``(Unknown,)`` when none."""
    title = title[:1024]
    lowered = title.lower()
    found: list[Language] = [language for fragment, language in _NAME_FRAGMENTS if fragment in lowered]
    for word in _WORD.finditer(title):
        language = _code_language(title, word)
        if language is not None and language not in found:
            found.append(language)
    if lang.by_name("German") in found:
        original = lang.ORIGINAL
        if _GERMAN_DUAL.search(title) and original not in found:
            found.append(original)
        if _GERMAN_MULTI.search(title):
            for extra in (original, lang.ENGLISH):
                if extra not in found:
                    found.append(extra)
    if not found:
        return (lang.UNKNOWN,)
    return tuple(dict.fromkeys(found))


_SUBTITLE_TAGS = frozenset({"full", "forced", "foreign", "default", "cc", "psdh", "sdh"})
_SUBTITLE_LANGUAGE = re.compile(
    r"^.+?[-_. ](?P<code>[a-z]{2,3})(?:[-_. ](?:full|forced|foreign|default|cc|psdh|sdh))*$", re.IGNORECASE
)
_SUBTITLE_TAIL = r"(?:\.(?:full|forced|foreign|default|cc|psdh|sdh|[a-z]{2,3}))*"
_SUBTITLE_TITLED = re.compile(
    rf"^.+?(?P<before>{_SUBTITLE_TAIL})[-_. ](?P<title>[^.]*)(?P<after>{_SUBTITLE_TAIL})$"
)
_SUBTITLE_COPY = re.compile(r"(?P<title>.+) - \d{1,3}$")
_SUBTITLE_EXTENSION = re.compile(r"\.[^.\\/]*$")


def _subtitle_stem(file_name: str) -> str:
    name = re.split(r"[\\/]", file_name[-512:])[-1]
    return _SUBTITLE_EXTENSION.sub("", name, count=1)


def _language_by_name_suffix(stem: str) -> Language:
    lowered = stem.lower()
    for language in lang.ALL:
        if lowered.endswith(language.name.lower()):
            return language
    return lang.UNKNOWN


def parse_subtitle_language(file_name: str) -> Language:
    """The language of a subtitle file from its ISO code or name: ``Movie.2019.en.forced.srt``."""
    stem = _subtitle_stem(file_name)
    match = _SUBTITLE_LANGUAGE.match(stem)
    if match is not None:
        return lang.find_iso_language(match.group("code")) or lang.UNKNOWN
    return _language_by_name_suffix(stem)


def _fallback_subtitle_info(stem: str) -> SubtitleInfo:
    match = _SUBTITLE_LANGUAGE.match(stem)
    if match is None:
        return SubtitleInfo(_language_by_name_suffix(stem))
    tail = stem[match.end("code") :]
    tags = tuple(tag.lower() for tag in re.split(r"[-_. ]", tail) if tag)
    return SubtitleInfo(lang.find_iso_language(match.group("code")) or lang.UNKNOWN, tags)


def parse_subtitle_info(file_name: str) -> SubtitleInfo:
    """Language, tags (forced, sdh, ...) and track title of a subtitle file.

    ``Movie (2020).commentary.default.eng.forced.ass`` has the title "commentary"; a name
    with no title or several language codes falls back to the language and tags alone.
    """
    stem = _subtitle_stem(file_name)
    match = _SUBTITLE_TITLED.match(stem)
    if match is None:
        return _fallback_subtitle_info(stem)
    tokens = [token for token in (match.group("before") + match.group("after")).split(".") if token]
    codes = [token for token in tokens if token not in _SUBTITLE_TAGS]
    if len(codes) != 1:
        return _fallback_subtitle_info(stem)
    raw_title = match.group("title")
    copy = _SUBTITLE_COPY.fullmatch(raw_title)
    return SubtitleInfo(
        language=lang.find_iso_language(codes[0]) or lang.UNKNOWN,
        tags=tuple(token for token in tokens if token in _SUBTITLE_TAGS),
        raw_title=raw_title,
        title=copy.group("title") if copy else raw_title,
    )
