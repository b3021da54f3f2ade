"""Pneumatic on real folders: the NZB and a .strm pointing Kodi's Pneumatic add-on at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.pneumatic import Pneumatic
from reelarr.providers import Definition

NZB = b'<?xml version="1.0"?><nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"></nzb>'


def _pneumatic(tmp_path: Path, **settings: object) -> Pneumatic:
    folders = {"nzbFolder": str(tmp_path / "nzb"), "strmFolder": str(tmp_path / "strm")}
    return Pneumatic(Definition(8, "Pneumatic", "Pneumatic", folders | settings, {}, True, 1, ()))


async def test_a_grab_writes_the_nzb_and_a_strm_that_counts_as_completed(tmp_path: Path) -> None:
    (tmp_path / "nzb").mkdir()
    (tmp_path / "strm").mkdir()
    client = _pneumatic(tmp_path)
    await client.check_connection()
    title = "Kodi.Movie.2016.1080p.BluRay.x264-GRP"
    download_id = await client.add(Grab(title, "usenet", nzb=NZB))

    nzb_file = tmp_path / "nzb" / f"{title}.nzb"
    assert nzb_file.read_bytes() == NZB
    strm = tmp_path / "strm" / f"{title}.strm"
    assert strm.read_text() == (
        f"plugin://plugin.program.pneumatic/?mode=strm&type=add_file&nzb={nzb_file}&nzbname={title}"
    )
    (item,) = await client.items()
    assert (item.download_id, item.title, item.status) == (download_id, title, ItemStatus.completed)
    assert item.output_path == str(strm)

    await client.remove(download_id, delete_data=True)
    assert not strm.exists() and not nzb_file.exists()
    assert await client.items() == []


async def test_missing_folders_are_named_on_test(tmp_path: Path) -> None:
    (tmp_path / "nzb").mkdir()
    with pytest.raises(DownloadClientError, match=r"The Strm folder .*strm does not exist"):
        await _pneumatic(tmp_path).check_connection()
    with pytest.raises(DownloadClientError, match="The NZB folder must be set"):
        await _pneumatic(tmp_path, nzbFolder="").check_connection()
