"""Transmission through its RPC (transmission-rpc); RPC 14 or later (Transmission 2.40+).

Transmission has no categories: Reelarr's category becomes a label (RPC 16, Transmission
3.00+) and, when no movie directory is set, a subfolder of the default download folder.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Annotated, Any, ClassVar

import transmission_rpc
from pydantic import Field
from transmission_rpc.error import TransmissionAuthError, TransmissionConnectError, TransmissionError

from reelarr.download_clients.base import (
    CategorySettings,
    ClientSetup,
    ConnectionSettings,
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    torrent_info_hash,
    unreachable,
    wrong_credentials,
)
from reelarr.providers import Form

MINIMUM_RPC_VERSION = 14
FIELDS = [
    "hashString",
    "name",
    "labels",
    "downloadDir",
    "sizeWhenDone",
    "leftUntilDone",
    "status",
    "error",
    "errorString",
    "eta",
    "uploadRatio",
    "isFinished",
    "percentDone",
]


class TransmissionSettings(ConnectionSettings, CategorySettings):
    port: Annotated[int, Form("Port", type="number")] = Field(default=9091, ge=1, le=65535)
    url_base: Annotated[
        str,
        Form(
            "Url Base", "Adds a prefix to the transmission rpc url, defaults to /transmission/", advanced=True
        ),
    ] = "/transmission/"
    movie_directory: Annotated[
        str,
        Form("Directory", "Optional location to put downloads in, leave blank for Transmission's default"),
    ] = ""
    add_paused: Annotated[bool, Form("Add Paused", type="checkbox")] = False


class Transmission(DownloadClient):
    implementation = "Transmission"
    implementation_name = "Transmission"
    protocol = "torrent"
    settings_model = TransmissionSettings
    settings: TransmissionSettings
    # Without labels (Vuze), Reelarr's downloads are those in its directory.
    supports_labels: ClassVar[bool] = True
    fields: ClassVar[list[str]] = FIELDS

    def _connected(self) -> transmission_rpc.Client:
        settings = self.settings
        try:
            return transmission_rpc.Client(
                protocol="https" if settings.use_ssl else "http",
                host=settings.host,
                port=settings.port,
                path="/" + settings.url_base.strip("/") + "/rpc" if settings.url_base.strip("/") else "/rpc",
                username=settings.username or None,
                password=settings.password or None,
                timeout=15,
            )
        except TransmissionAuthError:
            raise wrong_credentials("Transmission") from None
        except TransmissionConnectError as exc:
            raise unreachable("Transmission", settings.host, settings.port, exc) from None
        except TransmissionError as exc:
            raise DownloadClientError(f"Transmission did not answer as expected: {exc.message}") from None

    def _call(self, work: Any) -> Any:
        client = self._connected()
        try:
            return work(client)
        except TransmissionConnectError as exc:
            raise unreachable("Transmission", self.settings.host, self.settings.port, exc) from None
        except TransmissionError as exc:
            raise DownloadClientError(f"Transmission refused the request: {exc.message}") from None

    async def check_connection(self) -> None:
        def check(client: transmission_rpc.Client) -> None:
            if client.get_session().rpc_version < MINIMUM_RPC_VERSION:
                raise DownloadClientError(
                    "This Transmission is not supported; update to Transmission 2.40 or newer"
                )

        await self.run(lambda: self._call(check))

    def _directory(self, client: transmission_rpc.Client) -> str | None:
        if self.settings.movie_directory:
            return self.settings.movie_directory
        if self.settings.movie_category:
            return posixpath.join(client.get_session().download_dir, self.settings.movie_category)
        return None

    async def setup(self) -> ClientSetup:
        """Where Reelarr's downloads go; a seeding limit stops a finished torrent but never removes it."""

        def read(client: transmission_rpc.Client) -> str:
            return self._directory(client) or client.get_session().download_dir

        folder: str = await self.run(lambda: self._call(read))
        return ClientSetup(output_folders=(folder,))

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab)
        settings = self.settings
        priority = settings.recent_movie_priority if grab.recent else settings.older_movie_priority

        def add(client: transmission_rpc.Client) -> None:
            client.add_torrent(
                grab.torrent if grab.torrent is not None else grab.magnet or "",
                download_dir=self._directory(client),
                paused=settings.add_paused,
            )
            # Labels go in a separate call: torrent-add takes them only from RPC 17 (Transmission 4).
            changes: dict[str, Any] = {}
            if settings.movie_category and self.supports_labels:
                changes["labels"] = [settings.movie_category]
            if grab.seed_ratio is not None:
                changes |= {"seed_ratio_limit": grab.seed_ratio, "seed_ratio_mode": 1}
            if grab.seed_time_minutes is not None:
                changes |= {"seed_idle_limit": grab.seed_time_minutes, "seed_idle_mode": 1}
            if changes:
                client.change_torrent(info_hash, **changes)
            if priority == 1:
                client.queue_top(info_hash)

        await self.run(lambda: self._call(add))
        return info_hash

    def _output_path(self, torrent: Any) -> str:
        return posixpath.join(str(torrent.download_dir), str(torrent.name))

    def _item(self, torrent: Any) -> DownloadItem:
        status = ItemStatus.downloading
        message = ""
        state = str(torrent.status)
        if torrent.error:
            status, message = ItemStatus.failed, f"Transmission reports an error: {torrent.error_string}"
        elif (
            torrent.size_when_done
            and not torrent.left_until_done
            and state in ("stopped", "seeding", "seed pending")
        ):
            # Without metadata a magnet's size is 0 and "nothing left" means nothing known.
            status = ItemStatus.completed
        elif state == "stopped":
            status = ItemStatus.paused
        elif state in ("check pending", "checking", "download pending"):
            status = ItemStatus.queued
        eta = int(torrent.fields.get("eta", -1))
        return DownloadItem(
            download_id=str(torrent.hash_string).lower(),
            title=str(torrent.name),
            category=(list(torrent.fields.get("labels") or []) or [None])[0],
            total_size=int(torrent.size_when_done),
            remaining_size=int(torrent.left_until_done),
            status=status,
            remaining_time=dt.timedelta(seconds=eta) if eta >= 0 else None,
            message=message,
            output_path=self._output_path(torrent),
            seed_ratio=float(torrent.upload_ratio),
            can_move_files=status == ItemStatus.completed,
            can_be_removed=status == ItemStatus.completed and state == "stopped",  # seeding goal reached
        )

    async def items(self) -> list[DownloadItem]:
        labels = {c for c in (self.settings.movie_category, self.settings.movie_imported_category) if c}

        def read(client: transmission_rpc.Client) -> list[DownloadItem]:
            torrents = client.get_torrents(arguments=self.fields)
            if self.supports_labels:
                return [self._item(t) for t in torrents if not labels or labels & set(t.labels or [])]
            directory = self._directory(client)
            inside = posixpath.normpath(directory) if directory else ""
            return [
                self._item(t) for t in torrents if posixpath.normpath(str(t.download_dir)).startswith(inside)
            ]

        result: list[DownloadItem] = await self.run(lambda: self._call(read))
        return result

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self.run(lambda: self._call(lambda c: c.remove_torrent(download_id, delete_data=delete_data)))

    async def set_category(self, download_id: str, category: str) -> None:
        await self.run(lambda: self._call(lambda c: c.change_torrent(download_id, labels=[category])))

    async def mark_imported(self, download_id: str) -> None:
        if self.settings.movie_imported_category:
            await self.set_category(download_id, self.settings.movie_imported_category)

    async def pause(self, download_id: str) -> None:
        await self.run(lambda: self._call(lambda c: c.stop_torrent(download_id)))
