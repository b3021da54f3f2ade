"""System pages: status, health, tasks with run-now, commands, backups with restore, events, the log."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from reelarr import housekeeping, logs
from reelarr.api.base import CtxDep
from reelarr.api.limits import Id
from reelarr.api.logfile import list_log_files
from reelarr.api.system import (
    list_commands,
    list_tasks,
    restore_backup,
    stage_uploaded_backup,
    system_status,
)
from reelarr.commands import UnknownCommand
from reelarr.context import Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.files import disk_usage
from reelarr.web.base import UserDep, page, render, url
from reelarr.web.movies import human_size

router = APIRouter()

LOG_PAGE_SIZE = 50
SECTIONS = (
    ("/system/status", "Status"),
    ("/system/tasks", "Tasks"),
    ("/system/backup", "Backup"),
    ("/system/events", "Events"),
    ("/system/logs", "Logs"),
    ("/system/logfiles", "Log files"),
    ("/welcome", "Set-up guide"),
)
# How much of a log file its page shows: the end, where the latest entries are.
LOG_FILE_TAIL_BYTES = 256 * 1024
# The events page is the log without the developer's detail, as Radarr's is.
EVENT_LEVELS = frozenset({"info", "warning", "error", "critical"})


@router.get("/system")
async def system_home(ctx: CtxDep, user: UserDep) -> Response:
    return RedirectResponse(url(ctx, "/system/status"), status_code=303)


@router.get("/system/status")
async def status_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        usage = await asyncio.to_thread(disk_usage, ctx.settings.data_dir)
        return {
            "status": await system_status(ctx),
            "issues": ctx.health.issues,
            "disk": usage,
            "sections": SECTIONS,
        }

    return await page(request, ctx, "system/status.html", "Status", load)


@router.get("/system/tasks")
async def tasks_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            return {
                "tasks": await list_tasks(session),
                "commands": list(reversed(await list_commands(ctx, session))),
                "sections": SECTIONS,
            }

    return await page(request, ctx, "system/tasks.html", "Tasks", load)


@router.get("/system/commands")
async def commands_part(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """The running and recent commands, polled by the tasks page."""
    async with ctx.db.read() as session:
        commands = list(reversed(await list_commands(ctx, session)))
    return render(request, ctx, "system/_commands.html", "Commands", commands=commands)


@router.post("/system/tasks/{name}/run")
async def run_task(name: str, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    try:
        await ctx.commands.enqueue(name, {"name": name}, user_agent="Reelarr UI")
    except UnknownCommand:
        raise NotFound("Task", name) from None
    if request.headers.get("hx-request"):
        return await commands_part(request, ctx, user)
    return RedirectResponse(url(ctx, "/system/tasks"), status_code=303)


@router.get("/system/backup")
async def backup_page(request: Request, ctx: CtxDep, user: UserDep, staged: bool = False) -> Response:
    return await _backup_page(
        request, ctx, message="Restore staged: restart Reelarr to apply it." if staged else ""
    )


async def _backup_page(request: Request, ctx: Context, message: str = "", problem: str = "") -> Response:
    async def load() -> Mapping[str, Any]:
        backups = await asyncio.to_thread(housekeeping.list_backups, ctx.settings.backup_dir)
        return {
            "backups": backups,
            "sections": SECTIONS,
            "message": message,
            "problem": problem,
            "restore_staged": housekeeping.restore_is_staged(ctx.settings),
        }

    return await page(request, ctx, "system/backup.html", "Backup", load)


@router.post("/system/backup/restore/upload")
async def restore_upload(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    upload = (await request.form()).get("restore")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationFailed(("restore", "Choose a backup zip to upload"))
        await stage_uploaded_backup(ctx, upload)
    except ValidationFailed as exc:
        return await _backup_page(request, ctx, problem=str(exc))
    return RedirectResponse(url(ctx, "/system/backup?staged=true"), status_code=303)


@router.post("/system/backup/{backup_id}/restore")
async def restore(backup_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    try:
        await restore_backup(backup_id, ctx)
    except ValidationFailed as exc:
        return await _backup_page(request, ctx, problem=str(exc))
    return RedirectResponse(url(ctx, "/system/backup?staged=true"), status_code=303)


@router.post("/system/backup")
async def create_backup(ctx: CtxDep, user: UserDep) -> Response:
    await ctx.commands.enqueue("Backup", {"name": "Backup"}, user_agent="Reelarr UI")
    return RedirectResponse(url(ctx, "/system/tasks"), status_code=303)


@router.get("/system/backup/{kind}/{name}")
async def download_backup(kind: str, name: str, ctx: CtxDep, user: UserDep) -> FileResponse:
    for backup in await asyncio.to_thread(housekeeping.list_backups, ctx.settings.backup_dir):
        if backup.type == kind and backup.name == name:
            return FileResponse(backup.path, media_type="application/zip", filename=backup.name)
    raise NotFound("Backup", f"{kind}/{name}")


async def _log_page(
    request: Request, ctx: Context, title: str, page_number: int, levels: frozenset[str] | None
) -> Response:
    async def load() -> Mapping[str, Any]:
        start = (max(page_number, 1) - 1) * LOG_PAGE_SIZE

        def read() -> list[logs.LogEntry]:
            entries = logs.read_entries(ctx.settings.log_dir)
            shown = (e for e in entries if levels is None or e.level in levels)
            return list(itertools.islice(shown, start, start + LOG_PAGE_SIZE + 1))

        entries = await asyncio.to_thread(read)
        return {
            "entries": entries[:LOG_PAGE_SIZE],
            "page_number": max(page_number, 1),
            "has_more": len(entries) > LOG_PAGE_SIZE,
            "sections": SECTIONS,
        }

    return await page(request, ctx, "system/logs.html", title, load)


@router.get("/system/logs")
async def logs_page(request: Request, ctx: CtxDep, user: UserDep, page_number: int = 1) -> Response:
    return await _log_page(request, ctx, "Logs", page_number, None)


@router.get("/system/events")
async def events_page(request: Request, ctx: CtxDep, user: UserDep, page_number: int = 1) -> Response:
    """Recent log entries at info and above."""
    return await _log_page(request, ctx, "Events", page_number, EVENT_LEVELS)


# ---------------------------------------------------------------- log files


async def _log_file(ctx: Context, filename: str) -> tuple[dict[str, Any], Path]:
    """The listed log file called ``filename``: found among the listed names, never joined as a path."""
    for listed in await list_log_files(ctx):
        if listed["filename"] == filename:
            return listed, ctx.settings.log_dir / listed["filename"]
    raise NotFound("Log file", filename)


@router.get("/system/logfiles")
async def log_files_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        files = await list_log_files(ctx)
        sizes = await asyncio.to_thread(
            lambda: {f["filename"]: (ctx.settings.log_dir / f["filename"]).stat().st_size for f in files}
        )
        return {"files": files, "sizes": sizes, "human_size": human_size, "sections": SECTIONS}

    return await page(request, ctx, "system/logfiles.html", "Log files", load)


def _readable(line: str) -> str:
    """A JSON log line as a person reads it: time, level, where, message (and the traceback)."""
    try:
        entry = json.loads(line)
    except json.JSONDecodeError:
        return line
    if not isinstance(entry, dict):
        return line
    text = f"{entry.get('time', '')} {str(entry.get('level', '')).upper()} {entry.get('logger', '')}: "
    text += str(entry.get("message", ""))
    return text + ("\n" + str(entry["exception"]) if entry.get("exception") else "")


def _tail(path: Path) -> tuple[list[str], bool]:
    """The readable lines of the end of ``path``, newest first, and whether earlier ones were left out."""
    with path.open("rb") as file:
        size = file.seek(0, 2)
        file.seek(max(size - LOG_FILE_TAIL_BYTES, 0))
        text = file.read().decode("utf-8", errors="replace")
    lines = text.splitlines()
    cut = size > LOG_FILE_TAIL_BYTES
    if cut:
        lines = lines[1:]  # the first line was read from its middle
    return [_readable(line) for line in reversed(lines) if line.strip()], cut


@router.get("/system/logfiles/{filename}")
async def log_file_page(filename: str, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        listed, path = await _log_file(ctx, filename)
        lines, cut = await asyncio.to_thread(_tail, path)
        return {"file": listed, "lines": lines, "cut": cut, "sections": SECTIONS}

    return await page(request, ctx, "system/logfile.html", filename, load)


@router.get("/system/logfiles/{filename}/download")
async def download_log_file(filename: str, ctx: CtxDep, user: UserDep) -> FileResponse:
    listed, path = await _log_file(ctx, filename)
    return FileResponse(path, media_type="text/plain; charset=utf-8", filename=listed["filename"])
