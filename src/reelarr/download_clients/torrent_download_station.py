"""Synology Download Station for torrents (its ``BT`` tasks); the web API is in download_station.py.

A torrent file is uploaded under its release's name and then found by that name without the
extension, a magnet link by the link itself: Download Station's create answers nothing to
identify the task by. Finished tasks can be removed; seeding ones are still uploading.
"""

from __future__ import annotations

from reelarr.download_clients.base import DownloadClientError, DownloadItem, Grab
from reelarr.download_clients.download_station import DownloadStation


class TorrentDownloadStation(DownloadStation):
    implementation = "TorrentDownloadStation"
    protocol = "torrent"
    task_type = "bt"

    async def add(self, grab: Grab) -> str:
        directory = await self.download_directory()
        if grab.torrent is not None:
            await self.create(directory, upload=(f"{grab.title}.torrent", grab.torrent))
            return await self.added(grab.title)
        if not grab.magnet:
            raise DownloadClientError(
                f"{grab.title}: the release has neither a torrent file nor a magnet link"
            )
        await self.create(directory, url=grab.magnet)
        return await self.added(grab.magnet)

    async def items(self) -> list[DownloadItem]:
        serial, items = await self.serial(), []
        for task in await self.tasks():
            if not self.ours(task):
                continue
            speed = task.number("speed_download")
            downloaded, uploaded = task.number("size_downloaded"), task.number("size_uploaded")
            finished = task.status == "finished"
            items.append(
                await self.item(
                    serial,
                    task,
                    task.remaining // speed if speed > 0 else None,
                    seed_ratio=uploaded / downloaded if downloaded > 0 else 0.0,
                    can_be_removed=finished,
                    can_move_files=finished,
                )
            )
        return items
