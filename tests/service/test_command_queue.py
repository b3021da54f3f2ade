"""The command queue on a real database, without the HTTP layer: deduplication, exclusivity
and orphan recovery. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from reelarr import migrations
from reelarr.commands import CommandQueue, CommandRun, CommandSpec
from reelarr.db import Database
from reelarr.events import EventBus
from reelarr.models import CommandRecord


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url, EventBus())
    await migrations.upgrade(db.engine)
    yield db
    await db.dispose()


async def _noop(run: CommandRun) -> str:
    return "done"


async def test_an_identical_queued_command_is_returned_instead_of_queued_again(database: Database) -> None:
    queue = CommandQueue(database, EventBus())
    queue.register(CommandSpec("Housekeeping", _noop))
    first = await queue.enqueue("Housekeeping", {"movieIds": [1]})
    same = await queue.enqueue("housekeeping", {"movieIds": [1], "sendUpdatesToClient": True})
    other = await queue.enqueue("Housekeeping", {"movieIds": [2]})
    assert same.id == first.id
    assert other.id != first.id


async def test_commands_left_queued_or_running_by_a_dead_process_are_marked_orphaned(
    database: Database,
) -> None:
    async with database.write() as uow:
        uow.session.add_all(
            [
                CommandRecord(name="Backup", status="started"),
                CommandRecord(name="Housekeeping", status="queued"),
                CommandRecord(name="CheckHealth", status="completed", result="successful"),
            ]
        )
    queue = CommandQueue(database, EventBus())
    assert await queue.mark_orphans() == 2
    async with database.read() as session:
        statuses = dict((await session.execute(select(CommandRecord.name, CommandRecord.status))).all())
    assert statuses == {"Backup": "orphaned", "Housekeeping": "orphaned", "CheckHealth": "completed"}


async def test_an_exclusive_command_runs_alone_and_the_same_command_never_runs_twice_at_once(
    database: Database,
) -> None:
    running: list[str] = []
    overlaps: list[tuple[str, ...]] = []

    def handler(name: str):  # type: ignore[no-untyped-def]
        async def run(command: CommandRun) -> str:
            running.append(name)
            if len(running) > 1 and ("Backup" in running or len(set(running)) < len(running)):
                overlaps.append(tuple(running))
            await asyncio.sleep(0.05)
            running.remove(name)
            return "ok"

        return run

    queue = CommandQueue(database, EventBus(), max_workers=3)
    queue.register(CommandSpec("Backup", handler("Backup"), exclusive=True))
    queue.register(CommandSpec("RefreshMovie", handler("RefreshMovie")))
    queue.register(CommandSpec("CheckHealth", handler("CheckHealth")))
    for body in ({"movieIds": [1]}, {"movieIds": [2]}):
        await queue.enqueue("RefreshMovie", body)
    await queue.enqueue("Backup")
    await queue.enqueue("CheckHealth")
    queue.start()
    try:
        await queue.wait_idle(timeout=10)
    finally:
        await queue.stop()
    assert overlaps == []
    async with database.read() as session:
        statuses = list(await session.scalars(select(CommandRecord.status)))
    assert statuses == ["completed"] * 4
