"""Radarr's stored values into Reelarr's: enums stored as integers, quality and media info documents,
release profile terms, settings kept as strings. Pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from pydantic import BaseModel

from reelarr import naming, qualities
from reelarr.mediainfo import runtime_text
from reelarr.qualities import Revision

# MovieStatusType, used for a movie's status and its minimum availability.
MOVIE_STATUS = {-1: "deleted", 0: "tba", 1: "announced", 2: "inCinemas", 3: "released"}
# AlternativeTitle.SourceType.
TITLE_SOURCE = {0: "tmdb", 1: "mappings", 2: "user", 3: "indexer"}
PROTOCOL = {0: "unknown", 1: "usenet", 2: "torrent"}
COLON_REPLACEMENT = {0: "delete", 1: "dash", 2: "spaceDash", 3: "spaceDashSpace", 4: "smart"}
RATING_TYPE = {0: "user", 1: "critic"}
# MovieHistoryEventType; 2 and 5 are Sonarr's, deprecated in Radarr.
HISTORY_EVENT = {
    0: "unknown",
    1: "grabbed",
    3: "downloadFolderImported",
    4: "downloadFailed",
    6: "movieFileDeleted",
    7: "movieFolderImported",
    8: "movieFileRenamed",
    9: "downloadIgnored",
}
# HdrFormat, in Radarr's order.
HDR_FORMAT = {
    0: naming.HdrFormat.NONE,
    1: naming.HdrFormat.PQ10,
    2: naming.HdrFormat.HDR10,
    3: naming.HdrFormat.HDR10_PLUS,
    4: naming.HdrFormat.HLG10,
    5: naming.HdrFormat.DOLBY_VISION,
    6: naming.HdrFormat.DOLBY_VISION_HDR10,
}


def date(value: Any) -> dt.datetime | None:
    """Radarr's dates: ``2024-10-31 00:28:01.9391382Z`` (seven fractional digits) or ISO."""
    if not value:
        return None
    text = str(value).strip().replace(" ", "T").replace("Z", "+00:00")
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.year < 1900:  # Radarr's DateTime.MinValue stands for "never"
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def quality(document: Any) -> dict[str, Any] | None:
    """Radarr's stored QualityModel (``{"quality": 7, "revision": {...}}``) as Reelarr stores it."""
    if not isinstance(document, dict):
        return None
    raw = document.get("quality")
    quality_id = raw.get("id") if isinstance(raw, dict) else raw
    try:
        found = qualities.by_id(int(quality_id))  # type: ignore[arg-type]
    except (TypeError, ValueError, KeyError):
        return None
    revision = document.get("revision") or {}
    kept = Revision(
        version=int(revision.get("version", 1)),
        real=int(revision.get("real", 0)),
        is_repack=bool(revision.get("isRepack", False)),
    )
    return {
        "quality": {
            "id": found.id,
            "name": found.name,
            "source": found.source.value,
            "resolution": found.resolution,
            "modifier": found.modifier.value,
        },
        "revision": {"version": kept.version, "real": kept.real, "isRepack": kept.is_repack},
    }


def languages(document: Any) -> list[int]:
    """Radarr stores languages as ids (``[1]``); older rows hold ``{"id": 1, "name": ...}`` objects."""
    ids = []
    for item in document if isinstance(document, list) else []:
        value = item.get("id") if isinstance(item, dict) else item
        if isinstance(value, int):
            ids.append(value)
    return ids


def _seconds(run_time: Any) -> float:
    """A .NET TimeSpan (``01:52:07.1230000`` or ``1.02:00:00``) in seconds."""
    match = re.fullmatch(r"(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)", str(run_time or ""))
    if not match:
        return 0.0
    days, hours, minutes, seconds = match.groups()
    return int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _joined(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if v)
    return tuple(v for v in str(value or "").split("/") if v)


def media_info(document: Any, scene_name: str = "") -> dict[str, Any] | None:
    """Radarr's stored MediaInfoModel (ffprobe's names since schema revision 8) as the ``mediaInfo``
    resource Reelarr stores, so the library needs no rescan after the move. The scene name tells
    x264 from other H.264 encoders, as it does for Radarr."""
    if not isinstance(document, dict):
        return None
    if "audioCodec" in document:
        return document  # a running Radarr's API sends the resource Reelarr stores
    info = naming.MediaInfo(
        video_format=str(document.get("videoFormat") or ""),
        video_codec_tag=str(document.get("videoCodecID") or ""),
        video_bit_depth=int(document.get("videoBitDepth") or 0),
        # Radarr's last three (Dolby Vision with SDR, HLG or HDR10+) are Dolby Vision to naming.
        hdr_format=HDR_FORMAT.get(int(document.get("videoHdrFormat") or 0), naming.HdrFormat.DOLBY_VISION),
        multi_view_count=int(document.get("videoMultiViewCount") or 0),
        width=int(document.get("width") or 0),
        height=int(document.get("height") or 0),
        runtime_seconds=_seconds(document.get("runTime")),
        audio_format=str(document.get("audioFormat") or ""),
        audio_profile=str(document.get("audioProfile") or ""),
        audio_channels=int(document.get("audioChannels") or 0),
        audio_channel_layout=str(document.get("audioChannelPositions") or ""),
        audio_languages=_joined(document.get("audioLanguages")),
        subtitle_languages=_joined(document.get("subtitles")),
    )
    channels = naming.audio_channels(info)
    return {
        "audioBitrate": int(document.get("audioBitrate") or 0),
        "audioChannels": float(channels) if channels else 0.0,
        "audioCodec": naming.audio_codec(info),
        "audioLanguages": "/".join(info.audio_languages),
        "audioStreamCount": int(document.get("audioStreamCount") or 0),
        "videoBitDepth": info.video_bit_depth,
        "videoBitrate": int(document.get("videoBitrate") or 0),
        "videoCodec": naming.video_codec(info, scene_name),
        "videoFps": float(document.get("videoFps") or 0.0),
        "videoDynamicRange": naming.video_dynamic_range(info),
        "videoDynamicRangeType": naming.video_dynamic_range_type(info),
        "resolution": f"{info.width}x{info.height}",
        "runTime": runtime_text(info.runtime_seconds),
        "scanType": str(document.get("scanType") or ""),
        "subtitles": "/".join(info.subtitle_languages),
    }


def ratings(document: Any) -> dict[str, Any]:
    """Radarr's Ratings (``{"imdb": {"votes", "value", "type": 0}}``) with the type spelled out."""
    kept: dict[str, Any] = {}
    for source, rating in (document or {}).items() if isinstance(document, dict) else ():
        if isinstance(rating, dict):
            kind = rating.get("type", 0)
            kept[source] = {**rating, "type": RATING_TYPE.get(kind, kind) if isinstance(kind, int) else kind}
    return kept


def terms(value: Any) -> list[str]:
    """Release profile terms: JSON arrays since migration 229, comma-separated text before it."""
    if value is None or value == "":
        return []
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            return [str(term) for term in json.loads(value) if term]
        except ValueError:
            pass
    return [term for term in str(value).split(",") if term]


def camel(value: str) -> str:
    """``PreferAndUpgrade`` → ``preferAndUpgrade``: Radarr's enum names as its API spells them."""
    return value[:1].lower() + value[1:]


def section_from_config(model: type[BaseModel], config: dict[str, str]) -> tuple[BaseModel, list[str]]:
    """A settings section from Radarr's ``Config`` rows, where each key is the field's name in
    lower case and each value a string (``True``, ``PreferAndUpgrade``, ``30``). Returns the
    section and the names taken from Radarr."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = (info.alias or name).lower()
        if key not in config:
            continue
        raw = config[key]
        annotation = info.annotation
        if annotation is bool:
            values[name] = raw.strip().lower() == "true"
        elif annotation is int:
            try:
                values[name] = int(raw)
            except ValueError:
                continue
        else:
            values[name] = camel(raw) if raw[:1].isupper() and raw.isalpha() else raw
    try:
        return model.model_validate(values), sorted(values)
    except ValueError:
        # A value Reelarr does not know (a newer Radarr's enum): keep the others.
        kept = {}
        for name, value in values.items():
            try:
                model.model_validate({name: value})
            except ValueError:
                continue
            kept[name] = value
        return model.model_validate(kept), sorted(kept)
