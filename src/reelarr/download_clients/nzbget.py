"""NZBGet through its JSON-RPC API; version 12 or later.

Each NZB Reelarr adds carries a ``drone`` post-processing parameter holding Reelarr's id for
it, as Radarr does, so the download keeps one id from the queue through the history.
"""

from __future__ import annotations

import asyncio
import base64
import posixpath
import uuid
from typing import Annotated, Any

import httpx
from pydantic import Field

from reelarr.download_clients.base import (
    CategorySettings,
    ClientSetup,
    ConnectionSettings,
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    parse_version,
    unreachable,
    wrong_credentials,
)
from reelarr.providers import Form

MINIMUM_VERSION = (12,)
READ_ONLY_METHODS = frozenset({"version", "listgroups", "history", "status", "config"})
NZBGET_PRIORITIES = (
    (-100, "VeryLow"),
    (-50, "Low"),
    (0, "Normal"),
    (50, "High"),
    (100, "VeryHigh"),
    (900, "Force"),
)
_QUEUED = {"QUEUED", "PAUSED", "FETCHING"}
_POST_PROCESSING = {"PP_QUEUED", "LOADING_PARS", "VERIFYING_SOURCES", "REPAIRING", "VERIFYING_REPAIRED"}
_POST_PROCESSING |= {"RENAMING", "UNPACKING", "MOVING", "EXECUTING_SCRIPT", "PP_FINISHED"}
# How many times to look again for a download being removed while NZBGet moves it around.
REMOVE_ATTEMPTS = 5


class NzbgetSettings(ConnectionSettings, CategorySettings):
    port: Annotated[int, Form("Port", type="number")] = Field(default=6789, ge=1, le=65535)
    username: Annotated[str, Form("Username", privacy="userName")] = "nzbget"
    movie_category: Annotated[
        str,
        Form("Category", "Adding a category specific to Reelarr avoids conflicts with unrelated downloads"),
    ] = "Movies"
    recent_movie_priority: Annotated[
        int, Form("Recent Priority", type="select", select_options=NZBGET_PRIORITIES)
    ] = 0
    older_movie_priority: Annotated[
        int, Form("Older Priority", type="select", select_options=NZBGET_PRIORITIES)
    ] = 0
    add_paused: Annotated[
        bool, Form("Add Paused", "This option requires at least NZBGet version 16.0", type="checkbox")
    ] = False


def _size(entry: dict[str, Any], name: str) -> int:
    return int(entry.get(f"{name}Hi", 0)) * 2**32 + int(entry.get(f"{name}Lo", 0))


def _drone_id(entry: dict[str, Any]) -> str:
    for parameter in entry.get("Parameters") or ():
        if parameter.get("Name") == "drone":
            return str(parameter.get("Value"))
    return str(entry.get("NZBID"))


def _category_folder(options: dict[str, str], category: str) -> str | None:
    """Where NZBGet puts a category's finished downloads: its own DestDir, else the main one."""
    for index in range(1, 100):
        name = options.get(f"Category{index}.Name")
        if name is None:
            return None
        if name != category:
            continue
        folder = options.get(f"Category{index}.DestDir") or ""
        if not folder:
            folder = options.get("DestDir", "").replace("${MainDir}", options.get("MainDir", ""))
            if options.get("AppendCategoryDir", "yes") == "yes":
                folder = posixpath.join(folder, name)
        return folder
    return None


class Nzbget(DownloadClient):
    implementation = "Nzbget"
    implementation_name = "NZBGet"
    protocol = "usenet"
    settings_model = NzbgetSettings
    settings: NzbgetSettings

    async def _rpc(self, method: str, *params: Any) -> Any:
        settings = self.settings
        http = self.client_http()
        try:
            response = await http.post(
                f"{settings.base_url()}/jsonrpc",
                json={"method": method, "params": list(params)},
                auth=(settings.username, settings.password),
                # NZBGet drops kept-alive connections (after a refused login, for one), so a pooled
                # connection may be dead when reused: ask for a fresh one each call; a read that
                # still meets a dropped connection may safely be sent again.
                headers={"Connection": "close"},
                retry_transient=method in READ_ONLY_METHODS,
            )
        except httpx.HTTPError as exc:
            raise unreachable("NZBGet", settings.host, settings.port, exc) from None
        if response.status_code == 401:
            raise wrong_credentials("NZBGet")
        if response.status_code != 200:
            raise DownloadClientError(f"NZBGet answered {response.status_code} to {method}")
        try:
            answer = response.json()
        except ValueError:
            raise DownloadClientError("NZBGet's answer is not JSON: check the URL base") from None
        if answer.get("error"):
            raise DownloadClientError(f"NZBGet refused {method}: {answer['error'].get('message')}")
        return answer.get("result")

    async def check_connection(self) -> None:
        version = str(await self._rpc("version"))
        if parse_version(version) < MINIMUM_VERSION:
            raise DownloadClientError(f"NZBGet {version} is not supported; update to NZBGet 12.0 or newer")

    async def setup(self) -> ClientSetup:
        options = {str(o.get("Name")): str(o.get("Value") or "") for o in await self._rpc("config")}
        folder = _category_folder(options, self.settings.movie_category)
        return ClientSetup(
            output_folders=(folder,) if folder is not None else (),
            # History kept for no days: a finished download leaves NZBGet before Reelarr sees it. Radarr
            # rejects this only in the client's test; the health check also warns of a later change.
            removes_completed_downloads=options.get("KeepHistory") == "0",
        )

    async def add(self, grab: Grab) -> str:
        if grab.nzb is None:
            raise DownloadClientError(f"{grab.title}: the release has no NZB file")
        settings = self.settings
        download_id = uuid.uuid4().hex
        priority = settings.recent_movie_priority if grab.recent else settings.older_movie_priority
        nzb_id = await self._rpc(
            "append",
            f"{grab.title}.nzb",
            base64.b64encode(grab.nzb).decode(),
            settings.movie_category,
            priority,
            False,
            settings.add_paused,
            "",
            0,
            "SCORE",
            [{"drone": download_id}],  # each member of the struct becomes one parameter
        )
        if not isinstance(nzb_id, int) or nzb_id <= 0:
            raise DownloadClientError(f"NZBGet did not accept {grab.title}")
        return download_id

    def _queued(self, entry: dict[str, Any]) -> DownloadItem:
        state = str(entry.get("Status", ""))
        total = _size(entry, "FileSize")
        remaining = _size(entry, "RemainingSize")
        status = ItemStatus.downloading
        if state == "PAUSED" or (remaining and remaining == _size(entry, "PausedSize")):
            status = ItemStatus.paused
        elif state in _QUEUED:
            status = ItemStatus.queued
        return DownloadItem(
            download_id=_drone_id(entry),
            title=str(entry.get("NZBName", "")),
            category=entry.get("Category") or None,
            total_size=total,
            remaining_size=0 if state in _POST_PROCESSING else remaining,
            status=status,
            message="Post-processing" if state in _POST_PROCESSING else "",
            output_path=entry.get("DestDir") or None,
            can_move_files=False,
        )

    def _finished(self, entry: dict[str, Any]) -> DownloadItem:
        state = str(entry.get("Status", ""))
        total = _size(entry, "FileSize")
        status = ItemStatus.completed
        message = ""
        if state.startswith(("FAILURE", "DELETED")):
            status, message = ItemStatus.failed, f"NZBGet reports the download as {state}"
        elif state.startswith("WARNING"):
            status, message = ItemStatus.warning, f"NZBGet reports a problem: {state}"
        return DownloadItem(
            download_id=_drone_id(entry),
            title=str(entry.get("Name", "")),
            category=entry.get("Category") or None,
            total_size=total,
            remaining_size=0,
            status=status,
            message=message,
            output_path=entry.get("FinalDir") or entry.get("DestDir") or None,
        )

    async def _entries(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        category = self.settings.movie_category
        queue = [e for e in await self._rpc("listgroups", 0) if not category or e.get("Category") == category]
        history = [
            e
            for e in await self._rpc("history", False)
            if e.get("Kind", "NZB") == "NZB" and (not category or e.get("Category") == category)
        ]
        return queue, history

    async def items(self) -> list[DownloadItem]:
        queue, history = await self._entries()
        return [self._queued(e) for e in queue] + [self._finished(e) for e in history]

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        queue_command = "GroupFinalDelete" if delete_data else "GroupDelete"
        history_command = "HistoryFinalDelete" if delete_data else "HistoryDelete"
        # While NZBGet finishes a download it lists it in the queue and the history at once, and it
        # may move it from one to the other as we delete: delete it wherever it shows until it is gone.
        removed = False
        for _ in range(REMOVE_ATTEMPTS):
            queue, history = await self._entries()
            found = False
            for entries, command in ((queue, queue_command), (history, history_command)):
                ids = [entry["NZBID"] for entry in entries if _drone_id(entry) == download_id]
                if ids:
                    found = True
                    removed = bool(await self._rpc("editqueue", command, "", ids)) or removed
            if not found:
                break
            await asyncio.sleep(0.2)
        if not removed:
            raise DownloadClientError(f"NZBGet has no download {download_id}")

    async def pause(self, download_id: str) -> None:
        queue, _ = await self._entries()
        ids = [e["NZBID"] for e in queue if _drone_id(e) == download_id]
        await self._rpc("editqueue", "GroupPause", "", ids)
