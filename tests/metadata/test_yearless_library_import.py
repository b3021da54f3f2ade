"""Library import matches folders without a year, through their names, files and media info."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient


def _video(target: Path, title: str | None = None) -> None:
    """A real one-second video, with a container title when given."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (scripts/install.sh --test installs it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    metadata = ["-metadata", f"title={title}"] if title else []
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=24",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", *metadata, str(target)],
        check=True, timeout=60,
    )  # fmt: skip


def test_yearless_folders_are_matched_by_name_file_name_or_media_info_title(
    api: TestClient, movies_root: Path
) -> None:
    _video(movies_root / "The_Matrix" / "The_Matrix.mkv")
    _video(movies_root / "Inception.1080p.BluRay.x264-GROUP" / "inception.mkv")
    # TMDB's search finds Inception by its French title, but a yearless name must be the title.
    _video(movies_root / "Misc 07" / "Origine.mkv")
    _video(movies_root / "Disc 2" / "title_t00.mkv", title="The Matrix Revolutions")
    _video(movies_root / "Holiday Videos" / "beach.mkv")

    proposals = api.get("/api/v3/movie/import", params={"rootFolderId": 1}).json()

    matched = {p["name"]: (p["movie"] or {}).get("tmdbId") for p in proposals}
    assert matched == {
        "The_Matrix": 603,
        "Inception.1080p.BluRay.x264-GROUP": 27205,
        "Misc 07": None,
        "Disc 2": 605,
        "Holiday Videos": None,
    }


def test_a_yearless_folder_is_not_guessed_from_search_results_that_only_contain_its_title(
    api: TestClient, movies_root: Path
) -> None:
    # TMDB finds The Matrix Reloaded and The Matrix Revolutions for "Matrix Re"; neither is it.
    _video(movies_root / "Matrix Re" / "Matrix Re.mkv")
    proposals = api.get("/api/v3/movie/import", params={"rootFolderId": 1}).json()
    assert [(p["name"], p["movie"]) for p in proposals] == [("Matrix Re", None)]
