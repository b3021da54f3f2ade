"""What rTorrent and Aria2 do beyond the journey every torrent client shares (test_torrent_clients.py):
rTorrent spoken to over SCGI directly and its web server's answers; Aria2, which has a secret
instead of a login, no categories, and reports a dead torrent as an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from daemons import Daemon, eventually, make_torrent

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.aria2 import Aria2
from reelarr.download_clients.rtorrent import RTorrent
from reelarr.providers import Definition


def _rtorrent(**settings: Any) -> RTorrent:
    return RTorrent(Definition(1, "rTorrent", "RTorrent", settings, {}, True, 1, ()))


def _aria2(daemon: Daemon, **overrides: Any) -> Aria2:
    settings = {"host": daemon.host, "port": daemon.port, "secretToken": daemon.password} | overrides
    return Aria2(Definition(2, "Aria2", "Aria2", settings, {}, True, 1, ()))


async def test_rtorrent_over_scgi_adds_labels_and_lists_a_torrent_without_a_web_server(
    rtorrent_daemon: Daemon, tmp_path: Path
) -> None:
    client = _rtorrent(host="127.0.0.1", port=rtorrent_daemon.extra["scgi_port"], useScgi=True)
    await client.check_connection()
    directory = tmp_path / "elsewhere"
    directory.mkdir()
    client = _rtorrent(
        host="127.0.0.1",
        port=rtorrent_daemon.extra["scgi_port"],
        useScgi=True,
        movieCategory="films",
        movieDirectory=str(directory),
        addStopped=True,
    )
    fixture = make_torrent(tmp_path, "Scgi.Movie.2015.1080p.BluRay.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Scgi.Movie.2015.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )

    async def listed() -> Any:
        return next((i for i in await client.items() if i.download_id == download_id), None)

    item = await eventually(listed)
    assert (item.category, item.status) == ("films", ItemStatus.paused)  # added stopped
    assert item.output_path == str(directory / "Scgi.Movie.2015.1080p.BluRay.x264-GRP.mkv")
    await client.remove(download_id, delete_data=True)
    assert await listed() is None


async def test_rtorrent_names_a_wrong_url_path_and_an_unreachable_host(rtorrent_daemon: Daemon) -> None:
    credentials = {"username": rtorrent_daemon.username, "password": rtorrent_daemon.password}
    wrong_path = _rtorrent(
        host="127.0.0.1", port=rtorrent_daemon.port, urlBase="plugins/rpc/rpc.php", **credentials
    )
    with pytest.raises(DownloadClientError, match="check the Url Path"):
        await wrong_path.check_connection()
    nothing_there = _rtorrent(host="127.0.0.1", port=9, useScgi=True)
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await nothing_there.check_connection()


async def test_aria2_checks_its_secret_and_names_the_field(aria2_daemon: Daemon) -> None:
    await _aria2(aria2_daemon).check_connection()
    wrong = _aria2(aria2_daemon, secretToken="nope")
    with pytest.raises(DownloadClientError, match="rejected the secret token") as raised:
        await wrong.check_connection()
    assert wrong.test_field(raised.value) == "secretToken"
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await _aria2(aria2_daemon, port=9).check_connection()
    with pytest.raises(DownloadClientError, match="check the XML RPC Path"):
        await _aria2(aria2_daemon, rpcPath="/nothing").check_connection()


async def test_aria2_completes_a_torrent_whose_data_is_present_and_removes_it_keeping_the_data(
    aria2_daemon: Daemon,
) -> None:
    client = _aria2(aria2_daemon)
    fixture = make_torrent(aria2_daemon.downloads, "Aria.Movie.2012.1080p.BluRay.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Aria.Movie.2012.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    assert download_id == fixture.info_hash

    async def completed() -> Any:
        items = await client.items()
        return next((i for i in items if i.download_id == download_id and i.status == "completed"), None)

    item = await eventually(completed)
    assert (item.progress, item.total_size) == (100, fixture.payload.stat().st_size)
    assert item.category is None  # Aria2 has no categories
    assert item.output_path == str(fixture.payload)
    await client.remove(download_id, delete_data=False)
    assert fixture.payload.exists()
    assert all(i.download_id != download_id for i in await client.items())


async def test_aria2_reports_a_torrent_it_gave_up_on_as_failed_and_removes_its_data(
    aria2_daemon: Daemon, tmp_path: Path
) -> None:
    client = _aria2(aria2_daemon, directory=str(tmp_path / "aria"))
    fixture = make_torrent(tmp_path / "seed", "Dead.Movie.2013.720p.WEB-DL.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Dead.Movie.2013.720p.WEB-DL.x264-GRP", "torrent", torrent=fixture.torrent)
    )

    async def failed() -> Any:
        items = await client.items()
        return next((i for i in items if i.download_id == download_id and i.status == "failed"), None)

    item = await eventually(failed)
    assert "error code" in item.message
    assert item.output_path == str(tmp_path / "aria" / "Dead.Movie.2013.720p.WEB-DL.x264-GRP.mkv")
    await client.remove(download_id, delete_data=True)
    assert all(i.download_id != download_id for i in await client.items())


async def test_aria2_pauses_a_download_in_progress(aria2_daemon: Daemon, tmp_path: Path) -> None:
    client = _aria2(aria2_daemon)
    fixture = make_torrent(tmp_path, "Paused.Movie.2014.720p.WEB-DL.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Paused.Movie.2014.720p.WEB-DL.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    await client.pause(download_id)

    async def paused() -> Any:
        items = await client.items()
        return next((i for i in items if i.download_id == download_id and i.status == "paused"), None)

    await eventually(paused)
    await client.remove(download_id, delete_data=True)
    assert all(i.download_id != download_id for i in await client.items())
