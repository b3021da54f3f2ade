"""Torrent blackhole: drop the .torrent (or a .magnet file) in a folder another program watches."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

from reelarr.download_clients import blackhole
from reelarr.download_clients.base import DownloadClient, DownloadClientError, DownloadItem, Grab
from reelarr.providers import Form, ProviderSettings


class TorrentBlackholeSettings(ProviderSettings):
    torrent_folder: Annotated[
        str, Form("Torrent Folder", "Folder in which Reelarr will store the .torrent file", type="path")
    ] = ""
    watch_folder: Annotated[
        str, Form("Watch Folder", "Folder from which Reelarr should import completed downloads", type="path")
    ] = ""
    save_magnet_files: Annotated[
        bool,
        Form("Save Magnet Files", "Save the magnet link if no .torrent file is available", type="checkbox"),
    ] = False
    magnet_file_extension: Annotated[
        str,
        Form(
            "Save Magnet Files Extension",
            "Extension to use for magnet links, defaults to '.magnet'",
            advanced=True,
        ),
    ] = ".magnet"
    read_only: Annotated[
        bool,
        Form(
            "Read Only",
            "Instead of moving files this will instruct Reelarr to copy or hardlink",
            type="checkbox",
            advanced=True,
        ),
    ] = True


class TorrentBlackhole(DownloadClient):
    implementation = "TorrentBlackhole"
    implementation_name = "Torrent Blackhole"
    protocol = "torrent"
    settings_model = TorrentBlackholeSettings
    settings: TorrentBlackholeSettings

    async def check_connection(self) -> None:
        blackhole.check_folders(
            ("torrent folder", self.settings.torrent_folder), ("watch folder", self.settings.watch_folder)
        )

    async def add(self, grab: Grab) -> str:
        folder = Path(self.settings.torrent_folder)
        name = blackhole.file_name(grab.title)
        if grab.torrent is not None:
            await self.run(lambda: folder.joinpath(f"{name}.torrent").write_bytes(grab.torrent or b""))
        elif grab.magnet and self.settings.save_magnet_files:
            extension = "." + self.settings.magnet_file_extension.lstrip(".")
            await self.run(lambda: folder.joinpath(name + extension).write_text(grab.magnet or ""))
        else:
            raise DownloadClientError(
                "Torrent Blackhole got a magnet link: turn on 'Save Magnet Files' to store magnet links"
            )
        return blackhole.download_id(self.definition.id, grab.title)

    async def items(self) -> list[DownloadItem]:
        found = await self.run(
            lambda: blackhole.watched_items(self.definition.id, self.settings.watch_folder)
        )
        if self.settings.read_only:
            return [_read_only(item) for item in found]
        return found

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self.run(
            lambda: blackhole.remove_watched(
                self.definition.id, self.settings.watch_folder, download_id, delete_data=delete_data
            )
        )


def _read_only(item: DownloadItem) -> DownloadItem:
    return dataclasses.replace(item, can_move_files=False)
