"""Usenet blackhole: drop the .nzb in a folder another program watches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from reelarr.download_clients import blackhole
from reelarr.download_clients.base import DownloadClient, DownloadClientError, DownloadItem, Grab
from reelarr.providers import Form, ProviderSettings


class UsenetBlackholeSettings(ProviderSettings):
    nzb_folder: Annotated[
        str, Form("Nzb Folder", "This folder will need to be reachable from the downloader", type="path")
    ] = ""
    watch_folder: Annotated[
        str, Form("Watch Folder", "Folder from which Reelarr should import completed downloads", type="path")
    ] = ""


class UsenetBlackhole(DownloadClient):
    implementation = "UsenetBlackhole"
    implementation_name = "Usenet Blackhole"
    protocol = "usenet"
    settings_model = UsenetBlackholeSettings
    settings: UsenetBlackholeSettings

    async def check_connection(self) -> None:
        blackhole.check_folders(
            ("NZB folder", self.settings.nzb_folder), ("watch folder", self.settings.watch_folder)
        )

    async def add(self, grab: Grab) -> str:
        if grab.nzb is None:
            raise DownloadClientError(f"{grab.title}: the release has no NZB file")
        target = Path(self.settings.nzb_folder) / f"{blackhole.file_name(grab.title)}.nzb"
        await self.run(lambda: target.write_bytes(grab.nzb or b""))
        return blackhole.download_id(self.definition.id, grab.title)

    async def items(self) -> list[DownloadItem]:
        return await self.run(lambda: blackhole.watched_items(self.definition.id, self.settings.watch_folder))

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self.run(
            lambda: blackhole.remove_watched(
                self.definition.id, self.settings.watch_folder, download_id, delete_data=delete_data
            )
        )
