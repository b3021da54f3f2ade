"""Media info read from real files in Radarr's ``mediaInfo`` shape."""

from __future__ import annotations

import asyncio
from pathlib import Path

from reelarr import mediainfo


def test_an_hevc_10_bit_file_with_german_surround_reads_as_radarr_shows_it(media: dict[str, Path]) -> None:
    found = asyncio.run(mediainfo.probe(media["hevc"]))

    assert found is not None
    resource = mediainfo.resource(found)
    assert resource["videoCodec"] == "x265"
    assert resource["videoBitDepth"] == 10
    assert resource["resolution"] == "1280x720"
    assert resource["audioCodec"] == "AC3"
    assert resource["audioChannels"] == 5.1
    assert resource["audioLanguages"] == "ger"
    assert resource["runTime"] == "0:00:05"
    assert resource["videoDynamicRangeType"] == ""


def test_a_file_ffprobe_cannot_read_has_no_media_info(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mkv"
    broken.write_bytes(b"not a video")

    assert asyncio.run(mediainfo.probe(broken)) is None
