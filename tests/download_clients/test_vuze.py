"""Vuze against a real Transmission RPC server (transmission-daemon speaks the protocol Vuze's
Web Remote plugin serves): no labels, its downloads known by their directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import transmission_rpc
from daemons import Daemon, eventually, make_torrent

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.vuze import Vuze
from reelarr.providers import Definition


def _vuze(daemon: Daemon, **overrides: Any) -> Vuze:
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
        "movieDirectory": str(daemon.downloads),
    }
    return Vuze(Definition(5, "Vuze", "Vuze", settings | overrides, {}, True, 1, ()))


async def test_vuze_checks_the_rpc_and_reports_a_wrong_password(transmission_daemon: Daemon) -> None:
    await _vuze(transmission_daemon).check_connection()
    with pytest.raises(DownloadClientError, match="rejected the username or password"):
        await _vuze(transmission_daemon, password="wrong").check_connection()


async def test_vuze_lists_only_the_torrents_in_its_directory_without_labels(
    transmission_daemon: Daemon, tmp_path: Path
) -> None:
    client = _vuze(transmission_daemon)
    fixture = make_torrent(transmission_daemon.downloads, "Vuze.Movie.2014.1080p.BluRay.x264-GRP.mkv")
    download_id = await client.add(
        Grab("Vuze.Movie.2014.1080p.BluRay.x264-GRP", "torrent", torrent=fixture.torrent)
    )
    elsewhere = tmp_path / "elsewhere"
    other = make_torrent(elsewhere, "Other.Movie.2014.1080p.BluRay.x264-GRP.mkv")
    rpc = transmission_rpc.Client(
        host=transmission_daemon.host,
        port=transmission_daemon.port,
        username=transmission_daemon.username,
        password=transmission_daemon.password,
    )
    rpc.add_torrent(other.torrent, download_dir=str(elsewhere))

    async def completed() -> Any:
        items = await client.items()
        return next(
            (i for i in items if i.download_id == download_id and i.status == ItemStatus.completed), None
        )

    item = await eventually(completed)
    assert item.category is None
    assert rpc.get_torrent(download_id).labels == []
    assert item.output_path == str(fixture.payload)  # a single file: the folder plus its name
    assert other.info_hash not in {i.download_id for i in await client.items()}
    with pytest.raises(DownloadClientError, match="Vuze has no categories"):
        await client.set_category(download_id, "elsewhere")
    await client.remove(download_id, delete_data=False)
    rpc.remove_torrent(other.info_hash)
    assert fixture.payload.exists()
    assert download_id not in {i.download_id for i in await client.items()}


def test_a_multi_file_torrents_directory_is_its_own_job_folder() -> None:
    client = Vuze(Definition(5, "Vuze", "Vuze", {}, {}, True, 1, ()))
    job = transmission_rpc.Torrent(
        fields={"id": 1, "name": "Job", "downloadDir": "/dl/Job", "files": [{"name": "a"}, {"name": "b"}]}
    )
    single = transmission_rpc.Torrent(
        fields={"id": 2, "name": "Film.mkv", "downloadDir": "/dl", "files": [{}]}
    )
    assert (client._output_path(job), client._output_path(single)) == ("/dl/Job", "/dl/Film.mkv")
