"""Commands that touch the library's files take turns: an import never races a rename or a scan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from reelarr import migrations
from reelarr.app import commands_of
from reelarr.commands import CommandQueue, CommandRun, CommandSpec
from reelarr.db import Database
from reelarr.events import EventBus


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url, EventBus())
    await migrations.upgrade(db.engine)
    yield db
    await db.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_commands_that_need_the_disk_run_one_at_a_time_while_others_run_beside_them(
    database: Database,
) -> None:
    running: list[str] = []
    overlaps: list[tuple[str, ...]] = []
    disk = {"RefreshMonitoredDownloads", "RenameFiles", "DownloadedMoviesScan"}

    def handler(name: str):  # type: ignore[no-untyped-def]
        async def run(command: CommandRun) -> str:
            running.append(name)
            if len(disk.intersection(running)) > 1:
                overlaps.append(tuple(running))
            await asyncio.sleep(0.05)
            running.remove(name)
            return "ok"

        return run

    queue = CommandQueue(database, EventBus(), max_workers=4)
    for name in sorted(disk):
        queue.register(CommandSpec(name, handler(name), requires_disk_access=True))
    queue.register(CommandSpec("RssSync", handler("RssSync")))
    for name in [*sorted(disk), "RssSync"]:
        await queue.enqueue(name)
    queue.start()
    try:
        await queue.wait_idle(timeout=10)
    finally:
        await queue.stop()
    assert overlaps == []


def test_checking_downloads_needs_the_disk_because_it_imports() -> None:
    specs = {spec.name: spec for spec in commands_of(None)}  # type: ignore[arg-type]
    assert specs["RefreshMonitoredDownloads"].requires_disk_access
    assert specs["RenameFiles"].requires_disk_access and specs["ManualImport"].requires_disk_access
