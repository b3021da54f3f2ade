"""Health checks: small functions that each look at one thing and say what is wrong.

Results are kept in memory (they are cheap to recompute and stale after a restart) and a
HealthChanged event goes out when the set of problems changes.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from reelarr import settings as settings_store
from reelarr.events import EventBus, HealthChanged
from reelarr.files import MediaManagementConfig, is_writable_folder
from reelarr.models import Collection, Movie, RootFolder
from reelarr.naming import NamingConfig, file_tokens_in_folder_format

if TYPE_CHECKING:
    from reelarr.context import Context

log = logging.getLogger(__name__)

WIKI = "https://wiki.servarr.com/radarr/system#"


@dataclass(frozen=True)
class HealthIssue:
    source: str
    type: str  # notice, warning or error
    message: str
    wiki_anchor: str = ""

    @property
    def wiki_url(self) -> str:
        return WIKI + self.wiki_anchor if self.wiki_anchor else ""


HealthCheck = Callable[["Context"], Awaitable[list[HealthIssue]]]


async def check_api_key(ctx: Context) -> list[HealthIssue]:
    if len(ctx.settings.api_key) < 20:
        return [
            HealthIssue(
                "ApiKeyValidationCheck",
                "warning",
                "The API key is shorter than 20 characters; set a longer one in Settings > General "
                "or in config.json",
                "invalid-api-key",
            )
        ]
    return []


async def check_root_folders(ctx: Context) -> list[HealthIssue]:
    async with ctx.db.read() as session:
        paths = list(await session.scalars(select(RootFolder.path)))
    missing = [path for path in paths if not is_writable_folder(path)]
    if not missing:
        return []
    which = "Missing root folder" if len(missing) == 1 else "Multiple root folders are missing"
    return [
        HealthIssue(
            "RootFolderCheck",
            "error",
            f"{which} or not writable: {', '.join(missing)}",
            "missing-root-folder",
        )
    ]


async def check_backup_folder(ctx: Context) -> list[HealthIssue]:
    folder = ctx.settings.backup_dir
    if folder.exists() and not is_writable_folder(folder):
        return [HealthIssue("BackupFolderCheck", "warning", f"Cannot write backups to {folder}")]
    return []


async def check_recycle_bin(ctx: Context) -> list[HealthIssue]:
    """A recycle bin that cannot be written makes every upgrade and deletion fail half-way."""
    async with ctx.db.read() as session:
        recycle_bin = (await settings_store.load(session, MediaManagementConfig)).recycle_bin
    if not recycle_bin or is_writable_folder(recycle_bin):
        return []
    return [
        HealthIssue(
            "RecyclingBinCheck",
            "error",
            f"Unable to write to configured recycling bin folder: {recycle_bin}. Ensure this path exists "
            "and is writable by the user running Reelarr",
            "cannot-write-recycle-bin",
        )
    ]


async def check_naming_config(ctx: Context) -> list[HealthIssue]:
    """File tokens in the folder format would name one folder per file (possible after import-radarr)."""
    async with ctx.db.read() as session:
        naming = await settings_store.load(session, NamingConfig)
    tokens = file_tokens_in_folder_format(naming)
    if not tokens:
        return []
    return [
        HealthIssue(
            "NamingConfigCheck",
            "error",
            f"The Movie Folder Format uses file tokens, which are deprecated there: {', '.join(tokens)}. "
            "Remove them in Settings > Media Management",
        )
    ]


async def check_collection_root_folders(ctx: Context) -> list[HealthIssue]:
    """A collection adds its movies to its root folder; one that is not a root folder makes adds fail."""
    async with ctx.db.read() as session:
        roots = set(await session.scalars(select(RootFolder.path)))
        collections = (await session.execute(select(Collection.root_folder_path, Collection.title))).all()
    missing: dict[str, list[str]] = {}
    for path, title in collections:
        if path is None:
            continue  # never set: the collection adds nothing by itself
        if path in missing or not path.strip() or path not in roots or not os.path.isdir(path):
            missing.setdefault(path, []).append(title)
    if not missing:
        return []
    described = " | ".join(f"{path} ({', '.join(titles)})" for path, titles in missing.items())
    which = "a movie collection" if len(missing) == 1 else "movie collections"
    return [
        HealthIssue(
            "MovieCollectionRootFolderCheck",
            "error",
            f"Missing root folder for {which}: {described}. Add the root folder or pick another one "
            "in the collection's settings",
            "movie-collection-missing-root-folder",
        )
    ]


MOUNTINFO = Path("/proc/self/mountinfo")


def _mounts() -> list[tuple[str, bool]]:
    """Each mount point of this process, in mount order, and whether it is read-only."""
    try:
        lines = MOUNTINFO.read_text().splitlines()
    except OSError:
        return []  # not Linux: nothing to say
    mounts = []
    for line in lines:
        fields, _, after = line.partition(" - ")
        parts, tail = fields.split(), after.split()
        if len(parts) < 6 or len(tail) < 3:
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), parts[4])
        read_only = "ro" in parts[5].split(",") or "ro" in tail[2].split(",")
        mounts.append((point, read_only))
    return mounts


def _mount_of(path: str, mounts: list[tuple[str, bool]]) -> tuple[str, bool] | None:
    """The mount a path lives on: the deepest mount point above it, the last one mounted there."""
    best = None
    for point, read_only in mounts:
        if (path == point or path.startswith(point.rstrip("/") + "/")) and (
            best is None or len(point) >= len(best[0])
        ):
            best = (point, read_only)
    return best


async def check_read_only_mounts(ctx: Context) -> list[HealthIssue]:
    """Movies on a read-only mount cannot be imported, upgraded, renamed or deleted."""
    async with ctx.db.read() as session:
        paths = list(await session.scalars(select(Movie.path)))
    mounts = _mounts()
    read_only: dict[str, str] = {}
    for path in paths:
        mount = _mount_of(path, mounts)
        if mount is not None and mount[1]:
            read_only.setdefault(mount[0], path)
    if not read_only:
        return []
    described = ", ".join(f"{point} ({path})" for point, path in read_only.items())
    return [
        HealthIssue(
            "MountCheck",
            "error",
            f"A mount holding movies is read-only: {described}. Remount it read-write so Reelarr can "
            "import, upgrade, rename and delete files",
            "movie-mount-ro",
        )
    ]


CORE_CHECKS: tuple[HealthCheck, ...] = (
    check_api_key,
    check_root_folders,
    check_backup_folder,
    check_recycle_bin,
    check_naming_config,
    check_collection_root_folders,
    check_read_only_mounts,
)


class HealthMonitor:
    def __init__(self, bus: EventBus, checks: tuple[HealthCheck, ...] = CORE_CHECKS) -> None:
        self._bus = bus
        self._checks = list(checks)
        self.issues: list[HealthIssue] = []

    def add_check(self, check: HealthCheck) -> None:
        self._checks.append(check)

    async def run(self, ctx: Context) -> list[HealthIssue]:
        found: list[HealthIssue] = []
        for check in self._checks:
            try:
                found.extend(await check(ctx))
            except Exception:
                log.exception("health check %s failed", check.__name__)
        changed = found != self.issues
        self.issues = found
        if changed:
            await self._bus.publish(HealthChanged(tuple((i.source, i.type, i.message) for i in found)))
        return found
