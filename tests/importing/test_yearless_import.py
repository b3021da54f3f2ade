"""Manual import matches files and folders without a year to the one library movie they name."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call


def _proposals(client: TestClient, folder: Path) -> dict[str, dict]:
    proposed = client.get("/api/v3/manualimport", params={"folder": str(folder)}).json()
    return {item["name"]: item for item in proposed}


def test_a_yearless_file_name_matches_the_one_library_movie_with_that_title(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    italian_job = call(client, add_library_movie, movies_root, "The Italian Job", 2003)
    call(client, add_library_movie, movies_root, "Hua Mulan", 2009)
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(media["feature"], folder / "The_Italian_Job.mkv")
    shutil.copy(media["feature"], folder / "Hua.Mulan.BRRIP.x264.720p-HR.mkv")

    proposed = _proposals(client, folder)

    assert proposed["The_Italian_Job"]["movie"]["id"] == italian_job
    assert proposed["The_Italian_Job"]["rejections"] == []
    mulan = proposed["Hua.Mulan.BRRIP.x264.720p-HR"]
    assert mulan["movie"]["title"] == "Hua Mulan"
    assert mulan["quality"]["quality"]["name"] == "Bluray-720p", "the lenient reading names the quality"
    assert mulan["releaseGroup"] == "HR"


def test_a_yearless_folder_names_the_movie_when_the_file_name_does_not(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "Redline", 2009)
    folder = tmp_path / "downloads" / "REDLINE (BD 1080p H264 10bit FLAC) [3xR]"
    folder.mkdir(parents=True)
    shutil.copy(media["feature"], folder / "x7f3a9.mkv")

    proposed = _proposals(client, folder)

    assert proposed["x7f3a9"]["movie"]["id"] == movie_id
    assert proposed["x7f3a9"]["rejections"] == []


def test_the_media_info_title_names_the_movie_when_no_name_does(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "The Right Stuff", 1983)
    folder = tmp_path / "disc"
    folder.mkdir()
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(media["feature"]), "-map", "0", "-c", "copy",
         "-metadata", "title=The Right Stuff", str(folder / "title_t00.mkv")],
        check=True, timeout=60,
    )  # fmt: skip

    proposed = _proposals(client, folder)

    assert proposed["title_t00"]["movie"]["id"] == movie_id


def test_a_yearless_title_shared_by_two_library_movies_matches_neither(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    call(client, add_library_movie, movies_root, "Halloween", 1978)
    # The 2018 film, spelt so the helper gives it its own TMDB id; its clean title is the same.
    call(client, add_library_movie, movies_root, "Halloween.", 2018)
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(media["feature"], folder / "Halloween.1080p.BluRay.x264-GRP.mkv")

    proposed = _proposals(client, folder)

    item = proposed["Halloween.1080p.BluRay.x264-GRP"]
    assert item["movie"] is None
    assert item["rejections"] == [{"reason": "Unknown Movie", "type": "permanent"}]
