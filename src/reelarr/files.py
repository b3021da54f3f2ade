"""Disk side effects: transfers into the library, the recycle bin, permissions and free space.

A transfer never loses a file: content reaches the library under a temporary name and is
renamed into place, the source of a move and the file being replaced are removed only after
the new file is recorded, and a journal on disk lets a restart finish or undo whatever a crash
interrupted. A wanted hardlink that cannot be made becomes a copy, said aloud in the log (and,
by the import, in history and a health check), because silent copies cost users disk space.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from reelarr.errors import ValidationFailed
from reelarr.paths import Folders, movie_path_problem
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


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by Reelarr's user alone, whatever the umask."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, 0o700)
    return path


def write_private(path: Path, content: bytes) -> None:
    """Write ``path`` whole under a temporary name, mode 0600 from its creation, then rename it in."""
    private_folder(path.parent)
    partial = partial_name(path)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as writer:
        os.fchmod(writer.fileno(), 0o600)
        writer.write(content)
    os.replace(partial, path)


def remove_movie_folder(folder: Path, recycle_bin: str, folders: Folders) -> Path | None:
    """Send a movie's folder to the recycle bin, or delete it when none is set.

    Returns where the folder went (None when it was deleted or did not exist). A folder that
    fails :func:`reelarr.paths.movie_path_problem` is left alone: the refusal is logged and
    raised, since removing a root folder or a folder outside the library loses what no one
    asked to delete.
    """
    if not folder.exists():
        return None
    if problem := movie_path_problem(folder, folders):
        log.error("refusing to remove %s: %s", folder, problem)
        raise ValidationFailed(("path", f"The movie's files were not deleted: {problem}"))
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


# ---------------------------------------------------------------- transfers


class TransferMode(StrEnum):
    """How a file reaches the library, as Radarr names the modes."""

    MOVE = "move"
    COPY = "copy"
    HARDLINK_OR_COPY = "hardLinkOrCopy"


class TransferFailed(OSError):
    """The file could not be placed; the source and any old file are untouched."""


@dataclass(frozen=True)
class TransferOutcome:
    """What happened; ``hardlink_failure`` says why a wanted hardlink became a copy."""

    destination: Path
    mode: TransferMode
    linked: bool
    hardlink_failure: str | None = None


PARTIAL_PREFIX = ".reelarr-partial."
REPLACED_PREFIX = ".reelarr-replaced."
_COPY_CHUNK = 8 * 1024 * 1024


def hardlink(source: Path, target: Path) -> None:
    os.link(source, target)


def copy(source: Path, target: Path) -> None:
    """Copy contents and times, then flush to disk, so a crash never leaves a short file named as whole."""
    with open(source, "rb") as reader, open(target, "wb") as writer:
        shutil.copyfileobj(reader, writer, _COPY_CHUNK)
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(source, target)


def place_file(source: Path, destination: Path, mode: TransferMode) -> TransferOutcome:
    """Put ``source``'s content at ``destination`` without ever exposing a partial file.

    The content goes to a temporary name in the destination folder (a hardlink where the mode
    and the file systems allow, else a copy), its size is checked, and it is renamed into place.
    A file already at ``destination`` is first kept under a ``.reelarr-replaced.`` name beside it
    (see :func:`replaced_name`) so nothing is lost until the caller has recorded the new one.
    The source is never removed here: a move deletes it in :func:`finish_transfer`.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(destination)
    partial.unlink(missing_ok=True)
    linked, failure = False, None
    if mode is not TransferMode.COPY:
        try:
            hardlink(source, partial)
            linked = True
        except OSError as exc:
            failure = exc.strerror or str(exc)
    if not linked:
        copy(source, partial)
        _fsync_folder(partial.parent)
    expected = source.stat().st_size
    if partial.stat().st_size != expected:
        partial.unlink(missing_ok=True)
        raise TransferFailed(f"{destination} has the wrong size after the transfer; the source is kept")
    if destination.exists() and destination != source:
        keep_replaced(destination)
    os.replace(partial, destination)
    _fsync_folder(destination.parent)
    if failure and mode is TransferMode.HARDLINK_OR_COPY:
        log.warning("could not hardlink %s to %s (%s); copied it instead", source, destination, failure)
    return TransferOutcome(
        destination, mode, linked, failure if mode is TransferMode.HARDLINK_OR_COPY else None
    )


def partial_name(destination: Path) -> Path:
    return destination.with_name(PARTIAL_PREFIX + destination.name)


def replaced_name(destination: Path) -> Path:
    return destination.with_name(REPLACED_PREFIX + destination.name)


def keep_replaced(destination: Path) -> None:
    """Keep the file about to be overwritten under a second name; the name it had never goes empty."""
    kept = replaced_name(destination)
    kept.unlink(missing_ok=True)
    try:
        os.link(destination, kept)
    except OSError:
        shutil.copy2(destination, kept)


def recycle(path: Path, recycle_bin: str, *, name: str | None = None) -> Path | None:
    """Send a file to the recycle bin (under ``name``), or delete it when none is set."""
    if not path.exists():
        return None
    if not recycle_bin:
        path.unlink()
        log.info("deleted %s", path)
        return None
    bin_path = Path(recycle_bin)
    bin_path.mkdir(parents=True, exist_ok=True)
    target = _free_name(bin_path / (name or path.name))
    shutil.move(str(path), target)
    log.info("moved %s to the recycle bin at %s", path, target)
    return target


def prune_empty_folders(folder: Path, stop_at: Path) -> None:
    """Remove ``folder`` and its parents while empty, never ``stop_at`` or above it."""
    folder, stop_at = folder.resolve(), stop_at.resolve()
    while folder != stop_at and stop_at in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def apply_permissions(path: Path, config: MediaManagementConfig) -> None:
    """Radarr's Linux permissions: the folder mode on folders, the same without execute on files."""
    if not config.set_permissions_linux:
        return
    folder_mode = int(config.chmod_folder or "755", 8)
    mode = folder_mode if path.is_dir() else folder_mode & 0o666
    try:
        os.chmod(path, mode)
        if config.chown_group:
            shutil.chown(path, group=config.chown_group)
    except (OSError, LookupError) as exc:
        log.warning("could not set permissions on %s: %s", path, exc)


def move_folder(source: Path, destination: Path) -> None:
    """Move a folder whole: renamed on one file system; across two, copied under a temporary
    name and renamed into place, the original left for :meth:`TransferJournal.finish`."""
    if not source.is_dir():
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.is_dir() and not any(destination.iterdir()):
        destination.rmdir()
    try:
        os.rename(source, destination)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        partial = partial_name(destination)
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(source, partial, copy_function=shutil.copy2)
        os.replace(partial, destination)
    _fsync_folder(destination.parent)


def _move_folder_back(source: Path, destination: Path) -> None:
    shutil.rmtree(partial_name(destination), ignore_errors=True)
    if not destination.exists():
        return
    if source.exists():
        shutil.rmtree(destination)  # a cross-file-system copy; the original is whole
    else:
        shutil.move(str(destination), source)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# ---------------------------------------------------------------- the transfer journal


class Stage(StrEnum):
    STARTED = "started"
    RECORDED = "recorded"


class TransferKind(StrEnum):
    """What a journal entry moves: a download into the library, a library file to its new
    name, or a whole movie folder to a new path."""

    IMPORT = "import"
    RENAME = "rename"
    FOLDER = "folder"


@dataclass
class JournalEntry:
    """One transfer in flight, written to disk before anything moves.

    ``old_file`` is the library file the new one replaces (None for a first import); when it
    sits at the destination itself it is kept under :func:`replaced_name` until the end.
    """

    id: str
    source: str
    destination: str
    mode: str
    old_file: str | None
    recycle_bin: str
    # When the transfer began (seconds since the epoch): a record of the destination made since
    # then is the new file's, not the old one's at the same path.
    started: float = 0.0
    stage: str = Stage.STARTED
    kind: str = TransferKind.IMPORT


class TransferJournal:
    """Transfers in flight, one small JSON file each, so a restart can finish or undo them.

    The sequence is: ``begin`` (journal written) → :func:`place_file` → the caller records the
    new file in the database → ``recorded`` → :meth:`finish` (source removed for a move, the old
    file recycled) → entry removed. After a crash, each entry left :meth:`pending` is finished
    if the database has the new file, and rolled back otherwise.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def begin(
        self,
        source: Path,
        destination: Path,
        mode: TransferMode,
        old_file: Path | None,
        recycle_bin: str,
        kind: TransferKind = TransferKind.IMPORT,
    ) -> JournalEntry:
        entry = JournalEntry(
            id=uuid.uuid4().hex,
            source=str(source),
            destination=str(destination),
            mode=mode.value,
            old_file=str(old_file) if old_file else None,
            recycle_bin=recycle_bin,
            started=time.time(),
            kind=kind,
        )
        self._write(entry)
        return entry

    def recorded(self, entry: JournalEntry) -> None:
        entry.stage = Stage.RECORDED
        self._write(entry)

    def finish(self, entry: JournalEntry) -> None:
        """Remove what the new file supersedes: the source of a move and the old library file."""
        destination = Path(entry.destination)
        source = Path(entry.source)
        if entry.kind == TransferKind.FOLDER:
            # A folder copied across file systems leaves the original behind until now.
            if source.exists() and destination.exists() and source != destination:
                shutil.rmtree(source)
            self._remove(entry)
            return
        moved = entry.mode == TransferMode.MOVE and source.exists() and destination.exists()
        if moved and source != destination:
            source.unlink()
        kept = replaced_name(destination)
        if kept.exists():
            recycle(kept, entry.recycle_bin, name=destination.name)
        elif entry.old_file and Path(entry.old_file) != destination:
            recycle(Path(entry.old_file), entry.recycle_bin)
        self._remove(entry)

    def roll_back(self, entry: JournalEntry) -> None:
        """Undo a transfer the database never recorded: the library looks as it did before."""
        destination = Path(entry.destination)
        if entry.kind == TransferKind.FOLDER:
            _move_folder_back(Path(entry.source), destination)
            self._remove(entry)
            return
        partial_name(destination).unlink(missing_ok=True)
        kept = replaced_name(destination)
        if kept.exists():
            os.replace(kept, destination)
        elif (
            destination.exists() and Path(entry.source).exists() and destination != Path(entry.old_file or "")
        ):
            # The new file reached its place: the source still has the content, so it can go.
            destination.unlink()
        self._remove(entry)

    def pending(self) -> list[JournalEntry]:
        if not self.folder.is_dir():
            return []
        entries = []
        for file in sorted(self.folder.glob("*.json")):
            try:
                entries.append(JournalEntry(**json.loads(file.read_text())))
            except (ValueError, TypeError):
                log.error("unreadable transfer journal entry %s left in place", file)
        return entries

    def _write(self, entry: JournalEntry) -> None:
        private_folder(self.folder)
        target = self.folder / f"{entry.id}.json"
        temporary = target.with_suffix(".tmp")
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as writer:
            json.dump(asdict(entry), writer)
            writer.flush()
            os.fsync(writer.fileno())
        os.replace(temporary, target)
        _fsync_folder(self.folder)

    def _remove(self, entry: JournalEntry) -> None:
        (self.folder / f"{entry.id}.json").unlink(missing_ok=True)
