"""A completed download holding an executable or potentially dangerous file, and the grabbing
indexer's Fail Downloads setting (Radarr's rule): with nothing else to import, the download is
failed, blocklisted and searched again when the indexer names that kind of file, and held with
a warning when it does not; such a file is never brought into the library.

The download client is a torrent blackhole on real folders; the indexer is saved without a
server behind it (only its settings matter once the grab is made)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call

from reelarr import downloads
from reelarr.indexers import ReleaseInfo

TITLE = "Movie.Title.2020.1080p.BluRay.x264-GROUP"
EXECUTABLES, POTENTIALLY_DANGEROUS = 0, 1


def _fields(**values: Any) -> list[dict[str, Any]]:
    return [{"name": name, "value": value} for name, value in values.items()]


def _set_up(
    client: TestClient, movies_root: Path, tmp_path: Path, fail_downloads: list[int]
) -> dict[str, Any]:
    """A library movie, a blackhole client, an indexer with ``fail_downloads``, and a grab from it."""
    media = client.get("/api/v3/config/mediamanagement").json()
    media.update(importExtraFiles=True, extraFileExtensions="srt,exe,lnk")
    assert client.put("/api/v3/config/mediamanagement", json=media).status_code == 202
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    torrents, watch = tmp_path / "torrents", tmp_path / "watch"
    torrents.mkdir()
    watch.mkdir()
    blackhole = {
        "name": "Blackhole",
        "implementation": "TorrentBlackhole",
        "configContract": "TorrentBlackholeSettings",
        "enable": True,
        "priority": 1,
        "fields": _fields(torrentFolder=str(torrents), watchFolder=str(watch), saveMagnetFiles=True),
    }
    assert client.post("/api/v3/downloadclient", json=blackhole).status_code == 201
    indexer = {
        "name": "Careful Tracker",
        "implementation": "Torznab",
        "configContract": "TorznabSettings",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "fields": _fields(baseUrl="http://127.0.0.1:9", apiKey="key", failDownloads=fail_downloads),
    }
    created = client.post("/api/v3/indexer", params={"forceSave": "true"}, json=indexer)
    assert created.status_code == 201, created.text
    release = ReleaseInfo(
        guid=TITLE,
        title=TITLE,
        size=1000,
        magnet_url="magnet:?xt=urn:btih:" + "ab" * 20,
        indexer="Careful Tracker",
        indexer_id=created.json()["id"],
        protocol="torrent",
    )
    download_id = call(client, downloads.grab, release, movie_id)
    return {"movie_id": movie_id, "watch": watch, "download_id": download_id}


def _complete(watch: Path, files: dict[str, Path | bytes]) -> Path:
    """The finished download in the watch folder, old enough for the blackhole to call it done."""
    folder = watch / TITLE
    folder.mkdir()
    for name, content in files.items():
        if isinstance(content, Path):
            shutil.copy(content, folder / name)
        else:
            (folder / name).write_bytes(content)
    then = time.time() - 3600
    for entry in [*folder.iterdir(), folder]:
        os.utime(entry, (then, then))
    return folder


def _searches(client: TestClient, movie_id: int) -> list[dict[str, Any]]:
    commands = client.get("/api/v3/command").json()
    return [c for c in commands if c["name"] == "MoviesSearch" and c["body"].get("movieIds") == [movie_id]]


def test_an_executable_and_no_video_from_an_indexer_failing_executables_is_failed_blocklisted_and_searched(
    client: TestClient, movies_root: Path, tmp_path: Path
) -> None:
    grab = _set_up(client, movies_root, tmp_path, [EXECUTABLES])
    _complete(grab["watch"], {"setup.exe": b"MZ\x90\x00", "README.txt": b"run setup.exe to play"})

    call(client, downloads.refresh)

    (blocked,) = client.get("/api/v3/blocklist").json()["records"]
    assert (blocked["movieId"], blocked["sourceTitle"], blocked["indexer"]) == (
        grab["movie_id"],
        TITLE,
        "Careful Tracker",
    )
    assert blocked["message"] == (
        "Caution: Found executable file setup.exe; the indexer Careful Tracker is set to fail such downloads"
    )
    (failed,) = client.get("/api/v3/history", params={"eventType": "downloadFailed"}).json()["records"]
    assert failed["downloadId"] == grab["download_id"]
    assert _searches(client, grab["movie_id"]), "a failed download is searched for again"
    assert not list(movies_root.rglob("*.exe"))
    assert client.get(f"/api/v3/movie/{grab['movie_id']}").json()["hasFile"] is False


@pytest.mark.parametrize(
    ("fail_downloads", "files", "warning"),
    [
        ([], ["setup.exe"], "Caution: Found executable file setup.exe"),
        ([POTENTIALLY_DANGEROUS], ["setup.exe"], "Caution: Found executable file setup.exe"),
        # Radarr looks for potentially dangerous files first: the shortcut decides, not the .exe.
        ([EXECUTABLES], ["setup.exe", "Play.lnk"], "Caution: Found potentially dangerous file Play.lnk"),
    ],
)
def test_an_unsafe_file_the_indexer_does_not_fail_on_holds_the_download_with_a_warning(
    client: TestClient,
    movies_root: Path,
    tmp_path: Path,
    fail_downloads: list[int],
    files: list[str],
    warning: str,
) -> None:
    grab = _set_up(client, movies_root, tmp_path, fail_downloads)
    _complete(grab["watch"], dict.fromkeys(files, b"MZ\x90\x00"))

    (tracked,) = call(client, downloads.refresh)

    assert (tracked.state, tracked.status, tracked.messages) == ("importPending", "warning", [warning])
    (item,) = client.get("/api/v3/queue").json()["records"]
    assert item["trackedDownloadState"] == "importPending"
    assert client.get("/api/v3/blocklist").json()["records"] == []
    assert not _searches(client, grab["movie_id"])
    assert not list(movies_root.rglob("*.exe")) and not list(movies_root.rglob("*.lnk"))


def test_a_movie_beside_an_executable_imports_without_it_even_from_an_indexer_failing_both_kinds(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    """Radarr fails a download only when nothing in it imports; the executable and the shortcut
    stay behind although the extra file extensions name them."""
    grab = _set_up(client, movies_root, tmp_path, [EXECUTABLES, POTENTIALLY_DANGEROUS])
    _complete(
        grab["watch"],
        {
            f"{TITLE}.mkv": media["feature"],
            f"{TITLE}.en.srt": media["srt"],
            "setup.exe": b"MZ",
            "Play.lnk": b"L",
        },
    )

    call(client, downloads.refresh)

    movie = client.get(f"/api/v3/movie/{grab['movie_id']}").json()
    assert movie["hasFile"] is True
    assert sorted(p.suffix for p in Path(movie["path"]).iterdir()) == [".mkv", ".srt"]
    assert client.get("/api/v3/blocklist").json()["records"] == []
    (imported,) = client.get("/api/v3/history", params={"eventType": "downloadFolderImported"}).json()[
        "records"
    ]
    assert imported["downloadId"] == grab["download_id"]
