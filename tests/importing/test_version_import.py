"""A download goes to the movie version that grabbed it, named the way Plex and Jellyfin group
versions, and an upgrade replaces only its own version's file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from import_helpers import (
    add_library_movie,
    call,
    download,
    enable_renaming,
    run_command,
    set_media_management,
)

from reelarr import importing
from reelarr.context import Context
from reelarr.files import TransferMode
from reelarr.importing import GRABBED_EVENT
from reelarr.models import HistoryRecord
from reelarr.versions import VERSION_KEY


async def _grabbed(ctx: Context, movie_id: int, title: str, download_id: str, version_id: int | None) -> None:
    """The history a grab leaves (downloads.grab writes the same record)."""
    async with ctx.db.write() as uow:
        uow.session.add(
            HistoryRecord(
                movie_id=movie_id,
                event_type=GRABBED_EVENT,
                source_title=title,
                quality={},
                download_id=download_id,
                data={"protocol": "torrent", **({VERSION_KEY: str(version_id)} if version_id else {})},
            )
        )


def _versions(client: TestClient, movie_id: int) -> dict[str, dict[str, Any]]:
    listed = client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()
    return {version["name"]: version for version in listed}


def _import(client: TestClient, folder: Path, movie_id: int, download_id: str) -> importing.ImportResult:
    return call(client, importing.import_download, folder, movie_id, download_id, TransferMode.COPY)


def test_each_download_goes_to_the_version_that_grabbed_it_and_an_upgrade_replaces_only_its_own(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    enable_renaming(client, standardMovieFormat="{Movie Title} ({Release Year})")
    set_media_management(client, recycleBin=str(tmp_path / "bin"))
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    profiles = {p["name"]: p["id"] for p in client.get("/api/v3/qualityprofile").json()}
    [default] = _versions(client, movie_id).values()
    assert (
        client.put(f"/api/v3/movieversion/{default['id']}", json={**default, "name": "1080p"}).status_code
        == 202
    )
    four_k = client.post(
        "/api/v3/movieversion",
        json={"movieId": movie_id, "name": "4K", "qualityProfileId": profiles["Ultra-HD"]},
    ).json()

    uhd_release = "Movie.Title.2020.2160p.UHD.BluRay.x265-GROUP"
    call(client, _grabbed, movie_id, uhd_release, "uhd", four_k["id"])
    uhd = download(tmp_path / "d1", media, uhd_release, sample=False, subtitle=False)
    assert _import(client, uhd, movie_id, "uhd").imported

    hd_release = "Movie.Title.2020.1080p.WEB-DL.x264-GROUP"
    call(client, _grabbed, movie_id, hd_release, "hd", None)
    hd = download(tmp_path / "d2", media, hd_release, sample=False, subtitle=False)
    assert _import(client, hd, movie_id, "hd").imported

    folder = movies_root / "Movie Title (2020)"
    assert sorted(p.name for p in folder.iterdir()) == [
        "Movie Title (2020) - 1080p.mkv",
        "Movie Title (2020) - 4K.mkv",
    ]
    shown = _versions(client, movie_id)
    assert shown["4K"]["movieFile"]["relativePath"] == "Movie Title (2020) - 4K.mkv"
    assert shown["4K"]["movieFile"]["quality"]["quality"]["name"] == "Bluray-2160p"
    assert shown["1080p"]["movieFile"]["relativePath"] == "Movie Title (2020) - 1080p.mkv"
    assert shown["1080p"]["movieFile"]["quality"]["quality"]["name"] == "WEBDL-1080p"
    movie = client.get(f"/api/v3/movie/{movie_id}").json()
    assert movie["movieFile"]["id"] == shown["1080p"]["movieFile"]["id"], "API v3 shows the default version"

    better_release = "Movie.Title.2020.1080p.BluRay.x264-GROUP"
    call(client, _grabbed, movie_id, better_release, "better", None)
    better = download(tmp_path / "d3", media, better_release, sample=False, subtitle=False)
    result = _import(client, better, movie_id, "better")
    assert result.imported and result.imported[0].is_upgrade

    upgraded = _versions(client, movie_id)
    assert upgraded["1080p"]["movieFile"]["quality"]["quality"]["name"] == "Bluray-1080p"
    assert upgraded["4K"]["movieFile"] == shown["4K"]["movieFile"], "the 4K file is untouched"
    assert sorted(p.name for p in folder.iterdir()) == [
        "Movie Title (2020) - 1080p.mkv",
        "Movie Title (2020) - 4K.mkv",
    ]
    assert [p.name for p in (tmp_path / "bin").iterdir()] == ["Movie Title (2020) - 1080p.mkv"]


def test_the_version_token_places_the_version_name_where_the_format_says(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    enable_renaming(client, standardMovieFormat="{Movie Title} ({Release Year}) [{Version}] {Quality Full}")
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    profiles = {p["name"]: p["id"] for p in client.get("/api/v3/qualityprofile").json()}
    four_k = client.post(
        "/api/v3/movieversion",
        json={"movieId": movie_id, "name": "4K", "qualityProfileId": profiles["Ultra-HD"]},
    ).json()
    release = "Movie.Title.2020.2160p.UHD.BluRay.x265-GROUP"
    call(client, _grabbed, movie_id, release, "uhd", four_k["id"])
    assert _import(
        client, download(tmp_path / "d", media, release, sample=False, subtitle=False), movie_id, "uhd"
    )

    assert [p.name for p in (movies_root / "Movie Title (2020)").iterdir()] == [
        "Movie Title (2020) [4K] Bluray-2160p.mkv"
    ]


def test_manual_import_puts_the_file_in_the_version_the_user_picks(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    enable_renaming(client, standardMovieFormat="{Movie Title} ({Release Year})")
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    other_id = call(client, add_library_movie, movies_root, "Other Movie", 2021)
    profiles = {p["name"]: p["id"] for p in client.get("/api/v3/qualityprofile").json()}
    four_k = client.post(
        "/api/v3/movieversion",
        json={"movieId": movie_id, "name": "4K", "qualityProfileId": profiles["Ultra-HD"]},
    ).json()
    folder = tmp_path / "manual"
    folder.mkdir()
    shutil.copy(media["feature"], folder / "home video.mkv")
    uhd = {"quality": {"id": 19, "name": "Bluray-2160p"}, "revision": {"version": 1, "real": 0}}
    chosen = {"path": str(folder / "home video.mkv"), "movieId": movie_id, "quality": uhd}

    shown = client.post("/api/v3/manualimport", json=[{**chosen, "movieVersionId": four_k["id"]}]).json()
    assert shown[0]["movieVersionId"] == four_k["id"] and shown[0]["rejections"] == []
    wrong = client.post(
        "/api/v3/manualimport", json=[{**chosen, "movieId": other_id, "movieVersionId": four_k["id"]}]
    )
    assert wrong.json()[0]["rejections"] == [
        {"reason": f"Version {four_k['id']} is not a version of this movie", "type": "permanent"}
    ]

    command = run_command(
        client,
        {"name": "ManualImport", "importMode": "copy", "files": [{**chosen, "movieVersionId": four_k["id"]}]},
    )

    assert command["status"] == "completed", command
    versions = _versions(client, movie_id)
    assert versions["4K"]["movieFile"]["relativePath"] == "Movie Title (2020) - 4K.mkv"
    assert versions[""]["hasFile"] is False, "the default version is left as it was"
    assert client.get(f"/api/v3/movie/{movie_id}").json()["hasFile"] is False


def test_a_failed_grab_is_blocklisted_for_the_version_it_was_grabbed_for(
    client: TestClient, movies_root: Path
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    profiles = {p["name"]: p["id"] for p in client.get("/api/v3/qualityprofile").json()}
    four_k = client.post(
        "/api/v3/movieversion",
        json={"movieId": movie_id, "name": "4K", "qualityProfileId": profiles["Ultra-HD"]},
    ).json()
    call(client, _grabbed, movie_id, "Movie.Title.2020.2160p.UHD.BluRay.x265-GRP", "uhd", four_k["id"])
    call(client, _grabbed, movie_id, "Movie.Title.2020.1080p.BluRay.x264-GRP", "hd", None)

    for grab in client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]:
        assert client.post(f"/api/v3/history/failed/{grab['id']}").status_code == 200

    blocked = client.get("/api/v3/blocklist/movie", params={"movieId": movie_id}).json()
    assert {b["sourceTitle"]: b["movieVersionId"] for b in blocked} == {
        "Movie.Title.2020.2160p.UHD.BluRay.x265-GRP": four_k["id"],
        "Movie.Title.2020.1080p.BluRay.x264-GRP": None,
    }
