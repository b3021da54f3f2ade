"""System status, tasks, commands, backups, health, disk space and the log."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import platform
import re
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy import or_, select
from starlette.datastructures import UploadFile

from reelarr import housekeeping, logs, migrations
from reelarr.api.base import CtxDep, PagingDep, SessionDep, paged
from reelarr.api.limits import Id, JsonObject
from reelarr.api.movie import iso
from reelarr.commands import ACTIVE_STATUSES, UnknownCommand, human_name
from reelarr.context import APP_NAME, RADARR_COMPATIBLE_VERSION, VERSION, Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.files import disk_usage
from reelarr.models import CommandRecord, RootFolder, ScheduledTask

router = APIRouter()


def timespan(delta: dt.timedelta | None) -> str | None:
    """A .NET TimeSpan string (``00:00:01.2500000``), which Radarr's clients parse."""
    if delta is None:
        return None
    total = max(delta.total_seconds(), 0.0)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{seconds:010.7f}"


# ---------------------------------------------------------------- status

# What Radarr's Updates page shows when updates come from outside the app.
UPDATE_MESSAGE = (
    "Reelarr does not update itself: install the new wheel or pull the new container image, "
    "then restart (docs/install.md, Upgrades)"
)


@router.get("/system/status", tags=["System"])
async def system_status(ctx: CtxDep) -> dict[str, Any]:
    s = ctx.settings
    if ctx.db.is_sqlite:
        database_type, database_version = "sqLite", sqlite3.sqlite_version
    else:
        database_type = "postgreSQL"
        async with ctx.db.read() as session:
            from sqlalchemy import text

            database_version = str(await session.scalar(text("SHOW server_version")))
    return {
        "appName": APP_NAME,
        "instanceName": s.instance_name,
        "version": RADARR_COMPATIBLE_VERSION,
        "buildTime": iso(ctx.started_at),
        "isDebug": False,
        "isProduction": True,
        "isAdmin": os.geteuid() == 0 if hasattr(os, "geteuid") else False,
        "isUserInteractive": False,
        "startupPath": os.path.dirname(os.path.dirname(__file__)),
        "appData": str(s.data_dir),
        "osName": platform.system().lower(),
        "osVersion": platform.release(),
        "isNetCore": False,
        "isLinux": platform.system() == "Linux",
        "isOsx": platform.system() == "Darwin",
        "isWindows": platform.system() == "Windows",
        "isDocker": os.path.exists("/.dockerenv"),
        "mode": "console",
        "branch": "main",
        "databaseType": database_type,
        "databaseVersion": database_version,
        "authentication": s.authentication_method,
        "migrationVersion": int(migrations.head_revision() or 0),
        "urlBase": s.url_base,
        "runtimeVersion": platform.python_version(),
        "runtimeName": "CPython",
        "startTime": iso(ctx.started_at),
        "packageVersion": VERSION,
        "packageUpdateMechanism": "external",
        "packageUpdateMechanismMessage": UPDATE_MESSAGE,
    }


# ---------------------------------------------------------------- tasks


def _task_json(row: ScheduledTask) -> dict[str, Any]:
    next_run = row.last_execution + dt.timedelta(minutes=row.interval_minutes) if row.last_execution else None
    duration = (
        row.last_execution - row.last_start_time
        if row.last_execution and row.last_start_time
        else dt.timedelta(0)
    )
    return {
        "id": row.id,
        "name": human_name(row.name),
        "taskName": row.name,
        "interval": row.interval_minutes,
        "lastExecution": iso(row.last_execution),
        "lastStartTime": iso(row.last_start_time or row.last_execution),
        "nextExecution": iso(next_run),
        "lastDuration": timespan(duration),
    }


@router.get("/system/task", tags=["Task"])
async def list_tasks(session: SessionDep) -> list[dict[str, Any]]:
    return [
        _task_json(row) for row in await session.scalars(select(ScheduledTask).order_by(ScheduledTask.name))
    ]


@router.get("/system/task/{task_id}", tags=["Task"])
async def get_task(task_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(ScheduledTask, task_id)
    if row is None:
        raise NotFound("Task", task_id)
    return _task_json(row)


# ---------------------------------------------------------------- commands


def command_json(ctx: Context, row: CommandRecord) -> dict[str, Any]:
    try:
        spec = ctx.commands.spec(row.name)
        flags = {
            "isExclusive": spec.exclusive,
            "isTypeExclusive": spec.type_exclusive,
            "isLongRunning": spec.long_running,
            "requiresDiskAccess": spec.requires_disk_access,
            "updateScheduledTask": spec.update_scheduled_task,
        }
    except UnknownCommand:
        flags = {}
    duration = row.ended - row.started if row.ended and row.started else None
    state_change = row.ended or row.started or row.queued
    return {
        "id": row.id,
        "name": row.name,
        "commandName": human_name(row.name),
        "message": row.message,
        "body": {
            **row.body,
            "name": row.name,
            "sendUpdatesToClient": True,
            "trigger": row.trigger,
            "suppressMessages": False,
            "completionMessage": "Completed",
            **flags,
        },
        "priority": row.priority,
        "status": row.status,
        "result": row.result,
        "queued": iso(row.queued),
        "started": iso(row.started),
        "ended": iso(row.ended),
        "duration": timespan(duration),
        "exception": row.exception,
        "trigger": row.trigger,
        "clientUserAgent": row.client_user_agent,
        "stateChangeTime": iso(state_change),
        "sendUpdatesToClient": True,
        "updateScheduledTask": flags.get("updateScheduledTask", True),
    }


@router.get("/command", tags=["Command"])
async def list_commands(ctx: CtxDep, session: SessionDep) -> list[dict[str, Any]]:
    since = ctx.clock() - dt.timedelta(hours=1)
    rows = await session.scalars(
        select(CommandRecord)
        .where(or_(CommandRecord.status.in_(ACTIVE_STATUSES), CommandRecord.ended >= since))
        .order_by(CommandRecord.id)
    )
    return [command_json(ctx, row) for row in rows]


@router.get("/command/{command_id}", tags=["Command"])
async def get_command(command_id: Id, ctx: CtxDep, session: SessionDep) -> dict[str, Any]:
    row = await session.get(CommandRecord, command_id)
    if row is None:
        raise NotFound("Command", command_id)
    return command_json(ctx, row)


@router.post("/command", status_code=201, tags=["Command"])
async def post_command(body: JsonObject, ctx: CtxDep, request: Request) -> dict[str, Any]:
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise ValidationFailed(("name", "The command name is required"))
    try:
        row = await ctx.commands.enqueue(name, body, user_agent=request.headers.get("user-agent"))
    except UnknownCommand:
        raise ValidationFailed(
            ("name", f"Unknown command '{name}'; known commands: {', '.join(ctx.commands.known())}"),
            attempted={"name": name},
        ) from None
    return command_json(ctx, row)


@router.delete("/command/{command_id}", tags=["Command"])
async def cancel_command(command_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(CommandRecord, command_id)
        if row is None:
            raise NotFound("Command", command_id)
        if row.status != "queued":
            raise ValidationFailed(("id", f"Only queued commands can be cancelled; this one is {row.status}"))
        row.status, row.result, row.ended = "cancelled", "unsuccessful", ctx.clock()
    return {}


# ---------------------------------------------------------------- backups


def _backup_json(backup: housekeeping.Backup) -> dict[str, Any]:
    return {
        "id": backup.id,
        "name": backup.name,
        "path": f"/backup/{backup.type}/{backup.name}",
        "type": backup.type,
        "size": backup.size,
        "time": iso(backup.time),
    }


@router.get("/system/backup", tags=["Backup"])
async def list_backups(ctx: CtxDep) -> list[dict[str, Any]]:
    backups = await asyncio.to_thread(housekeeping.list_backups, ctx.settings.backup_dir)
    return [_backup_json(b) for b in backups]


@router.delete("/system/backup/{backup_id}", tags=["Backup"])
async def delete_backup(backup_id: Id, ctx: CtxDep) -> dict[str, Any]:
    for backup in await asyncio.to_thread(housekeeping.list_backups, ctx.settings.backup_dir):
        if backup.id == backup_id:
            backup.path.unlink(missing_ok=True)
            return {}
    raise NotFound("Backup", backup_id)


async def _stage(ctx: Context, archive: Path) -> dict[str, Any]:
    try:
        await asyncio.to_thread(housekeeping.stage_restore, ctx.settings, archive)
    except housekeeping.RestoreRefused as exc:
        raise ValidationFailed(("backup", str(exc))) from None
    return {"RestartRequired": True}


@router.post("/system/backup/restore/upload", tags=["Backup"])
async def restore_uploaded_backup(request: Request, ctx: CtxDep) -> dict[str, Any]:
    """Stage an uploaded backup zip (the form's first file) to replace the database at the next start."""
    upload = next((v for v in (await request.form()).values() if isinstance(v, UploadFile)), None)
    if upload is None:
        raise ValidationFailed(("file", "Choose a backup zip to upload"))
    return await stage_uploaded_backup(ctx, upload)


async def stage_uploaded_backup(ctx: Context, upload: UploadFile) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=ctx.settings.data_dir, prefix=".upload-") as work:
        archive = Path(work) / "backup.zip"
        with archive.open("wb") as fh:
            while chunk := await upload.read(1 << 20):
                fh.write(chunk)
        return await _stage(ctx, archive)


@router.post("/system/backup/restore/{backup_id}", tags=["Backup"])
async def restore_backup(backup_id: Id, ctx: CtxDep) -> dict[str, Any]:
    """Stage a listed backup to replace the database at the next start."""
    for backup in await asyncio.to_thread(housekeeping.list_backups, ctx.settings.backup_dir):
        if backup.id == backup_id:
            return await _stage(ctx, backup.path)
    raise NotFound("Backup", backup_id)


# Served outside /api/v3 (Radarr lists backups with a path under the URL base), still behind the key.
backup_files = APIRouter()


@backup_files.get("/backup/{kind}/{name}", include_in_schema=False)
async def download_backup(kind: str, name: str, ctx: CtxDep) -> FileResponse:
    for backup in await asyncio.to_thread(housekeeping.list_backups, ctx.settings.backup_dir):
        if backup.type == kind and backup.name == name:
            return FileResponse(backup.path, media_type="application/zip", filename=backup.name)
    raise NotFound("Backup", f"{kind}/{name}")


# ---------------------------------------------------------------- health, disk space, log


@router.get("/health", tags=["Health"])
async def health(ctx: CtxDep) -> list[dict[str, Any]]:
    return [
        {"id": index, "source": i.source, "type": i.type, "message": i.message, "wikiUrl": i.wiki_url}
        for index, i in enumerate(ctx.health.issues, 1)
    ]


@router.get("/diskspace", tags=["DiskSpace"])
async def disk_space(ctx: CtxDep, session: SessionDep) -> list[dict[str, Any]]:
    paths = [str(ctx.settings.data_dir), *await session.scalars(select(RootFolder.path))]

    def measure() -> list[dict[str, Any]]:
        seen: set[int] = set()
        result: list[dict[str, Any]] = []
        for path in paths:
            try:
                device = os.stat(path).st_dev
            except OSError:
                continue
            usage = disk_usage(path)
            if device in seen or usage is None:
                continue
            seen.add(device)
            result.append(
                {
                    "id": len(result) + 1,
                    "path": path,
                    "label": "",
                    "freeSpace": usage.free,
                    "totalSpace": usage.total,
                }
            )
        return result

    return await asyncio.to_thread(measure)


@router.get("/log", tags=["Log"])
async def read_log(
    ctx: CtxDep,
    p: PagingDep,
    level: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    def collect() -> tuple[list[dict[str, Any]], int]:
        wanted = _levels_at_or_above(level)
        entries = [e for e in logs.read_entries(ctx.settings.log_dir) if wanted is None or e.level in wanted]
        if p.sort_direction == "ascending":
            entries.reverse()
        start = (p.page - 1) * p.page_size
        page = entries[start : start + p.page_size]
        records = [
            {
                "id": e.id,
                "time": e.time,
                "exception": e.exception,
                "exceptionType": e.exception.splitlines()[-1].split(":")[0] if e.exception else None,
                "level": e.level,
                "logger": e.logger,
                "message": e.message,
            }
            for e in page
        ]
        return records, len(entries)

    records, total = await asyncio.to_thread(collect)
    return paged(p, records, total, "time")


_LEVELS = ["debug", "info", "warning", "error", "critical"]


def _levels_at_or_above(level: str | None) -> set[str] | None:
    if not level or level.lower() in ("all", "trace"):
        return None
    name = {"warn": "warning", "fatal": "critical"}.get(level.lower(), level.lower())
    if name not in _LEVELS:
        return None
    return set(_LEVELS[_LEVELS.index(name) :])


# ---------------------------------------------------------------- routes, shutdown and restart


def _operations(request: Request) -> list[tuple[str, str]]:
    schema = request.app.openapi()
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


@router.get("/system/routes", tags=["System"])
async def list_routes(request: Request) -> list[dict[str, Any]]:
    return [{"method": method, "path": path} for method, path in _operations(request)]


@router.get("/system/routes/duplicate", tags=["System"])
async def duplicate_routes(request: Request) -> list[dict[str, Any]]:
    """Routes that answer the same method on the same template under different parameter names."""
    seen: dict[tuple[str, str], list[str]] = {}
    for method, path in _operations(request):
        seen.setdefault((method, re.sub(r"\{[^}]+\}", "{}", path.lower())), []).append(path)
    return [{"method": method, "paths": paths} for (method, _), paths in seen.items() if len(paths) > 1]


# ``reelarr serve`` sets ``app.state.request_exit``: called with "shutdown" or "restart", it
# lets the server finish the requests in flight, then stops (and, for a restart, re-executes).
ExitRequest = Callable[[str], None]


def _request_exit(request: Request, kind: str) -> None:
    request_exit: ExitRequest | None = getattr(request.app.state, "request_exit", None)
    if request_exit is None:
        raise ValidationFailed(
            ("system", f"This process was not started by `reelarr serve`; {kind} it the way it was started")
        )
    request_exit(kind)


@router.post("/system/shutdown", tags=["System"])
async def shutdown(request: Request) -> dict[str, Any]:
    _request_exit(request, "shutdown")
    return {"shuttingDown": True}


@router.post("/system/restart", tags=["System"])
async def restart(request: Request) -> dict[str, Any]:
    _request_exit(request, "restart")
    return {"restarting": True}


# ---------------------------------------------------------------- updates and localization


@router.get("/update", tags=["Update"])
async def list_updates() -> list[dict[str, Any]]:
    """No updates: Reelarr is updated by its package manager (``packageUpdateMechanism`` is
    ``external`` in the status), never by itself."""
    return []


@router.get("/localization", tags=["Localization"])
async def localization() -> dict[str, Any]:
    """Reelarr's texts are in English only: no translated strings, clients show their own."""
    return {"Strings": {}}


@router.get("/localization/language", tags=["Localization"])
async def localization_language() -> dict[str, Any]:
    return {"identifier": "en"}
