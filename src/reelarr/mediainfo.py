"""What a video file says about itself, read with ffprobe, in naming's and Radarr's shapes.

ffprobe (Debian's ``ffmpeg`` package) is used rather than libmediainfo because its codec names
are the ones :class:`reelarr.naming.MediaInfo` speaks and its JSON is stable across versions.
The x264/x265 encoder is read from the stream's ``ENCODER`` tag when the muxer kept it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from reelarr import naming
from reelarr.naming import HdrFormat, MediaInfo

log = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 30
# Extensions Radarr imports as movies.
VIDEO_EXTENSIONS = frozenset(
    [
        ".mkv",
        ".mp4",
        ".m4v",
        ".avi",
        ".mov",
        ".wmv",
        ".mpg",
        ".mpeg",
        ".m2ts",
        ".ts",
        ".vob",
        ".divx",
        ".xvid",
        ".webm",
        ".flv",
        ".ogm",
        ".iso",
        ".img",
        ".m2v",
        ".3gp",
    ]
)


@dataclass(frozen=True)
class Probe:
    """Media info and the figures only Radarr's ``mediaInfo`` resource shows."""

    info: MediaInfo
    video_fps: float = 0.0
    video_bitrate: int = 0
    audio_bitrate: int = 0
    audio_stream_count: int = 0
    scan_type: str = ""
    # The container's title tag: the last clue to the movie when file and folder names give none.
    title: str = ""


def ffprobe_available() -> bool:
    return shutil.which("ffprobe") is not None


async def probe(path: Path) -> Probe | None:
    """The file's media info; None when ffprobe is missing or cannot read the file."""
    if not ffprobe_available():
        log.warning("ffprobe is not installed; media info is not read (install the ffmpeg package)")
        return None
    process = await asyncio.create_subprocess_exec(
        "ffprobe",
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        str(path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), PROBE_TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        log.warning("ffprobe took too long on %s", path)
        return None
    if process.returncode != 0:
        log.info("ffprobe could not read %s: %s", path, err.decode(errors="replace").strip())
        return None
    return from_ffprobe(json.loads(out))


def from_ffprobe(document: dict[str, Any]) -> Probe | None:
    """Media info from ``ffprobe -print_format json -show_format -show_streams`` output."""
    streams = document.get("streams", [])
    videos = [s for s in streams if s.get("codec_type") == "video" and not _is_cover(s)]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    subtitles = [s for s in streams if s.get("codec_type") == "subtitle"]
    if not videos:
        return None
    video = videos[0]
    audio = audios[0] if audios else {}
    container = document.get("format", {})
    info = MediaInfo(
        video_format=video.get("codec_name", ""),
        video_codec_tag=video.get("codec_tag_string", "").strip("[]0"),
        video_encoder=_encoder(video),
        video_bit_depth=_bit_depth(video),
        hdr_format=_hdr_format(video),
        multi_view_count=2 if "stereo3d" in json.dumps(video.get("side_data_list", [])).lower() else 0,
        width=int(video.get("width", 0)),
        height=int(video.get("height", 0)),
        runtime_seconds=_float(container.get("duration")) or _float(video.get("duration")),
        audio_format=audio.get("codec_name", ""),
        audio_profile=audio.get("profile", ""),
        audio_channels=int(audio.get("channels", 0)),
        audio_channel_layout=audio.get("channel_layout", ""),
        audio_languages=tuple(_language(s) for s in audios if _language(s)),
        subtitle_languages=tuple(_language(s) for s in subtitles if _language(s)),
    )
    return Probe(
        info=info,
        video_fps=_fps(video.get("avg_frame_rate") or video.get("r_frame_rate")),
        video_bitrate=int(_float(video.get("bit_rate"))),
        audio_bitrate=int(_float(audio.get("bit_rate"))),
        audio_stream_count=len(audios),
        scan_type="Progressive" if video.get("field_order", "progressive") == "progressive" else "Interlaced",
        title=str({k.lower(): v for k, v in container.get("tags", {}).items()}.get("title", "")),
    )


def resource(found: Probe) -> dict[str, Any]:
    """Radarr's ``mediaInfo`` resource, as stored with the movie file and shown by the API."""
    info = found.info
    channels = naming.audio_channels(info)
    return {
        "audioBitrate": found.audio_bitrate,
        "audioChannels": float(channels) if channels else 0.0,
        "audioCodec": naming.audio_codec(info),
        "audioLanguages": "/".join(info.audio_languages),
        "audioStreamCount": found.audio_stream_count,
        "videoBitDepth": info.video_bit_depth,
        "videoBitrate": found.video_bitrate,
        "videoCodec": naming.video_codec(info),
        "videoFps": found.video_fps,
        "videoDynamicRange": naming.video_dynamic_range(info),
        "videoDynamicRangeType": naming.video_dynamic_range_type(info),
        "resolution": f"{info.width}x{info.height}",
        "runTime": runtime_text(info.runtime_seconds),
        "scanType": found.scan_type,
        "subtitles": "/".join(info.subtitle_languages),
    }


# What ``mediaInfo`` says of a file ffprobe could not read: Radarr's resource with nothing in it.
# Always an object, never null: Bazarr reads its fields without checking for null.
UNKNOWN_RESOURCE: dict[str, Any] = {
    "audioBitrate": 0,
    "audioChannels": 0.0,
    "audioCodec": "",
    "audioLanguages": "",
    "audioStreamCount": 0,
    "videoBitDepth": 0,
    "videoBitrate": 0,
    "videoCodec": "",
    "videoFps": 0.0,
    "videoDynamicRange": "",
    "videoDynamicRangeType": "",
    "resolution": "",
    "runTime": "",
    "scanType": "",
    "subtitles": "",
}


def runtime_text(seconds: float) -> str:
    """``1:52:07``, as Radarr shows a file's runtime."""
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _is_cover(stream: dict[str, Any]) -> bool:
    return bool(stream.get("disposition", {}).get("attached_pic"))


def _encoder(video: dict[str, Any]) -> str:
    tag = {k.lower(): v for k, v in video.get("tags", {}).items()}.get("encoder", "")
    for library in ("x264", "x265"):
        if library in tag.lower():
            return library
    return ""


def _bit_depth(video: dict[str, Any]) -> int:
    raw = video.get("bits_per_raw_sample")
    if raw and str(raw).isdigit():
        return int(raw)
    pixel_format = video.get("pix_fmt", "")
    for depth in (12, 10):
        if f"p{depth}" in pixel_format:
            return depth
    return 8 if pixel_format else 0


def _hdr_format(video: dict[str, Any]) -> HdrFormat:
    side_data = json.dumps(video.get("side_data_list", [])).lower()
    transfer = video.get("color_transfer", "")
    dolby_vision = "dovi" in side_data or "dolby vision" in side_data
    hdr10_plus = "smpte2094-40" in side_data or "hdr dynamic metadata" in side_data
    if transfer == "smpte2084":
        mastered = "mastering display" in side_data or "content light" in side_data
        if dolby_vision:
            return HdrFormat.DOLBY_VISION_HDR10_PLUS if hdr10_plus else HdrFormat.DOLBY_VISION_HDR10
        if hdr10_plus:
            return HdrFormat.HDR10_PLUS
        return HdrFormat.HDR10 if mastered else HdrFormat.PQ10
    if transfer == "arib-std-b67":
        return HdrFormat.DOLBY_VISION_HLG if dolby_vision else HdrFormat.HLG10
    return HdrFormat.DOLBY_VISION if dolby_vision else HdrFormat.NONE


def _language(stream: dict[str, Any]) -> str:
    language = str(stream.get("tags", {}).get("language", "")).lower()
    return "" if language in ("", "und") else language


def _fps(rate: str | None) -> float:
    try:
        return round(float(Fraction(rate or "0")), 3)
    except (ValueError, ZeroDivisionError):
        return 0.0


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
