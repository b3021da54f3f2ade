"""Pneumatic: Kodi's Pneumatic add-on downloads an NZB when its .strm file is played.

Reelarr writes the .nzb into the NZB folder and, beside it in the Strm folder, a .strm file
pointing Pneumatic at that NZB (the URL Radarr writes). Every .strm in that folder is a
download Kodi can play, so it counts as completed, as Radarr counts it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from reelarr.download_clients import blackhole
from reelarr.download_clients.base import DownloadClient, DownloadClientError, DownloadItem, Grab, ItemStatus
from reelarr.providers import Form, ProviderSettings


class PneumaticSettings(ProviderSettings):
    nzb_folder: Annotated[
        str, Form("Nzb Folder", "This folder will need to be reachable from Kodi", type="path")
    ] = ""
    strm_folder: Annotated[
        str, Form("Strm Folder", ".strm files in this folder will be imported by the drone", type="path")
    ] = ""


def strm_contents(nzb_file: Path, title: str) -> str:
    return f"plugin://plugin.program.pneumatic/?mode=strm&type=add_file&nzb={nzb_file}&nzbname={title}"


class Pneumatic(DownloadClient):
    implementation = "Pneumatic"
    implementation_name = "Pneumatic"
    protocol = "usenet"
    settings_model = PneumaticSettings
    settings: PneumaticSettings

    async def check_connection(self) -> None:
        blackhole.check_folders(
            ("NZB folder", self.settings.nzb_folder), ("Strm folder", self.settings.strm_folder)
        )

    async def add(self, grab: Grab) -> str:
        if grab.nzb is None:
            raise DownloadClientError(f"{grab.title}: the release has no NZB file")
        if not self.settings.strm_folder:
            raise DownloadClientError("The Strm folder must be set for Pneumatic")
        title = blackhole.file_name(grab.title)
        nzb_file = Path(self.settings.nzb_folder) / f"{title}.nzb"
        strm_file = Path(self.settings.strm_folder) / f"{title}.strm"

        def write() -> None:
            nzb_file.write_bytes(grab.nzb or b"")
            strm_file.write_text(strm_contents(nzb_file, title))

        await self.run(write)
        return blackhole.download_id(self.definition.id, grab.title)

    def _items(self) -> list[DownloadItem]:
        folder = Path(self.settings.strm_folder)
        if not folder.is_dir():
            return []
        return [
            DownloadItem(
                download_id=blackhole.download_id(self.definition.id, strm.stem),
                title=strm.stem,
                category=None,
                total_size=strm.stat().st_size,
                remaining_size=0,
                status=ItemStatus.completed,
                output_path=str(strm),
            )
            for strm in sorted(folder.glob("*.strm"))
        ]

    async def items(self) -> list[DownloadItem]:
        return await self.run(self._items)

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        """Radarr cannot remove from Pneumatic; with data, Reelarr deletes the .strm and its NZB."""
        if not delete_data:
            return
        for item in await self.items():
            if item.download_id == download_id:
                Path(self.settings.nzb_folder, f"{item.title}.nzb").unlink(missing_ok=True)
                Path(item.output_path or "").unlink(missing_ok=True)
