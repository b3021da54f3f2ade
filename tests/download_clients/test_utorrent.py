"""uTorrent against a local server speaking its Web UI API (token, cookie, list rows, actions)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from daemons import make_torrent
from utorrent_server import UTorrentServer, running_utorrent

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.utorrent import UTorrent
from reelarr.http import HttpClient
from reelarr.providers import Definition


@pytest.fixture
def utorrent() -> Iterator[UTorrentServer]:
    with running_utorrent() as server:
        yield server


def _client(server: UTorrentServer, http: HttpClient, **overrides: object) -> UTorrent:
    address = urlsplit(server.base_url)
    settings = {
        "host": address.hostname,
        "port": address.port,
        "username": server.username,
        "password": server.password,
        "movieImportedCategory": "radarr-done",
        "recentMoviePriority": 1,
    }
    return UTorrent(Definition(6, "uTorrent", "UTorrent", settings | overrides, {}, True, 1, ())).using(http)


async def test_the_connection_is_checked_with_the_token_and_cookie(
    utorrent: UTorrentServer, http: HttpClient
) -> None:
    await _client(utorrent, http).check_connection()
    assert utorrent.requests[0] == [("token", utorrent.token), ("action", "getsettings")]
    with pytest.raises(DownloadClientError, match="rejected the username or password"):
        await _client(utorrent, http, password="wrong").check_connection()
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await _client(utorrent, http, port=9).check_connection()


async def test_a_stale_token_is_renewed_once(utorrent: UTorrentServer, http: HttpClient) -> None:
    client = _client(utorrent, http)
    await client.check_connection()
    utorrent.token = "renewed"
    assert await client.items() == []
    assert utorrent.requests[-1][0] == ("token", "renewed")


async def test_a_torrent_is_added_labelled_listed_completed_relabelled_and_removed(
    utorrent: UTorrentServer, http: HttpClient, tmp_path: Path
) -> None:
    client = _client(utorrent, http)
    fixture = make_torrent(tmp_path, "Mu.Movie.2013.1080p.BluRay.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Mu.Movie.2013.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    assert download_id == fixture.info_hash
    actions = [dict(r).get("action") for r in utorrent.requests]
    assert actions == ["add-file", "setprops", "queuetop", "start"]  # recent priority First: top of the queue

    (item,) = await client.items()
    assert (item.category, item.status, item.progress) == ("radarr", ItemStatus.downloading, 0)
    utorrent.finish(download_id)
    (item,) = await client.items()
    assert (item.status, item.remaining_size, item.can_be_removed) == (ItemStatus.completed, 0, False)
    assert item.output_path == "/downloads/Mu.Movie.2013.1080p.BluRay.x264-GRP.mkv"

    await client.mark_imported(download_id)
    (item,) = await client.items()
    assert item.category == "radarr-done"
    await client.remove(download_id, delete_data=True)
    assert dict(utorrent.requests[-1])["action"] == "removedata"
    assert await client.items() == []


async def test_a_magnet_can_be_added_paused_and_paused_torrents_show_so(
    utorrent: UTorrentServer, http: HttpClient, tmp_path: Path
) -> None:
    client = _client(utorrent, http, intialState=2)
    fixture = make_torrent(tmp_path, "Paused.Movie.2014.720p.WEB-DL.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Paused.Movie.2014.720p.WEB-DL.x264-GRP", "torrent", magnet=fixture.magnet)
    )
    (item,) = await client.items()
    assert (item.download_id, item.status) == (download_id, ItemStatus.paused)
