"""Persisted commands: every background action, visible in ``/api/v3/command``.

A command is queued as a row, claimed by the dispatcher when nothing it must not overlap is
running, run by its handler, and ended as completed or failed with the handler's message.
An identical command already waiting in the queue is not queued twice. Commands left
queued or running by a process that died are marked orphaned at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from reelarr.db import Database, utcnow
from reelarr.events import CommandUpdated, EventBus
from reelarr.models import CommandRecord

log = logging.getLogger(__name__)

QUEUED, STARTED, COMPLETED, FAILED, ORPHANED = "queued", "started", "completed", "failed", "orphaned"
DISK, GRAB = "disk", "grab"
ACTIVE_STATUSES = (QUEUED, STARTED)
_PRIORITY_ORDER = {"high": 0, "normal": 1, "low": 2}


class UnknownCommand(Exception):
    pass


class CommandFailed(Exception):
    """Raised by a handler to fail its command with a message meant for the user."""


@dataclass
class CommandRun:
    """What a running handler sees: its command's id and body, and a way to report progress."""

    id: int
    name: str
    body: dict[str, Any]
    trigger: str
    _queue: CommandQueue

    async def progress(self, message: str) -> None:
        await self._queue._set_message(self.id, self.name, message)


CommandHandler = Callable[[CommandRun], Awaitable[str | None]]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: CommandHandler
    # Exclusive commands run with nothing else running (backups, database maintenance).
    exclusive: bool = False
    # Type-exclusive commands never run twice at once; that is every command unless said otherwise.
    type_exclusive: bool = True
    long_running: bool = False
    update_scheduled_task: bool = True
    # Commands in the same lane take turns: DISK for those that change the library's files (an
    # import and a rename would race on them), GRAB for those that decide and grab releases
    # (an RSS sync and a search at once could grab the same movie twice).
    lane: str | None = None

    @property
    def requires_disk_access(self) -> bool:
        return self.lane == DISK


def human_name(name: str) -> str:
    """``RefreshMovie`` → ``Refresh Movie``, as Radarr shows command names."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)


class CommandQueue:
    def __init__(self, db: Database, bus: EventBus, max_workers: int = 3) -> None:
        self._db = db
        self._bus = bus
        self._specs: dict[str, CommandSpec] = {}
        self._max_workers = max_workers
        self._running: dict[int, CommandSpec] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._dispatcher: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ registry

    def register(self, spec: CommandSpec) -> None:
        self._specs[spec.name.lower()] = spec

    def spec(self, name: str) -> CommandSpec:
        try:
            return self._specs[name.lower()]
        except KeyError:
            raise UnknownCommand(name) from None

    def known(self) -> list[str]:
        return sorted(spec.name for spec in self._specs.values())

    # ------------------------------------------------------------ queueing

    async def enqueue(
        self,
        name: str,
        body: dict[str, Any] | None = None,
        *,
        trigger: str = "manual",
        priority: str = "normal",
        user_agent: str | None = None,
    ) -> CommandRecord:
        """Queue a command, or return the identical one already waiting."""
        spec = self.spec(name)
        body = {k: v for k, v in (body or {}).items() if k not in _RESOURCE_ONLY_KEYS}
        async with self._db.write() as uow:
            waiting = await uow.session.scalars(
                select(CommandRecord).where(CommandRecord.name == spec.name, CommandRecord.status == QUEUED)
            )
            for record in waiting:
                if record.body == body:
                    return record
            record = CommandRecord(
                name=spec.name,
                body=body,
                trigger=trigger,
                priority=priority,
                status=QUEUED,
                client_user_agent=user_agent,
                queued=utcnow(),
            )
            uow.session.add(record)
            await uow.session.flush()
            uow.after_commit(self._wake.set)
            uow.publish(CommandUpdated(record.id, spec.name, QUEUED))
        return record

    async def mark_orphans(self) -> int:
        """Fail what a previous process left queued or running: it will never finish."""
        async with self._db.write() as uow:
            result = await uow.session.execute(
                update(CommandRecord)
                .where(CommandRecord.status.in_(ACTIVE_STATUSES))
                .values(
                    status=ORPHANED,
                    result="unsuccessful",
                    ended=utcnow(),
                    message="Orphaned: Reelarr stopped before this command finished",
                )
            )
            count: int = result.rowcount  # type: ignore[attr-defined]
        if count:
            log.warning("marked %d command(s) from the previous run as orphaned", count)
        return count

    # ------------------------------------------------------------ running

    def start(self) -> None:
        self._dispatcher = asyncio.create_task(self._dispatch(), name="command-dispatcher")

    async def stop(self) -> None:
        if self._dispatcher:
            self._dispatcher.cancel()
            await asyncio.gather(self._dispatcher, return_exceptions=True)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def wait_idle(self, timeout: float = 30) -> None:
        """Wait until nothing is queued or running (for tests and orderly shutdown)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            async with self._db.read() as session:
                active = await session.scalar(
                    select(CommandRecord.id).where(CommandRecord.status.in_(ACTIVE_STATUSES)).limit(1)
                )
            if active is None and not self._running:
                return
            await asyncio.sleep(0.05)
        raise TimeoutError("commands still running")

    async def _dispatch(self) -> None:
        while True:
            self._wake.clear()
            try:
                while len(self._running) < self._max_workers:
                    claimed = await self._claim_next()
                    if claimed is None:
                        break
                    record, spec = claimed
                    self._running[record.id] = spec
                    task = asyncio.create_task(self._run(record, spec), name=f"command-{record.id}")
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
            except Exception:
                log.exception("the command dispatcher failed to claim a command; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=5)

    def _may_start(self, spec: CommandSpec) -> bool:
        running = self._running.values()
        if any(s.exclusive for s in running):
            return False
        if spec.exclusive:
            return not self._running
        if spec.lane is not None and any(s.lane == spec.lane for s in running):
            return False
        return not (spec.type_exclusive and any(s.name == spec.name for s in running))

    async def _claim_next(self) -> tuple[CommandRecord, CommandSpec] | None:
        async with self._db.write() as uow:
            queued = list(
                await uow.session.scalars(
                    select(CommandRecord).where(CommandRecord.status == QUEUED).order_by(CommandRecord.id)
                )
            )
            queued.sort(key=lambda r: _PRIORITY_ORDER.get(r.priority, 1))
            for record in queued:
                spec = self._specs.get(record.name.lower())
                if spec is None:
                    record.status, record.result, record.ended = FAILED, "unsuccessful", utcnow()
                    record.message = f"Unknown command {record.name}"
                    continue
                if self._may_start(spec):
                    record.status, record.started = STARTED, utcnow()
                    uow.publish(CommandUpdated(record.id, record.name, STARTED))
                    return record, spec
        return None

    async def _run(self, record: CommandRecord, spec: CommandSpec) -> None:
        run = CommandRun(record.id, spec.name, dict(record.body), record.trigger, self)
        status, message, exception = COMPLETED, None, None
        try:
            message = await spec.handler(run)
        except asyncio.CancelledError:
            raise
        except CommandFailed as exc:
            status, message, exception = FAILED, str(exc), str(exc)
            log.warning("command %s (%d) failed: %s", spec.name, record.id, exc)
        except Exception as exc:
            status, message = FAILED, f"{type(exc).__name__}: {exc}"
            exception = message
            log.exception("command %s (%d) failed", spec.name, record.id)
        finally:
            self._running.pop(record.id, None)
        try:
            await self._finish(record.id, spec.name, status, message, exception)
        finally:
            self._wake.set()

    async def _finish(
        self, command_id: int, name: str, status: str, message: str | None, exception: str | None
    ) -> None:
        async with self._db.write() as uow:
            record = await uow.session.get(CommandRecord, command_id)
            if record is None:
                return
            record.status = status
            record.result = "successful" if status == COMPLETED else "unsuccessful"
            record.ended = utcnow()
            record.message = message or record.message or ("Completed" if status == COMPLETED else "Failed")
            record.exception = exception
            uow.publish(CommandUpdated(command_id, name, status, record.message))

    async def _set_message(self, command_id: int, name: str, message: str) -> None:
        async with self._db.write() as uow:
            record = await uow.session.get(CommandRecord, command_id)
            if record is not None:
                record.message = message
        await self._bus.publish(CommandUpdated(command_id, name, STARTED, message))


# Fields of Radarr's command resource that clients echo back in a POST body; not parameters.
_RESOURCE_ONLY_KEYS = frozenset(
    {
        "name",
        "sendUpdatesToClient",
        "updateScheduledTask",
        "completionMessage",
        "requiresDiskAccess",
        "isExclusive",
        "isTypeExclusive",
        "isLongRunning",
        "lastExecutionTime",
        "lastStartTime",
        "trigger",
        "suppressMessages",
        "clientUserAgent",
    }
)
