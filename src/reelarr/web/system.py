"""System pages: status, health, tasks with run-now, running commands, backups and the log."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from reelarr import housekeeping, logs
from reelarr.api.base import CtxDep
from reelarr.api.system import list_commands, list_tasks, system_status
from reelarr.commands import UnknownCommand
from reelarr.errors import NotFound
from reelarr.files import disk_usage
from reelarr.web.base import UserDep, page, render, url

router = APIRouter()

LOG_PAGE_SIZE = 50
SECTIONS = (
    ("/system/status", "Status"),
    ("/system/tasks", "Tasks"),
    ("/system/backup", "Backup"),
    ("/system/logs", "Logs"),
)


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
async def backup_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        backups = await asyncio.to_thread(housekeeping.list_backups, ctx.settings.backup_dir)
        return {"backups": backups, "sections": SECTIONS}

    return await page(request, ctx, "system/backup.html", "Backup", load)


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


@router.get("/system/logs")
async def logs_page(request: Request, ctx: CtxDep, user: UserDep, page_number: int = 1) -> Response:
    async def load() -> Mapping[str, Any]:
        start = (max(page_number, 1) - 1) * LOG_PAGE_SIZE

        def read() -> list[logs.LogEntry]:
            entries = logs.read_entries(ctx.settings.log_dir)
            return list(itertools.islice(entries, start, start + LOG_PAGE_SIZE + 1))

        entries = await asyncio.to_thread(read)
        return {
            "entries": entries[:LOG_PAGE_SIZE],
            "page_number": max(page_number, 1),
            "has_more": len(entries) > LOG_PAGE_SIZE,
            "sections": SECTIONS,
        }

    return await page(request, ctx, "system/logs.html", "Logs", load)
