"""File and folder names from the user's formats: ``{Movie Title} ({Release Year})``.

Pure functions of a format, the naming facts and the naming settings, with Radarr's 38 tokens
and its token syntax:

- token names match case-insensitively and whatever separates their words (``{ReleaseGroup}``
  is ``{Release Group}``); the separator written inside a token (space, dot, dash,
  underscore) replaces the spaces of its value: ``{Movie.Title}`` gives ``South.Park``;
- an all-lower or all-upper token lower- or upper-cases the value;
- characters inside the braces before and after the name (``{[Quality Full]}``, ``{-Release
  Group}``) are written only when the value is not empty;
- a number after a colon truncates with an ellipsis (negative: keeps the end); ISO codes after
  a colon on a title token pick a translation (``{Movie Title:DE|FR}``); names after a colon
  filter ``{Custom Formats}`` and the MediaInfo language tokens (a leading ``-`` excludes);
- ``{imdb-{ImdbId}}``, ``{tmdb-{TmdbId}}`` and ``{edition-{Edition Tags}}`` give Plex's tags and
  vanish when empty; ``{{`` and ``}}`` are literal braces;
- unknown tokens render empty (``validate_formats`` reports them before they are saved).

Token values are made safe for file systems as they are substituted: colons per the colon
replacement setting, the other characters Windows refuses replaced by look-alikes or dropped.
A ``/`` or ``\\`` written in a format starts a sub-folder. Each path segment stays within 255
bytes by shortening the titles in it, never the extension.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from reelarr import languages
from reelarr.qualities import BLURAY_1080P, Quality, Revision


class ColonReplacement(StrEnum):
    DELETE = "delete"
    DASH = "dash"
    SPACE_DASH = "spaceDash"
    SPACE_DASH_SPACE = "spaceDashSpace"
    SMART = "smart"


class NamingConfig(BaseModel):
    """The naming settings (API ``config/naming``), with Radarr's defaults."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")
    section: ClassVar[str] = "naming"

    rename_movies: bool = False
    replace_illegal_characters: bool = True
    colon_replacement_format: ColonReplacement = ColonReplacement.SMART
    standard_movie_format: str = "{Movie Title} ({Release Year}) {Quality Full}"
    movie_folder_format: str = "{Movie Title} ({Release Year})"


# ---------------------------------------------------------------- facts


@dataclass(frozen=True)
class MovieNamingFacts:
    """What the movie-level tokens (the only ones a folder format may use) are made from."""

    title: str
    year: int
    original_title: str = ""
    imdb_id: str | None = None
    tmdb_id: int = 0
    certification: str | None = None
    collection: str | None = None
    # Translated titles by ISO 639-1 code in lower case ("de", "fr"), for ``{Movie Title:DE}``.
    translations: Mapping[str, str] = field(default_factory=dict)


class HdrFormat(StrEnum):
    """The dynamic range a video stream declares, as Radarr tells them apart."""

    NONE = "none"
    PQ10 = "pq10"
    HDR10 = "hdr10"
    HDR10_PLUS = "hdr10Plus"
    HLG10 = "hlg10"
    DOLBY_VISION = "dolbyVision"
    DOLBY_VISION_HDR10 = "dolbyVisionHdr10"
    DOLBY_VISION_HDR10_PLUS = "dolbyVisionHdr10Plus"
    DOLBY_VISION_HLG = "dolbyVisionHlg"
    DOLBY_VISION_SDR = "dolbyVisionSdr"


@dataclass(frozen=True)
class MediaInfo:
    """What a movie file's streams say about themselves (ffprobe's names for formats).

    ``video_format`` and ``audio_format`` are codec names such as ``h264``, ``hevc``, ``dts``
    or ``eac3``; ``audio_profile`` tells DTS-HD MA from DTS and finds Atmos;
    ``video_encoder`` is the encoding library's tag (``x264 - core 164``), which tells x264
    from other H.264 encoders. Languages are ISO 639-2 codes, as containers store them.
    """

    video_format: str = ""
    video_codec_tag: str = ""
    video_encoder: str = ""
    video_bit_depth: int = 0
    hdr_format: HdrFormat = HdrFormat.NONE
    multi_view_count: int = 0
    width: int = 0
    height: int = 0
    runtime_seconds: float = 0.0
    audio_format: str = ""
    audio_profile: str = ""
    audio_channels: int = 0
    audio_channel_layout: str = ""
    audio_languages: tuple[str, ...] = ()
    subtitle_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class NamedFormat:
    """A custom format the file matched; only those included when renaming appear in names."""

    name: str
    include_when_renaming: bool = True


@dataclass(frozen=True)
class FileNamingFacts:
    """What a movie file's name is made from."""

    movie: MovieNamingFacts
    quality: Quality
    revision: Revision = field(default_factory=Revision)
    release_group: str | None = None
    edition: str | None = None
    # The release name the file was grabbed as ({Original Title}), and the file's own name or
    # path as it arrived ({Original Filename}; folders and extension are dropped).
    scene_name: str | None = None
    original_file_name: str | None = None
    media_info: MediaInfo | None = None
    custom_formats: tuple[NamedFormat, ...] = ()
    # The movie version the file is for ({Version}): "4K", "1080p"; empty for a lone version.
    version: str = ""


# ---------------------------------------------------------------- titles


# An English article, the title, and any parenthesised qualifiers that stay at the end.
_TITLE_ARTICLE = re.compile(r"^(?P<article>The|An|A) (?P<rest>.*?)(?P<tail>(?: *\([^)]+\))*)$", re.IGNORECASE)


def title_the(title: str) -> str:
    """``The Flash (2010)`` → ``Flash, The (2010)``: the article moved to the end, as libraries sort."""
    match = _TITLE_ARTICLE.match(title)
    return f"{match['rest']}, {match['article']}{match['tail']}" if match else title


# Punctuation standing alone between spaces ("Free! - Iwatobi"), apostrophes and the like
# before a plain "s"/"m" or a word's end ("Karma's", "Rule #23:"), and all brackets.
_CLEAN_TITLE_DROP = re.compile(
    r"(?<=\s)[,<>/\\;:'\"|`~!?@%*\-_=](?=\s)"
    r"|[':?,`](?=(?:[sm]\s)|\s|$)"
    r"|[()\[\]{}]",
    re.IGNORECASE,
)


def clean_title_token(title: str) -> str:
    """The title for ``{Movie CleanTitle}``: punctuation that reads badly in a file name removed."""
    title = title.replace("&", "and").replace("/", " ")
    title = _CLEAN_TITLE_DROP.sub("", title)
    return re.sub(r"\s+", " ", title).strip()


def clean_title_the(title: str) -> str:
    """``The Rat Pack (A&E)`` → ``Rat Pack, The AandE``: cleaned around the moved article."""
    match = _TITLE_ARTICLE.match(title)
    if not match:
        return clean_title_token(title)
    tail = clean_title_token(match["tail"])
    return f"{clean_title_token(match['rest'])}, {match['article']}" + (f" {tail}" if tail else "")


def _first_character(title: str) -> str:
    first = unicodedata.normalize("NFKD", title_the(title)[:1]).encode("ascii", "ignore").decode()
    return (first or "_").upper()


def _translated_title(movie: MovieNamingFacts, modifier: str) -> str:
    """The first translation among the ``|``-separated ISO codes that exists, else the title."""
    if modifier and not _is_number(modifier):
        for code in modifier.lower().split("|"):
            if code.strip() in movie.translations:
                return movie.translations[code.strip()]
    return movie.title


# ---------------------------------------------------------------- media info


# Container tools other than ffprobe name formats differently; map them onto ffprobe's names.
_VIDEO_ALIASES = {
    "avc": "h264",
    "h.264": "h264",
    "h265": "hevc",
    "h.265": "hevc",
    "mpeg-4 visual": "mpeg4",
    "mpeg video": "mpeg2video",
    "vc-1": "vc1",
}
_VIDEO_NAMES = {
    "av1": "AV1",
    "vp8": "VP8",
    "vp9": "VP9",
    "vc1": "VC1",
    "mpeg2video": "MPEG2",
    "mpeg1video": "MPEG",
    "wmv3": "WMV",
    "prores": "ProRes",
}


def video_codec(info: MediaInfo, scene_name: str = "") -> str:
    """Radarr's name for the video codec: x264/x265 when that encoder made it, else h264/h265."""
    fmt = _VIDEO_ALIASES.get(info.video_format.lower(), info.video_format.lower())
    encoder = info.video_encoder.lower()
    scene = scene_name.lower()
    if fmt == "h264":
        return "x264" if encoder.startswith("x264") or "x264" in scene else "h264"
    if fmt == "hevc":
        return "x265" if encoder.startswith("x265") or "x265" in scene else "h265"
    if fmt == "mpeg4":
        tag = info.video_codec_tag.lower()
        if tag == "xvid" or "xvid" in scene:
            return "XviD"
        if tag in {"divx", "dx50", "div3"} or "divx" in scene:
            return "DivX"
        return "MPEG4"
    return _VIDEO_NAMES.get(fmt, info.video_format)


_AUDIO_ALIASES = {
    "e-ac-3": "eac3",
    "ac-3": "ac3",
    "mlp fba": "truehd",
    "mpeg audio": "mp3",
    "dts-hd": "dts",
}
_AUDIO_NAMES = {
    "aac": "AAC",
    "ac3": "AC3",
    "flac": "FLAC",
    "mp3": "MP3",
    "mp2": "MP2",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "alac": "ALAC",
    "wmav2": "WMA",
    "wmapro": "WMA",
}


def audio_codec(info: MediaInfo) -> str:
    """Radarr's name for the first audio stream's codec: ``DTS-HD MA``, ``TrueHD Atmos``, ``EAC3``..."""
    fmt = _AUDIO_ALIASES.get(info.audio_format.lower(), info.audio_format.lower())
    profile = info.audio_profile.lower()
    atmos = "atmos" in profile or "joc" in profile
    if fmt == "truehd":
        return "TrueHD Atmos" if atmos else "TrueHD"
    if fmt == "eac3":
        return "EAC3 Atmos" if atmos else "EAC3"
    if fmt == "dts":
        if "dts:x" in profile or "dts-x" in profile:
            return "DTS-X"
        for name in ("DTS-HD MA", "DTS-HD HRA", "DTS-ES", "DTS Express"):
            if name.lower() in profile:
                return name
        return "DTS"
    if fmt.startswith("pcm"):
        return "PCM"
    return _AUDIO_NAMES.get(fmt, info.audio_format)


_LAYOUT_CHANNELS = {"mono": "1.0", "stereo": "2.0", "quad": "4.0"}


def audio_channels(info: MediaInfo) -> str:
    """``5.1``: main channels and LFE, from the channel layout or else the channel count."""
    layout = info.audio_channel_layout.lower()
    if match := re.match(r"(\d+)\.(\d)", layout):
        return f"{match[1]}.{match[2]}"
    for name, channels in _LAYOUT_CHANNELS.items():
        if layout.startswith(name):
            return channels
    count = info.audio_channels
    if count <= 0:
        return ""
    return f"{count - 1}.1" if count >= 6 else f"{count}.0"


_DYNAMIC_RANGE_TYPES = {
    HdrFormat.NONE: "",
    HdrFormat.PQ10: "PQ",
    HdrFormat.HDR10: "HDR10",
    HdrFormat.HDR10_PLUS: "HDR10Plus",
    HdrFormat.HLG10: "HLG",
    HdrFormat.DOLBY_VISION: "DV",
    HdrFormat.DOLBY_VISION_HDR10: "DV HDR10",
    HdrFormat.DOLBY_VISION_HDR10_PLUS: "DV HDR10Plus",
    HdrFormat.DOLBY_VISION_HLG: "DV HLG",
    HdrFormat.DOLBY_VISION_SDR: "DV SDR",
}


def video_dynamic_range(info: MediaInfo) -> str:
    return "" if info.hdr_format is HdrFormat.NONE else "HDR"


def video_dynamic_range_type(info: MediaInfo) -> str:
    return _DYNAMIC_RANGE_TYPES[info.hdr_format]


# ISO 639-2 has bibliographic codes ("ger") beside the terminological ones ("deu").
_BIBLIOGRAPHIC_CODES = {
    "alb": "sqi",
    "arm": "hye",
    "baq": "eus",
    "bur": "mya",
    "chi": "zho",
    "cze": "ces",
    "dut": "nld",
    "fre": "fra",
    "geo": "kat",
    "ger": "deu",
    "gre": "ell",
    "ice": "isl",
    "mac": "mkd",
    "may": "msa",
    "per": "fas",
    "rum": "ron",
    "slo": "slk",
    "wel": "cym",
}
# Norwegian's written forms keep their own two-letter codes.
_TWO_LETTER_OVERRIDES = {"nob": "nb", "nno": "nn", "nor": "no"}


def language_code(code: str) -> str:
    """``ger`` → ``DE``: a stream's ISO 639-2 code as the upper-case ISO 639-1 code names show."""
    code = code.strip().lower()
    code = _BIBLIOGRAPHIC_CODES.get(code, code)
    if code in _TWO_LETTER_OVERRIDES:
        return _TWO_LETTER_OVERRIDES[code].upper()
    language = languages.find_iso_language(code)
    return language.iso_639_1.upper() if language and language.iso_639_1 else code


def _languages_token(codes: Sequence[str], modifier: str) -> str:
    """``[EN+DE]``; a modifier ``EN+DE`` keeps only those, ``-EN`` leaves those out."""
    names: list[str] = []
    for code in codes:
        if code.strip() and code.strip().lower() != "und":
            name = language_code(code)
            if name not in names:
                names.append(name)
    if modifier:
        wanted = {part.strip().upper() for part in modifier.lstrip("-").split("+")}
        excluding = modifier.startswith("-")
        names = [name for name in names if (name.upper() in wanted) != excluding]
    return f"[{'+'.join(names)}]" if names else ""


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class TokenUse:
    """How a token is written in a format, for values that depend on it."""

    modifier: str = ""
    has_affixes: bool = False


TokenValue = str | Callable[[TokenUse], str]

# Tokens a folder format may use: they describe the movie, not one of its files.
MOVIE_TOKENS = (
    "Movie Title",
    "Movie CleanTitle",
    "Movie TitleThe",
    "Movie CleanTitleThe",
    "Movie TitleFirstCharacter",
    "Movie OriginalTitle",
    "Movie CleanOriginalTitle",
    "Movie Collection",
    "Movie CollectionThe",
    "Movie Certification",
    "Release Year",
    "ImdbId",
    "TmdbId",
)
FILE_TOKENS = (
    "Version",
    "Original Title",
    "Original Filename",
    "Release Group",
    "Edition Tags",
    "Quality Full",
    "Quality Title",
    "Quality Proper",
    "Quality Real",
    "MediaInfo Simple",
    "MediaInfo Full",
    "MediaInfo Video",
    "MediaInfo VideoCodec",
    "MediaInfo VideoBitDepth",
    "MediaInfo VideoDynamicRange",
    "MediaInfo VideoDynamicRangeType",
    "MediaInfo Audio",
    "MediaInfo AudioCodec",
    "MediaInfo AudioChannels",
    "MediaInfo AudioLanguages",
    "MediaInfo AudioLanguagesAll",
    "MediaInfo SubtitleLanguages",
    "MediaInfo SubtitleLanguagesAll",
    "MediaInfo 3D",
    "Custom Formats",
    "Custom Format",
)
# Tokens that carry a title: shortened first when a name is too long for the file system.
_SHORTENABLE_TOKENS = (
    "Movie Title",
    "Movie CleanTitle",
    "Movie TitleThe",
    "Movie CleanTitleThe",
    "Movie OriginalTitle",
    "Movie CleanOriginalTitle",
    "Movie Collection",
    "Movie CollectionThe",
    "Original Title",
    "Original Filename",
)


def _key(token: str) -> str:
    """Token names compare without case and without the separators between their words."""
    return re.sub(r"[- ._]", "", token).lower()


_MOVIE_KEYS = frozenset(map(_key, MOVIE_TOKENS))
_FILE_KEYS = frozenset(map(_key, FILE_TOKENS))
_SHORTENABLE_KEYS = frozenset(map(_key, _SHORTENABLE_TOKENS))


def movie_tokens(movie: MovieNamingFacts) -> dict[str, TokenValue]:
    """Values of the movie-level tokens, keyed by token name in lower case."""
    collection = movie.collection or ""
    return {
        "movie title": lambda use: _translated_title(movie, use.modifier),
        "movie cleantitle": lambda use: clean_title_token(_translated_title(movie, use.modifier)),
        "movie titlethe": lambda use: title_the(_translated_title(movie, use.modifier)),
        "movie cleantitlethe": lambda use: clean_title_the(_translated_title(movie, use.modifier)),
        "movie titlefirstcharacter": _first_character(movie.title),
        "movie originaltitle": movie.original_title or movie.title,
        "movie cleanoriginaltitle": clean_title_token(movie.original_title or movie.title),
        "movie collection": collection,
        "movie collectionthe": title_the(collection),
        "movie certification": movie.certification or "",
        "release year": str(movie.year) if movie.year else "",
        "imdbid": movie.imdb_id or "",
        "tmdbid": str(movie.tmdb_id) if movie.tmdb_id else "",
    }


_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
_EDITION_UPPER = {"imax", "3d", "dc", "uhd", "hdr", "sdr", "ii", "iii", "iv"}


def edition_title(edition: str) -> str:
    """``ultimate EXTENDED edition`` → ``Ultimate Extended Edition``; ordinals and IMAX kept readable."""
    words = []
    for word in edition.lower().split():
        if word in _EDITION_UPPER:
            words.append(word.upper())
        elif _ORDINAL.fullmatch(word):
            words.append(word)
        else:
            words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def _quality_proper(revision: Revision) -> str:
    if revision.version > 1:
        return "Repack" if revision.is_repack else "Proper"
    return ""


def _custom_formats_token(formats: Sequence[NamedFormat], modifier: str) -> str:
    """Included formats' names; ``A,B`` keeps only those, ``-A,B`` leaves those out."""
    names = [cf.name for cf in formats if cf.include_when_renaming]
    if modifier:
        listed = {part.strip() for part in modifier.lstrip("-").split(",")}
        excluding = modifier.startswith("-")
        names = [name for name in names if (name in listed) != excluding]
    return " ".join(names)


def _stem(path: str | None) -> str:
    return PurePath(path.replace("\\", "/")).stem if path else ""


def file_tokens(facts: FileNamingFacts) -> dict[str, TokenValue]:
    """Values of every token, movie and file level, keyed by token name in lower case."""
    original_file_name = _stem(facts.original_file_name)
    proper = _quality_proper(facts.revision)
    real = "REAL" if facts.revision.real > 0 else ""
    values: dict[str, TokenValue] = {
        **movie_tokens(facts.movie),
        "original title": facts.scene_name or original_file_name,
        "original filename": original_file_name,
        # Radarr names files without a group after itself, unless the token is decorated.
        "release group": lambda use: facts.release_group or ("" if use.has_affixes else "Radarr"),
        "edition tags": edition_title(facts.edition or ""),
        "version": facts.version,
        "quality title": facts.quality.name,
        "quality proper": proper,
        "quality real": real,
        "quality full": " ".join(part for part in (facts.quality.name, proper, real) if part),
        "custom formats": lambda use: _custom_formats_token(facts.custom_formats, use.modifier),
        "custom format": lambda use: (
            use.modifier
            if use.modifier
            and any(cf.include_when_renaming and cf.name == use.modifier for cf in facts.custom_formats)
            else ""
        ),
    }
    if facts.media_info is None:
        values.update(dict.fromkeys(_media_info_tokens(MediaInfo(), ""), ""))
    else:
        values.update(_media_info_tokens(facts.media_info, facts.scene_name or original_file_name))
    return values


def _media_info_tokens(info: MediaInfo, scene_name: str) -> dict[str, TokenValue]:
    video = video_codec(info, scene_name)
    audio = audio_codec(info)

    def audio_languages(use: TokenUse) -> str:
        token = _languages_token(info.audio_languages, use.modifier)
        # English alone goes without saying, unless the format asks for all languages.
        return "" if token == "[EN]" and not use.modifier else token

    def subtitle_languages(use: TokenUse) -> str:
        return _languages_token(info.subtitle_languages, use.modifier)

    return {
        "mediainfo video": video,
        "mediainfo videocodec": video,
        "mediainfo videobitdepth": str(info.video_bit_depth) if info.video_bit_depth else "",
        "mediainfo videodynamicrange": video_dynamic_range(info),
        "mediainfo videodynamicrangetype": video_dynamic_range_type(info),
        "mediainfo audio": audio,
        "mediainfo audiocodec": audio,
        "mediainfo audiochannels": audio_channels(info),
        "mediainfo audiolanguages": audio_languages,
        "mediainfo audiolanguagesall": lambda use: _languages_token(info.audio_languages, use.modifier),
        "mediainfo subtitlelanguages": subtitle_languages,
        "mediainfo subtitlelanguagesall": subtitle_languages,
        "mediainfo 3d": "3D" if info.multi_view_count > 1 else "",
        "mediainfo simple": f"{video} {audio}".strip(),
        "mediainfo full": (
            f"{video} {audio}{audio_languages(TokenUse())} {subtitle_languages(TokenUse())}".strip()
        ),
    }


# ---------------------------------------------------------------- legal names

_BAD_CHARACTERS = '\\/<>?*|"'
# With "replace illegal characters" on, Radarr substitutes look-alikes; off, it drops them.
_LOOK_ALIKES = {"\\": "+", "/": "+", "<": "", ">": "", "?": "!", "*": "-", "|": "", '"': ""}
_RESERVED_DEVICE = re.compile(r"^(?P<name>aux|com[1-9]|con|lpt[1-9]|nul|prn)(?:\.|$)", re.IGNORECASE)


def replace_colons(text: str, mode: ColonReplacement) -> str:
    if mode is ColonReplacement.DELETE:
        return text.replace(":", "")
    if mode is ColonReplacement.DASH:
        return text.replace(":", "-")
    if mode is ColonReplacement.SPACE_DASH:
        return text.replace(":", " -")
    if mode is ColonReplacement.SPACE_DASH_SPACE:
        return re.sub(r" ?: ?", " - ", text)
    # Smart: "Title: Sub" reads best as "Title - Sub"; a colon inside a word becomes a dash.
    return text.replace(": ", " - ").replace(":", "-")


def legalize(text: str, config: NamingConfig) -> str:
    """Make a token's value safe in a path segment on every common file system."""
    if config.replace_illegal_characters:
        text = replace_colons(text, config.colon_replacement_format)
        text = "".join(_LOOK_ALIKES.get(char, char) for char in text)
    else:
        text = "".join(char for char in text if char not in _BAD_CHARACTERS and char != ":")
    return text.strip()


# ---------------------------------------------------------------- rendering

MAX_SEGMENT_BYTES = 255
# Room a file name keeps for what follows it: the extension, or an extra file's
# language and kind (".pt-BR.forced.sdh.srt").
DEFAULT_SUFFIX_BYTES = 24
_ELLIPSIS = "..."

_TEMPLATE = re.compile(
    r"(?P<open>\{\{)|(?P<close>\}\})"
    r"|\{(?P<tag>imdb|tmdb|edition)-(?P<tagged>\{[^{}]+\})\}"
    r"|\{(?P<prefix>[- ._\[(]*)"
    r"(?P<token>[a-z0-9]+(?:(?P<sep>[- ._]+)[a-z0-9]+)*)"
    r"(?::(?P<modifier>[ ,a-z0-9|+-]+(?<![- ])))?"
    r"(?P<suffix>[- ._)\]]*)\}",
    re.IGNORECASE,
)


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+", text) is not None


def _utf8_len(text: str) -> int:
    return len(text.encode())


def _head(text: str, max_bytes: int) -> str:
    return text.encode()[: max(max_bytes, 0)].decode(errors="ignore")


def _tail(text: str, max_bytes: int) -> str:
    data = text.encode()
    return data[len(data) - max(max_bytes, 0) :].decode(errors="ignore") if max_bytes > 0 else ""


def truncate(text: str, length: int) -> str:
    """At most ``abs(length)`` bytes, an ellipsis marking the cut; negative keeps the end."""
    limit = abs(length)
    if _utf8_len(text) <= limit:
        return text
    if length >= 0:
        return _head(text, limit - len(_ELLIPSIS)).rstrip() + _ELLIPSIS
    return _ELLIPSIS + _tail(text, limit - len(_ELLIPSIS)).lstrip()


def render(
    template: str,
    values: Mapping[str, TokenValue],
    config: NamingConfig | None = None,
    *,
    title_bytes: int | None = None,
) -> str:
    """Substitute the tokens in ``template``; literal text is kept as written.

    ``values`` are keyed by token name (case and word separators do not matter); a value is a
    string or a function of how the token is written. ``title_bytes`` caps every title token,
    for names that would not fit the file system.
    """
    config = config or NamingConfig()
    by_key = {_key(name): value for name, value in values.items()}

    def token(match: re.Match[str]) -> str:
        value = by_key.get(_key(match["token"]), "")
        modifier = match["modifier"] or ""
        use = TokenUse(modifier=modifier, has_affixes=bool(match["prefix"] or match["suffix"]))
        text = (value(use) if callable(value) else value).strip()
        letters = [char for char in match["token"] if char.isalpha()]
        if all(char.islower() for char in letters):
            text = text.lower()
        elif all(char.isupper() for char in letters):
            text = text.upper()
        if match["sep"] and match["sep"] != " ":
            text = text.replace(" ", match["sep"][0])
        text = legalize(text, config)
        if _is_number(modifier) and int(modifier) != 0:
            text = truncate(text, int(modifier))
        if title_bytes is not None and _key(match["token"]) in _SHORTENABLE_KEYS:
            text = truncate(text, title_bytes)
        return f"{match['prefix']}{text}{match['suffix']}" if text else ""

    def part(match: re.Match[str]) -> str:
        if match["open"]:
            return "{"
        if match["close"]:
            return "}"
        if match["tag"]:
            inner = _TEMPLATE.sub(part, match["tagged"])
            return f"{{{match['tag'].lower()}-{inner}}}" if inner else ""
        return token(match)

    rendered = _TEMPLATE.sub(part, template)
    # A year or tag left empty would leave its brackets behind.
    return re.sub(r"\(\s*\)|\[\s*\]", "", rendered)


def _tidy_segment(segment: str, *, is_folder: bool) -> str:
    """One path segment as it will be written: no doubled or dangling separators."""
    segment = re.sub(r"([- _])\1+", r"\1", segment)
    segment = re.sub(r"(?<!\.)\.\.(?!\.)", ".", segment)
    segment = segment.strip()
    if not segment.startswith(_ELLIPSIS):
        segment = segment.lstrip(".").strip()
    if not segment.endswith(_ELLIPSIS):
        segment = segment.rstrip(" ." if is_folder else "- ._")
    # Windows refuses CON, NUL, COM1... as names, even with an extension after them.
    return _RESERVED_DEVICE.sub(r"\g<name>_", segment, count=1)


def _build_path(
    template: str,
    values: Mapping[str, TokenValue],
    config: NamingConfig,
    *,
    is_folder: bool,
    suffix_bytes: int,
) -> str:
    """Render a format into ``a/b`` segments, shortening titles until every segment fits."""
    title_bytes: int | None = None
    for _ in range(8):
        rendered = render(template, values, config, title_bytes=title_bytes)
        segments = [
            tidy for raw in re.split(r"[\\/]", rendered) if (tidy := _tidy_segment(raw, is_folder=is_folder))
        ]
        limits = [MAX_SEGMENT_BYTES] * len(segments)
        if segments and not is_folder:
            limits[-1] -= suffix_bytes
        overflow = max((_utf8_len(s) - limit for s, limit in zip(segments, limits, strict=True)), default=0)
        if overflow <= 0:
            return "/".join(segments)
        longest_title = max(
            (
                _utf8_len(str(v(TokenUse()) if callable(v) else v))
                for k, v in values.items()
                if _key(k) in _SHORTENABLE_KEYS
            ),
            default=0,
        )
        current = title_bytes if title_bytes is not None else longest_title
        if current <= len(_ELLIPSIS) + 1:
            break
        title_bytes = max(current - overflow, len(_ELLIPSIS) + 1)
    # Titles alone could not make room (a very long literal text): cut what is left.
    return "/".join(_head(segment, limit).rstrip() for segment, limit in zip(segments, limits, strict=True))


def movie_folder_name(movie: MovieNamingFacts, config: NamingConfig) -> str:
    """The movie's folder, relative to its root folder, from the folder format."""
    name = _build_path(
        config.movie_folder_format, movie_tokens(movie), config, is_folder=True, suffix_bytes=0
    )
    return name or legalize(movie.title, config)


def movie_file_name(
    facts: FileNamingFacts, config: NamingConfig, *, suffix_bytes: int = DEFAULT_SUFFIX_BYTES
) -> str:
    """The file's name without extension, relative to the movie folder (a format may add folders).

    With renaming off the file keeps the name it was released under. ``suffix_bytes`` is kept
    free in the last segment for the extension and extra-file suffixes.
    """
    if not config.rename_movies:
        return facts.scene_name or _stem(facts.original_file_name) or legalize(facts.movie.title, config)
    values = file_tokens(facts)
    return _build_path(
        config.standard_movie_format, values, config, is_folder=False, suffix_bytes=suffix_bytes
    )


# ---------------------------------------------------------------- examples and validation

# The movie Radarr renders its naming examples with.
_SAMPLE = FileNamingFacts(
    movie=MovieNamingFacts(
        title="The Movie: Title",
        year=2010,
        original_title="The Original Movie Title",
        imdb_id="tt0066921",
        tmdb_id=345691,
        certification="R",
        collection="The Movie Collection",
    ),
    quality=BLURAY_1080P,
    revision=Revision(version=2),
    release_group="EVOLVE",
    edition="Ultimate extended edition",
    scene_name="The.Movie.Title.2010.1080p.BluRay.DTS.x264-EVOLVE",
    original_file_name="The.Movie.Title.2010.1080p.BluRay.DTS.x264-EVOLVE.mkv",
    media_info=MediaInfo(
        video_format="h264",
        video_bit_depth=10,
        hdr_format=HdrFormat.HLG10,
        multi_view_count=2,
        width=1920,
        height=1080,
        audio_format="dts",
        audio_channels=6,
        audio_channel_layout="5.1",
        audio_languages=("ger",),
        subtitle_languages=("eng", "ger"),
    ),
    custom_formats=(NamedFormat("Surround Sound"), NamedFormat("x264")),
)


def naming_examples(config: NamingConfig) -> dict[str, str | None]:
    """``config/naming/examples``: the sample movie named by the formats being edited."""
    renaming = config.model_copy(update={"rename_movies": True})
    return {
        "movieExample": movie_file_name(_SAMPLE, renaming) if config.standard_movie_format.strip() else None,
        "movieFolderExample": (
            movie_folder_name(_SAMPLE.movie, renaming) if config.movie_folder_format.strip() else None
        ),
    }


# A file or folder format must name the movie with one of these, or files could not be told apart.
_MOVIE_NAMING_KEYS = frozenset(
    map(
        _key,
        ("Movie Title", "Movie CleanTitle", "Movie TitleThe", "Movie CleanTitleThe", "Movie OriginalTitle"),
    )
)
_ILLEGAL_LITERAL = re.compile(r'[<>:"|?*]')


def _written_tokens(template: str) -> list[str]:
    """The tokens a format uses, including those inside Plex tags."""
    tokens: list[str] = []
    for match in _TEMPLATE.finditer(template):
        inner = [match] if match["token"] else list(_TEMPLATE.finditer(match["tagged"] or ""))
        tokens.extend(found["token"] for found in inner if found["token"])
    return tokens


def file_tokens_in_folder_format(config: NamingConfig) -> list[str]:
    """File-level tokens in the folder format: the API refuses them, but an imported Radarr may have them."""
    return [f"{{{t}}}" for t in _written_tokens(config.movie_folder_format) if _key(t) in _FILE_KEYS]


def _format_problems(
    field_name: str, template: str, allowed: frozenset[str], *, is_folder: bool
) -> list[tuple[str, str]]:
    """Problems with one format; tokens inside Plex tags count as written."""
    if not template.strip():
        return [(field_name, "Must not be empty")]
    problems = []
    keys = []
    unknown = []
    file_level = []
    for token in _written_tokens(template):
        key = _key(token)
        keys.append(key)
        if key in _FILE_KEYS and key not in allowed:
            file_level.append(f"{{{token}}}")
        elif key not in allowed:
            unknown.append(f"{{{token}}}")
    literal = _TEMPLATE.sub("", template)
    if unknown:
        problems.append((field_name, f"Unknown token(s): {', '.join(unknown)}"))
    if file_level:
        problems.append((field_name, f"A folder format cannot use file tokens: {', '.join(file_level)}"))
    if illegal := sorted(set(_ILLEGAL_LITERAL.findall(literal))):
        problems.append((field_name, f"Contains illegal characters: {' '.join(illegal)}"))
    titled = any(key in _MOVIE_NAMING_KEYS for key in keys)
    if not is_folder:
        titled = titled or any(key in {_key("Original Title"), _key("Original Filename")} for key in keys)
    if not titled:
        problems.append(
            (field_name, "Must contain the movie title" + ("" if is_folder else " or the original title"))
        )
    return problems


def validate_formats(config: NamingConfig) -> list[tuple[str, str]]:
    """What is wrong with the formats, as (API field, message) pairs; empty when both are fine."""
    return _format_problems(
        "standardMovieFormat", config.standard_movie_format, _MOVIE_KEYS | _FILE_KEYS, is_folder=False
    ) + _format_problems("movieFolderFormat", config.movie_folder_format, _MOVIE_KEYS, is_folder=True)
