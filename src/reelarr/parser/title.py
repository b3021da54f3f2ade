"""Movie title, year and edition from a release name, and the full ``parse_title`` pipeline.

The search mirrors Radarr's order of release-name shapes: anime ``[Group] Title``, German and
TRUEFRENCH names without a year before the language, ``Title Edition Year``, ``Title Year``, a
year in brackets, titles starting with a bracket, and (for folders) ``(Year) Title``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reelarr import qualities
from reelarr.languages import Language

from .common import TORRENT_SUFFIX, WEBSITE_POSTFIX, WEBSITE_PREFIX, remove_file_extension
from .edition import EDITION, might_have_edition, parse_edition, tidy_edition
from .language import parse_languages
from .model import ParsedMovie, ParsedQuality
from .quality import parse_hardcoded_subs, parse_quality
from .release_group import parse_release_group

# Longer names are cut: a file name holds at most 255 bytes, the longest name in Radarr's tests
# and the development corpora has 188 characters, and the cut bounds the work per call.
MAX_TITLE_LENGTH = 300

# ---- Crap detection: names that are hashes or obfuscated, not releases.
_HASHED_NAMES = re.compile(
    r"^[0-9a-zA-Z]{32}|^[a-z0-9]{24}$|^[A-Z]{11}\d{3}$|^[a-z]{12}\d{3}$|^Backup_\d{5,}S\d{2}-\d{2}$"
    r"|^123$|^abc$|^abc[-_. ]xyz|^b00bs$"
)
_ALPHANUMERIC = re.compile(r"[^\W_]")

# ---- Clutter removed before looking for the title.
# Resolutions, codecs and bit depths carry digits that could pass for years or hide editions.
_TECHNICAL_NOISE = re.compile(
    r"(?:480|540|576|720|1080|2160)[ip]|[xh][\W_]?26[45]|DD\W?5\W1|[<>?*]|848x480|1280x720|1920x1080"
    r"|3840x2160|4096x2160|\b(?:8|10)b(?:it)?\b|10-bit",
    re.IGNORECASE,
)
_TRAILING_BRACKET = re.compile(r"\[[a-z0-9 ._-]+\]$", re.IGNORECASE)
_UNSAFE_CHARACTERS = re.compile(r"\s*[<>?*|]")

# ---- Years. A year is 18xx-20xx standing alone; separators between title and year may not be
# ")", "[" or "!" (those stay with the title).
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LEADING_NON_WORD = re.compile(r"^(?:\W+|_)")
_WORD_CHARACTER = re.compile(r"\w")
_DIGIT_AFTER_SEPARATOR = re.compile(r"\W\d")
_YEAR_AFTER_SEPARATOR = re.compile(r"\W(?:1[89]|20)\d\d")


@dataclass(frozen=True, slots=True)
class _YearRule:
    """One Radarr year shape: what may separate it from the title and what may follow it."""

    excluded_separators: str
    closing_bracket_allowed: bool
    # True: no digit may follow a separator after the year; False: only no second year.
    strict_digits: bool
    title_may_open_bracket: bool


_NORMAL = _YearRule(")[!", False, False, False)
_BRACKETED_YEAR = _YearRule(")!", True, True, False)
_BRACKETED_TITLE = _YearRule(")[!", False, True, True)
_FOLDER = _YearRule(")!", True, True, True)
_EDITION_YEAR = _YearRule(")[!", False, True, False)


def _is_separator(character: str, rule: _YearRule) -> bool:
    if character in rule.excluded_separators:
        return False
    return character == "_" or not _WORD_CHARACTER.match(character)


def _valid_year_at(text: str, position: int, rule: _YearRule) -> bool:
    end = position + 4
    if end < len(text):
        following = text[end]
        if following != "_" and _WORD_CHARACTER.match(following):
            return False
        if following == "]" and not rule.closing_bracket_allowed:
            return False
        if rule.strict_digits:
            if _DIGIT_AFTER_SEPARATOR.match(text, end):
                return False
        elif _YEAR_AFTER_SEPARATOR.match(text, end):
            return False
    return True


def _skip_separators(text: str, position: int, rule: _YearRule) -> int:
    while position < len(text) and _is_separator(text[position], rule):
        position += 1
    return position


def _last_year_of_run(text: str, position: int, rule: _YearRule) -> int:
    """Where the last year of "2010 (2011)"-style runs starts; the title keeps none of them."""
    while True:
        following = _skip_separators(text, position + 4, rule)
        if following == position + 4 or not _YEAR.match(text, following):
            return position
        if not _valid_year_at(text, following, rule):
            return position
        position = following


def _title_before_year(text: str, rule: _YearRule) -> tuple[str, int] | None:
    """``(raw title, year)`` for the first year after a non-empty title."""
    if not rule.title_may_open_bracket and text[:1] in ("(", "["):
        return None
    for match in _YEAR.finditer(text, 1):
        start = match.start()
        if not _valid_year_at(text, start, rule):
            continue
        title_end = start
        while title_end > 1 and _is_separator(text[title_end - 1], rule):
            title_end -= 1
        year_start = _last_year_of_run(text, start, rule)
        return text[:title_end], int(text[year_start : year_start + 4])
    return None


def _folder_year_then_title(text: str) -> tuple[str, int] | None:
    """``(1995) Movie Name``: a folder naming the year first."""
    start = _skip_separators(text, 0, _FOLDER)
    if not _YEAR.match(text, start) or not _valid_year_at(text, start, _FOLDER):
        return None
    year_start = _last_year_of_run(text, start, _FOLDER)
    rest = text[year_start + 4 :]
    return _LEADING_NON_WORD.sub("", rest, count=1), int(text[year_start : year_start + 4])


# ---- Editions before the year: "Movie.Title.Extended.Cut.2012".
_EDITION_BEFORE_YEAR = re.compile(
    r"\(?\b(?P<edition>" + EDITION + r")\b\)?.{1,3}(?P<year>(?:1[89]|20)\d\d)",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


def _title_edition_year(text: str) -> tuple[str, str, int] | None:
    if text[:1] in ("(", "[") or not might_have_edition(text.lower()):
        return None
    for match in _EDITION_BEFORE_YEAR.finditer(text, 1):
        year_start = match.start("year")
        if not _valid_year_at(text, year_start, _EDITION_YEAR):
            continue
        title_end = match.start()
        while title_end > 1 and _is_separator(text[title_end - 1], _EDITION_YEAR):
            title_end -= 1
        return text[:title_end], tidy_edition(match.group("edition")), int(match.group("year"))
    return None


# ---- German and TRUEFRENCH releases often name the language where the year would be.
_GERMAN_OR_TRUEFRENCH = re.compile(r"(?<=[\W_])(?:german|truefrench)", re.IGNORECASE)
_ANY_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_GOOD_OR_THE = re.compile(r"(?:good|the)[_ .-]$", re.IGNORECASE)
_EDITION_BEFORE_LANGUAGE = re.compile(
    r"[\W_]\(?\b(?P<edition>" + EDITION + r")\b\)?.{1,3}$", re.IGNORECASE | re.VERBOSE | re.DOTALL
)
_GERMAN_YEAR_RULE = _YearRule("", False, True, True)


def _language_release(text: str) -> tuple[str, str, int] | None:
    if text[:1] in ("(", "["):
        return None
    lowered = text.lower()
    if "german" not in lowered and "truefrench" not in lowered:
        return None
    for match in _GERMAN_OR_TRUEFRENCH.finditer(text):
        start, end = match.start(), match.end()
        if _ANY_YEAR_DIGITS.search(text, 0, start) or _GOOD_OR_THE.search(text, 0, start):
            continue
        if end >= len(text):
            continue
        edition = ""
        title_end = start - 1
        before = _EDITION_BEFORE_LANGUAGE.search(text, 0, start)
        if before is not None and before.start() >= 1:
            edition, title_end = tidy_edition(before.group("edition")), before.start()
        if title_end < 1:
            continue
        year = 0
        for candidate in _ANY_YEAR_DIGITS.finditer(text, end + 1):
            position = candidate.start()
            if _valid_year_at(text, position, _GERMAN_YEAR_RULE):
                year = int(candidate.group())
                break
        return text[:title_end], edition, year
    return None


# ---- Anime: "[Group] Title (Year) [hash]" and year-less variants that end in a CRC hash.
_SUBGROUP = re.compile(r"^\[(?P<group>.+?)\][-_. ]?")
_CRC_HASH = re.compile(r"\[\w{8}\](?=$|\.)")
_ANIME_VERSION = re.compile(r"v\d{1,2}[-_. ]")
_ANIME_YEAR_RULE = _YearRule(")[!", False, True, False)


@dataclass(frozen=True, slots=True)
class _Anime:
    subgroup: str
    title: str
    year: int
    release_hash: str | None


def _anime_release(text: str) -> _Anime | None:
    subgroup = _SUBGROUP.match(text)
    if subgroup is None:
        return None
    body_start = subgroup.end()
    body = text[body_start:]
    if not body or body[0] in "([":
        return None
    hashes = list(_CRC_HASH.finditer(body))
    last_hash = hashes[-1].group() if hashes else None
    group = subgroup.group("group")

    for match in _YEAR.finditer(body, 1):
        start = match.start()
        following = body[start + 4 : start + 5]
        if (
            following in ("p", "i", "x", "]")
            or following.isdigit()
            or _DIGIT_AFTER_SEPARATOR.match(body, start + 4)
        ):
            continue
        title_end = start
        while title_end > 1 and _is_separator(body[title_end - 1], _ANIME_YEAR_RULE):
            title_end -= 1
        return _Anime(group, body[:title_end], int(match.group()), last_hash)

    if not hashes:
        return None
    version = _ANIME_VERSION.search(body, 1)
    if version is not None and version.start() < hashes[-1].start():
        return _Anime(group, body[: version.start()], 0, last_hash)
    # Title up to the first bracket that a later hash follows...
    first_bracket = body.find("[", 1)
    if 0 < first_bracket < hashes[-1].start():
        return _Anime(group, body[:first_bracket], 0, last_hash)
    # ...or up to the last opening bracket before the hash.
    hash_start = hashes[-1].start()
    for position in range(hash_start - 1, 0, -1):
        if body[position] in "([" and position + 1 < len(body) and body[position + 1] not in "])":
            return _Anime(group, body[:position], 0, last_hash)
    return None


# ---- Turning the raw title into Radarr's display form.
_REQUEST_INFO = re.compile(r"^(?:\[.+?\])+")
_DOTTED_AKA = re.compile(r"\ba\.k\.a\.?(?=\s|$)", re.IGNORECASE)
_ALTERNATIVE_SPLIT = re.compile(r"\s+/\s+|(?<=\S)\s+\(?aka\s+", re.IGNORECASE)


def display_title(raw: str) -> str:
    """Dots become spaces except in acronyms of two or more letters (``R.I.P.D.``) and ``Dr.``."""
    name = _REQUEST_INFO.sub("", raw.replace("_", " ")).strip(" ")
    name = _DOTTED_AKA.sub("AKA", name)
    parts = name.split(".")
    pieces: list[str] = []
    in_acronym = False
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else ""
        lowered = part.lower()
        single_letter = len(part) == 1 and lowered != "a" and not part.isdigit()
        letter_follows = len(following) == 1 and not following.isdigit()
        joins_acronym = (single_letter and (in_acronym or letter_follows)) or (
            lowered == "a" and (in_acronym or len(following) == 1)
        )
        if joins_acronym or lowered == "dr":
            pieces.append(part + ".")
            in_acronym = True
        else:
            if in_acronym:
                pieces.append(" ")
                in_acronym = False
            pieces.append(part + " ")
    return "".join(pieces).strip(" ")


def _alternative_titles(title: str) -> tuple[str, ...]:
    """``Skjegg AKA Rox Beard`` is also known as ``Skjegg`` and ``Rox Beard``."""
    parts = [part.strip().rstrip(")").strip() for part in _ALTERNATIVE_SPLIT.split(title)]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return (title,)
    return (title, *parts)


# ---- Ids in the name.
_IMDB_ID = re.compile(r"tt\d{7,8}", re.IGNORECASE)
_TMDB_ID = re.compile(r"tmdb(?:id)?-(\d+)", re.IGNORECASE)


def is_valid_release_name(title: str) -> bool:
    """False for names that are no release at all: hashes, obfuscated names, password spam."""
    lowered = title.lower()
    if "password" in lowered and "yenc" in lowered:
        return False
    if not _ALPHANUMERIC.search(title):
        return False
    return not _HASHED_NAMES.search(remove_file_extension(title))


def release_title_of(title: str) -> str:
    """The release name as a scene tool would write it: no extension, no dangling dashes."""
    release = remove_file_extension(title.strip()).strip("-_")
    if "【" in release or "】" in release:
        release = release.replace("【", "[").replace("】", "]")
    return release


def _searchable_title(release_title: str) -> str:
    text = _TECHNICAL_NOISE.sub("", release_title)
    if "." in text:
        text = WEBSITE_PREFIX.sub("", text, count=1)
    if text.endswith("]"):
        text = WEBSITE_POSTFIX.sub("", text)
        text = TORRENT_SUFFIX.sub("", text)
        bracket = _TRAILING_BRACKET.search(text)
        if bracket is not None and parse_quality(bracket.group()).quality != qualities.UNKNOWN:
            text = text[: bracket.start()]
    return text


def _find_title(text: str, is_dir: bool) -> TitleMatch | None:
    if text.startswith("["):
        anime = _anime_release(text)
        if anime is not None:
            return TitleMatch(anime.title, anime.year, "", anime.subgroup, anime.release_hash)
    language_release = _language_release(text)
    if language_release is not None:
        return TitleMatch(language_release[0], language_release[2], language_release[1])
    with_edition = _title_edition_year(text)
    if with_edition is not None:
        return TitleMatch(with_edition[0], with_edition[2], with_edition[1])
    for rule in (_NORMAL, _BRACKETED_YEAR, _BRACKETED_TITLE):
        found = _title_before_year(text, rule)
        if found is not None and _ALPHANUMERIC.search(display_title(found[0])):
            return TitleMatch(found[0], found[1])
    if is_dir:
        folder = _folder_year_then_title(text)
        if folder is not None:
            return TitleMatch(folder[0], folder[1])
    return None


def _replace_title(text: str, raw_title: str, shown_title: str) -> str:
    """Put a neutral title in place of the movie's so title words are not read as tags."""
    old = raw_title or shown_title
    if not old.strip():
        return text
    return text.replace(old, "A.Movie" if "." in old else "A Movie")


def _is_scene(original: str, movie_title: str, group: str | None, quality_known: bool) -> bool:
    return "." in original and " " not in original and bool(group) and quality_known and bool(movie_title)


def parse_title(title: str, is_dir: bool = False) -> ParsedMovie | None:
    """Everything a release or file name says about its movie, or ``None`` if it names none."""
    if not isinstance(title, str) or not title:
        return None
    title = title[:MAX_TITLE_LENGTH]
    if not is_valid_release_name(title):
        return None
    release_title = release_title_of(title)
    found = _find_title(_searchable_title(release_title), is_dir)
    if found is None:
        return None
    return movie_from_title(title, release_title, found)


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """Where a name's movie title is, and the year, edition and anime group found with it."""

    raw_title: str
    year: int
    edition: str = ""
    subgroup: str | None = None
    release_hash: str | None = None


def movie_from_title(
    title: str, release_title: str, found: TitleMatch, quality: ParsedQuality | None = None
) -> ParsedMovie | None:
    """The full answer once the title is found: tags are read from the rest of the name.

    ``quality`` depends on the whole name only; a caller that has it already passes it in.
    """
    movie_title = display_title(found.raw_title)
    if not _ALPHANUMERIC.search(movie_title):
        return None

    simple_release_title = _replace_title(
        _UNSAFE_CHARACTERS.sub("", release_title), found.raw_title, movie_title
    )
    release_group = found.subgroup or parse_release_group(simple_release_title)
    language_text = (
        simple_release_title.replace(release_group, "RlsGrp") if release_group else simple_release_title
    )
    languages: tuple[Language, ...] = parse_languages(language_text)
    if quality is None:
        quality = parse_quality(title)
    imdb = _IMDB_ID.search(simple_release_title)
    tmdb = _TMDB_ID.search(simple_release_title)
    scene = _is_scene(title, movie_title, release_group, quality.quality != qualities.UNKNOWN)
    return ParsedMovie(
        movie_title=movie_title,
        movie_titles=_alternative_titles(movie_title),
        year=found.year,
        edition=found.edition or parse_edition(simple_release_title),
        quality=quality,
        languages=languages,
        release_group=release_group,
        original_title=title,
        release_title=release_title,
        simple_release_title=simple_release_title,
        release_hash=found.release_hash,
        imdb_id=imdb.group().lower() if imdb else None,
        tmdb_id=int(tmdb.group(1)) if tmdb else 0,
        hardcoded_subs=parse_hardcoded_subs(title),
        is_scene=scene,
        scene_title=release_title if scene else None,
    )


_PATH_SEPARATOR = re.compile(r"[\\/]")


def parse_path(path: str) -> ParsedMovie | None:
    """Parse a file path: the file name first, then folder and file together, then the folder."""
    if not isinstance(path, str) or not path:
        return None
    parts = [part for part in _PATH_SEPARATOR.split(path[-2 * MAX_TITLE_LENGTH :]) if part]
    if not parts:
        return None
    file_name = parts[-1]
    result = parse_title(file_name)
    if result is not None or len(parts) < 2:
        return result
    folder = parts[-2]
    return parse_title(folder + " " + file_name) or parse_title(folder, is_dir=True)


def is_scene_title(title: str) -> bool:
    """Whether ``title`` looks like a scene release name: dotted, with group and known quality."""
    if "." not in title or " " in title:
        return False
    parsed = parse_title(title)
    return parsed is not None and parsed.is_scene


def get_scene_title(title: str) -> str | None:
    """The scene release name behind ``title`` (extension and stray dashes dropped), if it is one."""
    parsed = parse_title(title)
    return parsed.scene_title if parsed is not None else None
