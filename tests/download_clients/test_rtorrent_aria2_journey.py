"""rTorrent, Aria2 and Flood (from npm, over its own rTorrent) through the app, with the real
daemons: added with a test on save, a grab seen in the queue, completed and imported, removed,
and a failure blocklisted and searched again.

The grabbed torrent's video already sits in the client's download folder, so the client
completes it by hash check and Reelarr imports it without a transfer. The torrents announce to a
real tracker (opentracker): Flood reports a torrent whose tracker cannot be reached as an error,
which Reelarr, as Radarr, shows as a warning and does not import. rTorrent never reports
a failure itself, so there (and through Flood) the user marks the grab failed, as a Radarr user
on rTorrent does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import torf
from daemons import Daemon, Tracker, make_torrent
from fastapi.testclient import TestClient
from sqlalchemy import update

from reelarr import downloads
from reelarr.indexers import ReleaseInfo
from reelarr.models import Movie, MovieMetadata

sys.path.insert(0, str(Path(__file__).parents[1] / "downloads"))
from download_harness import FileServer, add_movie, call, context, fields


@pytest.fixture(scope="module")
def file_server() -> Iterator[FileServer]:
    server = FileServer()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(scope="module")
def tracker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tracker]:
    running = Tracker(tmp_path_factory.mktemp("tracker") / "chroot").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed (scripts/install.sh --test installs it)")
    path = tmp_path_factory.mktemp("video") / "feature.mkv"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=20:size=320x240:rate=24",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path


def _rtorrent_fields(daemon: Daemon, **extra: Any) -> dict[str, Any]:
    return {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
        **extra,
    }


def _aria2_fields(daemon: Daemon, **extra: Any) -> dict[str, Any]:
    return {"host": daemon.host, "port": daemon.port, "secretToken": daemon.password, **extra}


def _flood_fields(daemon: Daemon, **extra: Any) -> dict[str, Any]:
    return {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
        "tags": ["reelarr"],
        **extra,
    }


CLIENTS: dict[str, tuple[str, str, Callable[..., dict[str, Any]], str, str]] = {
    # name: (daemon fixture, implementation, settings, secret field, what a wrong secret says)
    "rtorrent": (
        "rtorrent_daemon",
        "RTorrent",
        _rtorrent_fields,
        "password",
        "rejected the username or password",
    ),
    "aria2": ("aria2_daemon", "Aria2", _aria2_fields, "secretToken", "rejected the secret token"),
    "flood": ("flood_daemon", "Flood", _flood_fields, "password", "rejected the username or password"),
}


def _release(file_server: FileServer, tracker: Tracker, title: str, payload: Path) -> tuple[ReleaseInfo, str]:
    torrent = torf.Torrent(path=payload, trackers=[tracker.announce_url], piece_size=32768)
    torrent.generate()
    tracker.allow(torrent.infohash)
    url = file_server.offer(f"{title}.torrent", torrent.dump())
    size = payload.stat().st_size
    release = ReleaseInfo(
        guid=title, title=title, size=size, download_url=url, indexer="Local", protocol="torrent"
    )
    return release, torrent.infohash


def _queue_until(client: TestClient, wanted: Callable[[list[dict[str, Any]]], bool]) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 30
    while True:
        call(client, downloads.refresh, context(client))
        records: list[dict[str, Any]] = client.get("/api/v3/queue").json()["records"]
        if wanted(records) or time.monotonic() > deadline:
            return records
        time.sleep(0.3)


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_a_release_is_grabbed_seen_in_the_queue_completed_imported_and_removed(
    name: str,
    request: pytest.FixtureRequest,
    client: TestClient,
    file_server: FileServer,
    tracker: Tracker,
    movies_root: Path,
    video: Path,
    tmp_path: Path,
) -> None:
    fixture, implementation, settings, secret, wrong_message = CLIENTS[name]
    daemon: Daemon = request.getfixturevalue(fixture)
    movie_id = add_movie(client, movies_root, "Journey Movie", 2019, 9001)
    call(client, _make_a_short, client, movie_id)
    resource = {"name": name, "implementation": implementation, "enable": True, "priority": 1, "tags": []}

    wrong = client.post(
        "/api/v3/downloadclient", json={**resource, "fields": fields(**settings(daemon, **{secret: "nope"}))}
    )
    assert wrong.status_code == 400
    assert (wrong.json()[0]["propertyName"], wrong_message in wrong.json()[0]["errorMessage"]) == (
        secret,
        True,
    )
    away = client.post(
        "/api/v3/downloadclient", json={**resource, "fields": fields(**settings(daemon, port=9))}
    )
    assert away.status_code == 400
    assert "cannot reach 127.0.0.1:9" in away.json()[0]["errorMessage"]
    added = client.post("/api/v3/downloadclient", json={**resource, "fields": fields(**settings(daemon))})
    assert added.status_code == 201, added.text
    assert (added.json()["protocol"], added.json()["configContract"]) == (
        "torrent",
        f"{implementation}Settings",
    )
    shown = {f["name"]: f["value"] for f in added.json()["fields"]}
    assert shown[secret] == "********"

    title = f"Journey.Movie.2019.1080p.BluRay.x264-{name.upper()}"
    payload = daemon.downloads / f"{title}.mkv"
    shutil.copyfile(video, payload)
    release, info_hash = _release(file_server, tracker, title, payload)
    download_id = call(client, downloads.grab, context(client), release, movie_id)
    assert download_id == info_hash

    (grabbed,) = client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]
    assert (grabbed["downloadId"], grabbed["data"]["downloadClient"]) == (download_id, name)

    def imported() -> bool:
        movie = client.get(f"/api/v3/movie/{movie_id}").json()
        return bool(movie.get("movieFile"))

    deadline = time.monotonic() + 30
    while not imported() and time.monotonic() < deadline:
        call(client, downloads.refresh, context(client))
        time.sleep(0.3)
    assert imported(), [
        (r["status"], r["trackedDownloadState"], r["statusMessages"])
        for r in client.get("/api/v3/queue").json()["records"]
    ]
    (record,) = client.get("/api/v3/history", params={"eventType": "downloadFolderImported"}).json()[
        "records"
    ]
    assert (record["downloadId"], record["sourceTitle"]) == (download_id, title)
    assert payload.exists(), "imported by hardlink or copy: the seeding file stays"

    # A second grab, still downloading, is removed from the queue and with it from the client.
    other = f"Journey.Movie.2019.720p.WEB-DL.x264-{name.upper()}"
    release, other_id = _release(file_server, tracker, other, make_torrent(tmp_path, f"{other}.mkv").payload)
    call(client, downloads.grab, context(client), release, movie_id)
    (item,) = _queue_until(client, lambda rs: any(r["downloadId"] == other_id for r in rs))
    assert (item["downloadId"], item["status"]) == (other_id, "downloading")
    assert (
        client.delete(f"/api/v3/queue/{item['id']}", params={"removeFromClient": "true"}).status_code == 200
    )
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0
    stored = next(d for d in call(client, _definitions, client) if d.name == name)
    left = call(client, downloads.client_for(stored, context(client)).items)
    assert other_id not in {i.download_id for i in left}


async def _make_a_short(client: TestClient, movie_id: int) -> None:
    """A 3-minute short (TMDB would say so): the 20-second video is then no sample."""
    async with context(client).db.write() as uow:
        movie = await uow.session.get(Movie, movie_id)
        assert movie is not None
        await uow.session.execute(
            update(MovieMetadata).where(MovieMetadata.id == movie.movie_metadata_id).values(runtime=3)
        )


async def _definitions(client: TestClient) -> Any:
    from reelarr.providers import definitions

    async with context(client).db.read() as session:
        return await definitions(session, "downloadclient")


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_a_failed_download_is_blocklisted_removed_from_the_client_and_searched_again(
    name: str,
    request: pytest.FixtureRequest,
    client: TestClient,
    file_server: FileServer,
    tracker: Tracker,
    movies_root: Path,
    tmp_path: Path,
) -> None:
    fixture, implementation, settings, _secret, _wrong = CLIENTS[name]
    daemon: Daemon = request.getfixturevalue(fixture)
    movie_id = add_movie(client, movies_root, "Broken Movie", 2011, 9102)
    resource = {"name": name, "implementation": implementation, "enable": True, "priority": 1}
    assert (
        client.post(
            "/api/v3/downloadclient", json={**resource, "fields": fields(**settings(daemon))}
        ).status_code
        == 201
    )
    title = f"Broken.Movie.2011.720p.BluRay.x264-{name.upper()}"
    # Its data is nowhere and nobody seeds it: it never completes.
    payload = make_torrent(tmp_path, f"{title}.mkv").payload
    release, info_hash = _release(file_server, tracker, title, payload)
    download_id = call(client, downloads.grab, context(client), release, movie_id)

    if name == "aria2":
        # Aria2 gives up on a torrent without progress (--bt-stop-timeout) and reports an error.
        _queue_until(client, lambda rs: not rs)
        (blocked,) = client.get("/api/v3/blocklist").json()["records"]
        assert "Aria2 reports" in blocked["message"]
    else:
        _queue_until(client, bool)
        (grabbed,) = client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]
        assert client.post(f"/api/v3/history/failed/{grabbed['id']}").status_code == 200
        (blocked,) = client.get("/api/v3/blocklist").json()["records"]
    assert (blocked["movieId"], blocked["sourceTitle"], blocked["protocol"]) == (movie_id, title, "torrent")
    (failed,) = client.get("/api/v3/history", params={"eventType": "downloadFailed"}).json()["records"]
    assert failed["downloadId"] == download_id == info_hash
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0
    stored = next(d for d in call(client, _definitions, client) if d.name == name)
    assert all(
        i.download_id != download_id
        for i in call(client, downloads.client_for(stored, context(client)).items)
    )
    if name == "aria2":
        commands = client.get("/api/v3/command").json()
        assert any(c["name"] == "MoviesSearch" and c["body"].get("movieIds") == [movie_id] for c in commands)
