"""Hadouken (5.1 or later) through its JSON-RPC 2.0 API at ``/api``, with basic authentication.

Its torrent list has uTorrent's row layout (``webui.list``): hash, state bits, name, size,
progress in per mille, downloaded, uploaded, ..., download rate at 9, label at 11, error at
21, save path at 26. Hadouken keeps no post-import label and cannot pause from Radarr.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import posixpath
from typing import Annotated, Any

import httpx
from pydantic import Field

from reelarr.download_clients.base import (
    ConnectionSettings,
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    parse_version,
    torrent_info_hash,
    unreachable,
    wrong_credentials,
)
from reelarr.providers import Form

MINIMUM_VERSION = (5, 1)
_ids = itertools.count(1)


class HadoukenSettings(ConnectionSettings):
    port: Annotated[int, Form("Port", type="number")] = Field(default=7070, ge=1, le=65535)
    category: Annotated[
        str,
        Form("Category", "Adding a category specific to Reelarr avoids conflicts with unrelated downloads"),
    ] = "radarr"


class Hadouken(DownloadClient):
    implementation = "Hadouken"
    implementation_name = "Hadouken"
    protocol = "torrent"
    settings_model = HadoukenSettings
    settings: HadoukenSettings

    async def _call(self, method: str, *params: Any) -> Any:
        settings = self.settings
        body = {"jsonrpc": "2.0", "method": method, "params": list(params), "id": next(_ids)}
        try:
            response = await self.client_http().post(
                f"{settings.base_url()}/api",
                json=body,
                auth=httpx.BasicAuth(settings.username, settings.password),
            )
        except httpx.HTTPError as exc:
            raise unreachable("Hadouken", settings.host, settings.port, exc) from None
        if response.status_code == 401:
            raise wrong_credentials("Hadouken")
        if response.status_code != 200:
            raise DownloadClientError(f"Hadouken answered HTTP {response.status_code}: check the Url Base")
        try:
            answer = response.json()
        except ValueError:
            raise DownloadClientError("Hadouken's answer is not JSON-RPC: check the Url Base") from None
        if answer.get("error"):
            raise DownloadClientError(f"Error response received from Hadouken: {answer['error']}")
        return answer.get("result")

    async def check_connection(self) -> None:
        info = await self._call("core.getSystemInfo")
        version = str((info or {}).get("versions", {}).get("hadouken", "0"))
        if parse_version(version) < MINIMUM_VERSION:
            raise DownloadClientError(f"Hadouken {version} is not supported; update to Hadouken 5.1 or later")
        await self._call("webui.list")

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab)
        options = {"label": self.settings.category}
        if grab.torrent is not None:
            await self._call("webui.addTorrent", "file", base64.b64encode(grab.torrent).decode(), options)
        else:
            await self._call("webui.addTorrent", "url", grab.magnet or "", options)
        return info_hash

    def _item(self, row: list[Any]) -> DownloadItem:
        bits, name, total = int(row[1]), str(row[2]), int(row[3])
        finished, downloaded, rate = float(row[4]) >= 1000, int(row[5]), int(row[9])
        checking, paused = bool(bits & 2) and not bits & 1, bool(bits & 32) and not bits & 3
        error = str(row[21] or "")
        if error:
            status = ItemStatus.warning
        elif finished and not checking:
            status = ItemStatus.completed
        elif bits & 64 and not bits & 35:
            status = ItemStatus.queued
        elif paused:
            status = ItemStatus.paused
        else:
            status = ItemStatus.downloading
        done_seeding = finished and paused
        return DownloadItem(
            download_id=str(row[0]).lower(),
            title=name,
            category=str(row[11]) or None,
            total_size=total,
            remaining_size=total - downloaded if not finished else 0,
            status=status,
            remaining_time=dt.timedelta(seconds=(total - downloaded) // rate) if rate > 0 else None,
            message=error,
            output_path=posixpath.join(str(row[26]), name),
            seed_ratio=int(row[6]) / downloaded if downloaded > 0 else 0.0,
            can_be_removed=done_seeding,
            can_move_files=done_seeding,
        )

    async def items(self) -> list[DownloadItem]:
        rows = ((await self._call("webui.list")) or {}).get("torrents") or []
        items = [self._item(row) for row in rows]
        return [i for i in items if not self.settings.category or i.category == self.settings.category]

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self._call("webui.perform", "removedata" if delete_data else "remove", [download_id.upper()])
