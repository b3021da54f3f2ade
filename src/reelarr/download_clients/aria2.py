"""Aria2 through its RPC interface with a secret token; aria2 1.34 or later.

Radarr's settings point at aria2's ``/rpc``, the XML-RPC endpoint (``/jsonrpc`` is the same
interface in JSON), so a Radarr configuration carried over keeps working: Reelarr speaks
XML-RPC there, every call led by ``token:<secret>``. Aria2 has no categories, so every
torrent it holds is Reelarr's, as in Radarr; the download id is the info hash. Aria2 deletes
no data on removal (aria2/aria2#728), so removing with data deletes it here.
"""

from __future__ import annotations

import datetime as dt
import http.client
import posixpath
import time
import xmlrpc.client
from typing import Annotated, Any

from pydantic import Field

from reelarr.download_clients.base import (
    ClientSetup,
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    parse_version,
    torrent_info_hash,
    unreachable,
)
from reelarr.download_clients.base import (
    delete_data as remove_data,
)
from reelarr.providers import Form, ProviderSettings

MINIMUM_VERSION = (1, 34, 0)
KEYS = [
    "gid",
    "status",
    "infoHash",
    "totalLength",
    "completedLength",
    "uploadLength",
    "downloadSpeed",
    "errorCode",
    "errorMessage",
    "dir",
    "files",
    "bittorrent",
]
# Radarr's status mapping: "removed" and anything unknown count as failed.
_STATUSES = {
    "waiting": ItemStatus.queued,
    "paused": ItemStatus.paused,
    "error": ItemStatus.failed,
    "complete": ItemStatus.completed,
}


class Aria2Settings(ProviderSettings):
    host: Annotated[str, Form("Host")] = "localhost"
    port: Annotated[int, Form("Port", type="number")] = Field(default=6800, ge=1, le=65535)
    rpc_path: Annotated[str, Form("XML RPC Path")] = "/rpc"
    use_ssl: Annotated[bool, Form("Use SSL", "Use a secure connection", type="checkbox")] = False
    secret_token: Annotated[str, Form("Secret token", type="password", privacy="password")] = "MySecretToken"
    directory: Annotated[
        str, Form("Directory", "Optional location to put downloads in, blank for Aria2's default")
    ] = ""


class Aria2(DownloadClient):
    implementation = "Aria2"
    implementation_name = "Aria2"
    protocol = "torrent"
    settings_model = Aria2Settings
    settings: Aria2Settings

    def _call(self, method: str, *args: Any) -> Any:
        settings = self.settings
        scheme = "https" if settings.use_ssl else "http"
        path = "/" + settings.rpc_path.strip("/")
        transport = xmlrpc.client.SafeTransport() if settings.use_ssl else xmlrpc.client.Transport()
        transport.timeout = 15  # type: ignore[attr-defined]
        url = f"{scheme}://{settings.host}:{settings.port}{path}"
        proxy = xmlrpc.client.ServerProxy(url, transport=transport)
        try:
            return getattr(proxy, method)(f"token:{settings.secret_token}", *args)
        except xmlrpc.client.Fault as exc:
            if exc.faultString == "Unauthorized":
                raise DownloadClientError("Authentication failed: Aria2 rejected the secret token") from None
            raise DownloadClientError(f"Aria2 returned error {exc.faultCode}: {exc.faultString}") from None
        except xmlrpc.client.ProtocolError as exc:
            raise DownloadClientError(
                f"Aria2 answered HTTP {exc.errcode} {exc.errmsg} at {path}: check the XML RPC Path"
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise unreachable("Aria2", settings.host, settings.port, exc) from None
        except xmlrpc.client.ResponseError as exc:
            raise DownloadClientError(f"Aria2's answer is not XML-RPC: {exc}") from None

    def test_field(self, error: DownloadClientError) -> str:
        return "secretToken" if "secret token" in str(error) else super().test_field(error)

    async def check_connection(self) -> None:
        version = str((await self.run(lambda: self._call("aria2.getVersion")))["version"])
        if parse_version(version) < MINIMUM_VERSION:
            raise DownloadClientError(f"Aria2 {version} is not supported; update to Aria2 1.34.0 or newer")

    async def setup(self) -> ClientSetup:
        """Where Reelarr's torrents go: the Directory setting, else aria2's own ``dir``."""
        folder = self.settings.directory or str(
            (await self.run(lambda: self._call("aria2.getGlobalOption")))["dir"]
        )
        return ClientSetup(output_folders=(folder,))

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab)
        options = {"dir": self.settings.directory} if self.settings.directory else {}
        if grab.seed_ratio is not None:
            options["seed-ratio"] = str(grab.seed_ratio)
        if grab.seed_time_minutes is not None:
            options["seed-time"] = str(grab.seed_time_minutes)
        if grab.torrent is not None:
            torrent = xmlrpc.client.Binary(grab.torrent)
            await self.run(lambda: self._call("aria2.addTorrent", torrent, [], options))
        else:
            await self.run(lambda: self._call("aria2.addUri", [grab.magnet or ""], options))
        return info_hash

    def _torrents(self) -> list[dict[str, Any]]:
        everything: list[dict[str, Any]] = [
            *self._call("aria2.tellActive", KEYS),
            *self._call("aria2.tellWaiting", 0, 10_240, KEYS),
            *self._call("aria2.tellStopped", 0, 10_240, KEYS),
        ]
        return [t for t in everything if t.get("infoHash")]

    def _item(self, torrent: dict[str, Any]) -> DownloadItem | None:
        files = torrent.get("files") or [{}]
        if "[METADATA]" in str(files[0].get("path", "")):
            return None  # a magnet still fetching its metadata: aria2 follows it with the real download
        total, done = int(torrent["totalLength"]), int(torrent["completedLength"])
        speed = int(torrent["downloadSpeed"])
        state = str(torrent["status"])
        if state == "active":
            status = ItemStatus.completed if total and done == total else ItemStatus.downloading
        else:
            status = _STATUSES.get(state, ItemStatus.failed)
        name = str((torrent.get("bittorrent") or {}).get("info", {}).get("name", ""))
        message = str(torrent.get("errorMessage") or "")
        if status == ItemStatus.failed and not message:
            # A torrent stopped by --bt-stop-timeout says nothing but its code (aria2's EXIT STATUS).
            message = f"the download stopped with error code {torrent.get('errorCode', '?')}"
        return DownloadItem(
            download_id=str(torrent["infoHash"]).lower(),
            title=name,
            category=None,
            total_size=total,
            remaining_size=total - done,
            status=status,
            remaining_time=dt.timedelta(seconds=(total - done) // speed) if speed else None,
            message=f"Aria2 reports: {message}" if message else "",
            output_path=posixpath.join(str(torrent["dir"]), name) if name else str(torrent["dir"]),
            seed_ratio=int(torrent["uploadLength"]) / total if total else 0.0,
            can_be_removed=state == "complete",
            can_move_files=state == "complete",
        )

    def _forget(self, gid: str) -> None:
        """Drop a stopped download's result; a forced removal lands a moment after it is asked for."""
        for _ in range(50):
            try:
                state = self._call("aria2.tellStatus", gid, ["status"])["status"]
            except DownloadClientError as exc:
                if "is not found" in str(exc):
                    return  # a paused download leaves no result behind
                raise
            if state in ("complete", "error", "removed"):
                self._call("aria2.removeDownloadResult", gid)
                return
            time.sleep(0.1)
        raise DownloadClientError(f"Aria2 did not remove the download {gid}")

    def _find(self, download_id: str) -> dict[str, Any]:
        for torrent in self._torrents():
            if str(torrent["infoHash"]).lower() == download_id.lower():
                return torrent
        raise DownloadClientError(f"Aria2 has no download with the hash {download_id}")

    async def items(self) -> list[DownloadItem]:
        torrents = await self.run(self._torrents)
        return [item for item in map(self._item, torrents) if item is not None]

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        def remove() -> str | None:
            torrent = self._find(download_id)
            if torrent["status"] not in ("complete", "error", "removed"):
                self._call("aria2.forceRemove", torrent["gid"])
            self._forget(str(torrent["gid"]))
            item = self._item(torrent)
            return item.output_path if item else None

        path = await self.run(remove)
        if delete_data and path:
            await self.run(lambda: remove_data(path))

    async def pause(self, download_id: str) -> None:
        def pause() -> None:
            torrent = self._find(download_id)
            self._call("aria2.forcePause", torrent["gid"])

        await self.run(pause)
