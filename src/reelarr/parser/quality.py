"""Quality from a release name: source, resolution, modifier and revision (proper, repack, real).

The name is lower-cased and underscores become spaces once; every pattern below works on that
form except REAL, which only counts in capitals.
"""

from __future__ import annotations

import re

from reelarr import qualities
from reelarr.qualities import Modifier, Quality, Revision, Source

from .common import EXTENSION_QUALITY, file_extension
from .model import Detection, ParsedQuality

# Release-source words. The last one in a name wins, as in Radarr.
_SOURCE = re.compile(
    r"""
    (?P<bluray>\b(?:m?blu[-_. ]?ray|hd[-_. ]?dvd(?:rip)?|uhd2?bd|bdiso|bdmux|bdremux|br[-_. ]?disk
        |bd(?:25|50|66|100)|\dbd[-_. ]?remux|bd(?!$))(?=\b|$|[ .]|\d{3,4}p))
    |(?P<bdrip>\b(?:uhd[-_. ]?bdrip|bd[-_. ]?(?:light|full)?rip|bdlight|brrip)\b)
    |(?P<webdl>\b(?:web[-_. ]?dl(?:mux)?|amazonhd|amazonsd|itunes[-_. ]?hd|maxdomehd|netflixu?hd|webhd
        |hbomaxhd|disneyhd)\b
      |(?<=[. ])web[. ](?=[xh][ .]?26[45]|avc\b|hevc\b|ddp?5[. ]1)
      |\d{3,4}0p[-. ](?:hybrid[-_. ]?)?web[-. ]
      |(?<=[-. ])web[-. ]\d{3,4}0p
      |\s/\sweb\s/\s
      |\b(?:amzn|nf|dp)[. -]web[. -](?!rip)
      |\[web\]|[\[(]web[ .\])])
    |(?P<webrip>\b(?:web[-_. ]?rip|webmux)\b)
    |(?P<hdtv>\bhdtv\b)
    |(?P<spaced_hdtv>\bhd[-. ]tv\b)
    |(?P<dvdr>\b(?:\d?x?m?dvd-?r|\d?x?dvd[59])\b)
    |(?P<dvd>\b(?:dvd(?:[-. ]?rip)?|ntsc|pal|xvidvd)\b)
    |(?P<sdtv>\b(?:ws[-_. ]dsr|dsr|pdtv|sd[-. ]?tv|tvrip)\b)
    |(?P<regional>\b(?:r\d|regional)\b)
    |(?P<screener>\b(?:dvdscr|dvdscreener|scr|screener)\b)
    |(?P<telesync>\b(?:ts(?=[-_. ])|telesynch?|hd-?ts|pdvd|tsrip|hdtsrip)(?:\b|$))
    |(?P<telecine>\b(?:tc|telecine|hd-?tc)\b)
    |(?P<cam>\b(?:camrip|(?:new)?cam|hd-?cam(?:rip)?|hqcam)\b)
    |(?P<workprint>\b(?:workprint|wp)\b)
    """,
    re.VERBOSE,
)
# A capitalized WEB closing the name is the source, whatever came before.
_WEB_AT_END = re.compile(r"[. ]WEB$")
_ANIME_WEB_GROUP = re.compile(r"\[(?:subsplease|horriblesubs|erai-raws)\]")

_RESOLUTION = re.compile(
    r"""(?<![0-9])(?:
        (?P<r2160>2160p|3840x2160|4096x2160|4k[-_. ](?:uhd|hevc|bd|h\.?265)|(?:uhd|hevc|bd|h\.?265)[-_. ]4k)
        |(?P<r1080>4kto1080p|1080[pi]|1920x1080|1440p|(?<![a-z])fhd)
        |(?P<r720>720p|1280x720|960p)
        |(?P<r576>576p)
        |(?P<r540>540p)
        |(?P<r480>480[pi]|640x480|848x480)
        |(?P<r360>360p)
    )(?![0-9a-z])""",
    re.VERBOSE,
)
_RESOLUTION_VALUES = {
    "r2160": 2160,
    "r1080": 1080,
    "r720": 720,
    "r576": 576,
    "r540": 540,
    "r480": 480,
    "r360": 360,
}
_IMPLIED_2160 = re.compile(r"\b(?:uhd|4k)\b")

_REMUX = re.compile(
    r"(?:[. \[]|\d{4}p-|\bhybrid-)(?:(?:bd|uhd)[-_. ]?)?remux\b|(?:(?:bd|uhd)[-_. ]?)?remux[. ]\d{4}p"
)
# German scene remuxes say "DL/ML ... BluRay.AVC" after the year without the word remux.
_GERMAN_REMUX = re.compile(
    r"(?:19|20)\d\d\b.*\bgerman\b.*\b[dm]l\b.*\b(?:1080p|2160p)\b.*\bblu[-_. ]?ray\b"
    r".*\b(?:avc|hevc|vc[-_. ]?1|mvc|mpeg[-_. ]?2)\b"
)
_XVID = re.compile(r"\b(?:x-?vid|divx)\b")
_MPEG2 = re.compile(r"\bmpeg[-_. ]?2\b")
_RAW_HD = re.compile(r"\braw[-_. ]?hd\b")
_HIGH_DEF_PDTV = re.compile(r"\bhr[-_. ]ws\b")

# A full disc (BR-DISK) names its disc codec; encodes, remuxes and files inside a disc do not.
_BRDISK_EXCLUDED = re.compile(
    r"""\b(?:(?<!hd[-_. ])(?<!hd)dvd|bdrip|720p|mkv|xvid|wmv|d3g|(?:bd)?remux|[xh][-_. ]?26[45])\b
    |\bgerman\b.*\b[dm]l\b
    |\d{4}.*\bgerman\b.*\b(?:avc|hevc|vc[-_. ]?1|mvc|mpeg[-_. ]?2)\b""",
    re.VERBOSE,
)
_BRDISK_MARKER = re.compile(
    r"\b(?:3d[-_. ]?bd|br[-_. ]?disk|full[-_. ]?blu[-_. ]?ray|(?:bd|uhd)[-_. ]?(?:25|50|66|100|iso))\b"
)
_DISC_MEDIUM = re.compile(r"\b(?:blu[-_. ]?ray|bd|hd[-_. ]?dvd)\b")
_DISC_CODEC = re.compile(r"\b(?:avc|hevc|vc[-_. ]?1|mvc|mpeg[-_. ]?2|bdmv|iso)\b")
_COMPLETE_DISC = re.compile(r"\b(?:complete|dis[ck])\b")
_BLURAY_WORD = re.compile(r"blu[-_. ]?ray|hd[-_. ]?dvd")

_PROPER = re.compile(r"\bproper\b")
_REPACK = re.compile(r"\b(?:repack|rerip)(\d)?\b")
_VERSION = re.compile(r"\d[-._ ]?v(\d)[-._ ]|\[v(\d)\]")
_REAL = re.compile(r"\bREAL\b")

_HARDCODED_SUBS = re.compile(
    r"\b(?:(?P<named>\w+(?<!soft)(?<!horrible)(?<!multi)subs?)|(?P<generic>hc|subbed))\b", re.IGNORECASE
)
GENERIC_HARDCODED_SUBS = "Generic Hardcoded Subs"

_BY_RESOLUTION_WEBDL = {2160: qualities.WEBDL_2160P, 1080: qualities.WEBDL_1080P, 720: qualities.WEBDL_720P}
_BY_RESOLUTION_WEBRIP = {
    2160: qualities.WEBRIP_2160P,
    1080: qualities.WEBRIP_1080P,
    720: qualities.WEBRIP_720P,
}
_BY_RESOLUTION_HDTV = {2160: qualities.HDTV_2160P, 1080: qualities.HDTV_1080P, 720: qualities.HDTV_720P}
_BY_RESOLUTION_BDRIP = {
    2160: qualities.BLURAY_2160P,
    1080: qualities.BLURAY_1080P,
    720: qualities.BLURAY_720P,
    576: qualities.BLURAY_576P,
}
_SOURCE_ONLY = {
    "regional": qualities.REGIONAL,
    "screener": qualities.DVDSCR,
    "telesync": qualities.TELESYNC,
    "telecine": qualities.TELECINE,
    "cam": qualities.CAM,
    "workprint": qualities.WORKPRINT,
}
_SD = (360, 480, 540)
# Bracketed WEB tags without a resolution come from anime groups releasing in HD.
_WEBDL_HD_MARKERS = ("[webdl]", "[web]", "[web ", "(web ")


def _last_source_kind(normalized: str) -> str | None:
    kind = None
    for match in _SOURCE.finditer(normalized):
        kind = match.lastgroup
    return kind


def normalize(name: str) -> str:
    return name.replace("_", " ").strip().lower()


def parse_resolution(normalized: str) -> int:
    """The resolution a normalized name states, 2160 for a bare UHD/4K, 0 when it says none."""
    match = _RESOLUTION.search(normalized)
    if match is not None:
        return _RESOLUTION_VALUES[match.lastgroup or ""]
    if ("uhd" in normalized or "4k" in normalized) and _IMPLIED_2160.search(normalized):
        return 2160
    return 0


def parse_revision(name: str, normalized: str) -> Revision:
    version, repack = 1, False
    if "proper" in normalized and _PROPER.search(normalized):
        version = 2
    if "re" in normalized:
        repack_match = _REPACK.search(normalized)
        if repack_match is not None:
            repack = True
            version = int(repack_match.group(1)) + 1 if repack_match.group(1) else 2
    if "v" in normalized:
        version_match = _VERSION.search(normalized)
        if version_match is not None:
            version = int(version_match.group(1) or version_match.group(2))
    real = len(_REAL.findall(name)) if "REAL" in name else 0
    return Revision(version=version, real=real, is_repack=repack)


def parse_hardcoded_subs(title: str) -> str | None:
    """``KORSUBS`` names the burnt-in language; ``HC`` or ``SUBBED`` only say there are some."""
    lowered = title.lower()
    if "sub" not in lowered and "hc" not in lowered:
        return None
    matches = _HARDCODED_SUBS.findall(title)
    if not matches:
        return None
    named, _generic = matches[-1]
    return named or GENERIC_HARDCODED_SUBS


def is_br_disk(normalized: str) -> bool:
    if _BRDISK_EXCLUDED.search(normalized):
        return False
    if _BRDISK_MARKER.search(normalized):
        return True
    if _DISC_MEDIUM.search(normalized) and _DISC_CODEC.search(normalized):
        return True
    return bool(_COMPLETE_DISC.search(normalized) and _BLURAY_WORD.search(normalized))


def _is_remux(normalized: str) -> bool:
    if "remux" in normalized:
        return _REMUX.search(normalized) is not None
    return "german" in normalized and _GERMAN_REMUX.search(normalized) is not None


def _from_source(kind: str, normalized: str, resolution: int) -> Quality:
    """The quality for a name whose last source word is of ``kind``."""
    if kind == "bluray":
        if is_br_disk(normalized):
            return qualities.BR_DISK
        if _XVID.search(normalized):
            return qualities.DVD
        remux = _is_remux(normalized)
        if resolution == 2160:
            return qualities.REMUX_2160P if remux else qualities.BLURAY_2160P
        if resolution == 1080:
            return qualities.REMUX_1080P if remux else qualities.BLURAY_1080P
        if resolution == 576:
            return qualities.BLURAY_576P
        if resolution in _SD:
            return qualities.BLURAY_480P
        if remux and resolution == 0:
            return qualities.REMUX_1080P
        return qualities.BLURAY_720P
    if kind == "bdrip":
        if _XVID.search(normalized):
            return qualities.DVD
        return _BY_RESOLUTION_BDRIP.get(resolution, qualities.BLURAY_480P)
    if kind == "webdl":
        if resolution in _BY_RESOLUTION_WEBDL:
            return _BY_RESOLUTION_WEBDL[resolution]
        if resolution == 0 and any(marker in normalized for marker in _WEBDL_HD_MARKERS):
            return qualities.WEBDL_720P
        return qualities.WEBDL_480P
    if kind == "webrip":
        return _BY_RESOLUTION_WEBRIP.get(resolution, qualities.WEBRIP_480P)
    if kind == "hdtv":
        if _MPEG2.search(normalized):
            return qualities.RAW_HD
        if resolution in _BY_RESOLUTION_HDTV:
            return _BY_RESOLUTION_HDTV[resolution]
        return qualities.HDTV_720P if "[hdtv]" in normalized else qualities.SDTV
    if kind == "spaced_hdtv":
        return _BY_RESOLUTION_HDTV.get(resolution, qualities.HDTV_720P)
    if kind == "sdtv":
        if resolution == 1080 or "1080p" in normalized:
            return qualities.HDTV_1080P
        if resolution == 720 or "720p" in normalized or _HIGH_DEF_PDTV.search(normalized):
            return qualities.HDTV_720P
        return qualities.SDTV
    if kind == "dvdr":
        return qualities.DVD_R
    if kind == "dvd":
        return qualities.DVD_R if _SOURCE_DVDR.search(normalized) else qualities.DVD
    return _SOURCE_ONLY[kind]


_SOURCE_DVDR = re.compile(r"\b(?:\d?x?m?dvd-?r|\d?x?dvd[59])\b")


def _from_resolution(resolution: int, source: Source, remux: bool) -> Quality:
    """The quality for a resolution with a source guessed from a remux tag or the extension."""
    if resolution in _SD:
        resolution = 480
    if source != Source.UNKNOWN:
        if remux:
            found = qualities.find(source, resolution, Modifier.REMUX)
            if found != qualities.UNKNOWN:
                return found
        found = qualities.find(source, resolution)
        if found != qualities.UNKNOWN:
            return found
    return _BY_RESOLUTION_HDTV.get(resolution, qualities.SDTV)


def parse_quality(name: str) -> ParsedQuality:
    """The quality a release or file name states, falling back on its file extension."""
    if not name or name.isspace():
        return ParsedQuality()
    name = name.strip()[:1024]
    normalized = normalize(name)
    revision = parse_revision(name, normalized)
    resolution = parse_resolution(normalized)
    resolution_detection = Detection.NAME if resolution else Detection.UNKNOWN

    if "raw" in normalized and _RAW_HD.search(normalized) and not is_br_disk(normalized):
        return ParsedQuality(qualities.RAW_HD, revision, Detection.NAME, resolution_detection, resolution)

    kind = "webdl" if _WEB_AT_END.search(name) else _last_source_kind(normalized)
    if kind is not None:
        quality = _from_source(kind, normalized, resolution)
        return ParsedQuality(quality, revision, Detection.NAME, resolution_detection, resolution)

    if _ANIME_WEB_GROUP.search(normalized):
        quality = (
            qualities.WEBDL_480P
            if resolution in (*_SD, 576)
            else _BY_RESOLUTION_WEBDL.get(resolution, qualities.WEBDL_720P)
        )
        return ParsedQuality(quality, revision, Detection.NAME, resolution_detection, resolution)

    extension_quality = EXTENSION_QUALITY.get(file_extension(name)) if "." in name else None
    if resolution:
        remux = _is_remux(normalized)
        if remux:
            source, source_detection = Source.BLURAY, Detection.NAME
        elif extension_quality is not None and extension_quality != qualities.UNKNOWN:
            source, source_detection = extension_quality.source, Detection.EXTENSION
        else:
            source, source_detection = Source.UNKNOWN, Detection.UNKNOWN
        quality = _from_resolution(resolution, source, remux)
        return ParsedQuality(quality, revision, source_detection, resolution_detection, resolution)

    if extension_quality is not None:
        return ParsedQuality(extension_quality, revision, Detection.EXTENSION, Detection.EXTENSION)
    return ParsedQuality(qualities.UNKNOWN, revision)
