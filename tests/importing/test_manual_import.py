"""Manual import lists a folder's files with movie, quality and rejections, and imports the user's pick."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call, download, enable_renaming, run_command


def test_manual_import_proposes_each_file_with_its_movie_quality_and_rejections(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    folder = tmp_path / "manual"
    download(folder, media, "Movie.Title.2020.720p.WEB-DL.DDP5.1.H.264-NTb")
    shutil.copy(media["feature"], folder / "home video.mkv")

    proposed = client.get("/api/v3/manualimport", params={"folder": str(folder)}).json()

    by_name = {item["name"]: item for item in proposed}
    assert sorted(by_name) == [
        "Movie.Title.2020.720p.WEB-DL.DDP5.1.H.264-NTb",
        "Movie.Title.2020.720p.WEB-DL.DDP5.1.H.264-NTb-sample",
        "home video",
    ]
    feature = by_name["Movie.Title.2020.720p.WEB-DL.DDP5.1.H.264-NTb"]
    assert feature["movie"]["id"] == movie_id
    assert feature["movie"]["title"] == "Movie Title"
    assert feature["quality"]["quality"]["name"] == "WEBDL-720p"
    assert feature["releaseGroup"] == "NTb"
    assert feature["rejections"] == []
    assert feature["relativePath"] == (
        "Movie.Title.2020.720p.WEB-DL.DDP5.1.H.264-NTb/Movie.Title.2020.720p.WEB-DL.DDP5.1.H.264-NTb.mkv"
    )
    assert by_name["Movie.Title.2020.720p.WEB-DL.DDP5.1.H.264-NTb-sample"]["rejections"] == [
        {"reason": "Sample", "type": "permanent"}
    ]
    home = by_name["home video"]
    assert home["movie"] is None
    assert home["quality"]["quality"]["name"] == "Unknown", "no name tells the source"
    assert home["rejections"] == [{"reason": "Unknown Movie", "type": "permanent"}]


def test_manual_import_imports_the_users_pick_with_the_movie_quality_and_group_they_set(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    enable_renaming(client)
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    folder = tmp_path / "manual"
    folder.mkdir()
    shutil.copy(media["feature"], folder / "home video.mkv")
    proposed = client.get("/api/v3/manualimport", params={"folder": str(folder), "movieId": movie_id}).json()
    assert proposed[0]["movie"]["id"] == movie_id, "the movie the user opened manual import from"
    bluray = {"quality": {"id": 7, "name": "Bluray-1080p"}, "revision": {"version": 1, "real": 0}}

    command = run_command(
        client,
        {
            "name": "ManualImport",
            "importMode": "move",
            "files": [
                {
                    "path": proposed[0]["path"],
                    "movieId": movie_id,
                    "quality": bluray,
                    "languages": [{"id": 2, "name": "French"}],
                    "releaseGroup": "HOME",
                }
            ],
        },
    )

    assert command["status"] == "completed", command
    movie = client.get(f"/api/v3/movie/{movie_id}").json()
    assert movie["movieFile"]["relativePath"] == "Movie Title (2020) Bluray-1080p.mkv"
    assert movie["movieFile"]["releaseGroup"] == "HOME"
    assert movie["movieFile"]["languages"] == [{"id": 2, "name": "French"}]
    assert not (folder / "home video.mkv").exists(), "moved, as the user asked"
    again = client.get(
        "/api/v3/manualimport",
        params={"folder": str(movies_root / "Movie Title (2020)"), "filterExistingFiles": True},
    ).json()
    assert again == [], "a file the library has is not proposed again"


def test_manual_import_without_a_folder_or_download_is_refused(client: TestClient) -> None:
    response = client.get("/api/v3/manualimport")

    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "folder"
