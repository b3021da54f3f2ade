"""Flood against a local server speaking its API (jwt cookie session, tags, JSON bodies)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from daemons import make_torrent
from flood_server import FloodServer, running_flood

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.flood import Flood
from reelarr.http import HttpClient
from reelarr.providers import Definition


@pytest.fixture
def flood() -> Iterator[FloodServer]:
    with running_flood() as server:
        yield server


def _client(server: FloodServer, http: HttpClient, **overrides: object) -> Flood:
    address = urlsplit(server.base_url)
    settings = {
        "host": address.hostname,
        "port": address.port,
        "username": server.username,
        "password": server.password,
    }
    return Flood(Definition(9, "Flood", "Flood", settings | overrides, {}, True, 1, ())).using(http)


async def test_the_connection_test_logs_in_and_verifies_the_session(
    flood: FloodServer, http: HttpClient
) -> None:
    await _client(flood, http).check_connection()
    assert flood.calls == [("GET", "/auth/verify", None)] and flood.logins == 1
    with pytest.raises(DownloadClientError, match="Flood rejected the username or password"):
        await _client(flood, http, password="wrong").check_connection()
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await _client(flood, http, port=9).check_connection()
    with pytest.raises(DownloadClientError, match="HTTP 404: check the Url Base"):
        await _client(flood, http, url_base="flood").check_connection()


async def test_a_torrent_is_added_with_tags_tracked_to_completion_tagged_and_removed(
    flood: FloodServer, http: HttpClient, tmp_path: Path
) -> None:
    client = _client(flood, http, destination="/data/movies", post_import_tags=["imported"])
    fixture = make_torrent(tmp_path, "Flood.Movie.2014.1080p.BluRay.x264-GRP.mkv", size=100_000)
    download_id = await client.add(
        Grab("Flood.Movie.2014.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    assert download_id == fixture.info_hash
    method, path, body = flood.calls[-1]
    assert (method, path) == ("POST", "/torrents/add-files")
    assert body == {
        "files": [base64.b64encode(fixture.torrent).decode()],
        "tags": ["radarr"],
        "destination": "/data/movies",
        "start": True,
    }

    flood.progress(download_id, done=40_000, eta=12)
    (item,) = await client.items()
    assert (item.status, item.category, item.remaining_size, item.progress) == (
        ItemStatus.downloading,
        "radarr",
        60_000,
        40.0,
    )
    assert item.remaining_time is not None and item.remaining_time.total_seconds() == 12
    assert item.output_path == "/data/movies"

    flood.progress(download_id, done=100_000, status=["seeding", "complete", "active"], ratio=0.5)
    (item,) = await client.items()
    assert (item.status, item.seed_ratio, item.can_be_removed) == (ItemStatus.completed, 0.5, False)
    assert item.output_path == "/data/movies/Flood.Movie.2014.1080p.BluRay.x264-GRP.mkv"

    await client.mark_imported(download_id)
    assert flood.calls[-1] == (
        "PATCH",
        "/torrents/tags",
        {"hashes": [download_id.upper()], "tags": ["radarr", "imported"]},
    )

    await client.remove(download_id, delete_data=True)
    assert flood.calls[-1] == (
        "POST",
        "/torrents/delete",
        {"hashes": [download_id.upper()], "deleteData": True},
    )
    assert await client.items() == []


async def test_a_magnet_added_paused_errors_and_foreign_tags_are_not_ours(
    flood: FloodServer, http: HttpClient, tmp_path: Path
) -> None:
    fixture = make_torrent(tmp_path, "Err.Movie.2011.720p.WEB-DL.x264-GRP.mkv")
    client = _client(flood, http, add_paused=True)
    download_id = await client.add(
        Grab("Err.Movie.2011.720p.WEB-DL.x264-GRP", "torrent", magnet=fixture.magnet)
    )
    assert flood.calls[-1] == ("POST", "/torrents/add-urls", {"urls": [fixture.magnet], "tags": ["radarr"]})
    (item,) = await client.items()
    assert item.status == ItemStatus.paused and item.remaining_time is None

    flood.progress(download_id, done=0, status=["error", "inactive"], message="Tracker: [Failure reason]")
    (item,) = await client.items()
    assert (item.status, item.message) == (ItemStatus.warning, "Tracker: [Failure reason]")
    assert await _client(flood, http, tags=["radarr", "4k"]).items() == []


async def test_an_expired_session_logs_in_again_once(flood: FloodServer, http: HttpClient) -> None:
    client = _client(flood, http)
    await client.items()
    flood.sessions.clear()  # Flood restarted: its sessions are gone
    assert await client.items() == []
    assert flood.logins == 2
