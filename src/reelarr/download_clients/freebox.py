"""Freebox Download (the Freebox Server's downloader) through the Freebox OS API.

The app is registered on the Freebox once, which yields an App ID and an App Token. The token
never travels: Reelarr fetches a challenge from ``login/``, sends the HMAC-SHA1 of it keyed by
the token to ``login/session/``, and carries the session token it gets in the
``X-Fbx-App-Auth`` header; when the Freebox refuses a session (it expired), Reelarr opens a new
one once and repeats the call.
Directories travel Base64-encoded. Like Radarr, each release goes to its own folder under the
destination (or the Freebox's default folder) and category, which is how Reelarr finds its own.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from typing import Annotated, Any

import httpx
from pydantic import Field

from reelarr.download_clients.base import (
    PRIORITY_OPTIONS,
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    unreachable,
)
from reelarr.providers import Form, ProviderSettings

_STATUSES = {
    "stopped": ItemStatus.paused,
    "stopping": ItemStatus.paused,
    "queued": ItemStatus.queued,
    "error": ItemStatus.warning,
    "done": ItemStatus.completed,
    "seeding": ItemStatus.completed,
}
# What the Freebox's task error codes mean (Freebox OS API documentation).
_ERRORS = {
    "internal": "Internal error.",
    "disk_full": "The disk is full.",
    "unknown": "Unknown error.",
    "parse_error": "Parse error.",
    "unknown_host": "Unknown host.",
    "timeout": "Timeout.",
    "bad_authentication": "Invalid credentials.",
    "connection_refused": "Remote host refused connection.",
    "bt_tracker_error": "Unable to announce on tracker.",
    "bt_missing_files": "Missing torrent files.",
    "bt_file_error": "Error accessing torrent files.",
    "missing_ctx_file": "Error accessing task context file.",
}
# Session tokens by Freebox and app: opening a session takes two round trips.
_sessions: dict[str, str] = {}


class _Refused(DownloadClientError):
    """The Freebox answered 401/403: the App Token or the session is not (or no longer) valid."""


class FreeboxDownloadSettings(ProviderSettings):
    host: Annotated[str, Form("Host", "Hostname or IP of the Freebox, mafreebox.freebox.fr by default")] = (
        "mafreebox.freebox.fr"
    )
    port: Annotated[int, Form("Port", "Port of the Freebox interface, 443 by default", type="number")] = (
        Field(default=443, ge=1, le=65535)
    )
    use_ssl: Annotated[
        bool, Form("Use SSL", "Use a secure connection to the Freebox API", type="checkbox")
    ] = True
    api_url: Annotated[
        str, Form("API URL", "The Freebox API base URL with its version, /api/v1/ by default", advanced=True)
    ] = "/api/v1/"
    app_id: Annotated[str, Form("App ID", "The App ID given when the app was registered on the Freebox")] = ""
    app_token: Annotated[
        str,
        Form(
            "App Token",
            "The App Token given when the app was registered on the Freebox",
            type="password",
            privacy="password",
        ),
    ] = ""
    destination_directory: Annotated[
        str, Form("Destination", "Where downloads go; empty for the Freebox's default folder", advanced=True)
    ] = ""
    category: Annotated[
        str,
        Form("Category", "A subfolder of the destination for Reelarr's downloads, avoiding unrelated ones"),
    ] = ""
    recent_priority: Annotated[
        int,
        Form(
            "Recent Priority",
            "Priority for movies released within the last 21 days",
            type="select",
            select_options=PRIORITY_OPTIONS,
        ),
    ] = 0
    older_priority: Annotated[
        int,
        Form(
            "Older Priority",
            "Priority for movies released over 21 days ago",
            type="select",
            select_options=PRIORITY_OPTIONS,
        ),
    ] = 0
    add_paused: Annotated[bool, Form("Add Paused", type="checkbox")] = False

    def base_url(self) -> str:
        scheme = "https" if self.use_ssl else "http"
        return f"{scheme}://{self.host}:{self.port}/{self.api_url.strip('/')}"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class FreeboxDownload(DownloadClient):
    implementation = "TorrentFreeboxDownload"
    implementation_name = "Freebox Download"
    protocol = "torrent"
    settings_model = FreeboxDownloadSettings
    settings: FreeboxDownloadSettings

    def _key(self) -> str:
        return f"{self.settings.host}:{self.settings.app_id}:{self.settings.app_token}"

    async def _send(self, method: str, path: str, token: str | None, **kwargs: Any) -> Any:
        settings = self.settings
        headers = {"X-Fbx-App-Auth": token} if token else {}
        try:
            response = await self.client_http().request(
                method, f"{settings.base_url()}/{path}", headers=headers, **kwargs
            )
        except httpx.HTTPError as exc:
            raise unreachable("the Freebox API", settings.host, settings.port, exc) from None
        if response.status_code in (401, 403):
            _sessions.pop(self._key(), None)
            raise _Refused(f"Authentication to the Freebox API failed: {self._reason(response)}")
        if response.status_code == 404:
            raise DownloadClientError("Unable to reach the Freebox API: check the API URL (base and version)")
        try:
            answer = response.json()
        except ValueError:
            raise DownloadClientError(
                f"The Freebox answered HTTP {response.status_code} without JSON"
            ) from None
        if response.status_code != 200 or not answer.get("success"):
            raise DownloadClientError(f"The Freebox API returned an error: {self._reason(response)}")
        return answer.get("result")

    @staticmethod
    def _reason(response: httpx.Response) -> str:
        try:
            answer = response.json()
        except ValueError:
            return f"HTTP {response.status_code}"
        return f"{answer.get('msg', '')} ({answer.get('error_code', response.status_code)})"

    async def _token(self) -> str:
        if token := _sessions.get(self._key()):
            return token
        challenge = str((await self._send("GET", "login/", None))["challenge"])
        password = hmac.new(self.settings.app_token.encode(), challenge.encode(), hashlib.sha1).hexdigest()
        body = {"app_id": self.settings.app_id, "password": password}
        token = str((await self._send("POST", "login/session/", None, json=body))["session_token"])
        _sessions[self._key()] = token
        return token

    async def _api(self, method: str, path: str, **kwargs: Any) -> Any:
        had_session = self._key() in _sessions
        try:
            return await self._send(method, path, await self._token(), **kwargs)
        except _Refused:
            if not had_session:
                raise
        return await self._send(method, path, await self._token(), **kwargs)

    async def check_connection(self) -> None:
        _sessions.pop(self._key(), None)  # test the App Token as it is now
        login = await self._api("GET", "login/")
        if not login.get("logged_in"):
            raise DownloadClientError("Authentication to the Freebox API failed: not logged in")

    def test_field(self, error: DownloadClientError) -> str:
        text = str(error)
        if "Authentication" in text:
            return "appToken"
        return "apiUrl" if "API URL" in text else super().test_field(error)

    async def _directory(self) -> str:
        folder = self.settings.destination_directory.rstrip("/")
        if not folder:
            config = await self._api("GET", "downloads/config/")
            folder = base64.b64decode(config["download_dir"]).decode().rstrip("/")
        return f"{folder}/{self.settings.category}" if self.settings.category else folder

    async def add(self, grab: Grab) -> str:
        folder = f"{await self._directory()}/{grab.title.replace('/', '-').replace(chr(92), '-')}"
        if grab.torrent is not None:
            files = {"download_file": (f"{grab.title}.torrent", grab.torrent, "application/x-bittorrent")}
            task = await self._api("POST", "downloads/add", data={"download_dir": _b64(folder)}, files=files)
        else:
            form = {"download_url": grab.magnet or "", "download_dir": _b64(folder)}
            task = await self._api("POST", "downloads/add", data=form)
        task_id = str(task["id"])
        settings = self.settings
        changes: dict[str, Any] = {}
        if settings.add_paused:
            changes["status"] = "stopped"
        if (settings.recent_priority if grab.recent else settings.older_priority) == 1:
            changes["queue_pos"] = "1"
        if grab.seed_ratio is not None:
            changes["stop_ratio"] = grab.seed_ratio * 100
        if changes:
            await self._api("PUT", f"downloads/{task_id}", json=changes)
        return task_id

    async def items(self) -> list[DownloadItem]:
        settings = self.settings
        items = []
        for task in await self._api("GET", "downloads/") or []:
            if str(task.get("type", "")).lower() != "bt":
                continue
            path = base64.b64decode(task.get("download_dir") or "").decode()
            destination = settings.destination_directory.rstrip("/")
            if destination and not (path + "/").startswith(destination + "/"):
                continue
            if settings.category and settings.category not in path.replace("\\", "/").split("/"):
                continue
            state = str(task.get("status", ""))
            status = _STATUSES.get(state, ItemStatus.downloading)
            size, eta, error = int(task.get("size", 0)), int(task.get("eta", 0)), str(task.get("error", ""))
            received, sent = int(task.get("rx_bytes", 0)), int(task.get("tx_bytes", 0))
            done = state == "done"
            items.append(
                DownloadItem(
                    download_id=str(task["id"]),
                    title=str(task.get("name", "")),
                    category=settings.category or None,
                    total_size=size,
                    remaining_size=int(size * (1 - int(task.get("rx_pct", 0)) / 10000)),
                    status=status,
                    remaining_time=dt.timedelta(seconds=eta) if eta > 0 else None,
                    message=_ERRORS.get(error, f"{error} - Unknown error") if state == "error" else "",
                    output_path=path,
                    seed_ratio=sent / received if received > 0 else 0.0,
                    can_be_removed=done,
                    can_move_files=done,
                )
            )
        return items

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self._api("DELETE", f"downloads/{download_id}{'/erase' if delete_data else ''}")
