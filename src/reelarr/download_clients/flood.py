"""Flood (the web front end over rTorrent, qBittorrent or Transmission) through its JSON API.

Flood logs in at ``/api/auth/authenticate`` and answers with a ``jwt`` session cookie that
every other call carries; the session is kept per Flood URL and user, and fetched again once
when Flood answers 401 (it expired or Flood restarted). Flood has tags instead of a category:
a download is Reelarr's when it carries every configured tag, as in Radarr. Flood cannot tell
when seeding is done, so Reelarr never removes a finished download itself (Radarr's warning).
"""

from __future__ import annotations

import base64
import datetime as dt
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
    torrent_info_hash,
    unreachable,
    wrong_credentials,
)
from reelarr.parser import parse_title
from reelarr.providers import Form

# Radarr's AdditionalTags: properties of the movie added as tags. Quality, languages, release
# group and year are read from the release title; collection, indexer and studio are kept for
# Radarr's settings but not applied, as a grab does not carry the movie or the indexer.
ADDITIONAL_TAGS = (
    (0, "Collection"),
    (1, "Quality"),
    (2, "Languages"),
    (3, "ReleaseGroup"),
    (4, "Year"),
    (5, "Indexer"),
    (6, "Studio"),
)
# Session cookies by Flood URL and user: logging in on every call would be slow.
_sessions: dict[str, str] = {}


class FloodSettings(ConnectionSettings):
    port: Annotated[int, Form("Port", type="number")] = Field(default=3000, ge=1, le=65535)
    url_base: Annotated[
        str,
        Form(
            "Url Base",
            "Optionally adds a prefix to Flood API, such as [protocol]://[host]:[port]/[urlBase]/api",
        ),
    ] = ""
    destination: Annotated[str, Form("Destination", "Manually specifies download destination")] = ""
    tags: Annotated[
        list[str],
        Form(
            "Tags",
            "Initial tags of a download. To be recognized, a download must have all initial tags. "
            "This avoids conflicts with unrelated downloads.",
            type="tag",
        ),
    ] = ["radarr"]
    post_import_tags: Annotated[
        list[str],
        Form("Post-Import Tags", "Appends tags after a download is imported.", type="tag", advanced=True),
    ] = []
    additional_tags: Annotated[
        list[int],
        Form(
            "Additional Tags",
            "Adds properties of media as tags. Hints are examples.",
            type="select",
            advanced=True,
            select_options=ADDITIONAL_TAGS,
        ),
    ] = []
    add_paused: Annotated[bool, Form("Add Paused", type="checkbox")] = False


class Flood(DownloadClient):
    implementation = "Flood"
    implementation_name = "Flood"
    protocol = "torrent"
    settings_model = FloodSettings
    settings: FloodSettings

    def _session_key(self) -> str:
        return f"{self.settings.base_url()}:{self.settings.username}"

    async def _send(self, method: str, path: str, body: Any, cookie: str | None) -> httpx.Response:
        settings = self.settings
        headers = {"Cookie": cookie} if cookie else {}
        try:
            return await self.client_http().request(
                method, f"{settings.base_url()}/api{path}", json=body, headers=headers
            )
        except httpx.HTTPError as exc:
            raise unreachable("Flood", settings.host, settings.port, exc) from None

    async def _login(self) -> str:
        body = {"username": self.settings.username, "password": self.settings.password}
        response = await self._send("POST", "/auth/authenticate", body, None)
        if response.status_code in (401, 403, 422):
            raise wrong_credentials("Flood")
        if response.status_code != 200:
            raise DownloadClientError(f"Flood answered HTTP {response.status_code}: check the Url Base")
        cookie = "; ".join(f"{name}={value}" for name, value in response.cookies.items())
        _sessions[self._session_key()] = cookie
        return cookie

    async def _api(self, method: str, path: str, body: Any = None) -> Any:
        key = self._session_key()
        for attempt in (1, 2):
            cookie = _sessions.get(key) if attempt == 1 else None
            response = await self._send(method, path, body, cookie or await self._login())
            if response.status_code in (401, 403) and attempt == 1:
                _sessions.pop(key, None)  # the session expired: log in again, once
                continue
            if response.status_code in (401, 403):
                raise wrong_credentials("Flood")
            if response.status_code >= 400:
                raise DownloadClientError(
                    f"Flood refused {path}: HTTP {response.status_code} {response.text}"
                )
            try:
                return response.json() if response.content else None
            except ValueError:
                raise DownloadClientError("Flood's answer is not JSON: check the Url Base") from None
        raise AssertionError("unreachable")

    async def check_connection(self) -> None:
        _sessions.pop(self._session_key(), None)  # test the credentials as they are now
        await self._api("GET", "/auth/verify")

    def _tags(self, grab: Grab) -> list[str]:
        tags = list(self.settings.tags)
        parsed = parse_title(grab.title) if self.settings.additional_tags else None
        if parsed is not None:
            wanted = set(self.settings.additional_tags)
            if 1 in wanted:
                tags.append(parsed.quality.quality.name)
            if 2 in wanted:
                tags += [language.name for language in parsed.languages]
            if 3 in wanted and parsed.release_group:
                tags.append(parsed.release_group)
            if 4 in wanted and parsed.year:
                tags.append(str(parsed.year))
        return list(dict.fromkeys(tags))

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab)
        settings = self.settings
        body: dict[str, Any] = {"tags": self._tags(grab)}
        if settings.destination:
            body["destination"] = settings.destination
        if not settings.add_paused:
            body["start"] = True
        if grab.torrent is not None:
            await self._api(
                "POST", "/torrents/add-files", {"files": [base64.b64encode(grab.torrent).decode()], **body}
            )
        else:
            await self._api("POST", "/torrents/add-urls", {"urls": [grab.magnet or ""], **body})
        return info_hash

    async def _torrents(self) -> dict[str, dict[str, Any]]:
        answer = await self._api("GET", "/torrents")
        torrents: dict[str, dict[str, Any]] = (answer or {}).get("torrents") or {}
        return torrents

    async def _output_path(self, info_hash: str, directory: str) -> str:
        """The file of a single-file torrent, or the folder its files share (Radarr's import path)."""
        contents = await self._api("GET", f"/torrents/{info_hash}/contents") or []
        paths = [str(c["path"]) for c in contents]
        if len(paths) == 1:
            return posixpath.join(directory, paths[0])
        tops = {p.replace("\\", "/").strip("/").split("/")[0] for p in paths}
        return posixpath.join(directory, tops.pop()) if len(tops) == 1 else directory

    async def items(self) -> list[DownloadItem]:
        wanted = set(self.settings.tags)
        items = []
        for key, torrent in (await self._torrents()).items():
            tags = list(torrent.get("tags") or [])
            if not wanted <= set(tags):
                continue
            status_flags = set(torrent.get("status") or [])
            total, done = int(torrent.get("sizeBytes", 0)), int(torrent.get("bytesDone", 0))
            if "error" in status_flags:
                status = ItemStatus.warning
            elif status_flags & {"seeding", "complete"}:
                status = ItemStatus.completed
            elif "downloading" in status_flags:
                status = ItemStatus.downloading
            elif "stopped" in status_flags:
                status = ItemStatus.paused
            else:
                status = ItemStatus.queued
            directory = str(torrent.get("directory") or "")
            eta = float(torrent.get("eta", -1))
            completed = status == ItemStatus.completed
            items.append(
                DownloadItem(
                    download_id=key.lower(),
                    title=str(torrent.get("name", "")),
                    category=tags[0] if tags else None,
                    total_size=total,
                    remaining_size=total - done,
                    status=status,
                    remaining_time=dt.timedelta(seconds=eta) if eta > 0 else None,
                    message=str(torrent.get("message") or ""),
                    output_path=await self._output_path(key, directory) if completed else directory,
                    seed_ratio=float(torrent.get("ratio", 0)),
                    can_be_removed=False,
                    can_move_files=False,
                )
            )
        return items

    async def mark_imported(self, download_id: str) -> None:
        if not self.settings.post_import_tags:
            return
        torrents = {key.lower(): (key, t) for key, t in (await self._torrents()).items()}
        if download_id.lower() in torrents:
            key, torrent = torrents[download_id.lower()]
            tags = list(dict.fromkeys([*(torrent.get("tags") or []), *self.settings.post_import_tags]))
            await self._api("PATCH", "/torrents/tags", {"hashes": [key], "tags": tags})

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self._api(
            "POST", "/torrents/delete", {"hashes": [download_id.upper()], "deleteData": delete_data}
        )
