"""qBittorrent through its Web API v2 (qbittorrent-api), which needs 2.0 or later (qBittorrent 4.1+)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import posixpath
import time
from typing import Annotated, Any

import qbittorrentapi
from pydantic import Field

from reelarr.download_clients.base import (
    INITIAL_STATE_OPTIONS,
    CategorySettings,
    ClientSetup,
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

log = logging.getLogger(__name__)

MINIMUM_API_VERSION = (2, 0)
NO_ETA = 8_640_000  # qBittorrent's "infinity"

CONTENT_LAYOUT_OPTIONS = ((0, "Default"), (1, "Original"), (2, "Subfolder"))
_LAYOUTS = {1: "Original", 2: "Subfolder"}
REMOVING_RATIO_ACTIONS = (1, 3)  # max_ratio_act: remove the torrent, or remove it with its files
SHORTEST_SAFE_SEEDING_MINUTES = 14 * 24 * 60  # a longer seeding time leaves time to import (Radarr's rule)

_STATES: dict[str, tuple[ItemStatus, str]] = {
    "error": (ItemStatus.failed, "qBittorrent is reporting an error"),
    "missingFiles": (ItemStatus.failed, "The download is missing files"),
    "pausedDL": (ItemStatus.paused, ""),
    "stoppedDL": (ItemStatus.paused, ""),
    "queuedDL": (ItemStatus.queued, ""),
    "checkingDL": (ItemStatus.queued, ""),
    "checkingResumeData": (ItemStatus.queued, ""),
    "metaDL": (ItemStatus.queued, "qBittorrent is downloading metadata"),
    "forcedMetaDL": (ItemStatus.queued, "qBittorrent is downloading metadata"),
    "stalledDL": (ItemStatus.warning, "The download is stalled with no connections"),
    "pausedUP": (ItemStatus.completed, ""),
    "stoppedUP": (ItemStatus.completed, ""),
    "queuedUP": (ItemStatus.completed, ""),
    "uploading": (ItemStatus.completed, ""),
    "stalledUP": (ItemStatus.completed, ""),
    "forcedUP": (ItemStatus.completed, ""),
    "checkingUP": (ItemStatus.completed, ""),
}


class QBittorrentSettings(ConnectionSettings, CategorySettings):
    port: Annotated[int, Form("Port", type="number")] = Field(default=8080, ge=1, le=65535)
    initial_state: Annotated[
        int,
        Form(
            "Initial State",
            "Initial state for torrents added",
            type="select",
            select_options=INITIAL_STATE_OPTIONS,
        ),
    ] = 0
    sequential_order: Annotated[
        bool, Form("Sequential Order", "Download in sequential order", type="checkbox", advanced=True)
    ] = False
    first_and_last: Annotated[
        bool,
        Form("First and Last First", "Download first and last pieces first", type="checkbox", advanced=True),
    ] = False
    content_layout: Annotated[
        int,
        Form(
            "Content Layout",
            "Whether to use qBittorrent's configured content layout, the original layout or a subfolder",
            type="select",
            select_options=CONTENT_LAYOUT_OPTIONS,
            advanced=True,
        ),
    ] = 0


def _item(torrent: Any) -> DownloadItem:
    status, message = _STATES.get(str(torrent.state), (ItemStatus.downloading, ""))
    eta = int(torrent.eta)
    return DownloadItem(
        download_id=str(torrent.hash).lower(),
        title=str(torrent.name),
        category=str(torrent.category) or None,
        total_size=int(torrent.size),
        remaining_size=int(torrent.amount_left),
        status=status,
        remaining_time=dt.timedelta(seconds=eta) if 0 <= eta < NO_ETA else None,
        message=message,
        output_path=str(torrent.content_path or torrent.save_path),
        seed_ratio=float(torrent.ratio),
        can_move_files=status == ItemStatus.completed,
        # Seeding goals reached: qBittorrent paused it, so removing it takes nothing from the swarm.
        can_be_removed=str(torrent.state) in ("pausedUP", "stoppedUP"),
        stalled=str(torrent.state) == "stalledDL",
    )


class QBittorrent(DownloadClient):
    implementation = "QBittorrent"
    implementation_name = "qBittorrent"
    protocol = "torrent"
    settings_model = QBittorrentSettings
    settings: QBittorrentSettings

    def _client(self) -> qbittorrentapi.Client:
        return qbittorrentapi.Client(
            host=self.settings.base_url(),
            username=self.settings.username,
            password=self.settings.password,
            REQUESTS_ARGS={"timeout": (5, 15)},
            DISABLE_LOGGING_DEBUG_OUTPUT=True,
        )

    def _connected(self) -> qbittorrentapi.Client:
        client = self._client()
        try:
            client.auth_log_in()
        except qbittorrentapi.LoginFailed:
            raise wrong_credentials("qBittorrent") from None
        except qbittorrentapi.Forbidden403Error:
            raise DownloadClientError(
                "qBittorrent refused the login: too many failed attempts have banned this address"
            ) from None
        except qbittorrentapi.APIConnectionError as exc:
            raise unreachable("qBittorrent", self.settings.host, self.settings.port, exc) from None
        return client

    def _call(self, work: Any) -> Any:
        client = self._connected()
        try:
            return work(client)
        except qbittorrentapi.APIConnectionError as exc:
            raise unreachable("qBittorrent", self.settings.host, self.settings.port, exc) from None
        except qbittorrentapi.APIError as exc:
            raise DownloadClientError(f"qBittorrent refused the request: {exc}") from None
        finally:
            client.auth_log_out()

    async def check_connection(self) -> None:
        def check(client: qbittorrentapi.Client) -> None:
            api_version = str(client.app.web_api_version)
            if parse_version(api_version) < MINIMUM_API_VERSION:
                raise DownloadClientError(
                    f"qBittorrent Web API {api_version} is not supported; update to qBittorrent 4.1 or newer"
                )
            self._ensure_categories(client)

        await self.run(lambda: self._call(check))

    async def setup(self) -> ClientSetup:
        def read(client: qbittorrentapi.Client) -> ClientSetup:
            preferences = client.app_preferences()
            folder = str(preferences.get("save_path") or "")
            categories: dict[str, Any] = dict(client.torrents_categories())
            save_path = str((categories.get(self.settings.movie_category) or {}).get("savePath") or "")
            if save_path:
                # A relative category path is under the default save path.
                folder = posixpath.join(folder, save_path) if _is_relative(save_path) else save_path
            return ClientSetup(
                output_folders=(folder.rstrip("/") or "/",),
                removes_completed_downloads=_removes_completed(preferences),
            )

        result: ClientSetup = await self.run(lambda: self._call(read))
        return result

    def _ensure_categories(self, client: qbittorrentapi.Client) -> None:
        existing = set(client.torrents_categories())
        for category in (self.settings.movie_category, self.settings.movie_imported_category):
            if category and category not in existing:
                client.torrents_create_category(name=category)

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab)
        settings = self.settings
        priority = settings.recent_movie_priority if grab.recent else settings.older_movie_priority

        def add(client: qbittorrentapi.Client) -> None:
            self._ensure_categories(client)
            options: dict[str, Any] = {
                "category": settings.movie_category or None,
                "is_paused": settings.initial_state == 2,
                "is_sequential_download": settings.sequential_order,
                "is_first_last_piece_priority": settings.first_and_last,
                "ratio_limit": grab.seed_ratio,
                "seeding_time_limit": grab.seed_time_minutes,
            }
            if settings.content_layout in _LAYOUTS:
                options["content_layout"] = _LAYOUTS[settings.content_layout]
            if grab.torrent is not None:
                answer = client.torrents_add(torrent_files=grab.torrent, **options)
            else:
                answer = client.torrents_add(urls=grab.magnet, **options)
            if str(answer).strip() != "Ok.":
                raise DownloadClientError(f"qBittorrent did not accept {grab.title} ({answer})")
            if (settings.initial_state == 1 or priority == 1) and not _listed(client, info_hash):
                log.warning(
                    "qBittorrent has not listed %s yet: it keeps its default start and place", grab.title
                )
                return
            if settings.initial_state == 1:
                client.torrents_set_force_start(enable=True, torrent_hashes=info_hash)
            if priority == 1:
                # A 409 means torrent queueing is off in qBittorrent: there is no order to change.
                with contextlib.suppress(qbittorrentapi.Conflict409Error):
                    client.torrents_top_priority(torrent_hashes=info_hash)

        await self.run(lambda: self._call(add))
        return info_hash

    async def items(self) -> list[DownloadItem]:
        category = self.settings.movie_category
        imported = self.settings.movie_imported_category

        def read(client: qbittorrentapi.Client) -> list[DownloadItem]:
            torrents = (
                list(client.torrents_info(category=category)) if category else list(client.torrents_info())
            )
            if imported and imported != category:
                torrents += list(client.torrents_info(category=imported))
            return [_item(t) for t in torrents]

        result: list[DownloadItem] = await self.run(lambda: self._call(read))
        return result

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self.run(
            lambda: self._call(
                lambda c: c.torrents_delete(delete_files=delete_data, torrent_hashes=download_id)
            )
        )

    async def mark_imported(self, download_id: str) -> None:
        category = self.settings.movie_imported_category
        if category:
            await self.run(
                lambda: self._call(
                    lambda c: c.torrents_set_category(category=category, torrent_hashes=download_id)
                )
            )

    async def set_category(self, download_id: str, category: str) -> None:
        await self.run(
            lambda: self._call(
                lambda c: c.torrents_set_category(category=category, torrent_hashes=download_id)
            )
        )

    async def pause(self, download_id: str) -> None:
        await self.run(lambda: self._call(lambda c: c.torrents_pause(torrent_hashes=download_id)))


def _is_relative(path: str) -> bool:
    return not path.startswith(("/", "\\")) and path[1:2] != ":"  # nor a Windows drive


def _removes_completed(preferences: Any) -> bool:
    """Whether a seeding limit makes qBittorrent remove finished torrents, possibly before import."""
    limited = bool(preferences.get("max_ratio_enabled")) or (
        bool(preferences.get("max_seeding_time_enabled"))
        and int(preferences.get("max_seeding_time") or 0) < SHORTEST_SAFE_SEEDING_MINUTES
    )
    return limited and preferences.get("max_ratio_act") in REMOVING_RATIO_ACTIONS


def _listed(client: qbittorrentapi.Client, info_hash: str, tries: int = 20, pause: float = 0.25) -> bool:
    """Whether qBittorrent lists the torrent within a few seconds.

    It answers "Ok." before it has added the torrent, and force start or a queue move sent for
    a hash it does not list yet is silently ignored; Radarr waits the same way."""
    for _ in range(tries):
        if client.torrents_info(torrent_hashes=info_hash):
            return True
        time.sleep(pause)
    return False
