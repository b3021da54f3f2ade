"""Real media, made once per session with ffmpeg."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

SUBTITLE = "1\n00:00:00,000 --> 00:00:01,000\nHello\n"


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, timeout=60)


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small real videos: an h264 feature (two audio languages, subtitles), a sample, an HEVC one."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (scripts/install.sh --test installs it)")
    folder = tmp_path_factory.mktemp("media")
    srt = folder / "sub.srt"
    srt.write_text(SUBTITLE)
    feature = folder / "feature.mkv"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=duration=20:size=320x240:rate=24",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=20:sample_rate=48000",
        "-i", str(srt),
        "-map", "0:v", "-map", "1:a", "-map", "1:a", "-map", "2:s",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a:0", "aac", "-ac:a:0", "2", "-c:a:1", "ac3", "-ac:a:1", "6", "-c:s", "srt",
        "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fre",
        "-metadata:s:s:0", "language=eng", str(feature),
    )  # fmt: skip
    sample = folder / "sample.mkv"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=24",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(sample),
    )  # fmt: skip
    hevc = folder / "hevc.mkv"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=duration=5:size=1280x720:rate=24",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=5:sample_rate=48000",
        "-map", "0:v", "-map", "1:a",
        "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
        "-x265-params", "log-level=error",
        "-c:a", "ac3", "-ac", "6", "-metadata:s:a:0", "language=ger", str(hevc),
    )  # fmt: skip
    return {"feature": feature, "sample": sample, "hevc": hevc, "srt": srt}


@pytest.fixture
def other_file_system(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs: a second file system, so hardlinks into it cannot be made."""
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)], check=False
    )
    if mounted.returncode != 0:
        pytest.skip("this environment does not allow mounting a tmpfs")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


@pytest.fixture
def client(storage_client: TestClient) -> TestClient:
    """Every import test that drives the API runs on SQLite and on PostgreSQL."""
    return storage_client
