"""NZBVortex 3 through its HTTPS API at ``/api`` (API level 2.3 or later).

NZBVortex has no username: the API key proves itself in a handshake. Reelarr asks for a nonce
(``auth/nonce``), makes up its own client nonce, and logs in with the Base64 SHA-256 of
``nonce:cnonce:apikey``; the session id it gets back goes on every call as ``sessionid``.
A call answered ``not_logged_in`` (the session expired) logs in again once, as Radarr does.
NZBVortex's API is only served over HTTPS, so there is no SSL switch. Groups are its
categories; a download is known by the ``add_uuid`` NZBVortex gave it when it was added.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import uuid
from typing import Annotated, Any

import httpx
from pydantic import Field

from reelarr.download_clients.base import (
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    parse_version,
    unreachable,
)
from reelarr.providers import Form, ProviderSettings

MINIMUM_API_LEVEL = (2, 3)
PRIORITIES = ((-1, "Low"), (0, "Normal"), (1, "High"))
# NzbVortexStateType values that decide an item's status.
WAITING, PASSWORD_REQUEST, DONE = 0, 5, 20
FAILED_STATES = {21: "Uncompress failed", 22: "Check failed, data corrupt", 24: "Badly encoded"}
# How many finished downloads the queue includes, as Radarr asks.
DONE_LIMIT = 30
# Session ids by NZBVortex URL and API key: the handshake takes two round trips.
_sessions: dict[str, str] = {}


class NzbVortexSettings(ProviderSettings):
    host: Annotated[str, Form("Host")] = "localhost"
    port: Annotated[int, Form("Port", type="number")] = Field(default=4321, ge=1, le=65535)
    url_base: Annotated[
        str,
        Form(
            "Url Base",
            "Adds a prefix to the NZBVortex url, such as https://[host]:[port]/[urlBase]/api",
            advanced=True,
        ),
    ] = ""
    api_key: Annotated[str, Form("API Key", privacy="apiKey")] = ""
    tv_category: Annotated[  # Radarr's field name for the NZBVortex group
        str, Form("Group", "Adding a group specific to Reelarr avoids conflicts with unrelated downloads")
    ] = "Movies"
    recent_movie_priority: Annotated[
        int,
        Form(
            "Recent Priority",
            "Priority for movies released within the last 21 days",
            type="select",
            select_options=PRIORITIES,
        ),
    ] = 0
    older_movie_priority: Annotated[
        int,
        Form(
            "Older Priority",
            "Priority for movies released over 21 days ago",
            type="select",
            select_options=PRIORITIES,
        ),
    ] = 0

    def api_url(self) -> str:
        base = "/" + self.url_base.strip("/") if self.url_base.strip("/") else ""
        return f"https://{self.host}:{self.port}{base}/api"


def _lower_keys(value: Any) -> Any:
    """NZBVortex's field names vary in case (``sessionID``, ``addUUID``): read them case-blind."""
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _result(answer: dict[str, Any]) -> str:
    return str(answer.get("result", "ok")).replace("_", "").lower()


class NzbVortex(DownloadClient):
    implementation = "NzbVortex"
    implementation_name = "NZBVortex"
    protocol = "usenet"
    settings_model = NzbVortexSettings
    settings: NzbVortexSettings

    async def _get(self, path: str, params: dict[str, str] | None = None, **kwargs: Any) -> dict[str, Any]:
        settings = self.settings
        try:
            if "files" in kwargs:
                response = await self.client_http().post(
                    f"{settings.api_url()}/{path}", params=params, **kwargs
                )
            else:
                response = await self.client_http().get(f"{settings.api_url()}/{path}", params=params)
        except httpx.HTTPError as exc:
            raise unreachable("NZBVortex", settings.host, settings.port, exc) from None
        if response.status_code != 200:
            raise DownloadClientError(f"NZBVortex answered HTTP {response.status_code}: check the Url Base")
        try:
            answer = _lower_keys(response.json())
        except ValueError:
            raise DownloadClientError("NZBVortex's answer is not JSON: check the Url Base") from None
        if not isinstance(answer, dict):
            raise DownloadClientError("NZBVortex's answer could not be processed")
        return answer

    async def _login(self, key: str) -> str:
        nonce = str((await self._get("auth/nonce")).get("authnonce", ""))
        cnonce = str(uuid.uuid4())
        digest = hashlib.sha256(f"{nonce}:{cnonce}:{self.settings.api_key}".encode()).digest()
        params = {"nonce": nonce, "cnonce": cnonce, "hash": base64.b64encode(digest).decode()}
        answer = await self._get("auth/login", params)
        if str(answer.get("loginresult", "")).lower() != "successful":
            raise DownloadClientError("Authentication failed: NZBVortex rejected the API key")
        session = str(answer.get("sessionid", ""))
        _sessions[key] = session
        return session

    async def _api(self, path: str, params: dict[str, str] | None = None, **kwargs: Any) -> dict[str, Any]:
        key = f"{self.settings.api_url()}:{self.settings.api_key}"
        for attempt in (1, 2):
            session = (_sessions.get(key) if attempt == 1 else None) or await self._login(key)
            answer = await self._get(path, {**(params or {}), "sessionid": session}, **kwargs)
            if _result(answer) != "notloggedin":
                if _result(answer) != "ok":
                    raise DownloadClientError(f"NZBVortex does not know {path}: {answer.get('result')}")
                return answer
            _sessions.pop(key, None)
        raise DownloadClientError("Unable to remain authenticated to NZBVortex")

    def test_field(self, error: DownloadClientError) -> str:
        text = str(error)
        if "API key" in text:
            return "apiKey"
        return "tvCategory" if text.startswith("Group ") else super().test_field(error)

    async def check_connection(self) -> None:
        await self._get("app/appversion")
        level = str((await self._get("app/apilevel")).get("apilevel", "0"))
        if parse_version(level) < MINIMUM_API_LEVEL:
            raise DownloadClientError(
                f"NZBVortex API level {level} is too old: NZBVortex needs to be updated"
            )
        _sessions.pop(f"{self.settings.api_url()}:{self.settings.api_key}", None)
        await self._api("nzb", {"limitDone": "1"})
        group = self.settings.tv_category
        groups = {str(g.get("groupname")) for g in (await self._api("group")).get("groups") or []}
        if group and group not in groups:
            raise DownloadClientError(
                f"Group {group} does not exist in NZBVortex: create it there, or leave the Group empty"
            )

    async def add(self, grab: Grab) -> str:
        if grab.nzb is None:
            raise DownloadClientError(f"{grab.title}: NZBVortex needs the NZB file")
        settings = self.settings
        priority = settings.recent_movie_priority if grab.recent else settings.older_movie_priority
        params = {"priority": str(priority)}
        if settings.tv_category:
            params["groupname"] = settings.tv_category
        files = {"name": (f"{grab.title}.nzb", grab.nzb, "application/x-nzb")}
        answer = await self._api("nzb/add", params, files=files)
        if not answer.get("add_uuid"):
            raise DownloadClientError(f"NZBVortex did not add {grab.title}.nzb")
        return str(answer["add_uuid"])

    async def _queue(self) -> list[dict[str, Any]]:
        params = {"limitDone": str(DONE_LIMIT)}
        if self.settings.tv_category:
            params["groupName"] = self.settings.tv_category
        nzbs: list[dict[str, Any]] = (await self._api("nzb", params)).get("nzbs") or []
        return nzbs

    async def _item(self, nzb: dict[str, Any]) -> DownloadItem:
        state, title = int(nzb.get("state", 0)), str(nzb.get("uititle", ""))
        total, done = int(nzb.get("totaldownloadsize", 0)), int(nzb.get("downloadedsize", 0))
        message = ""
        if nzb.get("ispaused"):
            status = ItemStatus.paused
        elif state == WAITING:
            status = ItemStatus.queued
        elif state == DONE:
            status = ItemStatus.completed
        elif state in FAILED_STATES:
            status, message = ItemStatus.failed, FAILED_STATES[state]
        elif state == PASSWORD_REQUEST:
            status, message = ItemStatus.failed, "Encrypted download: NZBVortex asks for a password"
        else:
            status = ItemStatus.downloading
        destination = str(nzb.get("destinationpath") or "")
        output_path: str | None = destination
        if posixpath.basename(destination.rstrip("/")) != title:
            output_path = None
            if state == DONE:  # the files were saved without a job folder
                files = (await self._api(f"file/{nzb['id']}")).get("files") or []
                if len(files) > 1:
                    status = ItemStatus.warning
                    message = f"Download contains multiple files and is not in a job folder: {destination}"
                if files:
                    output_path = posixpath.join(destination, str(files[0].get("filename")))
        return DownloadItem(
            download_id=str(nzb.get("adduuid") or nzb.get("id")),
            title=title,
            category=nzb.get("groupname"),
            total_size=total,
            remaining_size=total - done,
            status=status,
            message=message,
            output_path=output_path,
        )

    async def items(self) -> list[DownloadItem]:
        return [await self._item(nzb) for nzb in await self._queue()]

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        if not download_id.isdigit():
            found = [n["id"] for n in await self._queue() if n.get("adduuid") == download_id]
            if not found:
                return
            download_id = str(found[0])
        await self._api(f"nzb/{download_id}/{'cancelDelete' if delete_data else 'cancel'}")
