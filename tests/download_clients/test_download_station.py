"""Both Download Station clients against a local DSM web API (API info, sid login, tasks, File Station)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import ANY
from urllib.parse import urlsplit

import pytest
from daemons import make_torrent
from download_station_server import DownloadStationServer, running_download_station

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.torrent_download_station import TorrentDownloadStation
from reelarr.download_clients.usenet_download_station import UsenetDownloadStation
from reelarr.http import HttpClient
from reelarr.providers import Definition

NZB = b'<?xml version="1.0" encoding="utf-8"?>\n<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"></nzb>\n'


@pytest.fixture
def dsm7() -> Iterator[DownloadStationServer]:
    with running_download_station(dsm7=True) as server:
        yield server


@pytest.fixture
def dsm6() -> Iterator[DownloadStationServer]:
    with running_download_station(dsm7=False) as server:
        yield server


def _settings(server: DownloadStationServer, overrides: dict[str, object]) -> dict[str, object]:
    address = urlsplit(server.base_url)
    settings = {
        "host": address.hostname,
        "port": address.port,
        "username": server.username,
        "password": server.password,
        "tvCategory": "movies",
    }
    return settings | overrides


def _torrents(server: DownloadStationServer, http: HttpClient, **overrides: object) -> TorrentDownloadStation:
    definition = Definition(7, "DS", "TorrentDownloadStation", _settings(server, overrides), {}, True, 1, ())
    return TorrentDownloadStation(definition).using(http)


def _usenet(server: DownloadStationServer, http: HttpClient, **overrides: object) -> UsenetDownloadStation:
    definition = Definition(8, "DS", "UsenetDownloadStation", _settings(server, overrides), {}, True, 1, ())
    return UsenetDownloadStation(definition).using(http)


def _prefix(server: DownloadStationServer) -> str:
    return hashlib.sha1(server.serial.encode()).hexdigest().upper()


async def test_the_connection_test_checks_login_task_api_and_destination(
    dsm7: DownloadStationServer, http: HttpClient
) -> None:
    await _torrents(dsm7, http).check_connection()
    assert dsm7.logins == 1
    assert ("SYNO.FileStation.List", "getinfo") in [(api, method) for api, method, _ in dsm7.calls]
    assert dsm7.calls[-2:] == [
        ("SYNO.DSM.Info", "getinfo", {"version": "1", "method": "getinfo"}),
        ("SYNO.DownloadStation2.Task", "list", {"version": "1", "method": "list", "additional": "detail"}),
    ]

    wrong = _torrents(dsm7, http, password="wrong")
    with pytest.raises(
        DownloadClientError, match=r"refused the login \(No such account or incorrect password\)"
    ) as e:
        await wrong.check_connection()
    assert wrong.test_field(e.value) == "username"

    missing = _usenet(dsm7, http, tvCategory="", tvDirectory="video/films")
    with pytest.raises(DownloadClientError, match="Folder video/films does not exist on the NAS") as e:
        await missing.check_connection()
    assert missing.test_field(e.value) == "tvDirectory"
    dsm7.default_destination = ""
    with pytest.raises(DownloadClientError, match="No default destination") as e:
        await _torrents(dsm7, http).check_connection()

    closed = _torrents(dsm7, http, port=9)
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b") as e:
        await closed.check_connection()
    assert closed.test_field(e.value) == "host"


async def test_a_torrent_is_added_to_its_category_folder_tracked_to_completion_and_removed(
    dsm7: DownloadStationServer, http: HttpClient, tmp_path: Path
) -> None:
    client = _torrents(dsm7, http)
    fixture = make_torrent(tmp_path, "Syno.Movie.2015.1080p.BluRay.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Syno.Movie.2015.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    assert download_id == f"{_prefix(dsm7)}:dbid_100"
    (upload,) = dsm7.uploads
    assert upload == {
        "field": "fileData",
        "filename": "Syno.Movie.2015.1080p.BluRay.x264-GRP.torrent",
        "api": "SYNO.DownloadStation2.Task",
        "type": '"file"',
        "file": '["fileData"]',
        "create_list": "false",
        "destination": '"downloads/movies"',
        "version": "2",
        "method": "create",
    }

    (item,) = await client.items()
    assert (item.download_id, item.status, item.category, item.output_path) == (
        download_id,
        ItemStatus.queued,
        "movies",
        None,
    )
    dsm7.progress("dbid_100", status="downloading", downloaded=1_000_000, speed=100_000)
    (item,) = await client.items()
    assert (item.status, item.remaining_size) == (ItemStatus.downloading, 2_000_000)
    assert item.remaining_time is not None and item.remaining_time.total_seconds() == 20
    assert item.progress == pytest.approx(100 / 3)

    dsm7.progress("dbid_100", status="seeding", downloaded=3_000_000, uploaded=1_500_000)
    (item,) = await client.items()
    assert (item.status, item.seed_ratio, item.can_be_removed) == (ItemStatus.completed, 0.5, False)
    assert item.output_path == "/volume1/downloads/movies/Syno.Movie.2015.1080p.BluRay.x264-GRP.mkv"
    dsm7.progress("dbid_100", status="finished", downloaded=3_000_000, uploaded=3_000_000)
    (item,) = await client.items()
    assert (item.status, item.can_be_removed) == (ItemStatus.completed, True)

    await client.remove(download_id, delete_data=False)
    assert dsm7.calls[-1] == (
        "SYNO.DownloadStation2.Task",
        "delete",
        {"version": "2", "method": "delete", "id": "dbid_100", "force_complete": "false"},
    )
    assert await client.items() == []


async def test_a_magnet_goes_to_the_directory_and_other_folders_are_not_ours(
    dsm7: DownloadStationServer, http: HttpClient, tmp_path: Path
) -> None:
    client = _torrents(dsm7, http, tvCategory="", tvDirectory="video/movies")
    fixture = make_torrent(tmp_path, "Magnet.Movie.2016.720p.WEB-DL.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Magnet.Movie.2016.720p.WEB-DL.x264-GRP", "torrent", magnet=fixture.magnet)
    )
    assert [c[2] for c in dsm7.calls if c[1] == "create"] == [
        {
            "version": "2",
            "method": "create",
            "type": "url",
            "url": fixture.magnet,
            "create_list": "false",
            "destination": "video/movies",
        }
    ]
    (item,) = await client.items()
    assert item.download_id == download_id
    assert await _torrents(dsm7, http, tvCategory="films").items() == []  # not in a films folder
    assert await _usenet(dsm7, http, tvCategory="", tvDirectory="video/movies").items() == []  # not an NZB


async def test_usenet_on_the_first_task_api_with_failures_and_an_expired_session(
    dsm6: DownloadStationServer, http: HttpClient
) -> None:
    client = _usenet(dsm6, http)
    await client.check_connection()
    first = await client.add(Grab("Usenet.Movie.2014.1080p.BluRay.x264-GRP", "usenet", nzb=NZB))
    second = await client.add(Grab("Broken.Movie.2013.720p.WEB-DL.x264-GRP", "usenet", nzb=NZB))
    assert (first, second) == (f"{_prefix(dsm6)}:dbid_100", f"{_prefix(dsm6)}:dbid_101")
    assert dsm6.uploads[0] == {
        "field": "file",
        "filename": "Usenet.Movie.2014.1080p.BluRay.x264-GRP.nzb",
        "api": "SYNO.DownloadStation.Task",
        "_sid": ANY,  # the first task API takes the session in the form
        "destination": "downloads/movies",
        "version": "2",
        "method": "create",
    }

    dsm6.progress("dbid_100", status="downloading", downloaded=1_000_000, speed=200_000)
    dsm6.progress("dbid_101", status="error", downloaded=0, error="broken_link")
    dsm6.sessions.clear()  # the NAS restarted: DSM answers 119 and Reelarr logs in again
    downloading, broken = await client.items()
    assert dsm6.logins == 2
    assert (downloading.status, downloading.remaining_size) == (ItemStatus.downloading, 2_000_000)
    assert downloading.remaining_time is not None and downloading.remaining_time.total_seconds() == 10
    assert (broken.status, broken.message) == (ItemStatus.failed, "broken_link")
    assert broken.output_path == "/volume1/downloads/movies/Broken.Movie.2013.720p.WEB-DL.x264-GRP"

    await client.remove(second, delete_data=False)
    assert dsm6.calls[-1][:2] == ("SYNO.DownloadStation.Task", "delete")
    assert [i.download_id for i in await client.items()] == [first]
    with pytest.raises(
        DownloadClientError, match="Download Station could not remove dbid_101: Invalid task id"
    ):
        await client.remove(second, delete_data=False)
