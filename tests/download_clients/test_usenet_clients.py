"""NZBGet against the real daemon fed by a local news server, SABnzbd against a local API double."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from daemons import Daemon, eventually
from sabnzbd_server import API_KEY, SabnzbdServer
from usenet import NewsServer

from reelarr.download_clients import DownloadClient, DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.nzbget import Nzbget
from reelarr.download_clients.sabnzbd import Sabnzbd
from reelarr.http import HttpClient
from reelarr.providers import Definition


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    client = HttpClient(retries=0)
    yield client
    await client.aclose()


def _nzbget(daemon: Daemon, http: HttpClient, **overrides: Any) -> DownloadClient:
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
    }
    return Nzbget(Definition(4, "NZBGet", "Nzbget", settings | overrides, {}, True, 1, ())).using(http)


def _sabnzbd(server: SabnzbdServer, http: HttpClient, **overrides: Any) -> DownloadClient:
    settings = {"host": "127.0.0.1", "port": server.port, "urlBase": "/sabnzbd", "apiKey": API_KEY}
    return Sabnzbd(Definition(5, "SABnzbd", "Sabnzbd", settings | overrides, {}, True, 1, ())).using(http)


async def _item(client: DownloadClient, download_id: str, status: ItemStatus) -> Any:
    async def found() -> Any:
        items = {i.download_id: i for i in await client.items()}
        item = items.get(download_id)
        return item if item and item.status == status else None

    return await eventually(found, timeout=30)


async def test_nzbget_connects_and_refuses_a_wrong_password(nzbget_daemon: Daemon, http: HttpClient) -> None:
    await _nzbget(nzbget_daemon, http).check_connection()
    with pytest.raises(DownloadClientError, match="rejected the username or password"):
        await _nzbget(nzbget_daemon, http, password="wrong").check_connection()


async def test_nzbget_downloads_a_post_from_the_news_server_to_completion(
    nzbget_daemon: Daemon, news_server: NewsServer, http: HttpClient
) -> None:
    client = _nzbget(nzbget_daemon, http)
    payload = os.urandom(150_000)
    post = news_server.post("Usenet.Movie.2012.1080p.BluRay.x264-GRP.mkv", payload)
    title = "Usenet.Movie.2012.1080p.BluRay.x264-GRP"
    download_id = await client.add(Grab(title, "usenet", nzb=news_server.nzb(post)))

    item = await _item(client, download_id, ItemStatus.completed)
    assert item.progress == 100
    assert item.category == "Movies"
    assert item.output_path is not None
    assert Path(item.output_path, post.name).read_bytes() == payload

    await client.remove(download_id, delete_data=True)
    assert download_id not in {i.download_id for i in await client.items()}


async def test_nzbget_reports_a_post_with_missing_articles_as_failed(
    nzbget_daemon: Daemon, news_server: NewsServer, http: HttpClient
) -> None:
    client = _nzbget(nzbget_daemon, http)
    post = news_server.post(
        "Broken.Movie.2013.720p.WEB-DL.x264-GRP.mkv", os.urandom(200_000), missing_parts=4
    )
    download_id = await client.add(
        Grab("Broken.Movie.2013.720p.WEB-DL.x264-GRP", "usenet", nzb=news_server.nzb(post))
    )

    item = await _item(client, download_id, ItemStatus.failed)
    assert "FAILURE" in item.message


async def test_sabnzbd_adds_tracks_and_removes_a_download(
    sabnzbd_server: SabnzbdServer, http: HttpClient
) -> None:
    client = _sabnzbd(sabnzbd_server, http)
    await client.check_connection()
    download_id = await client.add(Grab("Sab.Movie.2014.1080p.BluRay.x264-GRP", "usenet", nzb=b"<nzb/>"))
    assert sabnzbd_server.uploads == [b"<nzb/>"]

    (item,) = await client.items()
    assert (item.download_id, item.status, item.category) == (download_id, ItemStatus.downloading, "movies")
    assert item.progress == 50
    assert item.remaining_time is not None and item.remaining_time.total_seconds() == 310

    await client.pause(download_id)
    assert (await client.items())[0].status == ItemStatus.paused

    sabnzbd_server.finish(download_id)
    (item,) = await client.items()
    assert item.status == ItemStatus.completed
    assert item.output_path == str(
        sabnzbd_server.complete_dir / "movies" / "Sab.Movie.2014.1080p.BluRay.x264-GRP"
    )

    await client.remove(download_id, delete_data=True)
    assert await client.items() == []


async def test_sabnzbd_reports_a_failed_job_with_its_reason(
    sabnzbd_server: SabnzbdServer, http: HttpClient
) -> None:
    client = _sabnzbd(sabnzbd_server, http)
    download_id = await client.add(Grab("Sab.Broken.2015.720p.HDTV.x264-GRP", "usenet", nzb=b"<nzb/>"))
    sabnzbd_server.finish(download_id, failed=True)
    (item,) = await client.items()
    assert (item.status, item.message) == (ItemStatus.failed, "Aborted, cannot be completed")


async def test_sabnzbd_says_which_setting_is_wrong(sabnzbd_server: SabnzbdServer, http: HttpClient) -> None:
    with pytest.raises(DownloadClientError, match="rejected the API key"):
        await _sabnzbd(sabnzbd_server, http, apiKey="wrong").check_connection()
    with pytest.raises(DownloadClientError, match="no category 'films'"):
        await _sabnzbd(sabnzbd_server, http, movieCategory="films").check_connection()
    sabnzbd_server.version = "0.6.15"
    with pytest.raises(DownloadClientError, match="not supported"):
        await _sabnzbd(sabnzbd_server, http).check_connection()
