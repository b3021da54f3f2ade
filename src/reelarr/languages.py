"""Radarr's languages with their ids and ISO codes.

Ids are Radarr's: profiles, custom formats and movie files store them, and clients send them.
``ANY`` and ``ORIGINAL`` are profile choices, not languages a release can be in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    id: int
    name: str
    iso_639_1: str = ""
    iso_639_2: tuple[str, ...] = ()
    # Set only where a region tells two languages apart (pt-BR) or restricts a code (fr-FR, de-DE).
    iso_country: str = ""


ANY = Language(-1, "Any")
ORIGINAL = Language(-2, "Original")
UNKNOWN = Language(0, "Unknown")
ENGLISH = Language(1, "English", "en", ("eng",))

ALL: tuple[Language, ...] = (
    UNKNOWN,
    ENGLISH,
    Language(2, "French", "fr", ("fra", "fre"), "fr"),
    Language(3, "Spanish", "es", ("spa",)),
    Language(4, "German", "de", ("deu", "ger"), "de"),
    Language(5, "Italian", "it", ("ita",)),
    Language(6, "Danish", "da", ("dan",)),
    Language(7, "Dutch", "nl", ("nld", "dut")),
    Language(8, "Japanese", "ja", ("jpn",)),
    Language(9, "Icelandic", "is", ("isl", "ice")),
    Language(10, "Chinese", "zh", ("zho", "chi")),
    Language(11, "Russian", "ru", ("rus",)),
    Language(12, "Polish", "pl", ("pol",)),
    Language(13, "Vietnamese", "vi", ("vie",)),
    Language(14, "Swedish", "sv", ("swe",)),
    Language(15, "Norwegian", "no", ("nor", "nob", "nno")),
    Language(16, "Finnish", "fi", ("fin",)),
    Language(17, "Turkish", "tr", ("tur",)),
    Language(18, "Portuguese", "pt", ("por",), "pt"),
    Language(19, "Flemish", "nl", ("nld", "dut"), "be"),
    Language(20, "Greek", "el", ("ell", "gre")),
    Language(21, "Korean", "ko", ("kor",)),
    Language(22, "Hungarian", "hu", ("hun",)),
    Language(23, "Hebrew", "he", ("heb",)),
    Language(24, "Lithuanian", "lt", ("lit",)),
    Language(25, "Czech", "cs", ("ces", "cze")),
    Language(26, "Hindi", "hi", ("hin",)),
    Language(27, "Romanian", "ro", ("ron", "rum")),
    Language(28, "Thai", "th", ("tha",)),
    Language(29, "Bulgarian", "bg", ("bul",)),
    Language(30, "Portuguese (Brazil)", "pt", ("por",), "br"),
    Language(31, "Arabic", "ar", ("ara",)),
    Language(32, "Ukrainian", "uk", ("ukr",)),
    Language(33, "Persian", "fa", ("fas", "per")),
    Language(34, "Bengali", "bn", ("ben",)),
    Language(35, "Slovak", "sk", ("slk", "slo")),
    Language(36, "Latvian", "lv", ("lav",)),
    Language(37, "Spanish (Latino)", "es", ("spa",)),
    Language(38, "Catalan", "ca", ("cat",)),
    Language(39, "Croatian", "hr", ("hrv",)),
    Language(40, "Serbian", "sr", ("srp",)),
    Language(41, "Bosnian", "bs", ("bos",)),
    Language(42, "Estonian", "et", ("est",)),
    Language(43, "Tamil", "ta", ("tam",)),
    Language(44, "Indonesian", "id", ("ind",)),
    Language(45, "Telugu", "te", ("tel",)),
    Language(46, "Macedonian", "mk", ("mkd", "mac")),
    Language(47, "Slovenian", "sl", ("slv",)),
    Language(48, "Malayalam", "ml", ("mal",)),
    Language(49, "Kannada", "kn", ("kan",)),
    Language(50, "Albanian", "sq", ("sqi", "alb")),
    Language(51, "Afrikaans", "af", ("afr",)),
    Language(52, "Marathi", "mr", ("mar",)),
    Language(53, "Tagalog", "tl", ("tgl",)),
    Language(54, "Urdu", "ur", ("urd",)),
    Language(55, "Romansh", "rm", ("roh",)),
    Language(56, "Mongolian", "mn", ("mon", "khk", "mvf")),
    Language(57, "Georgian", "ka", ("kat", "geo")),
)

_BY_ID = {lang.id: lang for lang in (*ALL, ANY, ORIGINAL)}
_BY_NAME = {lang.name.lower(): lang for lang in (*ALL, ANY, ORIGINAL)}


def by_id(language_id: int) -> Language | None:
    return _BY_ID.get(language_id)


def by_name(name: str) -> Language | None:
    return _BY_NAME.get(name.lower())


def api_choices() -> tuple[Language, ...]:
    """What ``/api/v3/language`` lists: every language plus the profile choices Any and Original."""
    return (ANY, ORIGINAL, *ALL)


_BY_ISO_639_1: dict[str, list[Language]] = {}
_BY_ISO_639_2: dict[str, Language] = {}
for _lang in ALL:
    if _lang.iso_639_1:
        _BY_ISO_639_1.setdefault(_lang.iso_639_1, []).append(_lang)
    for _code in _lang.iso_639_2:
        _BY_ISO_639_2.setdefault(_code, _lang)
# Norwegian Bokmål and Nynorsk have their own two-letter codes.
_BY_ISO_639_1["nb"] = _BY_ISO_639_1["nn"] = _BY_ISO_639_1["no"]


def find_iso_language(code: str) -> Language | None:
    """The language for an ISO 639 code such as ``en``, ``eng`` or ``pt-BR``; ``None`` when unknown.

    A region after the two-letter code picks the language bound to that region (``pt-BR``);
    a region no language claims only matches languages that are not bound to one, so
    ``en-US`` is English but ``fr-CA`` is not French (France).
    """
    parts = code.split("-")
    lang_code = parts[0].lower()
    if len(lang_code) == 3:
        return _BY_ISO_639_2.get(lang_code)
    if len(lang_code) != 2:
        return None
    candidates = _BY_ISO_639_1.get(lang_code, [])
    if len(parts) > 1:
        region = parts[1].lower()
        in_region = [lang for lang in candidates if lang.iso_country == region]
        candidates = in_region or [lang for lang in candidates if not lang.iso_country]
    return candidates[0] if candidates else None
