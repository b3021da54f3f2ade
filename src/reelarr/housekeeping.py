"""Clean-up and backups.

A backup is a zip of a consistent copy of the SQLite database and ``config.json``, in
``Backups/<scheduled|manual>/`` (Notifiarr downloads the newest and runs an integrity check
on the ``.db`` inside). It is written under a temporary name and renamed into place, so a
crash never leaves a half-written backup in the list. With PostgreSQL the zip holds the
configuration only: back the database up with ``pg_dump``.

Restoring never swaps a database under a running process: the backup's database is checked
and staged in ``restore/``, and the next start moves it into place before anything opens the
database, keeping the replaced one beside it as ``reelarr.db.before-restore-<time>``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from reelarr.commands import ACTIVE_STATUSES, CommandFailed, CommandRun
from reelarr.config import CONFIG_FILE_NAME, DATABASE_FILE_NAME, Settings
from reelarr.context import Context
from reelarr.db import utcnow
from reelarr.models import CommandRecord, Movie, MovieMetadata

log = logging.getLogger(__name__)

BACKUP_PREFIX = "reelarr_backup_"
BACKUP_TYPES = ("scheduled", "manual", "update")
FINISHED_COMMANDS_KEPT_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class Backup:
    id: int
    name: str
    type: str
    path: Path
    size: int
    time: dt.datetime


def list_backups(backup_dir: Path) -> list[Backup]:
    backups: list[Backup] = []
    for kind in BACKUP_TYPES:
        folder = backup_dir / kind
        if not folder.is_dir():
            continue
        for path in folder.glob(f"{BACKUP_PREFIX}*.zip"):
            stat = path.stat()
            backups.append(
                Backup(
                    id=zlib.crc32(f"{kind}/{path.name}".encode()) & 0x7FFFFFFF,
                    name=path.name,
                    type=kind,
                    path=path,
                    size=stat.st_size,
                    time=dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC),
                )
            )
    return sorted(backups, key=lambda b: b.time, reverse=True)


def _snapshot_sqlite(source: Path, destination: Path) -> None:
    # VACUUM INTO reads one consistent snapshot, even while Reelarr keeps writing in WAL mode.
    connection = sqlite3.connect(source, timeout=30)
    try:
        connection.execute("VACUUM INTO ?", (str(destination),))
    finally:
        connection.close()


def create_backup(ctx: Context, kind: str, now: dt.datetime | None = None) -> Path:
    """Write a backup zip and return its path. Blocking: run it in a thread."""
    folder = ctx.settings.backup_dir / kind
    folder.mkdir(parents=True, exist_ok=True)
    # A backup holds the database and config.json: Reelarr's user only, the user's folder too.
    for private in (ctx.settings.backup_dir, folder):
        os.chmod(private, 0o700)
    stamp = (now or utcnow()).strftime("%Y.%m.%d_%H.%M.%S")
    final = folder / f"{BACKUP_PREFIX}{stamp}.zip"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
        work_dir = Path(work)
        snapshot = work_dir / DATABASE_FILE_NAME
        if ctx.settings.is_sqlite:
            _snapshot_sqlite(ctx.settings.data_dir / DATABASE_FILE_NAME, snapshot)
        partial = work_dir / "backup.zip.partial"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(ctx.settings.config_path, CONFIG_FILE_NAME)
            if snapshot.exists():
                archive.write(snapshot, DATABASE_FILE_NAME)
        os.chmod(partial, 0o600)
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, final)
    return final


def remove_partial_backups(backup_dir: Path) -> int:
    """Delete the work folders of backups a crash cut short (backups never run two at once)."""
    removed = 0
    for kind in BACKUP_TYPES:
        for leftover in (backup_dir / kind).glob(".backup-*"):
            shutil.rmtree(leftover, ignore_errors=True)
            removed += 1
    return removed


def prune_backups(backup_dir: Path, retention: dt.timedelta, now: dt.datetime) -> int:
    """Delete scheduled backups older than the retention; manual ones are the user's to delete."""
    removed = 0
    for backup in list_backups(backup_dir):
        if backup.type == "scheduled" and now - backup.time > retention:
            backup.path.unlink(missing_ok=True)
            removed += 1
    return removed


# ---------------------------------------------------------------- restore

RESTORE_DIR_NAME = "restore"
# SQLite keeps recent writes in these files beside the database; they move with it.
SQLITE_COMPANIONS = ("-wal", "-shm")


class RestoreRefused(Exception):
    """A backup that cannot be restored here; the message says why, in a user's words."""


def _restore_dir(settings: Settings) -> Path:
    return settings.data_dir / RESTORE_DIR_NAME


def _check_database(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"The database in this backup cannot be read: {exc}") from None
    if integrity != "ok":
        raise RestoreRefused(f"The database in this backup is damaged: {integrity}")
    if not {"alembic_version", "movies"} <= tables:
        raise RestoreRefused("The database in this backup is not a Reelarr database")


def stage_restore(settings: Settings, archive: Path) -> None:
    """Check a backup zip and stage its database to replace the current one at the next start.

    Blocking: run it in a thread. ``config.json`` is not restored: it holds the API key and
    address this instance is reached at, and a restore must not lock its user out.
    """
    if not settings.is_sqlite:
        raise RestoreRefused("Reelarr runs on PostgreSQL here: restore its database with pg_restore")
    try:
        with zipfile.ZipFile(archive) as backup:
            if DATABASE_FILE_NAME not in backup.namelist():
                raise RestoreRefused(
                    f"This backup holds no {DATABASE_FILE_NAME} (was it made on PostgreSQL?)"
                )
            partial = settings.data_dir / f".{RESTORE_DIR_NAME}-partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            backup.extract(DATABASE_FILE_NAME, partial)
    except zipfile.BadZipFile:
        raise RestoreRefused("This is not a backup zip") from None
    _check_database(partial / DATABASE_FILE_NAME)
    with open(partial / DATABASE_FILE_NAME, "rb") as fh:
        os.fsync(fh.fileno())
    shutil.rmtree(_restore_dir(settings), ignore_errors=True)
    os.replace(partial, _restore_dir(settings))
    log.warning(
        "A backup's database is staged in %s; it replaces the database at the next start",
        _restore_dir(settings),
    )


def restore_is_staged(settings: Settings) -> bool:
    return (_restore_dir(settings) / DATABASE_FILE_NAME).is_file()


def apply_staged_restore(settings: Settings, now: dt.datetime | None = None) -> Path | None:
    """At start, before the database is opened: move a staged restore into place.

    Returns where the replaced database was kept. Each step is a rename, so a crash between
    two of them leaves either the old database with the restore still staged, or the new one.
    """
    staged_dir = _restore_dir(settings)
    staged = staged_dir / DATABASE_FILE_NAME
    if not staged.is_file():
        shutil.rmtree(staged_dir, ignore_errors=True)
        return None
    if not settings.is_sqlite:
        log.error(
            "A restore is staged in %s but Reelarr now runs on PostgreSQL; it was not applied", staged_dir
        )
        return None
    current = settings.data_dir / DATABASE_FILE_NAME
    kept = current.with_name(f"{DATABASE_FILE_NAME}.before-restore-{(now or utcnow()):%Y.%m.%d_%H.%M.%S}")
    for suffix in ("", *SQLITE_COMPANIONS):
        old = current.with_name(current.name + suffix)
        if old.exists():
            os.replace(old, kept.with_name(kept.name + suffix))
    os.replace(staged, current)
    shutil.rmtree(staged_dir, ignore_errors=True)
    log.warning("Restored the database from a backup; the previous one is kept as %s", kept.name)
    return kept


async def run_backup(ctx: Context, run: CommandRun) -> str:
    kind = "scheduled" if run.trigger == "scheduled" else "manual"
    await run.progress("Creating backup")
    try:
        await asyncio.to_thread(remove_partial_backups, ctx.settings.backup_dir)
        path = await asyncio.to_thread(create_backup, ctx, kind)
    except OSError as exc:
        raise CommandFailed(
            f"Could not write the backup to {ctx.settings.backup_dir}: {exc.strerror or exc}"
        ) from exc
    pruned = await asyncio.to_thread(
        prune_backups,
        ctx.settings.backup_dir,
        dt.timedelta(days=ctx.settings.backup_retention_days),
        ctx.clock(),
    )
    note = f"; removed {pruned} old backup(s)" if pruned else ""
    return f"Backup written to {path.name}{note}"


async def run_housekeeping(ctx: Context, run: CommandRun) -> str:
    now = ctx.clock()
    async with ctx.db.write() as uow:
        finished = await uow.session.execute(
            delete(CommandRecord).where(
                CommandRecord.status.not_in(ACTIVE_STATUSES),
                CommandRecord.ended < now - FINISHED_COMMANDS_KEPT_FOR,
            )
        )
        # Metadata no movie refers to any more (a deleted movie's, a refreshed-away collection's).
        orphaned_metadata = await uow.session.execute(
            delete(MovieMetadata).where(
                MovieMetadata.id.not_in(select(Movie.movie_metadata_id)),
                MovieMetadata.collection_tmdb_id.is_(None),
            )
        )
    commands_removed: int = finished.rowcount  # type: ignore[attr-defined]
    metadata_removed: int = orphaned_metadata.rowcount  # type: ignore[attr-defined]
    return f"Removed {commands_removed} old command(s) and {metadata_removed} orphaned metadata record(s)"


async def run_health_check(ctx: Context, run: CommandRun) -> str:
    issues = await ctx.health.run(ctx)
    return f"{len(issues)} health issue(s)" if issues else "No health issues"
