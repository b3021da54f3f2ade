"""The scheduled tasks: a table of intervals, and a tick that queues whatever is due.

Each task is a command run on an interval. A task's last execution is updated whenever its
command completes, whoever queued it, so running a task by hand also resets its clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select

from reelarr.commands import ACTIVE_STATUSES, COMPLETED, CommandQueue
from reelarr.db import Database, utcnow
from reelarr.events import CommandUpdated, EventBus
from reelarr.models import CommandRecord, ScheduledTask

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TaskDefinition:
    command: str
    interval: Callable[[], dt.timedelta]
    """Read each tick, so a changed setting (RSS interval, backup days) applies at once."""


class Scheduler:
    def __init__(
        self,
        db: Database,
        bus: EventBus,
        commands: CommandQueue,
        tasks: Sequence[TaskDefinition],
        tick_seconds: float = 30,
    ) -> None:
        self._db = db
        self._commands = commands
        self._tasks = {t.command: t for t in tasks}
        self._tick_seconds = tick_seconds
        self._loop_task: asyncio.Task[None] | None = None
        bus.subscribe(CommandUpdated, self._on_command_updated)

    async def sync_table(self) -> None:
        """Make the table hold exactly the defined tasks; a new task first runs one interval from now."""
        now = utcnow()
        async with self._db.write() as uow:
            rows = {row.name: row for row in await uow.session.scalars(select(ScheduledTask))}
            for name, task in self._tasks.items():
                minutes = _minutes(task.interval())
                if name in rows:
                    rows[name].interval_minutes = minutes
                else:
                    uow.session.add(ScheduledTask(name=name, interval_minutes=minutes, last_execution=now))
            stale = [name for name in rows if name not in self._tasks]
            if stale:
                await uow.session.execute(delete(ScheduledTask).where(ScheduledTask.name.in_(stale)))

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._run(), name="scheduler")

    async def stop(self) -> None:
        if self._loop_task:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("scheduler tick failed")
            await asyncio.sleep(self._tick_seconds)

    async def tick(self) -> list[str]:
        """Queue every due task that is not already queued or running; return their names."""
        await self.sync_table()
        now = utcnow()
        async with self._db.read() as session:
            rows = list(await session.scalars(select(ScheduledTask)))
            active = set(
                await session.scalars(
                    select(CommandRecord.name).where(CommandRecord.status.in_(ACTIVE_STATUSES))
                )
            )
        due = [
            row.name
            for row in rows
            if row.interval_minutes > 0
            and row.name not in active
            and (
                row.last_execution is None
                or row.last_execution + dt.timedelta(minutes=row.interval_minutes) <= now
            )
        ]
        for name in due:
            await self._commands.enqueue(name, trigger="scheduled")
        return due

    async def _on_command_updated(self, event: CommandUpdated) -> None:
        if event.status != COMPLETED or event.name not in self._tasks:
            return
        if not self._commands.spec(event.name).update_scheduled_task:
            return
        async with self._db.write() as uow:
            record = await uow.session.get(CommandRecord, event.command_id)
            task = await uow.session.scalar(select(ScheduledTask).where(ScheduledTask.name == event.name))
            if record and task:
                task.last_execution = record.ended or utcnow()
                task.last_start_time = record.started


def _minutes(interval: dt.timedelta) -> int:
    return int(interval.total_seconds() // 60)
