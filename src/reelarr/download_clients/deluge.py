"""Deluge through its daemon RPC (deluge-client); Deluge 2.0 or later, with the Label plugin.

The RPC connection is not thread-safe, so every operation opens its own (about 0.06 s).
"""

from __future__ import annotations

import base64
import datetime as dt
import posixpath
from typing import Annotated, Any

from deluge_client import DelugeRPCClient
from deluge_client.client import DelugeClientException
from pydantic import Field

from reelarr.download_clients.base import (
    CategorySettings,
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

MINIMUM_VERSION = (2, 0)
FIELDS = [
    "hash",
    "name",
    "state",
    "message",
    "total_wanted",
    "total_done",
    "eta",
    "save_path",
    "ratio",
    "label",
    "is_finished",
]
_STATES = {
    "Error": ItemStatus.failed,
    "Paused": ItemStatus.paused,
    "Queued": ItemStatus.queued,
    "Checking": ItemStatus.queued,
    "Allocating": ItemStatus.queued,
    "Seeding": ItemStatus.completed,
}


class DelugeSettings(ConnectionSettings, CategorySettings):
    port: Annotated[int, Form("Port", "The daemon's RPC port", type="number")] = Field(
        default=58846, ge=1, le=65535
    )
    add_paused: Annotated[bool, Form("Add Paused", type="checkbox")] = False
    download_directory: Annotated[
        str,
        Form(
            "Download Directory", "Where Deluge puts new downloads; empty for its own default", advanced=True
        ),
    ] = ""
    completed_directory: Annotated[
        str,
        Form(
            "Move Completed Directory",
            "Where Deluge moves a finished download; empty to leave it where it was downloaded",
            advanced=True,
        ),
    ] = ""
    sequential_order: Annotated[
        bool, Form("Sequential Order", "Download in sequential order", type="checkbox", advanced=True)
    ] = False
    first_and_last: Annotated[
        bool,
        Form("First and Last First", "Download first and last pieces first", type="checkbox", advanced=True),
    ] = False


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class Deluge(DownloadClient):
    implementation = "Deluge"
    implementation_name = "Deluge"
    protocol = "torrent"
    settings_model = DelugeSettings
    settings: DelugeSettings

    def _call(self, work: Any) -> Any:
        settings = self.settings
        client = DelugeRPCClient(
            settings.host, settings.port, settings.username, settings.password, decode_utf8=True
        )
        try:
            client.connect()
        except DelugeClientException as exc:
            if type(exc).__name__ == "BadLoginError":
                raise wrong_credentials("Deluge") from None
            raise DownloadClientError(f"Deluge refused the connection: {exc}") from None
        except OSError as exc:
            raise unreachable("Deluge", settings.host, settings.port, exc) from None
        try:
            return work(client)
        except DelugeClientException as exc:
            raise DownloadClientError(f"Deluge refused the request: {exc}") from None
        except OSError as exc:
            raise unreachable("Deluge", settings.host, settings.port, exc) from None
        finally:
            client.disconnect()

    def _ensure_labels(self, client: DelugeRPCClient) -> None:
        wanted = [c for c in (self.settings.movie_category, self.settings.movie_imported_category) if c]
        if not wanted:
            return
        if "Label" not in [_text(p) for p in client.call("core.get_enabled_plugins")]:
            client.call("core.enable_plugin", "Label")
        existing = {_text(label) for label in client.call("label.get_labels")}
        for label in wanted:
            if label.lower() not in existing:
                client.call("label.add", label.lower())

    async def check_connection(self) -> None:
        def check(client: DelugeRPCClient) -> None:
            version = _text(client.call("daemon.info"))
            if parse_version(version) < MINIMUM_VERSION:
                raise DownloadClientError(f"Deluge {version} is not supported; update to Deluge 2.0 or newer")
            self._ensure_labels(client)

        await self.run(lambda: self._call(check))

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab)
        settings = self.settings
        priority = settings.recent_movie_priority if grab.recent else settings.older_movie_priority
        options: dict[str, Any] = {
            "add_paused": settings.add_paused,
            "sequential_download": settings.sequential_order,
            "prioritize_first_last_pieces": settings.first_and_last,
        }
        if grab.seed_ratio is not None:
            options |= {"stop_at_ratio": True, "stop_ratio": grab.seed_ratio, "remove_at_ratio": False}
        if settings.download_directory:
            options["download_location"] = settings.download_directory
        if settings.completed_directory:
            options |= {"move_completed": True, "move_completed_path": settings.completed_directory}

        def add(client: DelugeRPCClient) -> None:
            self._ensure_labels(client)
            if grab.torrent is not None:
                encoded = base64.b64encode(grab.torrent).decode()
                client.call("core.add_torrent_file", f"{grab.title}.torrent", encoded, options)
            else:
                client.call("core.add_torrent_magnet", grab.magnet, options)
            if settings.movie_category:
                client.call("label.set_torrent", info_hash, settings.movie_category.lower())
            if priority == 1:
                client.call("core.queue_top", [info_hash])

        await self.run(lambda: self._call(add))
        return info_hash

    def _item(self, torrent: dict[str, Any]) -> DownloadItem:
        state = _text(torrent["state"])
        status = _STATES.get(state, ItemStatus.downloading)
        message = ""
        if status == ItemStatus.failed:
            message = f"Deluge reports an error: {_text(torrent.get('message', ''))}"
        elif state == "Paused" and torrent.get("is_finished"):
            status = ItemStatus.completed
        total = int(torrent["total_wanted"])
        eta = int(torrent.get("eta") or 0)
        return DownloadItem(
            download_id=_text(torrent["hash"]).lower(),
            title=_text(torrent["name"]),
            category=_text(torrent.get("label") or "") or None,
            total_size=total,
            remaining_size=max(total - int(torrent["total_done"]), 0),
            status=status,
            remaining_time=dt.timedelta(seconds=eta) if eta > 0 else None,
            message=message,
            output_path=posixpath.join(_text(torrent["save_path"]), _text(torrent["name"])),
            seed_ratio=float(torrent.get("ratio") or 0),
            can_move_files=status == ItemStatus.completed,
            can_be_removed=status == ItemStatus.completed and state == "Paused",  # seeding goal reached
        )

    async def items(self) -> list[DownloadItem]:
        labels = [
            c.lower() for c in (self.settings.movie_category, self.settings.movie_imported_category) if c
        ]

        def read(client: DelugeRPCClient) -> list[DownloadItem]:
            found: dict[str, Any] = {}
            for query in [{"label": label} for label in labels] or [{}]:
                found |= client.call("core.get_torrents_status", query, FIELDS)
            return [self._item(torrent) for torrent in found.values()]

        result: list[DownloadItem] = await self.run(lambda: self._call(read))
        return result

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self.run(lambda: self._call(lambda c: c.call("core.remove_torrent", download_id, delete_data)))

    async def set_category(self, download_id: str, category: str) -> None:
        def relabel(client: DelugeRPCClient) -> None:
            if category.lower() not in {_text(label) for label in client.call("label.get_labels")}:
                client.call("label.add", category.lower())
            client.call("label.set_torrent", download_id, category.lower())

        await self.run(lambda: self._call(relabel))

    async def mark_imported(self, download_id: str) -> None:
        if self.settings.movie_imported_category:
            await self.set_category(download_id, self.settings.movie_imported_category)

    async def pause(self, download_id: str) -> None:
        await self.run(lambda: self._call(lambda c: c.call("core.pause_torrent", [download_id])))
