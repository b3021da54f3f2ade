"""Commands in one lane take turns: an import never races a rename or a scan, and two
grabbing commands never grab the same movie twice. Commands in other lanes run beside them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from reelarr import migrations
from reelarr.app import commands_of
from reelarr.commands import DISK, GRAB, CommandQueue, CommandRun, CommandSpec
from reelarr.db import Database
from reelarr.events import EventBus

LANES = {
    "RefreshMonitoredDownloads": DISK,
    "RenameFiles": DISK,
    "DownloadedMoviesScan": DISK,
    "RssSync": GRAB,
    "MoviesSearch": GRAB,
    "MissingMoviesSearch": GRAB,
    "Housekeeping": None,
}


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url, EventBus())
    await migrations.upgrade(db.engine)
    yield db
    await db.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_commands_in_one_lane_run_one_at_a_time_while_others_run_beside_them(
    database: Database,
) -> None:
    running: list[str] = []
    overlaps: list[tuple[str, ...]] = []
    beside: list[tuple[str, ...]] = []

    def handler(name: str):  # type: ignore[no-untyped-def]
        async def run(command: CommandRun) -> str:
            running.append(name)
            lanes = [LANES[other] for other in running if LANES[other]]
            if len(lanes) != len(set(lanes)):
                overlaps.append(tuple(running))
            if len(running) > 1:
                beside.append(tuple(running))
            await asyncio.sleep(0.05)
            running.remove(name)
            return "ok"

        return run

    queue = CommandQueue(database, EventBus(), max_workers=4)
    for name, lane in LANES.items():
        queue.register(CommandSpec(name, handler(name), lane=lane))
        await queue.enqueue(name)
    queue.start()
    try:
        await queue.wait_idle(timeout=10)
    finally:
        await queue.stop()
    assert overlaps == []
    assert beside, "commands of different lanes should have run together"


def test_the_app_puts_file_commands_in_the_disk_lane_and_grabbing_commands_in_the_grab_lane() -> None:
    specs = {spec.name: spec for spec in commands_of(None)}  # type: ignore[arg-type]
    for name in ("RefreshMonitoredDownloads", "RenameFiles", "RenameMovie", "ManualImport", "RescanMovie"):
        assert specs[name].lane == DISK and specs[name].requires_disk_access, name
    for name in ("RssSync", "MoviesSearch", "MissingMoviesSearch", "CutOffUnmetMoviesSearch"):
        assert specs[name].lane == GRAB, name
