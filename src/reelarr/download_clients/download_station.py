"""Synology Download Station through DiskStation Manager's web API (``/webapi/<path>``).

What the torrent and the Usenet Download Station share; each is a short module beside this.
DSM names its APIs (``SYNO.API.Auth``, ``SYNO.DownloadStation2.Task``...) and says, through
``SYNO.API.Info``, which CGI path serves each and which versions it speaks. Reelarr logs in
with ``SYNO.API.Auth`` for a session id (``_sid``), uses Download Station 2's task API where
DSM offers it (DSM 7) and the first one otherwise, as Radarr does. Every answer is
``{"success": ..., "data" | "error": {"code": n}}``; an expired session is logged into again once.

A task is known as ``<SHA-1 of the NAS's serial number>:<task id>``, Radarr's scheme, so ids
from two NASes never collide. Tasks carry a destination inside a shared folder (``video/movies``);
File Station turns the shared folder into the real path (``/volume1/video``) for the import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import httpx
from pydantic import Field, field_validator, model_validator

from reelarr.download_clients.base import (
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    ItemStatus,
    unreachable,
)
from reelarr.download_clients.base import delete_data as remove_data
from reelarr.providers import Form, ProviderSettings

TASK_V2, TASK_V1 = "SYNO.DownloadStation2.Task", "SYNO.DownloadStation.Task"
AUTH, DS_INFO, DS2_LOCATION = (
    "SYNO.API.Auth",
    "SYNO.DownloadStation.Info",
    "SYNO.DownloadStation2.Settings.Location",
)
FILE_STATION, DSM_INFO = "SYNO.FileStation.List", "SYNO.DSM.Info"
APIS = (AUTH, TASK_V2, TASK_V1, DS_INFO, DS2_LOCATION, FILE_STATION, DSM_INFO)
# DownloadStationTaskStatus: Download Station 2 sends the number, the first API the name.
STATUSES = (
    "unknown",
    "waiting",
    "downloading",
    "paused",
    "finishing",
    "finished",
    "hash_checking",
    "seeding",
    "filehosting_waiting",
    "extracting",
    "error",
    "captcha_needed",
)
SESSION_ERRORS = {105, 106, 107, 119}
COMMON_ERRORS = {
    100: "Unknown error",
    101: "Invalid parameter",
    102: "The requested API does not exist",
    103: "The requested method does not exist",
    104: "The requested version does not support the functionality",
    105: "The logged in session does not have permission",
    106: "Session timeout",
    107: "Session interrupted by duplicate login",
    119: "SID not found",
}
API_ERRORS = {
    AUTH: {
        400: "No such account or incorrect password",
        401: "Disabled account",
        402: "Denied permission",
        403: "2-step authentication code required",
        407: "Blocked IP source",
    },
    TASK_V1: {
        400: "File upload failed",
        401: "Max number of tasks reached",
        402: "Destination denied",
        403: "Destination does not exist",
        404: "Invalid task id",
        406: "No default destination",
        408: "File does not exist",
    },
    FILE_STATION: {
        160: "Permission denied. Give your user access to File Station",
        407: "Operation not permitted",
        408: "No such file or directory",
    },
}
API_ERRORS[TASK_V2] = API_ERRORS[TASK_V1]


@dataclass(frozen=True)
class Api:
    name: str
    path: str
    min_version: int
    max_version: int


# By DSM address: the APIs it offers; by user and address: the session; by host: the hashed serial.
_apis: dict[str, dict[str, Api]] = {}
_sessions: dict[str, str] = {}
_serials: dict[str, str] = {}
_shared_folders: dict[str, str] = {}


class DownloadStationSettings(ProviderSettings):
    host: Annotated[str, Form("Host")] = "127.0.0.1"
    port: Annotated[int, Form("Port", type="number")] = Field(default=5000, ge=1, le=65535)
    use_ssl: Annotated[
        bool, Form("Use SSL", "Use a secure connection when connecting to Download Station", type="checkbox")
    ] = False
    username: Annotated[str, Form("Username", privacy="userName")] = ""
    password: Annotated[str, Form("Password", type="password", privacy="password")] = ""
    tv_category: Annotated[  # Radarr's field name
        str,
        Form(
            "Category",
            "A sub-folder of the default destination named after the category; Reelarr's own "
            "avoids conflicts with unrelated downloads",
        ),
    ] = ""
    tv_directory: Annotated[
        str,
        Form(
            "Directory",
            "Optional shared folder to put downloads into (such as video/movies); "
            "leave blank to use Download Station's default location",
        ),
    ] = ""

    @field_validator("tv_directory")
    @classmethod
    def _relative_directory(cls, value: str) -> str:
        if value.strip().startswith("/"):
            raise ValueError("Cannot start with /: name the shared folder first, as in video/movies")
        return value

    @field_validator("tv_category")
    @classmethod
    def _category_characters(cls, value: str) -> str:
        if not re.fullmatch(r"\.?[-a-z]*", value, re.IGNORECASE):
            raise ValueError("Allowed characters a-z and -")
        return value

    @model_validator(mode="after")
    def _category_or_directory(self) -> DownloadStationSettings:
        if self.tv_category and self.tv_directory.strip():
            raise ValueError("Cannot use Category and Directory together")
        return self

    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Task:
    """One Download Station task, the same whichever task API listed it."""

    id: str
    title: str
    size: int
    type: str
    status: str
    detail: dict[str, Any]
    transfer: dict[str, Any]
    status_extra: dict[str, Any]

    def number(self, key: str) -> int:
        try:
            return max(0, int(self.transfer.get(key) or 0))
        except (TypeError, ValueError):
            return 0

    @property
    def remaining(self) -> int:
        return self.size - self.number("size_downloaded")

    def item_status(self) -> ItemStatus:
        if self.status in ("unknown", "waiting", "filehosting_waiting"):
            return ItemStatus.queued if self.size == 0 or self.remaining > 0 else ItemStatus.completed
        if self.status == "paused":
            return ItemStatus.paused
        if self.status in ("finished", "seeding"):
            return ItemStatus.completed
        if self.status == "error":
            return ItemStatus.failed
        return ItemStatus.downloading

    def message(self) -> str:
        if self.status == "extracting" and "unzip_progress" in self.status_extra:
            return f"Extracting: {self.status_extra['unzip_progress']}%"
        if self.status == "error":
            return str(self.status_extra.get("error_detail") or "Download Station reports an error")
        return ""


def _task(raw: dict[str, Any], transfer: dict[str, Any] | None = None) -> Task:
    status = raw.get("status", 0)
    if isinstance(status, int):
        status = STATUSES[status] if 0 <= status < len(STATUSES) else "unknown"
    additional = raw.get("additional") or {}
    return Task(
        id=str(raw.get("id")),
        title=str(raw.get("title", "")),
        size=int(raw.get("size") or 0),
        type=str(raw.get("type", "")).lower(),
        status=str(status),
        detail=additional.get("detail") or {},
        transfer=transfer if transfer is not None else additional.get("transfer") or {},
        status_extra=raw.get("status_extra") or {},
    )


class DownloadStation(DownloadClient):
    """What both Download Station clients do; ``task_type`` picks their tasks (bt or nzb)."""

    implementation_name = "Download Station"
    settings_model = DownloadStationSettings
    settings: DownloadStationSettings
    task_type: ClassVar[str]

    # ------------------------------------------------------------ DSM's web API

    def _url(self, api: Api) -> str:
        scheme = "https" if self.settings.use_ssl else "http"
        return f"{scheme}://{self.settings.address()}/webapi/{api.path}"

    async def _send(self, api: Api, request: dict[str, Any], operation: str) -> Any:
        settings = self.settings
        try:
            response = await self.client_http().request(follow_redirects=False, **request)
        except httpx.HTTPError as exc:
            raise unreachable("Download Station", settings.host, settings.port, exc) from None
        if response.status_code != 200:
            raise DownloadClientError(
                f"Download Station answered HTTP {response.status_code} to {operation}: check host and port"
            )
        try:
            answer = response.json()
        except ValueError:
            raise DownloadClientError(f"Download Station's answer to {operation} is not JSON") from None
        if answer.get("success"):
            return answer.get("data")
        code = int((answer.get("error") or {}).get("code", 100))
        reason = (
            API_ERRORS.get(api.name, {}).get(code) or COMMON_ERRORS.get(code) or f"{code} - Unknown error"
        )
        if api.name == AUTH:
            raise DownloadClientError(f"Authentication failed: Download Station refused the login ({reason})")
        if code in SESSION_ERRORS:
            _sessions.pop(self._session_key(), None)
            if code == 105:
                raise DownloadClientError(
                    f"Authentication failed: the user may not use Download Station to {operation} ({reason})"
                )
            raise _SessionExpired(reason)
        raise DownloadClientError(f"Download Station could not {operation}: {reason}")

    async def _apis(self) -> dict[str, Api]:
        key = self.settings.address()
        if key not in _apis:
            info = Api("SYNO.API.Info", "query.cgi", 1, 1)
            params = {"api": info.name, "version": 1, "method": "query", "query": ",".join(APIS)}
            data = await self._send(
                info, {"method": "GET", "url": self._url(info), "params": params}, "list its APIs"
            )
            _apis[key] = {
                name: Api(
                    name, str(entry["path"]).lstrip("/\\"), int(entry["minVersion"]), int(entry["maxVersion"])
                )
                for name, entry in (data or {}).items()
                if name in APIS
            }
        return _apis[key]

    async def _api(self, name: str) -> Api:
        found = (await self._apis()).get(name)
        if found is None:
            raise DownloadClientError(f"Download Station at {self.settings.address()} does not offer {name}")
        return found

    def _session_key(self) -> str:
        return f"{self.settings.username}@{self.settings.address()}"

    async def _sid(self) -> str:
        key = self._session_key()
        if key not in _sessions:
            auth = await self._api(AUTH)
            params = {
                "api": AUTH,
                "version": 6 if auth.max_version >= 7 else 2,
                "method": "login",
                "account": self.settings.username,
                "passwd": self.settings.password,
                "format": "sid",
                "session": "DownloadStation",
            }
            data = await self._send(
                auth, {"method": "GET", "url": self._url(auth), "params": params}, "log in"
            )
            _sessions[key] = str((data or {}).get("sid", ""))
        return _sessions[key]

    async def call(
        self,
        name: str,
        method: str,
        version: int,
        params: dict[str, Any] | None = None,
        *,
        upload: tuple[str, str, bytes] | None = None,
        operation: str = "",
    ) -> Any:
        """Call ``method`` of API ``name`` with a session; an upload (field, file name, bytes) POSTs it."""
        api = await self._api(name)
        if not api.min_version <= version <= api.max_version:
            raise DownloadClientError(
                f"Download Station's {name} speaks versions {api.min_version}-{api.max_version}, "
                f"not {version}: update Download Station"
            )
        fields = {**(params or {}), "api": name, "version": version, "method": method}
        for attempt in (1, 2):
            sid = await self._sid()
            request: dict[str, Any] = {
                "method": "GET",
                "url": self._url(api),
                "params": {"_sid": sid, **fields},
            }
            if upload is not None:
                field, filename, content = upload
                # Download Station 2 wants the session in the query, the first task API in the form.
                form = {**fields, **({} if name == TASK_V2 else {"_sid": sid})}
                request = {
                    "method": "POST",
                    "url": self._url(api),
                    "params": {"_sid": sid} if name == TASK_V2 else None,
                    "data": {k: str(v) for k, v in form.items()},
                    "files": {field: (filename, content, "application/octet-stream")},
                }
            try:
                return await self._send(api, request, operation or f"{method} {name}")
            except _SessionExpired as expired:
                if attempt == 2:
                    raise DownloadClientError(
                        f"Unable to stay logged in to Download Station: {expired}"
                    ) from None
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ tasks

    async def _task_api(self) -> str:
        apis = await self._apis()
        for name in (TASK_V2, TASK_V1):
            if name in apis:
                return name
        raise DownloadClientError("Unable to determine Download Station's task API version")

    async def tasks(self) -> list[Task]:
        """Download Station's tasks of this client's type."""
        if await self._task_api() == TASK_V2:
            listed = await self.call(TASK_V2, "list", 1, {"additional": "detail"}, operation="list tasks")
            raw = (listed or {}).get("task") or []
            transfers: dict[str, Any] = {}
            if raw:
                more = await self.call(
                    TASK_V2, "list", 1, {"additional": "transfer"}, operation="list transfers"
                )
                transfers = {
                    str(t["id"]): (t.get("additional") or {}).get("transfer") or {} for t in more["task"]
                }
            tasks = [_task(t, transfers.get(str(t["id"]), {})) for t in raw]
        else:
            listed = await self.call(
                TASK_V1, "list", 1, {"additional": "detail,transfer"}, operation="list tasks"
            )
            tasks = [_task(t) for t in (listed or {}).get("tasks") or []]
        return [t for t in tasks if t.type == self.task_type]

    async def download_directory(self) -> str | None:
        """Where new tasks go, as a shared-folder path without the leading slash."""
        settings = self.settings
        if settings.tv_directory.strip():
            return settings.tv_directory.strip().lstrip("/")
        if DS_INFO in await self._apis():
            config = await self.call(DS_INFO, "getConfig", 1, operation="read its configuration")
        else:
            location = await self._api(DS2_LOCATION)
            config = await self.call(DS2_LOCATION, "get", location.min_version, operation="read its location")
        default = str((config or {}).get("default_destination") or "").rstrip("/")
        if default and settings.tv_category:
            return f"{default}/{settings.tv_category}"
        return default or None

    async def create(
        self, directory: str | None, *, url: str = "", upload: tuple[str, bytes] | None = None
    ) -> None:
        """Create a task from a URL or from a file's bytes (file name, content)."""
        api = await self._task_api()
        if upload is not None:
            filename, content = upload
            if api == TASK_V2:
                params = {"type": '"file"', "file": '["fileData"]', "create_list": "false"}
                params |= {"destination": f'"{directory}"'} if directory else {}
                await self.call(
                    api,
                    "create",
                    2,
                    params,
                    upload=("fileData", filename, content),
                    operation=f"add {filename}",
                )
            else:
                params = {"destination": directory} if directory else {}
                await self.call(
                    api, "create", 2, params, upload=("file", filename, content), operation=f"add {filename}"
                )
        elif api == TASK_V2:
            params = {"type": "url", "url": url, "create_list": "false"} | (
                {"destination": directory} if directory else {}
            )
            await self.call(api, "create", 2, params, operation="add the magnet link")
        else:
            params = {"uri": url} | ({"destination": directory} if directory else {})
            await self.call(api, "create", 3, params, operation="add the magnet link")

    async def added(self, uri: str) -> str:
        """The download id of the task just created from ``uri`` (a link, or the file's name)."""
        found = [t for t in await self.tasks() if t.detail.get("uri") == uri]
        if len(found) != 1:
            raise DownloadClientError(f"Failed to add {uri} to Download Station: the task is not listed")
        return f"{await self.serial()}:{found[0].id}"

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        task_id = download_id.split(":", 1)[-1]
        if delete_data:
            found = [i for i in await self.items() if i.download_id == download_id]
            if found and found[0].output_path:
                await self.run(lambda: remove_data(str(found[0].output_path)))
        api = await self._task_api()
        version = 2 if api == TASK_V2 else 1
        await self.call(
            api, "delete", version, {"id": task_id, "force_complete": "false"}, operation=f"remove {task_id}"
        )

    # ------------------------------------------------------------ identity and paths

    async def serial(self) -> str:
        """The NAS's serial number, hashed as Radarr does: the prefix of every download id."""
        host = self.settings.host
        if host not in _serials:
            dsm = await self._api(DSM_INFO)
            data = await self.call(DSM_INFO, "getinfo", dsm.min_version, operation="get its serial number")
            _serials[host] = hashlib.sha1(str((data or {}).get("serial", "")).encode()).hexdigest().upper()
        return _serials[host]

    async def folder_info(self, path: str) -> dict[str, Any]:
        """File Station's entry for ``path`` (``/share/sub``), with its real path when it exists."""
        params = {"path": json.dumps([path]), "additional": '["real_path"]'}
        data = await self.call(FILE_STATION, "getinfo", 2, params, operation=f"get info of {path}")
        files = (data or {}).get("files") or [{}]
        return dict(files[0])

    async def real_path(self, shared_path: str) -> str:
        """``/video/movies/Title`` as the NAS's file system has it (``/volume1/video/movies/Title``)."""
        end = shared_path.find("/", 1)
        shared = shared_path if end == -1 else shared_path[:end]
        key = f"{await self.serial()}:{shared}"
        if key not in _shared_folders:
            info = await self.folder_info(shared)
            real = (info.get("additional") or {}).get("real_path")
            if not real:
                raise DownloadClientError(
                    f"Shared folder {shared} does not exist on the Download Station's NAS"
                )
            _shared_folders[key] = str(real).rstrip("/")
        return _shared_folders[key] + shared_path[len(shared) :]

    def ours(self, task: Task) -> bool:
        """Whether the task is in this client's directory, or its category's folder."""
        destination = "/" + str(task.detail.get("destination", "")).strip("/")
        settings = self.settings
        if settings.tv_directory.strip():
            directory = "/" + settings.tv_directory.strip().strip("/")
            return destination == directory or destination.startswith(directory + "/")
        if settings.tv_category:
            return settings.tv_category in re.split(r"[\\/]", destination)
        return True

    async def output_path(self, task: Task) -> str:
        destination = "/" + str(task.detail.get("destination", "")).strip("/")
        return f"{(await self.real_path(destination)).rstrip('/')}/{task.title}"

    async def item(
        self, serial: str, task: Task, remaining_seconds: int | None, **protocol_facts: Any
    ) -> DownloadItem:
        """A task as a queue item; the torrent and Usenet clients reckon the time left their own
        way and add what only their protocol has (seeding)."""
        status = task.item_status()
        return DownloadItem(
            download_id=f"{serial}:{task.id}",
            title=task.title,
            category=self.settings.tv_category or None,
            total_size=task.size,
            remaining_size=task.remaining,
            status=status,
            remaining_time=dt.timedelta(seconds=remaining_seconds) if remaining_seconds is not None else None,
            message=task.message(),
            output_path=await self.output_path(task)
            if status in (ItemStatus.completed, ItemStatus.failed)
            else None,
            **protocol_facts,
        )

    # ------------------------------------------------------------ test on save

    def test_field(self, error: DownloadClientError) -> str:
        text = str(error)
        if text.startswith("Authentication failed"):
            return "username"
        if text.startswith(("Shared folder", "Folder ", "No default destination")):
            return "tvDirectory" if self.settings.tv_directory.strip() else "tvCategory"
        return super().test_field(error)

    async def check_connection(self) -> None:
        api = await self._api(await self._task_api())
        if not api.min_version <= 2 <= api.max_version:
            raise DownloadClientError(
                f"Download Station's task API offers versions {api.min_version}-{api.max_version}; "
                "Reelarr needs version 2: update Download Station"
            )
        _sessions.pop(self._session_key(), None)  # a test logs in afresh, so a new password counts
        directory = await self.download_directory()
        if directory is None:
            raise DownloadClientError(
                f"No default destination: set one for {self.settings.username} in Download Station, "
                "or fill in the Directory"
            )
        shared = directory.split("/")[0]
        info = await self.folder_info(f"/{directory}")
        if not info.get("additional"):
            raise DownloadClientError(
                f"Folder {directory} does not exist on the NAS: create it in shared folder {shared}, "
                "or check that the user may use File Station"
            )
        if not info.get("isdir"):
            raise DownloadClientError(f"Folder {directory} is a file, not a folder ({shared})")
        await self.items()


class _SessionExpired(Exception):
    """DSM forgot the session (timeout, another login): log in again."""
