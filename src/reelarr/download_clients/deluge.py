"""Deluge through its Web UI's JSON-RPC API, as Radarr reaches it; Deluge 2.0 or later.

Every call is a POST of ``{"method", "params", "id"}`` to ``<url base>/json``. ``auth.login``
with the web password answers with a ``_session_id`` cookie, kept per URL and password. The
web UI relays ``core.*`` and plugin calls to the daemon it is connected to, so after logging
in Reelarr connects it to a daemon from its host list when it is not connected (after a
restart it is not). An answer with error code 1 (session expired) or 2 (method unknown:
not connected to a daemon) logs in and connects again, once.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import itertools
import posixpath
from typing import Annotated, Any

import httpx
from pydantic import Field

from reelarr.download_clients.base import (
    CategorySettings,
    ClientSetup,
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    WebAddressSettings,
    parse_version,
    torrent_info_hash,
    unreachable,
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
NOT_AUTHENTICATED, UNKNOWN_METHOD = 1, 2
LOCALHOST = ("127.0.0.1", "localhost", "::1")
TIMEOUT = 15.0  # seconds, Radarr's
# Session cookies by web UI URL and password: logging in on every call would double the calls.
_sessions: dict[str, str] = {}
_request_ids = itertools.count(1)


class DelugeSettings(WebAddressSettings, CategorySettings):
    port: Annotated[int, Form("Port", "The Web UI's port", type="number")] = Field(
        default=8112, ge=1, le=65535
    )
    url_base: Annotated[
        str,
        Form("Url Base", "Adds a prefix to Deluge's JSON URL, see http://[host]:[port]/[urlBase]/json"),
    ] = ""
    password: Annotated[
        str, Form("Password", "The Web UI's password", type="password", privacy="password")
    ] = "deluge"
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


class DelugeRpcError(DownloadClientError):
    """An error the web UI answered, with its code."""

    def __init__(self, method: str, message: str, code: int) -> None:
        super().__init__(f"Deluge refused {method}: {message}")
        self.code = code


def _wrong_password() -> DownloadClientError:
    return DownloadClientError("Authentication failed: Deluge's Web UI rejected the password")


def _result(method: str, response: httpx.Response) -> Any:
    try:
        answer = response.json()
    except ValueError:
        raise DownloadClientError(
            "Deluge's answer is not JSON: check the port (the Web UI's) and the Url Base"
        ) from None
    error = answer.get("error") if isinstance(answer, dict) else None
    if error:
        raise DelugeRpcError(method, str(error.get("message", "")), int(error.get("code", 0)))
    return answer.get("result") if isinstance(answer, dict) else None


class Deluge(DownloadClient):
    implementation = "Deluge"
    implementation_name = "Deluge"
    protocol = "torrent"
    settings_model = DelugeSettings
    settings: DelugeSettings

    def _session_key(self) -> str:
        return f"{self.settings.base_url()}:{self.settings.password}"

    async def _post(self, method: str, params: list[Any], cookie: str | None) -> httpx.Response:
        settings = self.settings
        body = {"method": method, "params": params, "id": next(_request_ids)}
        headers = {"Cookie": cookie} if cookie else {}
        try:
            response = await self.client_http().request(
                "POST", f"{settings.base_url()}/json", json=body, headers=headers, timeout=TIMEOUT
            )
        except httpx.ReadTimeout:
            # The web UI waits forever on a daemon connection that broke: reconnect, as Radarr does.
            raise DelugeRpcError(method, f"no answer within {TIMEOUT:.0f} s", UNKNOWN_METHOD) from None
        except httpx.HTTPError as exc:
            raise unreachable("Deluge", settings.host, settings.port, exc) from None
        if response.status_code != 200:
            raise DownloadClientError(
                f"Deluge answered HTTP {response.status_code} at {settings.base_url()}/json: "
                "check the port (the Web UI's, 8112 by default) and the Url Base"
            )
        return response

    async def _answer(self, method: str, params: list[Any], cookie: str | None) -> Any:
        return _result(method, await self._post(method, params, cookie))

    async def _login(self) -> str:
        response = await self._post("auth.login", [self.settings.password], None)
        if _result("auth.login", response) is not True:
            raise _wrong_password()
        cookie = "; ".join(f"{name}={value}" for name, value in response.cookies.items())
        await self._connect_daemon(cookie)
        _sessions[self._session_key()] = cookie
        return cookie

    async def _connect_daemon(self, cookie: str) -> None:
        """Connect the web UI to a daemon from its host list (one on its own machine first)."""
        if await self._answer("web.connected", [], cookie):
            return
        hosts = await self._answer("web.get_hosts", [], cookie) or []
        hosts = sorted(hosts, key=lambda host: str(host[1]) not in LOCALHOST)
        if hosts:
            with contextlib.suppress(DelugeRpcError):  # the daemon refused: said below
                await self._answer("web.connect", [hosts[0][0]], cookie)
            if await self._answer("web.connected", [], cookie):
                return
        where = f" ({hosts[0][1]}:{hosts[0][2]})" if hosts else ""
        raise DownloadClientError(
            f"Deluge's Web UI is not connected to a Deluge daemon and could not connect to one{where}: "
            "check that deluged is running and connect to it in the Web UI's Connection Manager"
        )

    async def _call(self, method: str, *params: Any) -> Any:
        key = self._session_key()
        cookie = _sessions.get(key) or await self._login()
        try:
            return await self._answer(method, list(params), cookie)
        except DelugeRpcError as exc:
            if exc.code not in (NOT_AUTHENTICATED, UNKNOWN_METHOD):
                raise
        _sessions.pop(key, None)  # the session expired or the daemon went away: once more
        try:
            return await self._answer(method, list(params), await self._login())
        except DelugeRpcError as exc:
            if exc.code == NOT_AUTHENTICATED:
                raise _wrong_password() from None
            if exc.code == UNKNOWN_METHOD and method.startswith("label."):
                raise DownloadClientError(
                    "Deluge's Label plugin is not enabled: enable it in Deluge's Preferences > Plugins "
                    "or leave the Category empty"
                ) from None
            raise

    async def _ensure_labels(self) -> None:
        wanted = [c for c in (self.settings.movie_category, self.settings.movie_imported_category) if c]
        if not wanted:
            return
        if "Label" not in await self._call("core.get_enabled_plugins"):
            await self._call("core.enable_plugin", "Label")
        existing = set(await self._call("label.get_labels"))
        for label in wanted:
            if label.lower() not in existing:
                await self._call("label.add", label.lower())

    async def check_connection(self) -> None:
        _sessions.pop(self._session_key(), None)  # test the password as it is now
        version = str(await self._call("daemon.get_version"))
        if parse_version(version) < MINIMUM_VERSION:
            raise DownloadClientError(f"Deluge {version} is not supported; update to Deluge 2.0 or newer")
        await self._ensure_labels()

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

        await self._ensure_labels()
        if grab.torrent is not None:
            encoded = base64.b64encode(grab.torrent).decode()
            await self._call("core.add_torrent_file", f"{grab.title}.torrent", encoded, options)
        else:
            await self._call("core.add_torrent_magnet", grab.magnet, options)
        if settings.movie_category:
            await self._call("label.set_torrent", info_hash, settings.movie_category.lower())
        if priority == 1:
            await self._call("core.queue_top", [info_hash])
        return info_hash

    def _item(self, torrent: dict[str, Any]) -> DownloadItem:
        state = str(torrent["state"])
        status = _STATES.get(state, ItemStatus.downloading)
        message = ""
        if status == ItemStatus.failed:
            message = f"Deluge reports an error: {torrent.get('message', '')}"
        elif state == "Paused" and torrent.get("is_finished"):
            status = ItemStatus.completed
        total = int(torrent["total_wanted"])
        eta = int(torrent.get("eta") or 0)
        return DownloadItem(
            download_id=str(torrent["hash"]).lower(),
            title=str(torrent["name"]),
            category=str(torrent.get("label") or "") or None,
            total_size=total,
            remaining_size=max(total - int(torrent["total_done"]), 0),
            status=status,
            remaining_time=dt.timedelta(seconds=eta) if eta > 0 else None,
            message=message,
            output_path=posixpath.join(str(torrent["save_path"]), str(torrent["name"])),
            seed_ratio=float(torrent.get("ratio") or 0),
            can_move_files=status == ItemStatus.completed,
            can_be_removed=status == ItemStatus.completed and state == "Paused",  # seeding goal reached
        )

    async def items(self) -> list[DownloadItem]:
        labels = [
            c.lower() for c in (self.settings.movie_category, self.settings.movie_imported_category) if c
        ]
        found: dict[str, Any] = {}
        for query in [{"label": label} for label in labels] or [{}]:
            found |= await self._call("core.get_torrents_status", query, FIELDS) or {}
        return [self._item(torrent) for torrent in found.values()]

    async def setup(self) -> ClientSetup:
        """Where finished downloads land: Reelarr's own directories, else the daemon's defaults."""
        settings = self.settings
        folder = settings.completed_directory
        if not folder:
            config = await self._call("core.get_config")
            if config.get("move_completed") and config.get("move_completed_path"):
                folder = str(config["move_completed_path"])
            else:
                folder = settings.download_directory or str(config.get("download_location") or "")
        return ClientSetup(output_folders=(folder,) if folder else ())

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        await self._call("core.remove_torrent", download_id, delete_data)

    async def set_category(self, download_id: str, category: str) -> None:
        if category.lower() not in set(await self._call("label.get_labels")):
            await self._call("label.add", category.lower())
        await self._call("label.set_torrent", download_id, category.lower())

    async def mark_imported(self, download_id: str) -> None:
        if self.settings.movie_imported_category:
            await self.set_category(download_id, self.settings.movie_imported_category)

    async def pause(self, download_id: str) -> None:
        await self._call("core.pause_torrent", [download_id])
