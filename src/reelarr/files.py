"""Disk side effects: free space, the recycle bin, and removing a movie's folder.

(The transfer modes of the import, hardlink, copy and move, join this module with the import.)
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from reelarr.settings import Section

log = logging.getLogger(__name__)


class MediaManagementConfig(Section):
    """The media management settings (API ``config/mediamanagement``), with Radarr's defaults."""

    section: ClassVar[str] = "mediamanagement"

    auto_unmonitor_previously_downloaded_movies: bool = False
    recycle_bin: str = ""
    recycle_bin_cleanup_days: int = 7
    download_propers_and_repacks: str = "preferAndUpgrade"
    create_empty_movie_folders: bool = False
    delete_empty_folders: bool = False
    file_date: str = "none"
    rescan_after_refresh: str = "always"
    auto_rename_folders: bool = False
    paths_default_static: bool = False
    set_permissions_linux: bool = False
    chmod_folder: str = "755"
    chown_group: str = ""
    skip_free_space_check_when_importing: bool = False
    minimum_free_space_when_importing: int = 100
    copy_using_hardlinks: bool = True
    use_script_import: bool = False
    script_import_path: str = ""
    import_extra_files: bool = False
    extra_file_extensions: str = "srt"
    enable_media_info: bool = True


@dataclass(frozen=True)
class DiskUsage:
    free: int
    total: int


def disk_usage(path: str | os.PathLike[str]) -> DiskUsage | None:
    """Free and total bytes of the file system holding ``path``; None when it does not exist."""
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None
    return DiskUsage(free=usage.free, total=usage.total)


def is_writable_folder(path: str | os.PathLike[str]) -> bool:
    return os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK)


def remove_movie_folder(folder: Path, recycle_bin: str) -> Path | None:
    """Send a movie's folder to the recycle bin, or delete it when none is set.

    Returns where the folder went (None when it was deleted or did not exist).
    """
    if not folder.exists():
        return None
    if recycle_bin:
        bin_path = Path(recycle_bin)
        bin_path.mkdir(parents=True, exist_ok=True)
        destination = _free_name(bin_path / folder.name)
        shutil.move(str(folder), destination)
        log.info("moved %s to the recycle bin at %s", folder, destination)
        return destination
    shutil.rmtree(folder)
    log.info("deleted %s", folder)
    return None


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name} ({n})")
    return candidate
