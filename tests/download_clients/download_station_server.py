"""A local Synology DSM web API with Download Station: what Reelarr's two Download Station clients use.

``SYNO.API.Info`` advertises each API's CGI path and versions; a request to another path, an
unknown API or version, or without a live ``_sid`` is answered as DSM does (success false,
error codes 102/104/119). ``dsm7`` picks Download Station 2's task API (``entry.cgi``, numeric
statuses, sid in the query for uploads); without it the first task API (``task.cgi``, status
names, sid in the form). Shares map to volumes for File Station's ``real_path``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import torf
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving

STATUSES = ("waiting", "downloading", "paused", "finishing", "finished", "hash_checking", "seeding")
STATUS_NUMBERS = {"waiting": 1, "downloading": 2, "paused": 3, "finished": 5, "seeding": 7, "error": 10}


def _ok(data: Any = None) -> Response:
    return JSONResponse({"success": True, **({"data": data} if data is not None else {})})


def _error(code: int) -> Response:
    return JSONResponse({"success": False, "error": {"code": code}})


@dataclass
class DownloadStationServer:
    dsm7: bool = True
    base_url: str = ""
    username: str = "radarr"
    password: str = "ds-secret"
    serial: str = "1830PDN012345"
    default_destination: str = "downloads"
    shares: dict[str, str] = field(
        default_factory=lambda: {"downloads": "/volume1/downloads", "video": "/volume2/video"}
    )
    folders: set[str] = field(
        default_factory=lambda: {"downloads", "downloads/movies", "video", "video/movies"}
    )
    sessions: set[str] = field(default_factory=set)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    logins: int = 0

    def apis(self) -> dict[str, dict[str, Any]]:
        apis: dict[str, dict[str, Any]] = {
            "SYNO.API.Auth": {"path": "auth.cgi", "minVersion": 1, "maxVersion": 7 if self.dsm7 else 6},
            "SYNO.DSM.Info": {
                "path": "entry.cgi" if self.dsm7 else "dsm/info.cgi",
                "minVersion": 1,
                "maxVersion": 2,
            },
            "SYNO.FileStation.List": {"path": "entry.cgi", "minVersion": 1, "maxVersion": 2},
            "SYNO.DownloadStation.Info": {
                "path": "DownloadStation/info.cgi",
                "minVersion": 1,
                "maxVersion": 2,
            },
            "SYNO.DownloadStation.Task": {
                "path": "DownloadStation/task.cgi",
                "minVersion": 1,
                "maxVersion": 3,
            },
        }
        if self.dsm7:
            apis["SYNO.DownloadStation2.Task"] = {"path": "entry.cgi", "minVersion": 1, "maxVersion": 2}
            apis["SYNO.DownloadStation2.Settings.Location"] = {
                "path": "entry.cgi",
                "minVersion": 1,
                "maxVersion": 1,
            }
        return apis

    def task(self, task_id: str) -> dict[str, Any]:
        return next(t for t in self.tasks if t["id"] == task_id)

    def progress(
        self,
        task_id: str,
        *,
        status: str,
        downloaded: int,
        speed: int = 0,
        uploaded: int = 0,
        error: str = "",
    ) -> None:
        task = self.task(task_id)
        task["status"] = status
        if error:
            task["status_extra"] = {"error_detail": error}
        task["additional"]["transfer"] = {
            "size_downloaded": downloaded,
            "size_uploaded": uploaded,
            "speed_download": speed,
            "speed_upload": 0,
        }

    async def webapi(self, request: Request) -> Response:
        params = dict(request.query_params)
        upload: UploadFile | None = None
        form_fields: dict[str, str] = {}
        upload_field = ""
        if request.method == "POST":
            form = await request.form()
            for key, value in form.multi_items():
                if isinstance(value, str):
                    params[key] = form_fields[key] = value
                else:
                    upload, upload_field = value, key  # type: ignore[assignment]
        name, path = params.get("api", ""), request.url.path.removeprefix("/webapi/")
        api = (
            self.apis().get(name)
            if name != "SYNO.API.Info"
            else {"path": "query.cgi", "minVersion": 1, "maxVersion": 1}
        )
        if api is None or api["path"] != path:
            return _error(102)
        if not api["minVersion"] <= int(params.get("version", 0)) <= api["maxVersion"]:
            return _error(104)
        method = params.get("method", "")
        if name == "SYNO.API.Info":
            wanted = params.get("query", "").split(",")
            return _ok({n: a for n, a in self.apis().items() if n in wanted or wanted == ["ALL"]})
        if name == "SYNO.API.Auth":
            if method != "login" or params.get("format") != "sid":
                return _error(101)
            if (params.get("account"), params.get("passwd")) != (self.username, self.password):
                return _error(400)
            self.logins += 1
            sid = secrets.token_urlsafe(16)
            self.sessions.add(sid)
            return _ok({"sid": sid, "is_portal_port": False})
        # Download Station 2 uploads carry the sid in the query string, the first task API in the form.
        sid = request.query_params.get("_sid") if name == "SYNO.DownloadStation2.Task" else params.get("_sid")
        if sid not in self.sessions:
            return _error(119)
        self.calls.append((name, method, {k: v for k, v in params.items() if k not in ("api", "_sid")}))
        if upload is not None:
            self.uploads.append({"field": upload_field, "filename": str(upload.filename), **form_fields})
        return await self._answer(name, method, params, upload)

    async def _answer(
        self, name: str, method: str, params: dict[str, str], upload: UploadFile | None
    ) -> Response:
        if name == "SYNO.DSM.Info" and method == "getinfo":
            return _ok({"model": "DS920+", "serial": self.serial, "version_string": "DSM 7.2.1-69057"})
        if name == "SYNO.DownloadStation.Info" and method == "getConfig":
            return _ok({"default_destination": self.default_destination, "emule_enabled": False})
        if name == "SYNO.DownloadStation2.Settings.Location" and method == "get":
            return _ok({"default_destination": self.default_destination})
        if name == "SYNO.FileStation.List" and method == "getinfo":
            return _ok({"files": [self._file_info(p) for p in json.loads(params["path"])]})
        if name in ("SYNO.DownloadStation.Task", "SYNO.DownloadStation2.Task"):
            return await self._tasks(name, method, params, upload)
        return _error(103)

    def _file_info(self, path: str) -> dict[str, Any]:
        relative = path.strip("/")
        share = relative.split("/")[0]
        if relative not in self.folders or share not in self.shares:
            return {"code": 408, "path": path}
        real = self.shares[share] + relative[len(share) :]
        return {
            "isdir": True,
            "name": relative.split("/")[-1],
            "path": path,
            "additional": {"real_path": real},
        }

    async def _tasks(
        self, name: str, method: str, params: dict[str, str], upload: UploadFile | None
    ) -> Response:
        v2 = name == "SYNO.DownloadStation2.Task"
        if method == "list":
            wanted = params.get("additional", "")
            listed = []
            for task in self.tasks:
                shown = {k: v for k, v in task.items() if k != "additional"}
                if v2:
                    shown["status"] = STATUS_NUMBERS[task["status"]]
                shown["additional"] = {k: v for k, v in task["additional"].items() if k in wanted}
                listed.append(shown)
            return _ok({"offset": 0, "total": len(listed), "task" if v2 else "tasks": listed})
        if method == "create":
            destination = params.get("destination", "").strip('"') if v2 else params.get("destination", "")
            if destination and destination not in self.folders:
                return _error(403)
            if upload is not None:
                content = await upload.read()
                filename = str(upload.filename)
                if filename.endswith(".torrent"):
                    title, kind, uri = (
                        torf.Torrent.read_stream(content).name,
                        "bt",
                        filename.removesuffix(".torrent"),
                    )
                else:
                    title, kind, uri = filename.removesuffix(".nzb"), "nzb", filename
                size = 3_000_000
            else:
                uri = params.get("url" if v2 else "uri", "")
                title = parse_qs(urlsplit(uri).query).get("dn", ["magnet"])[0]
                kind, size = "bt", 0
            self.tasks.append(
                {
                    "id": f"dbid_{100 + len(self.tasks)}",
                    "title": title,
                    "size": size,
                    "type": kind,
                    "username": self.username,
                    "status": "waiting",
                    "additional": {
                        "detail": {"destination": destination or self.default_destination, "uri": uri},
                        "transfer": {"size_downloaded": 0, "size_uploaded": 0, "speed_download": 0},
                    },
                }
            )
            return _ok({"list_id": [], "task_id": []} if v2 else None)
        if method == "delete":
            found = [t for t in self.tasks if t["id"] == params.get("id")]
            if not found:
                return _error(404)
            self.tasks.remove(found[0])
            return _ok([{"error": 0, "id": found[0]["id"]}])
        return _error(103)


@contextmanager
def running_download_station(*, dsm7: bool = True) -> Iterator[DownloadStationServer]:
    server = DownloadStationServer(dsm7=dsm7)
    app = Starlette(routes=[Route("/webapi/{path:path}", server.webapi, methods=["GET", "POST"])])
    with serving(app) as base_url:
        server.base_url = base_url
        yield server
