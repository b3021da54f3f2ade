"""``/api/v3/log/file``: the app's own log files, listed and downloaded by name.

A file is found by comparing the requested name with the names in the log folder, never by
joining it to a path, so no name reaches outside that folder. Reelarr has no updater of its
own (updates come from the package), so the update log list is always empty.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from reelarr.api.base import CtxDep
from reelarr.context import Context
from reelarr.errors import NotFound
from reelarr.logs import LOG_FILE_NAME

router = APIRouter(tags=["LogFile"])


def _log_files(log_dir: Path) -> list[Path]:
    if not log_dir.is_dir():
        return []
    files = [p for p in log_dir.iterdir() if p.is_file() and p.name.startswith(LOG_FILE_NAME)]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def _resource(ctx: Context, index: int, path: Path) -> dict[str, Any]:
    url = f"{ctx.settings.url_base}/api/v3/log/file/{path.name}"
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return {
        "id": index,
        "filename": path.name,
        "lastWriteTime": modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "contentsUrl": url,
        "downloadUrl": url,
    }


@router.get("/log/file")
async def list_log_files(ctx: CtxDep) -> list[dict[str, Any]]:
    files = await asyncio.to_thread(_log_files, ctx.settings.log_dir)
    return [_resource(ctx, index, path) for index, path in enumerate(files, 1)]


@router.get("/log/file/update")
async def list_update_log_files() -> list[dict[str, Any]]:
    return []


@router.get("/log/file/update/{filename}")
async def get_update_log_file(filename: str) -> FileResponse:
    raise NotFound("Update log file", filename)


@router.get("/log/file/{filename}")
async def get_log_file(filename: str, ctx: CtxDep) -> FileResponse:
    for path in await asyncio.to_thread(_log_files, ctx.settings.log_dir):
        if path.name == filename:
            return FileResponse(path, media_type="text/plain; charset=utf-8", filename=path.name)
    raise NotFound("Log file", filename)
