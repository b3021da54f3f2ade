"""A local Freebox OS API under /api/v4: challenge login, sessions, Base64 folders, download tasks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import torf
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving


def _ok(result: Any = None) -> JSONResponse:
    return JSONResponse({"success": True, "result": result} if result is not None else {"success": True})


def _fail(status: int, code: str, msg: str) -> JSONResponse:
    return JSONResponse({"success": False, "error_code": code, "msg": msg}, status_code=status)


@dataclass
class FreeboxServer:
    base_url: str = ""
    app_id: str = "fr.freebox.reelarr"
    app_token: str = "dyNYgfK0Ya6FWGqq83sBHa7TwzWo+pg4fDFUJHShcjVYzTfaRrZzm93p7OTAfH/0"
    default_dir: str = "/Disque dur/Téléchargements"
    challenges: set[str] = field(default_factory=set)
    sessions: set[str] = field(default_factory=set)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, str, Any]] = field(default_factory=list)

    async def api(self, request: Request) -> Response:
        path = request.url.path.removeprefix("/api/v4/")
        token = request.headers.get("x-fbx-app-auth")
        if path == "login/" and token is None:
            challenge = secrets.token_urlsafe(24)
            self.challenges.add(challenge)
            return _ok({"logged_in": False, "challenge": challenge, "password_salt": "x"})
        if path == "login/session/":
            body = await request.json()
            valid = {
                hmac.new(self.app_token.encode(), c.encode(), hashlib.sha1).hexdigest()
                for c in self.challenges
            }
            if body.get("app_id") != self.app_id or body.get("password") not in valid:
                return _fail(403, "invalid_token", "Le token de l'application n'est pas valide")
            session = secrets.token_urlsafe(24)
            self.sessions.add(session)
            return _ok({"session_token": session, "challenge": "", "permissions": {"downloader": True}})
        if token not in self.sessions:
            return _fail(403, "auth_required", "Vous devez vous authentifier pour accéder à cette fonction")
        if path == "login/":
            return _ok({"logged_in": True})
        if path == "downloads/config/":
            return _ok(
                {
                    "download_dir": base64.b64encode(self.default_dir.encode()).decode(),
                    "max_downloading_tasks": 5,
                }
            )
        if path == "downloads/" and request.method == "GET":
            return _ok(self.tasks)
        if path == "downloads/add":
            form = await request.form()
            folder = str(form["download_dir"])
            upload = form.get("download_file")
            if upload is not None and not isinstance(upload, str):
                torrent = torf.Torrent.read_stream(await upload.read())
                name, size, info_hash = str(torrent.name), int(torrent.size), str(torrent.infohash)
                self.calls.append(("add", "file", {"download_dir": folder, "filename": upload.filename}))
            else:
                magnet = torf.Magnet.from_string(str(form["download_url"]))
                name, size, info_hash = magnet.dn or magnet.infohash, 0, magnet.infohash
                self.calls.append(
                    ("add", "url", {"download_dir": folder, "download_url": form["download_url"]})
                )
            task_id = len(self.tasks) + 41
            self.tasks.append(
                {
                    "id": task_id,
                    "type": "bt",
                    "name": name,
                    "status": "downloading",
                    "size": size,
                    "queue_pos": len(self.tasks) + 1,
                    "io_priority": "normal",
                    "tx_bytes": 0,
                    "tx_rate": 0,
                    "rx_bytes": 0,
                    "rx_rate": 0,
                    "rx_pct": 0,
                    "tx_pct": 0,
                    "eta": 0,
                    "error": "none",
                    "stop_ratio": 0,
                    "created_ts": 1764860000,
                    "download_dir": folder,
                    "info_hash": info_hash,
                    "piece_length": 32768,
                }
            )
            return _ok({"id": task_id})
        task_id = int(path.split("/")[1])
        task = next((t for t in self.tasks if t["id"] == task_id), None)
        if task is None:
            return _fail(404, "task_not_found", "Impossible de trouver cette tâche")
        if request.method == "PUT":
            body = await request.json()
            self.calls.append(("update", str(task_id), body))
            task.update(body)
            return _ok(task)
        if request.method == "DELETE":
            self.calls.append(("delete", path, None))
            self.tasks.remove(task)
            return _ok()
        return _fail(404, "invalid_request", "Requête invalide")

    def task(self, task_id: str) -> dict[str, Any]:
        return next(t for t in self.tasks if t["id"] == int(task_id))


@contextmanager
def running_freebox() -> Iterator[FreeboxServer]:
    server = FreeboxServer()
    route = Route("/api/v4/{path:path}", server.api, methods=["GET", "POST", "PUT", "DELETE"])
    with serving(Starlette(routes=[route])) as base_url:
        server.base_url = base_url
        yield server
