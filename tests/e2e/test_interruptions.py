"""Interruptions in the middle of a download: Reelarr stopped, or the user's qBittorrent stopped.

The release's seeder only starts sharing once the interruption has happened, so the download
is certainly unfinished when it does.
"""

from __future__ import annotations

import signal
from pathlib import Path

import qbittorrentapi
from daemons import Daemon
from loop_parts import Internet, Reelarr, Release, Seeder, eventually
from loop_steps import (
    THE_MATRIX,
    add_client,
    add_indexer,
    set_up_like_a_user,
    torrent_release,
    wait_for_grab,
    wait_for_import,
    want,
)


def start_an_unfinished_download(
    reelarr: Reelarr, internet: Internet, seeder: Seeder, qbittorrent: Daemon, tmp_path: Path, title: str
) -> tuple[int, Release]:
    """The Matrix grabbed into qBittorrent, with nobody seeding it yet; returns the movie's id."""
    library = tmp_path / "Movies"
    library.mkdir()
    internet.indexers["torznab"].feed = [Release("Some.Other.Film.2015.1080p.BluRay.x264-GRP", 8)]
    set_up_like_a_user(reelarr, internet, library, tmp_path / "Recycle Bin")
    add_indexer(reelarr, internet, "torznab")
    add_client(reelarr, qbittorrent, "QBittorrent")
    release = torrent_release(title, 9, tmp_path / "seeds", seeder, seeded=False)
    internet.indexers["torznab"].found = [release]
    movie_id = want(reelarr, THE_MATRIX, library)["id"]
    wait_for_grab(reelarr, title)
    reelarr.command("RefreshMonitoredDownloads")
    (item,) = reelarr.get("/queue")["records"]
    assert item["trackedDownloadState"] == "downloading" and item["sizeleft"] > 0
    return movie_id, release


def completed_in(qbittorrent: Daemon, release: Release) -> bool:
    assert release.torrent is not None
    client = qbittorrentapi.Client(
        host=qbittorrent.host,
        port=qbittorrent.port,
        username=qbittorrent.username,
        password=qbittorrent.password,
    )
    (torrent,) = client.torrents_info(torrent_hashes=release.torrent.info_hash)
    return float(torrent.progress) == 1.0


def test_reelarr_stopped_mid_download_tracks_it_again_after_a_restart_and_imports_it_once(
    reelarr: Reelarr, internet: Internet, seeder: Seeder, users_qbittorrent: Daemon, tmp_path: Path
) -> None:
    title = "The.Matrix.1999.1080p.BluRay.x264-SPARKS"
    movie_id, release = start_an_unfinished_download(
        reelarr, internet, seeder, users_qbittorrent, tmp_path, title
    )

    reelarr.stop(signal.SIGKILL)
    assert release.torrent is not None
    seeder.seed(release.torrent)
    eventually(lambda: completed_in(users_qbittorrent, release), what="the download to finish")

    reelarr.start()
    wait_for_import(reelarr, movie_id, title)
    for _ in range(2):
        reelarr.command("RefreshMonitoredDownloads")
    assert [r["sourceTitle"] for r in reelarr.history("downloadFolderImported")] == [title]
    assert [r["sourceTitle"] for r in reelarr.history("grabbed")] == [title]
    assert reelarr.get("/queue")["totalRecords"] == 0
    assert len(reelarr.get("/moviefile", movieId=movie_id)) == 1


def test_qbittorrent_stopped_mid_download_is_a_health_warning_and_tracking_resumes_when_it_returns(
    reelarr: Reelarr, internet: Internet, seeder: Seeder, users_qbittorrent: Daemon, tmp_path: Path
) -> None:
    title = "The.Matrix.1999.1080p.BluRay.x264-AMIABLE"
    movie_id, release = start_an_unfinished_download(
        reelarr, internet, seeder, users_qbittorrent, tmp_path, title
    )

    users_qbittorrent.kill()
    reelarr.command("RefreshMonitoredDownloads")
    (issue,) = [i for i in reelarr.get("/health") if i["source"] == "DownloadClientCheck"]
    assert issue["type"] in ("warning", "error") and "My qbittorrent-nox" in issue["message"]
    (item,) = reelarr.get("/queue")["records"]
    assert item["status"] == "downloadClientUnavailable"

    users_qbittorrent.start()
    assert release.torrent is not None
    seeder.seed(release.torrent)
    wait_for_import(reelarr, movie_id, title)
    assert not [i for i in reelarr.get("/health") if i["source"] == "DownloadClientCheck"]
    assert [r["sourceTitle"] for r in reelarr.history("downloadFolderImported")] == [title]
