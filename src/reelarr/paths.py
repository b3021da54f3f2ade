"""Where a movie may live and what Reelarr may delete: the one guard for every path a user gives.

A movie's folder is created, moved and, when the movie is deleted with its files, removed
whole. A movie path that is a root folder, holds one, or is a system or Reelarr's own folder
turns that removal into the loss of a library, of Reelarr's database or of the machine (issue
13: a movie's path was set outside the library, then the movie was deleted with its files). So
each path is checked here, symlinks resolved, before it is recorded, moved into or removed;
the API, the UI and the commands all call these functions, and nothing else decides.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.config import Settings
from reelarr.models import RootFolder

# Nothing inside these belongs to a media library: they hold the system itself.
SYSTEM_TREES = tuple(
    Path(p)
    for p in (
        "/bin",
        "/boot",
        "/dev",
        "/etc",
        "/lib",
        "/lib32",
        "/lib64",
        "/proc",
        "/run",
        "/sbin",
        "/sys",
        "/usr",
    )
)
# Shared places: a library may lie below them, never in the folder itself.
SYSTEM_FOLDERS = tuple(
    Path(p) for p in ("/", "/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var", "/var/lib")
)


@dataclass(frozen=True)
class Folders:
    """What a check compares against: the root folders, and Reelarr's own folders (data, backups)."""

    roots: tuple[str, ...]
    own: tuple[str, ...]


async def load_folders(session: AsyncSession, settings: Settings | None) -> Folders:
    """The root folders, and Reelarr's own folders when ``settings`` says where they are."""
    roots = tuple(await session.scalars(select(RootFolder.path).order_by(RootFolder.path)))
    own = (str(settings.data_dir), str(settings.backup_dir)) if settings else ()
    return Folders(roots, own)


def real(path: str | os.PathLike[str]) -> Path:
    """The absolute path with every symlink resolved (as far as it exists)."""
    return Path(os.path.realpath(path))


def strictly_inside(path: Path, folder: Path) -> bool:
    return path != folder and path.is_relative_to(folder)


def system_folder_problem(path: str | os.PathLike[str]) -> str | None:
    resolved = real(path)
    if resolved in SYSTEM_FOLDERS or resolved in SYSTEM_TREES:
        return f"'{path}' is a system folder"
    for tree in SYSTEM_TREES:
        if strictly_inside(resolved, tree):
            return f"'{path}' is inside the system folder '{tree}'"
    return None


def _own_folder_problem(path: str | os.PathLike[str], own: Iterable[str]) -> str | None:
    resolved = real(path)
    for folder in own:
        mine = real(folder)
        if resolved == mine or strictly_inside(resolved, mine):
            return f"'{path}' is inside Reelarr's own folder '{folder}' (its data or backups)"
        if strictly_inside(mine, resolved):
            return f"'{path}' contains Reelarr's own folder '{folder}' (its data or backups)"
    return None


def root_folder_problem(path: str, folders: Folders) -> str | None:
    """Why ``path`` may not be a root folder, or None: not a system folder nor Reelarr's own."""
    return system_folder_problem(path) or _own_folder_problem(path, folders.own)


def movie_path_problem(path: str | os.PathLike[str], folders: Folders) -> str | None:
    """Why ``path`` may not be a movie's folder, or None.

    It must lie strictly inside a root folder (its resolved path too, so a symlink cannot lead
    out), and be neither a root folder, nor hold one, nor be a system or Reelarr's own folder.
    """
    if not os.path.isabs(path):
        return f"'{path}' is not an absolute path"
    if problem := system_folder_problem(path):
        return problem
    given, resolved = Path(os.path.normpath(path)), real(path)
    for root in folders.roots:
        if resolved == real(root) or given == Path(root):
            return f"'{path}' is a root folder; a movie needs its own folder inside one"
        if strictly_inside(real(root), resolved) or strictly_inside(Path(root), given):
            return f"'{path}' contains the root folder '{root}'"
    if problem := _own_folder_problem(path, folders.own):
        return problem
    if not folders.roots:
        return f"'{path}' is not inside a root folder: add one under Settings > Media Management first"
    inside = any(
        strictly_inside(given, Path(root)) and strictly_inside(resolved, real(root)) for root in folders.roots
    )
    if not inside:
        return f"'{path}' is not inside a root folder ({', '.join(folders.roots)})"
    return None


def destination_problem(destination: str | os.PathLike[str], folder: str | os.PathLike[str]) -> str | None:
    """Why a file may not be written at ``destination``: it must stay inside the movie's ``folder``."""
    if not strictly_inside(real(destination), real(folder)):
        return f"'{destination}' is outside the movie's folder '{folder}'"
    return None
