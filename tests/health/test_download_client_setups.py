"""The set-up checks on real daemons: each client says where its downloads land and whether it removes them.

Each test changes the daemon's own settings (as its user would), sees the check name the client in
/api/v3/health, changes it back and sees the check clear.
"""

from __future__ import annotations

import re
import xmlrpc.client
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import qbittorrentapi
import transmission_rpc
from daemons import Daemon, aria2, nzbget, qbittorrent, transmission
from fastapi.testclient import TestClient
from health_steps import issues, provider, run_command

WIKI = "https://wiki.servarr.com/radarr/system#"


def _running(daemon: Daemon) -> Iterator[Daemon]:
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def qbittorrent_daemon(tmp_path: Path) -> Iterator[Daemon]:
    yield from _running(qbittorrent(tmp_path / "qbittorrent"))


@pytest.fixture
def transmission_daemon(tmp_path: Path) -> Iterator[Daemon]:
    yield from _running(transmission(tmp_path / "transmission"))


@pytest.fixture
def nzbget_daemon(tmp_path: Path) -> Iterator[Daemon]:
    # No download is made here, so NZBGet's news server is never dialled: any port will do.
    yield from _running(nzbget(tmp_path / "nzbget", news_port=9))


@pytest.fixture
def aria2_daemon(tmp_path: Path) -> Iterator[Daemon]:
    yield from _running(aria2(tmp_path / "aria2"))


def add_client(api: TestClient, implementation: str, name: str, daemon: Daemon, **fields: Any) -> None:
    values = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
    }
    provider(api, "downloadclient", implementation, name, **values, **fields)


def qbittorrent_api(daemon: Daemon) -> qbittorrentapi.Client:
    client = qbittorrentapi.Client(
        host=f"http://{daemon.host}:{daemon.port}", username=daemon.username, password=daemon.password
    )
    client.auth_log_in()
    return client


def transmission_api(daemon: Daemon) -> transmission_rpc.Client:
    return transmission_rpc.Client(
        host=daemon.host, port=daemon.port, username=daemon.username, password=daemon.password
    )


def restart_nzbget_with(daemon: Daemon, **options: str) -> None:
    """Edit NZBGet's configuration file and restart it, as saving its settings page does."""
    config = daemon.root / "nzbget.conf"
    text = config.read_text()
    for key, value in options.items():
        text = re.sub(rf"^{re.escape(key)}=.*$", lambda _m, k=key, v=value: f"{k}={v}", text, flags=re.M)
    config.write_text(text)
    daemon.stop()
    daemon.start()


def assert_names_the_root_folder(issue: dict[str, Any], client: str, root: Path) -> None:
    assert issue["type"] == "warning"
    assert f"{client} places downloads in the root folder {root}" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "downloads-in-root-folder"


def test_root_folder_check_names_qbittorrent_while_its_category_saves_into_the_library(
    api: TestClient, qbittorrent_daemon: Daemon, movies_root: Path
) -> None:
    qbit = qbittorrent_api(qbittorrent_daemon)
    qbit.torrents_create_category(name="radarr", save_path=str(movies_root / "incoming"))
    add_client(api, "QBittorrent", "qBittorrent", qbittorrent_daemon, movieCategory="radarr")
    [issue] = issues(api, "DownloadClientRootFolderCheck")
    assert_names_the_root_folder(issue, "qBittorrent", movies_root)
    qbit.torrents_edit_category(name="radarr", save_path="radarr")  # relative: under the default save path
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRootFolderCheck") == []
    # qBittorrent makes the category's folder with its first download, so for now it is missing here.
    [missing] = issues(api, "RemotePathMappingCheck")
    assert f"places downloads in {qbittorrent_daemon.downloads / 'radarr'}," in missing["message"]


def test_removes_completed_check_names_qbittorrent_while_a_seeding_limit_removes_torrents(
    api: TestClient, qbittorrent_daemon: Daemon
) -> None:
    qbit = qbittorrent_api(qbittorrent_daemon)
    # Remove the torrent and its files once it has seeded for an hour.
    qbit.app_set_preferences({"max_seeding_time_enabled": True, "max_seeding_time": 60, "max_ratio_act": 3})
    add_client(api, "QBittorrent", "qBittorrent", qbittorrent_daemon)
    [issue] = issues(api, "DownloadClientRemovesCompletedDownloadsCheck")
    assert issue["type"] == "warning" and "qBittorrent removes completed downloads" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "download-client-removes-completed-downloads"
    qbit.app_set_preferences({"max_ratio_act": 0})  # pause it instead: it stays for the import
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRemovesCompletedDownloadsCheck") == []
    qbit.app_set_preferences(
        {"max_seeding_time_enabled": False, "max_ratio_enabled": True, "max_ratio_act": 1}
    )
    run_command(api, "CheckHealth")
    assert len(issues(api, "DownloadClientRemovesCompletedDownloadsCheck")) == 1  # a ratio limit removes too


def test_root_folder_check_names_transmission_while_its_download_folder_is_the_library(
    api: TestClient, transmission_daemon: Daemon, movies_root: Path
) -> None:
    transmission_api(transmission_daemon).set_session(download_dir=str(movies_root))
    add_client(api, "Transmission", "Transmission", transmission_daemon, movieCategory="radarr")
    # No Directory set: Reelarr's category is a subfolder of Transmission's download folder.
    [issue] = issues(api, "DownloadClientRootFolderCheck")
    assert_names_the_root_folder(issue, "Transmission", movies_root)
    transmission_api(transmission_daemon).set_session(download_dir=str(transmission_daemon.downloads))
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRootFolderCheck") == []


def test_root_folder_check_names_vuze_which_reads_its_folder_as_transmission_does(
    api: TestClient, transmission_daemon: Daemon, movies_root: Path
) -> None:
    # Vuze's Web Remote speaks Transmission's RPC, so transmission-daemon stands in for it.
    transmission_api(transmission_daemon).set_session(download_dir=str(movies_root))
    add_client(api, "Vuze", "Vuze", transmission_daemon, movieCategory="radarr")
    [issue] = issues(api, "DownloadClientRootFolderCheck")
    assert_names_the_root_folder(issue, "Vuze", movies_root)
    transmission_api(transmission_daemon).set_session(download_dir=str(transmission_daemon.downloads))
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRootFolderCheck") == []


def test_remote_path_mapping_check_names_transmission_while_its_folder_is_missing_here(
    api: TestClient, transmission_daemon: Daemon
) -> None:
    transmission_api(transmission_daemon).set_session(download_dir="/srv/transmission/complete")
    add_client(api, "Transmission", "Transmission", transmission_daemon, movieCategory="radarr")
    [issue] = issues(api, "RemotePathMappingCheck")
    assert issue["type"] == "error"
    assert issue["message"].startswith(
        "Download client Transmission places downloads in /srv/transmission/complete/radarr, "
        "but Reelarr cannot see that folder"
    )
    assert issue["wikiUrl"] == WIKI + "permissions-error"  # a local client: no mapping would help
    transmission_api(transmission_daemon).set_session(download_dir=str(transmission_daemon.downloads))
    # Transmission makes the category folder with its first download; here it is made by hand.
    (transmission_daemon.downloads / "radarr").mkdir()
    run_command(api, "CheckHealth")
    assert issues(api, "RemotePathMappingCheck") == []


def test_root_folder_check_names_nzbget_while_its_category_finishes_into_the_library(
    api: TestClient, nzbget_daemon: Daemon, movies_root: Path
) -> None:
    restart_nzbget_with(nzbget_daemon, **{"Category1.DestDir": str(movies_root / "nzbget")})
    add_client(api, "Nzbget", "NZBGet", nzbget_daemon, movieCategory="Movies")
    [issue] = issues(api, "DownloadClientRootFolderCheck")
    assert_names_the_root_folder(issue, "NZBGet", movies_root)
    # Blank again: the category's folder is NZBGet's DestDir plus the category's name.
    restart_nzbget_with(nzbget_daemon, **{"Category1.DestDir": ""})
    (nzbget_daemon.root / "dst" / "Movies").mkdir(parents=True, exist_ok=True)
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRootFolderCheck") == []
    assert issues(api, "RemotePathMappingCheck") == []  # the folder named is the one NZBGet uses


def test_removes_completed_check_names_nzbget_while_it_keeps_no_history(
    api: TestClient, nzbget_daemon: Daemon
) -> None:
    restart_nzbget_with(nzbget_daemon, KeepHistory="0")
    add_client(api, "Nzbget", "NZBGet", nzbget_daemon, movieCategory="Movies")
    [issue] = issues(api, "DownloadClientRemovesCompletedDownloadsCheck")
    assert "NZBGet removes completed downloads" in issue["message"]
    restart_nzbget_with(nzbget_daemon, KeepHistory="7")
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRemovesCompletedDownloadsCheck") == []


def test_root_folder_check_names_aria2_while_its_download_folder_is_the_library(
    api: TestClient, aria2_daemon: Daemon, movies_root: Path
) -> None:
    rpc = xmlrpc.client.ServerProxy(f"http://{aria2_daemon.host}:{aria2_daemon.port}/rpc")
    token = f"token:{aria2_daemon.password}"
    rpc.aria2.changeGlobalOption(token, {"dir": str(movies_root)})
    provider(
        api,
        "downloadclient",
        "Aria2",
        "Aria2",
        host=aria2_daemon.host,
        port=aria2_daemon.port,
        secretToken=aria2_daemon.password,
    )
    [issue] = issues(api, "DownloadClientRootFolderCheck")
    assert_names_the_root_folder(issue, "Aria2", movies_root)
    rpc.aria2.changeGlobalOption(token, {"dir": str(aria2_daemon.downloads)})
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRootFolderCheck") == []
