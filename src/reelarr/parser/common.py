"""Pieces shared by the title and release-group parsers: extensions and website clutter."""

from __future__ import annotations

import re

from reelarr import qualities
from reelarr.qualities import Quality

# The quality a bare file extension implies, as Radarr assumes it for files with no other clue.
EXTENSION_QUALITY: dict[str, Quality] = {
    ".webm": qualities.UNKNOWN,
    **dict.fromkeys(
        [
            ".m4v",
            ".3gp",
            ".nsv",
            ".ty",
            ".strm",
            ".rm",
            ".rmvb",
            ".m3u",
            ".ifo",
            ".mov",
            ".qt",
            ".divx",
            ".xvid",
            ".bivx",
            ".nrg",
            ".pva",
            ".wmv",
            ".asf",
            ".asx",
            ".ogm",
            ".ogv",
            ".m2v",
            ".avi",
            ".bin",
            ".dat",
            ".dvr-ms",
            ".mpg",
            ".mpeg",
            ".mp4",
            ".avc",
            ".vp3",
            ".svq3",
            ".nuv",
            ".viv",
            ".dv",
            ".fli",
            ".flv",
            ".wpl",
        ],
        qualities.SDTV,
    ),
    **dict.fromkeys([".img", ".iso", ".vob"], qualities.DVD),
    **dict.fromkeys([".mkv", ".mk3d", ".ts", ".wtv"], qualities.HDTV_720P),
    ".m2ts": qualities.BLURAY_720P,
}
# Besides video files, release names arrive as the files that carry them.
_STRIPPED_EXTENSIONS = frozenset(EXTENSION_QUALITY) | {".nzb", ".torrent", ".par2", ".rar", ".srt", ".sub"}
_EXTENSION = re.compile(r"\.[a-z0-9-]{2,6}$", re.IGNORECASE)


def file_extension(name: str) -> str:
    """The lower-case extension of the last path component, dot included, or ``""``."""
    match = _EXTENSION.search(name)
    return match.group().lower() if match else ""


def remove_file_extension(name: str) -> str:
    extension = file_extension(name)
    if extension in _STRIPPED_EXTENSIONS:
        return name[: -len(extension)]
    return name


# "[www.site.com] - ", "site.net - ", "(site.org) " in front of a release name.
WEBSITE_PREFIX = re.compile(
    r"^(?:[\[(]\s*)?(?:www\.)?[-a-z0-9]{1,64}\.(?:[a-z]{2,6}\.[a-z]{2,6}|xn--[a-z0-9-]{4,}|[a-z]{2,})\b"
    r"(?:\s*[\])]|[ -]{2,})[ -]*",
    re.IGNORECASE,
)
# "[www.site.com]" glued to the end.
WEBSITE_POSTFIX = re.compile(
    r"(?:\[\s*)?(?:www\.)?[-a-z0-9]{1,64}\.(?:xn--[a-z0-9-]{4,}|[a-z]{2,6})\b\s*\]$", re.IGNORECASE
)
TORRENT_SUFFIX = re.compile(r"\[(?:ettv|rartv|rarbg|cttv|publichd)\]$", re.IGNORECASE)
