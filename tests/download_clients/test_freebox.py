"""Freebox Download against a local server speaking the Freebox OS API (challenge login, tasks)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from daemons import make_torrent
from freebox_server import FreeboxServer, running_freebox

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.freebox import FreeboxDownload
from reelarr.http import HttpClient
from reelarr.providers import Definition


@pytest.fixture
def freebox() -> Iterator[FreeboxServer]:
    with running_freebox() as server:
        yield server


def _client(server: FreeboxServer, http: HttpClient, **overrides: object) -> FreeboxDownload:
    address = urlsplit(server.base_url)
    settings = {
        "host": address.hostname,
        "port": address.port,
        "useSsl": False,
        "apiUrl": "/api/v4/",
        "appId": server.app_id,
        "appToken": server.app_token,
    }
    definition = Definition(9, "Freebox", "TorrentFreeboxDownload", settings | overrides, {}, True, 1, ())
    return FreeboxDownload(definition).using(http)


def _folder(encoded: str) -> str:
    return base64.b64decode(encoded).decode()


async def test_the_connection_test_opens_a_session_from_the_challenge(
    freebox: FreeboxServer, http: HttpClient
) -> None:
    await _client(freebox, http).check_connection()
    assert len(freebox.sessions) == 1
    wrong = _client(freebox, http, appToken="not-the-token")
    with pytest.raises(
        DownloadClientError, match=r"Authentication to the Freebox API failed: .*\(invalid_token\)"
    ) as failed:
        await wrong.check_connection()
    assert wrong.test_field(failed.value) == "appToken"
    old_api = _client(freebox, http, apiUrl="/api/v1/")
    with pytest.raises(DownloadClientError, match="check the API URL") as missing:
        await old_api.check_connection()
    assert old_api.test_field(missing.value) == "apiUrl"
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await _client(freebox, http, port=9).check_connection()


async def test_a_torrent_goes_to_its_category_folder_is_tracked_to_completion_and_erased(
    freebox: FreeboxServer, http: HttpClient, tmp_path: Path
) -> None:
    client = _client(freebox, http, category="radarr", olderPriority=1)
    fixture = make_torrent(tmp_path, "Free.Movie.2013.1080p.BluRay.x264-GRP.mkv", size=100_000)
    title = "Free.Movie.2013.1080p.BluRay.x264-GRP"
    task_id = await client.add(Grab(title, "torrent", torrent=fixture.torrent, seed_ratio=1.5, recent=False))
    assert task_id == "41"
    kind, how, form = freebox.calls[0]
    assert (kind, how, form["filename"]) == ("add", "file", f"{title}.torrent")
    assert _folder(form["download_dir"]) == f"{freebox.default_dir}/radarr/{title}"
    assert freebox.calls[1] == ("update", "41", {"queue_pos": "1", "stop_ratio": 150.0})

    freebox.task(task_id).update(rx_pct=2500, rx_bytes=25_000, eta=30)
    (item,) = await client.items()
    assert (item.status, item.category, item.remaining_size) == (ItemStatus.downloading, "radarr", 75_000)
    assert item.remaining_time is not None and item.remaining_time.total_seconds() == 30
    assert item.can_be_removed is False

    freebox.task(task_id).update(status="done", rx_pct=10000, rx_bytes=100_000, tx_bytes=150_000, eta=0)
    (item,) = await client.items()
    assert (item.status, item.seed_ratio, item.can_be_removed) == (ItemStatus.completed, 1.5, True)
    assert item.output_path == f"{freebox.default_dir}/radarr/{title}"

    await client.remove(task_id, delete_data=True)
    assert freebox.calls[-1] == ("delete", "downloads/41/erase", None)
    assert await client.items() == []


async def test_a_magnet_added_paused_errors_and_other_folders_are_not_ours(
    freebox: FreeboxServer, http: HttpClient, tmp_path: Path
) -> None:
    fixture = make_torrent(tmp_path, "Err.Movie.2011.720p.WEB-DL.x264-GRP.mkv")
    client = _client(freebox, http, destinationDirectory="/Disque dur/Films", addPaused=True)
    task_id = await client.add(Grab("Err.Movie.2011.720p.WEB-DL.x264-GRP", "torrent", magnet=fixture.magnet))
    kind, how, form = freebox.calls[0]
    assert (kind, how, form["download_url"]) == ("add", "url", fixture.magnet)
    assert _folder(form["download_dir"]) == "/Disque dur/Films/Err.Movie.2011.720p.WEB-DL.x264-GRP"
    assert freebox.calls[1] == ("update", task_id, {"status": "stopped"})
    (item,) = await client.items()
    assert item.status == ItemStatus.paused

    freebox.task(task_id).update(status="error", error="disk_full")
    (item,) = await client.items()
    assert (item.status, item.message) == (ItemStatus.warning, "The disk is full.")
    assert await _client(freebox, http, destinationDirectory="/Disque dur/Séries").items() == []

    freebox.sessions.clear()  # the session expired: a new one is opened and the call repeated
    assert len(await client.items()) == 1 and len(freebox.sessions) == 1
