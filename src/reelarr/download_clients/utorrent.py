"""uTorrent through its Web UI API (``/gui/``), uTorrent 3.0 (build 25406) or later.

Every call needs HTTP basic authentication, the token from ``/gui/token.html`` as the first
query parameter, and the ``GUID`` cookie that page sets; uTorrent answers 400 when the token
has gone stale, and then Reelarr fetches a new one once, as Radarr does. The torrent list is
an array of arrays whose positions are fixed (hash, status bits, name, size, progress in
per mille, ..., label at 11, remaining at 18, save path at 26).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from typing import Annotated, Any

import httpx

from reelarr.download_clients.base import (
    CategorySettings,
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

MINIMUM_BUILD = 25406
# Radarr's UtorrentState: what a torrent is told to do once added.
INITIAL_STATES = ((0, "Start"), (1, "ForceStart"), (2, "Pause"), (3, "Stop"))
_STATE_ACTIONS = {0: "start", 1: "forcestart", 2: "pause", 3: "stop"}
# Status bits of a torrent (UTorrentTorrentStatus).
STARTED, CHECKED, ERROR, PAUSED, QUEUED, LOADED = 1, 8, 16, 32, 64, 128
_TOKEN = re.compile(r"<div[^>]*id=['\"]token['\"][^>]*>([^<]+)</div>")


class UTorrentSettings(ConnectionSettings, CategorySettings):
    intial_state: Annotated[  # Radarr's spelling
        int,
        Form(
            "Initial State",
            "Initial state for torrents added to uTorrent",
            type="select",
            select_options=INITIAL_STATES,
        ),
    ] = 0


class UTorrent(DownloadClient):
    implementation = "UTorrent"
    implementation_name = "uTorrent"
    protocol = "torrent"
    settings_model = UTorrentSettings
    settings: UTorrentSettings
    _token: tuple[str, str] | None = None  # (token, GUID cookie)

    def _auth(self) -> httpx.BasicAuth:
        return httpx.BasicAuth(self.settings.username, self.settings.password)

    async def _login(self) -> tuple[str, str]:
        settings = self.settings
        try:
            response = await self.client_http().get(
                f"{settings.base_url()}/gui/token.html", auth=self._auth()
            )
        except httpx.HTTPError as exc:
            raise unreachable("uTorrent", settings.host, settings.port, exc) from None
        if response.status_code == 401:
            raise wrong_credentials("uTorrent")
        found = _TOKEN.search(response.text)
        if response.status_code != 200 or found is None:
            raise DownloadClientError(
                f"uTorrent's Web UI answered HTTP {response.status_code} without a token: check the Url Base"
            )
        token = (found.group(1), response.cookies.get("GUID") or "")
        self._token = token
        return token

    async def _api(self, params: list[tuple[str, str]], torrent: bytes | None = None) -> dict[str, Any]:
        for attempt in (1, 2):
            token, guid = self._token if self._token and attempt == 1 else await self._login()
            url = f"{self.settings.base_url()}/gui/"
            query = [("token", token), *params]
            headers = {"Cookie": f"GUID={guid}", "Cache-Control": "no-cache"}
            try:
                if torrent is not None:
                    files = {"torrent_file": ("release.torrent", torrent, "application/x-bittorrent")}
                    response = await self.client_http().post(
                        url, params=query, files=files, headers=headers, auth=self._auth()
                    )
                else:
                    response = await self.client_http().get(
                        url, params=query, headers=headers, auth=self._auth()
                    )
            except httpx.HTTPError as exc:
                raise unreachable("uTorrent", self.settings.host, self.settings.port, exc) from None
            if response.status_code in (400, 401) and attempt == 1:
                continue  # a stale token: log in again
            if response.status_code != 200:
                raise DownloadClientError(f"uTorrent refused the request: HTTP {response.status_code}")
            try:
                answer: dict[str, Any] = response.json()
            except ValueError:
                raise DownloadClientError("uTorrent's answer is not JSON: check the Url Base") from None
            if "error" in answer:
                raise DownloadClientError(f"uTorrent reports: {answer['error']}")
            return answer
        raise AssertionError("unreachable")

    async def check_connection(self) -> None:
        build = int((await self._api([("action", "getsettings")])).get("build", 0))
        if build < MINIMUM_BUILD:
            raise DownloadClientError(
                f"uTorrent build {build} is not supported; update to uTorrent 3.0 or later"
            )
        await self._api([("list", "1")])

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab).upper()
        settings = self.settings
        if grab.torrent is not None:
            await self._api([("action", "add-file"), ("path", "")], torrent=grab.torrent)
        else:
            await self._api([("action", "add-url"), ("s", grab.magnet or "")])
        seeding = [("s", "seed_override"), ("v", "1")]
        if grab.seed_ratio is not None:
            seeding += [("s", "seed_ratio"), ("v", str(int(grab.seed_ratio * 1000)))]
        if grab.seed_time_minutes is not None:
            seeding += [("s", "seed_time"), ("v", str(grab.seed_time_minutes * 60))]
        if len(seeding) > 2:
            await self._api([("action", "setprops"), ("hash", info_hash), *seeding])
        if settings.movie_category:
            await self.set_category(info_hash, settings.movie_category)
        if (settings.recent_movie_priority if grab.recent else settings.older_movie_priority) == 1:
            await self._api([("action", "queuetop"), ("hash", info_hash)])
        await self._api([("action", _STATE_ACTIONS.get(settings.intial_state, "start")), ("hash", info_hash)])
        return info_hash.lower()

    def _item(self, row: list[Any]) -> DownloadItem:
        status_bits, name, size = int(row[1]), str(row[2]), int(row[3])
        progress, eta, remaining = int(row[4]) / 1000, int(row[10]), int(row[18])
        message = ""
        if status_bits & ERROR:
            status, message = (
                ItemStatus.warning,
                f"uTorrent is reporting an error: {row[21] if len(row) > 21 else ''}",
            )
        elif status_bits & LOADED and status_bits & CHECKED and remaining == 0 and progress == 1.0:
            status = ItemStatus.completed
        elif status_bits & PAUSED:
            status = ItemStatus.paused
        elif status_bits & STARTED:
            status = ItemStatus.downloading
        else:
            status = ItemStatus.queued
        save_path = str(row[26]) if len(row) > 26 and row[26] else ""
        output = (
            save_path
            if posixpath.basename(save_path.rstrip("/")) == name
            else posixpath.join(save_path, name)
        )
        # Done seeding: stopped, neither queued nor started (started alone is forced seeding).
        stopped = not status_bits & QUEUED and not status_bits & STARTED
        return DownloadItem(
            download_id=str(row[0]).lower(),
            title=name,
            category=str(row[11]) or None,
            total_size=size,
            remaining_size=remaining,
            status=status,
            remaining_time=dt.timedelta(seconds=eta) if eta >= 0 else None,
            message=message,
            output_path=output if save_path else None,
            seed_ratio=int(row[7]) / 1000,
            can_be_removed=status == ItemStatus.completed and stopped,
            can_move_files=status == ItemStatus.completed and stopped,
        )

    async def items(self) -> list[DownloadItem]:
        rows = (await self._api([("list", "1")])).get("torrents") or []
        labels = {c for c in (self.settings.movie_category, self.settings.movie_imported_category) if c}
        items = [self._item(row) for row in rows]
        return [i for i in items if not labels or i.category in labels]

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        action = "removedata" if delete_data else "remove"
        await self._api([("action", action), ("hash", download_id.upper())])

    async def set_category(self, download_id: str, category: str) -> None:
        await self._api(
            [("action", "setprops"), ("hash", download_id.upper()), ("s", "label"), ("v", category)]
        )

    async def mark_imported(self, download_id: str) -> None:
        if self.settings.movie_imported_category:
            await self.set_category(download_id, self.settings.movie_imported_category)

    async def pause(self, download_id: str) -> None:
        await self._api([("action", "pause"), ("hash", download_id.upper())])
