"""Radarr's thirty qualities, their weights and default sizes, and release revisions.

Ids, names, weights and default sizes are Radarr's, because clients (Recyclarr, Notifiarr)
send quality ids and names back to us and the community's profiles refer to them.
Sizes are megabytes per minute of runtime; ``None`` means no limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Source(StrEnum):
    UNKNOWN = "unknown"
    CAM = "cam"
    TELESYNC = "telesync"
    TELECINE = "telecine"
    WORKPRINT = "workprint"
    DVD = "dvd"
    TV = "tv"
    WEBDL = "webdl"
    WEBRIP = "webrip"
    BLURAY = "bluray"


class Modifier(StrEnum):
    NONE = "none"
    REGIONAL = "regional"
    SCREENER = "screener"
    RAWHD = "rawhd"
    BRDISK = "brdisk"
    REMUX = "remux"


class Resolution(IntEnum):
    UNKNOWN = 0
    R360P = 360
    R480P = 480
    R540P = 540
    R576P = 576
    R720P = 720
    R1080P = 1080
    R2160P = 2160


@dataclass(frozen=True, slots=True)
class Quality:
    id: int
    name: str
    source: Source
    resolution: int
    modifier: Modifier = Modifier.NONE


@dataclass(frozen=True, slots=True)
class QualityDefault:
    """A quality's place in the default definitions: its weight, group and size limits."""

    quality: Quality
    weight: int
    group: str | None
    min_size: float
    preferred_size: float | None
    max_size: float | None


@dataclass(frozen=True, slots=True)
class Revision:
    """Version counts propers and repacks (1 is the original); ``real`` counts REAL tags."""

    version: int = 1
    real: int = 0
    is_repack: bool = False

    def sort_key(self) -> tuple[int, int]:
        # A REAL outranks any number of propers, as in Radarr.
        return (self.real, self.version)


_S, _M = Source, Modifier
UNKNOWN = Quality(0, "Unknown", _S.UNKNOWN, 0)
SDTV = Quality(1, "SDTV", _S.TV, 480)
DVD = Quality(2, "DVD", _S.DVD, 480)
WEBDL_1080P = Quality(3, "WEBDL-1080p", _S.WEBDL, 1080)
HDTV_720P = Quality(4, "HDTV-720p", _S.TV, 720)
WEBDL_720P = Quality(5, "WEBDL-720p", _S.WEBDL, 720)
BLURAY_720P = Quality(6, "Bluray-720p", _S.BLURAY, 720)
BLURAY_1080P = Quality(7, "Bluray-1080p", _S.BLURAY, 1080)
WEBDL_480P = Quality(8, "WEBDL-480p", _S.WEBDL, 480)
HDTV_1080P = Quality(9, "HDTV-1080p", _S.TV, 1080)
RAW_HD = Quality(10, "Raw-HD", _S.TV, 1080, _M.RAWHD)
WEBRIP_480P = Quality(12, "WEBRip-480p", _S.WEBRIP, 480)
WEBRIP_720P = Quality(14, "WEBRip-720p", _S.WEBRIP, 720)
WEBRIP_1080P = Quality(15, "WEBRip-1080p", _S.WEBRIP, 1080)
HDTV_2160P = Quality(16, "HDTV-2160p", _S.TV, 2160)
WEBRIP_2160P = Quality(17, "WEBRip-2160p", _S.WEBRIP, 2160)
WEBDL_2160P = Quality(18, "WEBDL-2160p", _S.WEBDL, 2160)
BLURAY_2160P = Quality(19, "Bluray-2160p", _S.BLURAY, 2160)
BLURAY_480P = Quality(20, "Bluray-480p", _S.BLURAY, 480)
BLURAY_576P = Quality(21, "Bluray-576p", _S.BLURAY, 576)
BR_DISK = Quality(22, "BR-DISK", _S.BLURAY, 1080, _M.BRDISK)
DVD_R = Quality(23, "DVD-R", _S.DVD, 480, _M.REMUX)
WORKPRINT = Quality(24, "WORKPRINT", _S.WORKPRINT, 0)
CAM = Quality(25, "CAM", _S.CAM, 0)
TELESYNC = Quality(26, "TELESYNC", _S.TELESYNC, 0)
TELECINE = Quality(27, "TELECINE", _S.TELECINE, 0)
DVDSCR = Quality(28, "DVDSCR", _S.DVD, 480, _M.SCREENER)
REGIONAL = Quality(29, "REGIONAL", _S.DVD, 480, _M.REGIONAL)
REMUX_1080P = Quality(30, "Remux-1080p", _S.BLURAY, 1080, _M.REMUX)
REMUX_2160P = Quality(31, "Remux-2160p", _S.BLURAY, 2160, _M.REMUX)


def _d(q: Quality, weight: int, group: str | None = None, *, unlimited: bool = False) -> QualityDefault:
    if unlimited:
        return QualityDefault(q, weight, group, 0, None, None)
    return QualityDefault(q, weight, group, 0, 95, 100)


# Radarr's default definition order, lowest weight first. Qualities sharing a group
# (WEBDL and WEBRip of one resolution) share a weight and rank as equals.
DEFAULTS: tuple[QualityDefault, ...] = (
    _d(UNKNOWN, 1),
    _d(WORKPRINT, 2),
    _d(CAM, 3),
    _d(TELESYNC, 4),
    _d(TELECINE, 5),
    _d(REGIONAL, 6),
    _d(DVDSCR, 7),
    _d(SDTV, 8),
    _d(DVD, 9),
    _d(DVD_R, 10),
    _d(WEBDL_480P, 11, "WEB 480p"),
    _d(WEBRIP_480P, 11, "WEB 480p"),
    _d(BLURAY_480P, 12),
    _d(BLURAY_576P, 13),
    _d(HDTV_720P, 14),
    _d(WEBDL_720P, 15, "WEB 720p"),
    _d(WEBRIP_720P, 15, "WEB 720p"),
    _d(BLURAY_720P, 16),
    _d(HDTV_1080P, 17),
    _d(WEBDL_1080P, 18, "WEB 1080p"),
    _d(WEBRIP_1080P, 18, "WEB 1080p"),
    _d(BLURAY_1080P, 19, unlimited=True),
    _d(REMUX_1080P, 20, unlimited=True),
    _d(HDTV_2160P, 21, unlimited=True),
    _d(WEBDL_2160P, 22, "WEB 2160p", unlimited=True),
    _d(WEBRIP_2160P, 22, "WEB 2160p", unlimited=True),
    _d(BLURAY_2160P, 23, unlimited=True),
    _d(REMUX_2160P, 24, unlimited=True),
    _d(BR_DISK, 25, unlimited=True),
    _d(RAW_HD, 26, unlimited=True),
)

ALL: tuple[Quality, ...] = tuple(d.quality for d in DEFAULTS)
_BY_ID = {q.id: q for q in ALL}
_BY_NAME = {q.name.lower(): q for q in ALL}
_DEFAULT_BY_ID = {d.quality.id: d for d in DEFAULTS}

# Radarr numbers quality groups inside a profile from 1000 upwards.
FIRST_GROUP_ID = 1000


def by_id(quality_id: int) -> Quality:
    """The quality with this Radarr id; ``KeyError`` when there is none."""
    return _BY_ID[quality_id]


def by_name(name: str) -> Quality | None:
    return _BY_NAME.get(name.lower())


def default_for(quality: Quality) -> QualityDefault:
    return _DEFAULT_BY_ID[quality.id]


def find(source: Source, resolution: int, modifier: Modifier = Modifier.NONE) -> Quality:
    """The quality for a source, resolution and modifier, as Radarr maps them (Unknown if none)."""
    for q in ALL:
        if q.source == source and q.resolution == resolution and q.modifier == modifier:
            return q
    return UNKNOWN
