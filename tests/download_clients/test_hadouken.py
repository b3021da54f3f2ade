"""Hadouken against a local server speaking its JSON-RPC API (basic auth, webui.* methods)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from daemons import make_torrent
from hadouken_server import PAUSED, HadoukenServer, running_hadouken

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.hadouken import Hadouken
from reelarr.http import HttpClient
from reelarr.providers import Definition


@pytest.fixture
def hadouken() -> Iterator[HadoukenServer]:
    with running_hadouken() as server:
        yield server


def _client(server: HadoukenServer, http: HttpClient, **overrides: object) -> Hadouken:
    address = urlsplit(server.base_url)
    settings = {
        "host": address.hostname,
        "port": address.port,
        "username": server.username,
        "password": server.password,
    }
    return Hadouken(Definition(9, "Hadouken", "Hadouken", settings | overrides, {}, True, 1, ())).using(http)


async def test_the_connection_test_checks_the_version_the_password_and_the_host(
    hadouken: HadoukenServer, http: HttpClient
) -> None:
    await _client(hadouken, http).check_connection()
    assert hadouken.calls[0]["method"] == "core.getSystemInfo" and hadouken.calls[0]["jsonrpc"] == "2.0"
    with pytest.raises(DownloadClientError, match="rejected the username or password"):
        await _client(hadouken, http, password="wrong").check_connection()
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await _client(hadouken, http, port=9).check_connection()


async def test_a_torrent_is_added_with_its_label_tracked_to_completion_and_removed_with_its_data(
    hadouken: HadoukenServer, http: HttpClient, tmp_path: Path
) -> None:
    client = _client(hadouken, http)
    fixture = make_torrent(tmp_path, "Hado.Movie.2012.1080p.BluRay.x264-GRP.mkv", size=100_000)
    download_id = await client.add(
        Grab("Hado.Movie.2012.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    assert download_id == fixture.info_hash
    added = hadouken.calls[-1]
    assert added["method"] == "webui.addTorrent"
    assert added["params"] == ["file", base64.b64encode(fixture.torrent).decode(), {"label": "radarr"}]

    hadouken.progress(download_id, done=25_000, rate=5_000)
    (item,) = await client.items()
    assert (item.status, item.category, item.remaining_size) == (ItemStatus.downloading, "radarr", 75_000)
    assert item.remaining_time is not None and item.remaining_time.total_seconds() == 15

    hadouken.progress(download_id, done=100_000, bits=PAUSED)
    (item,) = await client.items()
    assert (item.status, item.can_be_removed) == (ItemStatus.completed, True)
    assert item.output_path == "/downloads/Hado.Movie.2012.1080p.BluRay.x264-GRP.mkv"

    await client.remove(download_id, delete_data=True)
    assert hadouken.calls[-1]["params"] == ["removedata", [download_id.upper()]]
    assert await client.items() == []


async def test_an_error_is_a_warning_and_other_labels_are_not_ours(
    hadouken: HadoukenServer, http: HttpClient, tmp_path: Path
) -> None:
    fixture = make_torrent(tmp_path, "Err.Movie.2011.720p.WEB-DL.x264-GRP.mkv")
    download_id = await _client(hadouken, http).add(
        Grab("Err.Movie.2011.720p.WEB-DL.x264-GRP", "torrent", magnet=fixture.magnet)
    )
    hadouken.progress(download_id, done=0, error="file error: No space left on device")
    (item,) = await _client(hadouken, http).items()
    assert (item.status, item.message) == (ItemStatus.warning, "file error: No space left on device")
    assert await _client(hadouken, http, category="other").items() == []
