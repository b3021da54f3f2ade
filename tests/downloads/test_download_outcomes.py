"""What becomes of a download: completed and waiting for import, failed and blocklisted, a client
that is down when grabbing or while tracking."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
import qbittorrentapi
import transmission_rpc
from daemons import Daemon, make_torrent, qbittorrent
from download_harness import FileServer, add_movie, call, context, fields
from fastapi.testclient import TestClient
from sqlalchemy import select

from reelarr import downloads
from reelarr.indexers import ReleaseInfo
from reelarr.models import PendingRelease, ProviderStatus
from reelarr.search import release_document


def _add_client(client: TestClient, name: str, implementation: str, daemon: Daemon, **extra: Any) -> int:
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
    }
    body = {"name": name, "implementation": implementation, "enable": True, "priority": 1}
    body["fields"] = fields(**settings, **extra)
    response = client.post("/api/v3/downloadclient", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _release(file_server: FileServer, folder: Path, title: str) -> tuple[ReleaseInfo, Any]:
    fixture = make_torrent(folder, f"{title}.mkv", size=96_000)
    url = file_server.offer(f"{title}.torrent", fixture.torrent)
    release = ReleaseInfo(
        guid=title, title=title, size=96_000, download_url=url, indexer="Local", protocol="torrent"
    )
    return release, fixture


def _queue_until(client: TestClient, wanted: Any, timeout: float = 20) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        call(client, downloads.refresh, context(client))
        records: list[dict[str, Any]] = client.get("/api/v3/queue").json()["records"]
        if wanted(records) or time.monotonic() > deadline:
            return records
        time.sleep(0.3)


def test_a_torrent_whose_data_is_present_completes_and_waits_for_import(
    client: TestClient, qbittorrent_daemon: Daemon, file_server: FileServer, movies_root: Path
) -> None:
    movie_id = add_movie(client, movies_root, "Present Movie", 2010, 9101)
    _add_client(client, "qBittorrent", "QBittorrent", qbittorrent_daemon)
    title = "Present.Movie.2010.1080p.BluRay.x264-GRP"
    release, _fixture = _release(file_server, qbittorrent_daemon.downloads, title)
    call(client, downloads.grab, context(client), release, movie_id)

    records = _queue_until(client, lambda rs: rs and rs[0]["status"] == "completed")
    (item,) = records
    assert (item["status"], item["trackedDownloadState"]) == ("completed", "importPending")
    assert item["sizeleft"] == 0
    assert item["outputPath"].endswith(f"{title}.mkv")


def test_a_completed_download_out_of_reach_warns_of_a_remote_path_mapping_until_the_mapped_path_exists(
    client: TestClient, qbittorrent_daemon: Daemon, file_server: FileServer, movies_root: Path, tmp_path: Path
) -> None:
    """The client reports its own path; through a mapping for its host Reelarr looks elsewhere,
    warns while nothing is there, and takes the download for import once the file is."""
    movie_id = add_movie(client, movies_root, "Mapped Movie", 2012, 9107)
    _add_client(client, "qBittorrent", "QBittorrent", qbittorrent_daemon)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    mapping = {
        "host": qbittorrent_daemon.host,
        "remotePath": str(qbittorrent_daemon.downloads),
        "localPath": str(mirror),
    }
    assert client.post("/api/v3/remotepathmapping", json=mapping).status_code == 201
    title = "Mapped.Movie.2012.1080p.BluRay.x264-GRP"
    release, fixture = _release(file_server, qbittorrent_daemon.downloads, title)
    call(client, downloads.grab, context(client), release, movie_id)

    (item,) = _queue_until(client, lambda rs: rs and rs[0]["trackedDownloadStatus"] == "warning")
    mapped = mirror / fixture.payload.name
    assert item["statusMessages"][0]["messages"] == [
        f"The download's path {mapped} is not reachable from Reelarr; "
        "check the download client's folders or add a remote path mapping"
    ]

    mapped.write_bytes(fixture.payload.read_bytes())
    (item,) = _queue_until(client, lambda rs: rs and rs[0]["trackedDownloadStatus"] == "ok")
    assert (item["status"], item["trackedDownloadState"]) == ("completed", "importPending")
    assert item["outputPath"] == str(mapped)


def test_a_torrent_the_client_reports_as_errored_is_failed_blocklisted_removed_and_searched_again(
    client: TestClient, transmission_daemon: Daemon, file_server: FileServer, movies_root: Path
) -> None:
    movie_id = add_movie(client, movies_root, "Broken Movie", 2011, 9102)
    _add_client(
        client,
        "Transmission",
        "Transmission",
        transmission_daemon,
        movieDirectory=str(transmission_daemon.downloads),
    )
    title = "Broken.Movie.2011.720p.BluRay.x264-GRP"
    release, fixture = _release(file_server, transmission_daemon.downloads, title)
    download_id = call(client, downloads.grab, context(client), release, movie_id)
    _queue_until(client, lambda rs: rs and rs[0]["status"] == "completed")

    # Data gone under a seeding torrent: Transmission 3 reports "No data found!" once restarted.
    fixture.payload.unlink()
    rpc = transmission_rpc.Client(
        host=transmission_daemon.host,
        port=transmission_daemon.port,
        username=transmission_daemon.username,
        password=transmission_daemon.password,
    )
    rpc.stop_torrent(download_id)
    while rpc.get_torrent(download_id).status != "stopped":
        time.sleep(0.1)
    time.sleep(0.5)
    rpc.start_torrent(download_id)
    deadline = time.monotonic() + 15
    while not rpc.get_torrent(download_id).error and time.monotonic() < deadline:
        time.sleep(0.2)
    assert rpc.get_torrent(download_id).error

    call(client, downloads.refresh, context(client))

    (blocked,) = client.get("/api/v3/blocklist").json()["records"]
    assert (blocked["movieId"], blocked["sourceTitle"], blocked["protocol"]) == (movie_id, title, "torrent")
    assert "No data found" in blocked["message"]
    (failed,) = client.get("/api/v3/history", params={"eventType": "downloadFailed"}).json()["records"]
    assert failed["downloadId"] == download_id
    assert download_id not in {t.hash_string for t in rpc.get_torrents()}
    commands = client.get("/api/v3/command").json()
    assert any(c["name"] == "MoviesSearch" and c["body"].get("movieIds") == [movie_id] for c in commands)
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0


def test_a_grab_falls_through_to_the_next_client_when_the_first_is_down(
    client: TestClient,
    transmission_daemon: Daemon,
    file_server: FileServer,
    movies_root: Path,
    tmp_path: Path,
) -> None:
    movie_id = add_movie(client, movies_root, "Fallback Movie", 2012, 9103)
    down = {"name": "Down", "implementation": "QBittorrent", "enable": True, "priority": 1}
    down["fields"] = fields(host="127.0.0.1", port=9, username="admin", password="x")
    response = client.post("/api/v3/downloadclient", params={"forceSave": "true"}, json=down)
    assert response.status_code == 201, response.text
    down_id = response.json()["id"]
    second = {"name": "Second", "implementation": "Transmission", "enable": True, "priority": 2}
    second["fields"] = fields(
        host=transmission_daemon.host,
        port=transmission_daemon.port,
        username=transmission_daemon.username,
        password=transmission_daemon.password,
    )
    assert client.post("/api/v3/downloadclient", json=second).status_code == 201

    release, fixture = _release(file_server, tmp_path, "Fallback.Movie.2012.1080p.WEB-DL.x264-GRP")
    download_id = call(client, downloads.grab, context(client), release, movie_id)
    assert download_id == fixture.info_hash

    (grabbed,) = client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]
    assert grabbed["data"]["downloadClient"] == "Second"
    assert "Down: Unable to connect to qBittorrent" in grabbed["data"]["failedDownloadClients"]
    (status,) = client.get("/api/v3/downloadclientstatus").json()
    assert status["downloadClientId"] == down_id and status["disabledTill"]
    client.delete(f"/api/v3/queue/{_queue_until(client, bool)[0]['id']}")


@pytest.fixture
def own_qbittorrent(tmp_path: Path) -> Any:
    daemon = qbittorrent(tmp_path / "own-qbittorrent", peer_address="127.0.0.9").start()
    yield daemon
    daemon.stop()


def test_a_daemon_killed_mid_tracking_gives_a_warning_and_tracking_resumes_when_it_returns(
    client: TestClient, own_qbittorrent: Daemon, file_server: FileServer, movies_root: Path, tmp_path: Path
) -> None:
    movie_id = add_movie(client, movies_root, "Killed Movie", 2013, 9104)
    client_id = _add_client(client, "Mortal", "QBittorrent", own_qbittorrent)
    release, _fixture = _release(file_server, tmp_path, "Killed.Movie.2013.1080p.BluRay.x264-GRP")
    call(client, downloads.grab, context(client), release, movie_id)
    assert len(_queue_until(client, bool)) == 1

    own_qbittorrent.kill()
    call(client, downloads.refresh, context(client))
    health = client.get("/api/v3/health").json()
    assert any(i["source"] == "DownloadClientCheck" and "Mortal" in i["message"] for i in health)
    assert [s["downloadClientId"] for s in client.get("/api/v3/downloadclientstatus").json()] == [client_id]
    (item,) = client.get("/api/v3/queue").json()["records"]
    assert item["status"] == "downloadClientUnavailable"

    own_qbittorrent.start()
    (item,) = _queue_until(client, lambda rs: rs and rs[0]["status"] != "downloadClientUnavailable")
    assert item["movieId"] == movie_id
    assert not any(i["source"].startswith("DownloadClient") for i in client.get("/api/v3/health").json())
    assert len(client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]) == 1


def test_a_download_stalled_past_the_limit_is_failed_and_blocklisted(
    client: TestClient, qbittorrent_daemon: Daemon, file_server: FileServer, movies_root: Path, tmp_path: Path
) -> None:
    movie_id = add_movie(client, movies_root, "Stalled Movie", 2014, 9105)
    client_id = _add_client(client, "qBittorrent", "QBittorrent", qbittorrent_daemon)
    release, _fixture = _release(file_server, tmp_path, "Stalled.Movie.2014.1080p.BluRay.x264-GRP")
    call(client, downloads.grab, context(client), release, movie_id)
    (item,) = _queue_until(client, lambda rs: rs and rs[0]["status"] == "warning")
    assert item["statusMessages"][0]["messages"] == ["The download is stalled with no connections"]

    async def stalled_since_seven_hours_ago() -> None:
        async with context(client).db.write() as uow:
            status = await uow.session.scalar(
                select(ProviderStatus).where(ProviderStatus.provider_id == client_id)
            )
            assert status is not None
            since = (context(client).clock() - dt.timedelta(hours=7)).isoformat()
            status.data = {**status.data, "stalledSince": dict.fromkeys(status.data["stalledSince"], since)}

    call(client, stalled_since_seven_hours_ago)
    call(client, downloads.refresh, context(client))
    (blocked,) = client.get("/api/v3/blocklist").json()["records"]
    assert blocked["message"] == "The download was stalled for more than 6 hours"
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0


def test_a_download_added_by_hand_in_reelarrs_category_is_picked_up_and_matched_by_name(
    client: TestClient, qbittorrent_daemon: Daemon, movies_root: Path, tmp_path: Path
) -> None:
    movie_id = add_movie(client, movies_root, "Manual Movie", 2015, 9106)
    _add_client(client, "qBittorrent", "QBittorrent", qbittorrent_daemon)
    fixture = make_torrent(tmp_path, "Manual.Movie.2015.2160p.WEB-DL.x265-GRP.mkv")
    by_hand = qbittorrentapi.Client(
        host=f"http://{qbittorrent_daemon.host}:{qbittorrent_daemon.port}",
        username=qbittorrent_daemon.username,
        password=qbittorrent_daemon.password,
    )
    by_hand.torrents_add(torrent_files=fixture.torrent, category="radarr")

    (item,) = _queue_until(client, lambda rs: any(r["downloadId"] == fixture.info_hash for r in rs))
    assert (item["movieId"], item["downloadId"], item["added"]) == (movie_id, fixture.info_hash, None)
    assert item["quality"]["quality"]["name"] == "WEBDL-2160p"
    assert client.get("/api/v3/history").json()["totalRecords"] == 0
    client.delete(f"/api/v3/queue/{item['id']}")


def test_a_release_waiting_out_a_delay_is_in_the_queue_and_can_be_grabbed_at_once(
    client: TestClient,
    transmission_daemon: Daemon,
    file_server: FileServer,
    movies_root: Path,
    tmp_path: Path,
) -> None:
    movie_id = add_movie(client, movies_root, "Waiting Movie", 2016, 9107)
    _add_client(client, "Transmission", "Transmission", transmission_daemon)
    release, fixture = _release(file_server, tmp_path, "Waiting.Movie.2016.1080p.BluRay.x264-GRP")

    async def wait_for_delay() -> None:
        async with context(client).db.write() as uow:
            uow.session.add(
                PendingRelease(
                    movie_id=movie_id, title=release.title, release=release_document(release), reason="delay"
                )
            )

    call(client, wait_for_delay)
    (waiting,) = client.get("/api/v3/queue").json()["records"]
    assert (waiting["status"], waiting["title"], waiting["protocol"]) == ("delay", release.title, "torrent")

    assert client.post(f"/api/v3/queue/grab/{waiting['id']}").status_code == 200
    (grabbed,) = client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]
    assert grabbed["downloadId"] == fixture.info_hash
    (item,) = _queue_until(client, bool)
    assert item["downloadId"] == fixture.info_hash
    client.delete(f"/api/v3/queue/{item['id']}")


def test_a_grab_marked_as_failed_from_history_leaves_the_client_and_is_blocklisted(
    client: TestClient,
    transmission_daemon: Daemon,
    file_server: FileServer,
    movies_root: Path,
    tmp_path: Path,
) -> None:
    movie_id = add_movie(client, movies_root, "Marked Movie", 2017, 9108)
    _add_client(client, "Transmission", "Transmission", transmission_daemon)
    release, fixture = _release(file_server, tmp_path, "Marked.Movie.2017.1080p.BluRay.x264-GRP")
    call(client, downloads.grab, context(client), release, movie_id)
    _queue_until(client, bool)

    (grabbed,) = client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]
    assert client.post(f"/api/v3/history/failed/{grabbed['id']}").status_code == 200

    (blocked,) = client.get("/api/v3/blocklist").json()["records"]
    assert (blocked["movieId"], blocked["message"]) == (movie_id, "Manually marked as failed")
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0
    rpc = transmission_rpc.Client(
        host=transmission_daemon.host,
        port=transmission_daemon.port,
        username=transmission_daemon.username,
        password=transmission_daemon.password,
    )
    assert fixture.info_hash not in {t.hash_string for t in rpc.get_torrents()}
    assert client.post("/api/v3/history/failed/999999").status_code == 404
