"""The blackholes on real folders: the release lands in one, the finished download appears in another."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.blackhole import SETTLE_SECONDS
from reelarr.download_clients.torrent_blackhole import TorrentBlackhole
from reelarr.download_clients.usenet_blackhole import UsenetBlackhole
from reelarr.providers import Definition


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    for root, _dirs, files in os.walk(path):
        for name in files:
            os.utime(Path(root, name), (then, then))
    os.utime(path, (then, then))


def _torrent_blackhole(tmp_path: Path, **settings: object) -> TorrentBlackhole:
    folders = {"torrentFolder": str(tmp_path / "torrents"), "watchFolder": str(tmp_path / "watch")}
    return TorrentBlackhole(
        Definition(7, "Blackhole", "TorrentBlackhole", folders | settings, {}, True, 1, ())
    )


async def test_a_torrent_lands_in_the_folder_and_its_download_completes_once_settled(tmp_path: Path) -> None:
    (tmp_path / "torrents").mkdir()
    client = _torrent_blackhole(tmp_path)
    (tmp_path / "watch").mkdir()
    await client.check_connection()
    title = "Hole.Movie.2016.1080p.BluRay.x264-GRP"
    download_id = await client.add(Grab(title, "torrent", torrent=b"d4:infod4:name1:xee"))
    assert (tmp_path / "torrents" / f"{title}.torrent").read_bytes() == b"d4:infod4:name1:xee"
    assert await client.items() == []

    finished = tmp_path / "watch" / title
    finished.mkdir()
    (finished / f"{title}.mkv").write_bytes(b"x" * 1000)
    (item,) = await client.items()
    assert (item.download_id, item.status) == (download_id, ItemStatus.downloading)

    _age(finished, SETTLE_SECONDS + 1)
    (item,) = await client.items()
    assert (item.status, item.total_size, item.output_path) == (ItemStatus.completed, 1000, str(finished))
    assert item.can_move_files is False  # read-only by default: import copies

    await client.remove(download_id, delete_data=True)
    assert not finished.exists()


async def test_a_magnet_is_saved_only_when_asked_to(tmp_path: Path) -> None:
    (tmp_path / "torrents").mkdir()
    grab = Grab("Magnet.Movie.2017.720p.WEB-DL.x264-GRP", "torrent", magnet="magnet:?xt=urn:btih:" + "a" * 40)
    with pytest.raises(DownloadClientError, match="Save Magnet Files"):
        await _torrent_blackhole(tmp_path).add(grab)
    await _torrent_blackhole(tmp_path, saveMagnetFiles=True).add(grab)
    assert (tmp_path / "torrents" / f"{grab.title}.magnet").read_text() == grab.magnet


async def test_missing_folders_are_named_in_the_connection_test(tmp_path: Path) -> None:
    with pytest.raises(DownloadClientError, match=r"torrent folder .* does not exist"):
        await _torrent_blackhole(tmp_path).check_connection()


async def test_the_usenet_blackhole_drops_the_nzb_and_sees_a_completed_file_that_appears_later(
    tmp_path: Path,
) -> None:
    (tmp_path / "nzbs").mkdir()
    (tmp_path / "watch").mkdir()
    settings = {"nzbFolder": str(tmp_path / "nzbs"), "watchFolder": str(tmp_path / "watch")}
    client = UsenetBlackhole(Definition(8, "Nzb hole", "UsenetBlackhole", settings, {}, True, 1, ()))
    await client.check_connection()
    title = "Nzb.Movie.2018.2160p.UHD.BluRay.x265-GRP"
    download_id = await client.add(Grab(title, "usenet", nzb=b"<nzb/>"))
    assert (tmp_path / "nzbs" / f"{title}.nzb").read_bytes() == b"<nzb/>"

    finished = tmp_path / "watch" / f"{title}.mkv"
    finished.write_bytes(b"y" * 500)
    _age(finished, SETTLE_SECONDS + 1)
    (item,) = await client.items()
    assert (item.download_id, item.status, item.output_path) == (
        download_id,
        ItemStatus.completed,
        str(finished),
    )
