"""``/api/v3/filesystem``: the folder browser behind Radarr's path pickers, Bazarr's and ours.

Listing a folder reads the disk, so it runs in a thread and stops after ``MAX_ENTRIES``
entries: a picker pointed at a folder of a million files answers quickly with the first ones.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query

from reelarr.api.limits import PATH_LENGTH
from reelarr.errors import ValidationFailed
from reelarr.mediainfo import VIDEO_EXTENSIONS

router = APIRouter(tags=["FileSystem"])

MAX_ENTRIES = 5_000
# How deep ``filesystem/mediafiles`` looks below the folder it is given.
MEDIA_FILES_DEPTH = 4


def _with_slash(path: str) -> str:
    return path if path.endswith("/") else path + "/"


def _modified(entry: os.DirEntry[str]) -> str | None:
    try:
        stamp = entry.stat().st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _absolute(path: str) -> Path:
    if not path.startswith("/") or "\x00" in path:
        raise ValidationFailed(("path", "Must be an absolute path"), attempted={"path": path})
    return Path(os.path.normpath(path))


def list_folder(path: str, *, include_files: bool, allow_without_slash: bool) -> dict[str, Any]:
    """Radarr's listing: the parent, the sub-folders (and the files when asked), sorted by name.

    A path without a trailing slash names the folder being typed: its parent is listed instead,
    as Radarr does, unless ``allow_without_slash`` says the path is a folder as it stands.
    """
    if not path:
        path = "/"
    folder = _absolute(path)
    if not path.endswith("/") and not allow_without_slash:
        folder = folder.parent
    result: dict[str, Any] = {
        "parent": None if folder == folder.parent else _with_slash(str(folder.parent)),
        "directories": [],
        "files": [],
    }
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_ENTRIES:
                    break
                if entry.name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_dir:
                    result["directories"].append(
                        {
                            "type": "folder",
                            "name": entry.name,
                            "path": _with_slash(entry.path),
                            "lastModified": _modified(entry),
                        }
                    )
                elif include_files:
                    result["files"].append(
                        {
                            "type": "file",
                            "name": entry.name,
                            "path": entry.path,
                            "extension": Path(entry.name).suffix,
                            "size": entry.stat().st_size,
                            "lastModified": _modified(entry),
                        }
                    )
    except (FileNotFoundError, NotADirectoryError):
        return result
    except PermissionError:
        raise ValidationFailed(("path", f"Reelarr may not read '{folder}'")) from None
    result["directories"].sort(key=lambda e: e["name"].lower())
    result["files"].sort(key=lambda e: e["name"].lower())
    return result


def media_files(path: str) -> list[dict[str, Any]]:
    """The video files in a folder and its sub-folders (Bazarr's manual subtitle search lists them)."""
    root = _absolute(path)
    found: list[dict[str, Any]] = []
    if not root.is_dir():
        return found
    for folder, subfolders, names in os.walk(root):
        depth = len(Path(folder).relative_to(root).parts)
        subfolders[:] = [] if depth >= MEDIA_FILES_DEPTH else sorted(s for s in subfolders if s[0] != ".")
        for name in sorted(names):
            if Path(name).suffix.lower() in VIDEO_EXTENSIONS and not name.startswith("."):
                file = Path(folder) / name
                found.append(
                    {"path": str(file), "relativePath": str(file.relative_to(root)), "name": file.stem}
                )
                if len(found) >= MAX_ENTRIES:
                    return found
    return found


@router.get("/filesystem")
async def browse(
    path: Annotated[str, Query(max_length=PATH_LENGTH)] = "",
    include_files: Annotated[bool, Query(alias="includeFiles")] = False,
    allow_folders_without_trailing_slashes: Annotated[
        bool, Query(alias="allowFoldersWithoutTrailingSlashes")
    ] = False,
) -> dict[str, Any]:
    return await asyncio.to_thread(
        list_folder,
        path,
        include_files=include_files,
        allow_without_slash=allow_folders_without_trailing_slashes,
    )


@router.get("/filesystem/type")
async def path_type(path: Annotated[str, Query(max_length=PATH_LENGTH)] = "") -> dict[str, str]:
    """``file`` or ``folder``, as Radarr answers (a missing path is reported as a folder)."""
    is_file = await asyncio.to_thread(_absolute(path or "/").is_file)
    return {"type": "file" if is_file else "folder"}


@router.get("/filesystem/mediafiles")
async def list_media_files(path: Annotated[str, Query(max_length=PATH_LENGTH)] = "") -> list[dict[str, Any]]:
    return await asyncio.to_thread(media_files, path or "/")
