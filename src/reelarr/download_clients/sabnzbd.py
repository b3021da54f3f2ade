"""SABnzbd through its HTTP API (``/api?mode=...&output=json``); version 0.7 or later."""

from __future__ import annotations

import datetime as dt
import posixpath
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

MINIMUM_VERSION = (0, 7)
SAB_PRIORITIES = ((-100, "Default"), (-2, "Paused"), (-1, "Low"), (0, "Normal"), (1, "High"), (2, "Force"))
_QUEUE_STATES = {"Queued": ItemStatus.queued, "Grabbing": ItemStatus.queued, "Paused": ItemStatus.paused}
MEGABYTE = 1024 * 1024


class SabnzbdSettings(ConnectionSettings, CategorySettings):
    port: Annotated[int, Form("Port", type="number")] = Field(default=8080, ge=1, le=65535)
    api_key: Annotated[str, Form("API Key", privacy="apiKey")] = ""
    movie_category: Annotated[
        str,
        Form("Category", "Adding a category specific to Reelarr avoids conflicts with unrelated downloads"),
    ] = "movies"
    recent_movie_priority: Annotated[
        int, Form("Recent Priority", type="select", select_options=SAB_PRIORITIES)
    ] = -100
    older_movie_priority: Annotated[
        int, Form("Older Priority", type="select", select_options=SAB_PRIORITIES)
    ] = -100


def _removes_completed(misc: dict[str, Any]) -> bool:
    """Whether SABnzbd's history retention deletes finished jobs before Reelarr can import them."""
    option = str(misc.get("history_retention_option") or "")
    if option in ("number-archive", "number-delete", "all-archive", "all-delete"):
        return True
    if option in ("days-archive", "days-delete"):
        return int(misc.get("history_retention_number") or 0) < 14
    if option == "all":
        return False
    retention = str(misc.get("history_retention") or "")  # SABnzbd before 4.3
    if retention.endswith("d"):
        return not retention[:-1].isdigit() or int(retention[:-1]) < 14
    return retention not in ("", "0")


def _sorting_mode(misc: dict[str, Any], category: str) -> str:
    """The sorting SABnzbd applies to the category (an empty category list means every category)."""
    for mode, switch, categories in (
        ("TV", "enable_tv_sorting", "tv_categories"),
        ("Movie", "enable_movie_sorting", "movie_categories"),
        ("Date", "enable_date_sorting", "date_categories"),
    ):
        listed = misc.get(categories) or []
        if misc.get(switch) and (not listed or (category or "Default") in listed):
            return mode
    return ""


def _time_left(text: str) -> dt.timedelta | None:
    """SABnzbd's ``[d:]h:mm:ss``."""
    try:
        parts = [int(p) for p in text.split(":")]
    except ValueError:
        return None
    seconds = 0
    for part, scale in zip(reversed(parts), (1, 60, 3600, 86400), strict=False):
        seconds += part * scale
    return dt.timedelta(seconds=seconds) if seconds else None


class Sabnzbd(DownloadClient):
    implementation = "Sabnzbd"
    implementation_name = "SABnzbd"
    protocol = "usenet"
    settings_model = SabnzbdSettings
    settings: SabnzbdSettings

    async def _api(self, mode: str, *, files: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
        settings = self.settings
        query = {"mode": mode, "apikey": settings.api_key, "output": "json", **params}
        if settings.username:
            query |= {"ma_username": settings.username, "ma_password": settings.password}
        url = f"{settings.base_url()}/api"
        try:
            if files:
                response = await self.client_http().post(url, params=query, files=files)
            else:
                response = await self.client_http().get(url, params=query)
        except httpx.HTTPError as exc:
            raise unreachable("SABnzbd", settings.host, settings.port, exc) from None
        if response.status_code in (401, 403):
            raise wrong_credentials("SABnzbd")
        if response.status_code != 200:
            raise DownloadClientError(f"SABnzbd answered {response.status_code} to {mode}")
        try:
            answer = response.json()
        except ValueError:
            raise DownloadClientError("SABnzbd's answer is not JSON: check the URL base") from None
        if isinstance(answer, dict) and answer.get("status") is False and answer.get("error"):
            error = str(answer["error"])
            if "api key" in error.lower():
                raise DownloadClientError(
                    "SABnzbd rejected the API key: copy it from SABnzbd's Config > General"
                )
            if "authentication" in error.lower():
                raise wrong_credentials("SABnzbd")
            raise DownloadClientError(f"SABnzbd refused {mode}: {error}")
        return answer if isinstance(answer, dict) else {}

    async def check_connection(self) -> None:
        version = str((await self._api("version")).get("version", ""))
        if parse_version(version) < MINIMUM_VERSION and not version.startswith("develop"):
            raise DownloadClientError(f"SABnzbd {version} is not supported; update to SABnzbd 0.7 or newer")
        config = (await self._api("get_config")).get("config", {})
        names = {str(c.get("name")) for c in config.get("categories", [])}
        category = self.settings.movie_category
        if category and category not in names:
            raise DownloadClientError(
                f"SABnzbd has no category {category!r}: create it in SABnzbd's Config > Categories"
            )

    async def setup(self) -> ClientSetup:
        config = (await self._api("get_config")).get("config", {})
        misc = config.get("misc", {})
        categories = {str(c.get("name")): c for c in config.get("categories", [])}
        category = categories.get(self.settings.movie_category) or categories.get("*")
        folders: tuple[str, ...] = ()
        if category is not None:
            complete_dir = str(misc.get("complete_dir") or "")
            if not complete_dir.startswith("/") and ":" not in complete_dir[:3]:
                complete_dir = str((await self._api("fullstatus")).get("status", {}).get("completedir", ""))
            folders = (posixpath.join(complete_dir, str(category.get("dir") or "").rstrip("*")).rstrip("/"),)
        return ClientSetup(
            output_folders=folders,
            removes_completed_downloads=_removes_completed(misc),
            sorting_mode=_sorting_mode(misc, self.settings.movie_category) if category is not None else "",
        )

    async def add(self, grab: Grab) -> str:
        if grab.nzb is None:
            raise DownloadClientError(f"{grab.title}: the release has no NZB file")
        settings = self.settings
        priority = settings.recent_movie_priority if grab.recent else settings.older_movie_priority
        answer = await self._api(
            "addfile",
            files={"name": (f"{grab.title}.nzb", grab.nzb, "application/x-nzb")},
            cat=settings.movie_category,
            priority=priority,
        )
        ids = answer.get("nzo_ids") or []
        if not ids:
            raise DownloadClientError(f"SABnzbd did not accept {grab.title}")
        return str(ids[0])

    async def items(self) -> list[DownloadItem]:
        category = self.settings.movie_category
        queue = (await self._api("queue")).get("queue", {})
        history = await self._api("history", category=category) if category else await self._api("history")
        found = []
        for slot in queue.get("slots", []):
            if category and slot.get("cat") != category:
                continue
            total = int(float(slot.get("mb", 0)) * MEGABYTE)
            found.append(
                DownloadItem(
                    download_id=str(slot["nzo_id"]),
                    title=str(slot.get("filename", "")),
                    category=slot.get("cat"),
                    total_size=total,
                    remaining_size=int(float(slot.get("mbleft", 0)) * MEGABYTE),
                    status=_QUEUE_STATES.get(str(slot.get("status")), ItemStatus.downloading),
                    remaining_time=_time_left(str(slot.get("timeleft", ""))),
                    can_move_files=False,
                )
            )
        for slot in history.get("history", {}).get("slots", []):
            if category and slot.get("category") != category:
                continue
            state = str(slot.get("status", ""))
            status = ItemStatus.downloading
            message = ""
            if state == "Completed":
                status = ItemStatus.completed
            elif state == "Failed":
                status, message = (
                    ItemStatus.failed,
                    str(slot.get("fail_message") or "SABnzbd reports a failure"),
                )
            found.append(
                DownloadItem(
                    download_id=str(slot["nzo_id"]),
                    title=str(slot.get("name", "")),
                    category=slot.get("category"),
                    total_size=int(slot.get("bytes", 0)),
                    remaining_size=0,
                    status=status,
                    message=message,
                    output_path=slot.get("storage") or None,
                )
            )
        return found

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        flag = 1 if delete_data else 0
        in_queue = any(
            item.download_id == download_id and item.output_path is None for item in await self.items()
        )
        mode = "queue" if in_queue else "history"
        await self._api(mode, name="delete", value=download_id, del_files=flag)

    async def pause(self, download_id: str) -> None:
        await self._api("queue", name="pause", value=download_id)
