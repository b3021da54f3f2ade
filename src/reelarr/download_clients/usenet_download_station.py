"""Synology Download Station for Usenet (its ``NZB`` tasks); the web API is in download_station.py.

The NZB is uploaded under the release's name and found again by that file name. Download
Station shares one download speed among its NZBs, so each item's time left is the queue's
remaining size so far over that speed, as Radarr reckons it.
"""

from __future__ import annotations

from reelarr.download_clients.base import DownloadClientError, DownloadItem, Grab, ItemStatus
from reelarr.download_clients.download_station import DownloadStation


class UsenetDownloadStation(DownloadStation):
    implementation = "UsenetDownloadStation"
    protocol = "usenet"
    task_type = "nzb"

    async def add(self, grab: Grab) -> str:
        if grab.nzb is None:
            raise DownloadClientError(f"{grab.title}: Download Station needs the NZB file")
        filename = f"{grab.title}.nzb"
        await self.create(await self.download_directory(), upload=(filename, grab.nzb))
        return await self.added(filename)

    async def items(self) -> list[DownloadItem]:
        serial, tasks, items = await self.serial(), await self.tasks(), []
        speed = sum(t.number("speed_download") for t in tasks if t.status == "downloading")
        queued = 0  # what is left of the queue up to and including this task
        for task in tasks:
            if task.status != "paused":
                queued += task.remaining
            if not self.ours(task):
                continue
            waits = speed <= 0 or task.item_status() == ItemStatus.paused
            items.append(await self.item(serial, task, None if waits else queued // speed))
        return items
