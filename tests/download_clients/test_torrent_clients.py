"""qBittorrent, Transmission, Deluge (its Web UI) and rTorrent adapters against the real daemons.

A torrent whose payload already sits in the client's download folder completes by hash
check, which shows the completed state without a transfer; a magnet with no peers stays
incomplete, which is enough to pause it, change its category and remove it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import qbittorrentapi
from daemons import Daemon, deluge_web, eventually, make_torrent
from deluge_client import DelugeRPCClient

from local_server import free_port
from reelarr.download_clients import DownloadClient, DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.deluge import Deluge
from reelarr.download_clients.qbittorrent import QBittorrent
from reelarr.download_clients.rtorrent import RTorrent
from reelarr.download_clients.transmission import Transmission
from reelarr.http import HttpClient
from reelarr.providers import Definition


def _qbittorrent(daemon: Daemon, **overrides: Any) -> DownloadClient:
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
    }
    return QBittorrent(Definition(1, "qBittorrent", "QBittorrent", settings | overrides, {}, True, 1, ()))


def _transmission(daemon: Daemon, **overrides: Any) -> DownloadClient:
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
        "movieDirectory": str(daemon.downloads),
    }
    return Transmission(Definition(2, "Transmission", "Transmission", settings | overrides, {}, True, 1, ()))


def _deluge(daemon: Daemon, **overrides: Any) -> DownloadClient:
    """Deluge through its Web UI, with Radarr's settings: no username, the web password."""
    settings = {"host": daemon.host, "port": daemon.port, "password": daemon.password}
    client = Deluge(Definition(3, "Deluge", "Deluge", settings | overrides, {}, True, 1, ()))
    return client.using(HttpClient(retries=0))


def _rtorrent(daemon: Daemon, **overrides: Any) -> DownloadClient:
    """rTorrent through lighttpd's /RPC2 (Radarr's way)."""
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
    }
    return RTorrent(Definition(4, "rTorrent", "RTorrent", settings | overrides, {}, True, 1, ()))


CLIENTS: dict[str, tuple[str, Callable[..., DownloadClient]]] = {
    "qbittorrent": ("qbittorrent_daemon", _qbittorrent),
    "transmission": ("transmission_daemon", _transmission),
    "deluge": ("deluge_daemon", _deluge),
    "rtorrent": ("rtorrent_daemon", _rtorrent),
}


@pytest.fixture(params=sorted(CLIENTS))
def daemon_and_client(request: pytest.FixtureRequest) -> tuple[Daemon, Callable[..., DownloadClient]]:
    fixture, build = CLIENTS[request.param]
    return request.getfixturevalue(fixture), build


async def test_the_connection_test_passes_with_the_right_credentials(
    daemon_and_client: tuple[Daemon, Callable[..., DownloadClient]],
) -> None:
    daemon, build = daemon_and_client
    client = build(daemon)
    await client.check_connection()


async def test_a_wrong_password_is_reported_as_such(
    daemon_and_client: tuple[Daemon, Callable[..., DownloadClient]],
) -> None:
    daemon, build = daemon_and_client
    with pytest.raises(DownloadClientError, match=r"rejected the (username or )?password"):
        await build(daemon, password="wrong").check_connection()


async def test_a_wrong_port_is_reported_as_unreachable(
    daemon_and_client: tuple[Daemon, Callable[..., DownloadClient]],
) -> None:
    daemon, build = daemon_and_client
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await build(daemon, port=9).check_connection()


async def test_a_torrent_whose_data_is_present_is_seen_as_completed(
    daemon_and_client: tuple[Daemon, Callable[..., DownloadClient]],
) -> None:
    daemon, build = daemon_and_client
    client = build(daemon)
    await client.check_connection()
    fixture = make_torrent(daemon.downloads, "Present.Movie.2010.1080p.BluRay.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Present.Movie.2010.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    assert download_id == fixture.info_hash

    async def completed() -> Any:
        return next(
            (i for i in await client.items() if i.download_id == download_id and i.status == "completed"),
            None,
        )

    item = await eventually(completed)
    assert item.progress == 100
    assert item.remaining_size == 0
    assert item.total_size == fixture.payload.stat().st_size
    assert item.category == "radarr"
    assert item.output_path is not None and Path(item.output_path) == fixture.payload
    await client.remove(download_id, delete_data=False)
    assert fixture.payload.exists()


async def test_a_magnet_without_peers_can_be_paused_recategorised_and_removed(
    daemon_and_client: tuple[Daemon, Callable[..., DownloadClient]], tmp_path: Path
) -> None:
    daemon, build = daemon_and_client
    client = build(daemon, movieImportedCategory="radarr-imported")
    fixture = make_torrent(tmp_path, "Lonely.Movie.2011.720p.WEB-DL.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Lonely.Movie.2011.720p.WEB-DL.x264-GRP", "torrent", magnet=fixture.magnet)
    )
    assert download_id == fixture.info_hash

    async def listed() -> Any:
        return next((i for i in await client.items() if i.download_id == download_id), None)

    item = await eventually(listed)
    assert item.status in (ItemStatus.queued, ItemStatus.downloading, ItemStatus.warning)
    assert item.progress < 100

    await client.pause(download_id)

    async def paused() -> Any:
        found = await listed()
        if found and found.status != ItemStatus.paused:
            # Deluge adds a torrent paused and resumes it a moment later; a pause that lands in
            # between is lost (its Torrent.pause sees "already paused"). Ask again, as a user would.
            await client.pause(download_id)
            return None
        return found

    await eventually(paused)

    await client.mark_imported(download_id)

    async def recategorised() -> Any:
        found = await listed()
        return found if found and found.category == "radarr-imported" else None

    await eventually(recategorised)

    await client.remove(download_id, delete_data=True)

    async def gone() -> bool:
        return await listed() is None

    await eventually(gone)


DELUGE_OPTIONS = (
    "download_location",
    "move_completed",
    "move_completed_path",
    "sequential_download",
    "prioritize_first_last",
    "stop_at_ratio",
    "stop_ratio",
    "remove_at_ratio",
)


async def test_deluge_downloads_into_radarrs_download_directory_and_is_told_where_to_move_it(
    deluge_daemon: Daemon, tmp_path: Path
) -> None:
    """Radarr's Deluge ``downloadDirectory`` and ``completedDirectory`` (and our sequential and
    first/last switches, and the indexer's seed ratio), as the daemon keeps them.

    The payload already sits in the download directory, so the torrent completes there by hash
    check. Deluge moves a finished torrent only after a real transfer, so the move itself is
    read back as the daemon's own options for the torrent rather than watched happen."""
    incoming, finished = tmp_path / "incoming", tmp_path / "finished"
    finished.mkdir()
    fixture = make_torrent(incoming, "Placed.Movie.2012.1080p.BluRay.x264-GRP.mkv")
    client = _deluge(
        deluge_daemon,
        downloadDirectory=str(incoming),
        completedDirectory=str(finished),
        sequentialOrder=True,
        firstAndLast=True,
    )
    download_id = await client.add(
        Grab("Placed.Movie.2012.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent, seed_ratio=2.5)
    )

    async def completed() -> Any:
        return next(
            (i for i in await client.items() if i.download_id == download_id and i.status == "completed"),
            None,
        )

    item = await eventually(completed)
    assert item.output_path is not None and Path(item.output_path) == fixture.payload

    behind = deluge_daemon.extra["deluged"]
    assert isinstance(behind, Daemon)
    rpc = DelugeRPCClient(behind.host, behind.port, behind.username, behind.password, decode_utf8=True)
    rpc.connect()
    try:
        kept = rpc.call("core.get_torrent_status", download_id, list(DELUGE_OPTIONS))
    finally:
        rpc.disconnect()
    assert kept == {
        "download_location": str(incoming),
        "move_completed": True,
        "move_completed_path": str(finished),
        "sequential_download": True,
        "prioritize_first_last": True,
        "stop_at_ratio": True,
        "stop_ratio": 2.5,
        "remove_at_ratio": False,
    }
    await client.remove(download_id, delete_data=False)
    assert fixture.payload.exists()


async def test_qbittorrent_force_starts_downloads_sequentially_first_and_last_with_the_seeding_goals(
    qbittorrent_daemon: Daemon, tmp_path: Path
) -> None:
    """Radarr's Initial State, Sequential Order and First and Last First, and the indexer's seed
    ratio and time, read back from qBittorrent itself. The payload is nowhere, so it stays incomplete."""
    forced = make_torrent(tmp_path / "forced", "Forced.Movie.2013.1080p.BluRay.x264-GRP.mkv")
    held = make_torrent(tmp_path / "held", "Held.Movie.2013.1080p.BluRay.x264-GRP.mkv")
    eager = _qbittorrent(qbittorrent_daemon, initialState=1, sequentialOrder=True, firstAndLast=True)
    forced_id = await eager.add(
        Grab("Forced.Movie.2013", "torrent", torrent=forced.torrent, seed_ratio=2.5, seed_time_minutes=90)
    )
    held_id = await _qbittorrent(qbittorrent_daemon, initialState=2).add(
        Grab("Held.Movie.2013", "torrent", torrent=held.torrent)
    )

    api = qbittorrentapi.Client(
        host=f"http://{qbittorrent_daemon.host}:{qbittorrent_daemon.port}",
        username=qbittorrent_daemon.username,
        password=qbittorrent_daemon.password,
    )

    async def torrent(info_hash: str) -> Any:
        """qBittorrent lists a torrent a moment after accepting it, and settles its state after
        checking its (absent) data: ``checkingResumeData`` is neither paused nor started yet."""

        async def listed() -> Any:
            shown = next(iter(api.torrents_info(torrent_hashes=info_hash)), None)
            return None if shown is None or shown.state.startswith("checking") else shown

        return await eventually(listed)

    shown = await torrent(forced_id)
    assert (shown.force_start, shown.seq_dl, shown.f_l_piece_prio) == (True, True, True)
    assert (shown.ratio_limit, shown.seeding_time_limit, shown.category) == (2.5, 90, "radarr")
    kept_back = await torrent(held_id)
    assert kept_back.state in ("pausedDL", "stoppedDL") and not kept_back.force_start

    async def paused() -> Any:
        return next((i for i in await eager.items() if i.download_id == held_id), None)

    assert (await eventually(paused)).status == ItemStatus.paused
    await eager.remove(forced_id, delete_data=True)
    await eager.remove(held_id, delete_data=True)


async def test_deluge_connects_a_restarted_web_ui_to_its_daemon_again(
    deluge_daemon: Daemon, tmp_path: Path
) -> None:
    """A web UI starts unconnected (as after its restart): the session Reelarr kept is refused,
    so it logs in again and connects the web UI to the daemon in its host list, as Radarr does."""
    behind = deluge_daemon.extra["deluged"]
    assert isinstance(behind, Daemon)
    web = deluge_web(tmp_path / "web", behind.port, behind.downloads)
    web.start()
    try:
        client = _deluge(web)
        await client.check_connection()
        web.stop()
        web.start()
        fixture = make_torrent(tmp_path, "Restart.Movie.2013.1080p.BluRay.x264-GRP.mkv")
        download_id = await client.add(
            Grab("Restart.Movie.2013.1080p.BluRay.x264-GRP", "torrent", magnet=fixture.magnet)
        )
        assert download_id in {item.download_id for item in await client.items()}
        await client.remove(download_id, delete_data=True)
    finally:
        web.stop()


async def test_deluge_says_when_its_web_ui_cannot_reach_a_daemon(tmp_path: Path) -> None:
    web = deluge_web(tmp_path / "web", free_port(), tmp_path)  # its host list names no running daemon
    web.start()
    try:
        client = _deluge(web)
        with pytest.raises(DownloadClientError, match="not connected to a Deluge daemon") as raised:
            await client.check_connection()
    finally:
        web.stop()
    assert client.test_field(raised.value) == ""


async def test_deluge_names_the_password_when_the_web_ui_refuses_it(deluge_daemon: Daemon) -> None:
    client = _deluge(deluge_daemon, password="wrong")
    with pytest.raises(DownloadClientError) as raised:
        await client.check_connection()
    assert str(raised.value) == "Authentication failed: Deluge's Web UI rejected the password"
    assert client.test_field(raised.value) == "password"


async def test_deluge_reports_where_finished_downloads_land(deluge_daemon: Daemon, tmp_path: Path) -> None:
    """The health checks' view of Deluge (Radarr's GetStatus): the daemon's download folder,
    or the Move Completed Directory when one is set."""
    behind = deluge_daemon.extra["deluged"]
    assert isinstance(behind, Daemon)
    plain = await _deluge(deluge_daemon).setup()
    assert plain is not None and plain.output_folders == (str(behind.downloads),)
    moved = await _deluge(deluge_daemon, completedDirectory=str(tmp_path / "done")).setup()
    assert moved is not None and moved.output_folders == (str(tmp_path / "done"),)
