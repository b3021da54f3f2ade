"""What the two blackholes share: a watched folder where finished downloads appear.

Something outside Reelarr picks up the dropped .torrent or .nzb and later puts the result
in the watch folder. An entry there (a folder, or a single file) counts as completed once
nothing in it has changed for ``SETTLE_SECONDS``, so a copy still in progress is left alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from reelarr.download_clients.base import DownloadClientError, DownloadItem, ItemStatus
from reelarr.files import is_writable_folder

SETTLE_SECONDS = 30
_UNSAFE = str.maketrans({c: "_" for c in '<>:"/\\|?*'})


def file_name(title: str) -> str:
    """A release title made safe as a file name."""
    return title.translate(_UNSAFE).strip(" .") or "release"


def download_id(provider_id: int, title: str) -> str:
    """The id a grab and its watch-folder entry share: both carry the release title."""
    return hashlib.sha1(f"{provider_id}:{file_name(title).lower()}".encode()).hexdigest()


def check_folders(*folders: tuple[str, str]) -> None:
    for label, folder in folders:
        if not folder:
            raise DownloadClientError(f"The {label} must be set")
        if not is_writable_folder(Path(folder)):
            raise DownloadClientError(f"The {label} {folder} does not exist or is not writable")


def _footprint(entry: Path) -> tuple[int, float]:
    """Total size and newest modification time of a file or everything under a folder."""
    if entry.is_file():
        stat = entry.stat()
        return stat.st_size, stat.st_mtime
    size, newest = 0, entry.stat().st_mtime
    for root, _dirs, files in os.walk(entry):
        for name in files:
            stat = Path(root, name).stat()
            size += stat.st_size
            newest = max(newest, stat.st_mtime)
    return size, newest


def watched_items(provider_id: int, watch_folder: str) -> list[DownloadItem]:
    folder = Path(watch_folder)
    if not folder.is_dir():
        return []
    found = []
    now = time.time()
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        title = entry.name if entry.is_dir() else entry.stem
        size, newest = _footprint(entry)
        settled = now - newest >= SETTLE_SECONDS
        found.append(
            DownloadItem(
                download_id=download_id(provider_id, title),
                title=title,
                category=None,
                total_size=size,
                remaining_size=0 if settled else size,
                status=ItemStatus.completed if settled else ItemStatus.downloading,
                output_path=str(entry),
            )
        )
    return found


def remove_watched(provider_id: int, watch_folder: str, wanted_id: str, *, delete_data: bool) -> None:
    if not delete_data:
        return
    for item in watched_items(provider_id, watch_folder):
        if item.download_id == wanted_id and item.output_path:
            path = Path(item.output_path)
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
