"""Vuze (Azureus) through its Web Remote plugin, which speaks Transmission's RPC.

What differs from Transmission, as Radarr handles it: Vuze has no labels, so Reelarr's
downloads are the ones in its directory (the Directory, or the category as a subfolder of
Vuze's default folder); and Vuze reports a single-file torrent's folder, but a multi-file
torrent's own job folder, as its download directory.
"""

from __future__ import annotations

import posixpath
from typing import Any, ClassVar

from reelarr.download_clients.base import DownloadClient
from reelarr.download_clients.transmission import FIELDS, Transmission, TransmissionSettings


class Vuze(Transmission):
    implementation = "Vuze"
    implementation_name = "Vuze"
    settings_model = TransmissionSettings
    supports_labels: ClassVar[bool] = False
    fields: ClassVar[list[str]] = [*FIELDS, "files"]

    def _output_path(self, torrent: Any) -> str:
        directory, name = str(torrent.download_dir), str(torrent.name)
        if posixpath.basename(directory.rstrip("/")) == name or len(torrent.fields.get("files") or []) > 1:
            return directory
        return posixpath.join(directory, name)

    async def set_category(self, download_id: str, category: str) -> None:
        await DownloadClient.set_category(self, download_id, category)

    async def mark_imported(self, download_id: str) -> None:
        """No labels, so no post-import category."""
