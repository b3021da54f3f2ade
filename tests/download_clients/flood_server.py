"""A local Flood API under /api: jwt cookie sessions, torrents keyed by upper-case hash."""

from __future__ import annotations

import base64
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


@dataclass
class FloodServer:
    base_url: str = ""
    username: str = "flood"
    password: str = "floodpass"
    directory: str = "/downloads"
    sessions: set[str] = field(default_factory=set)
    torrents: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    calls: list[tuple[str, str, Any]] = field(default_factory=list)
    logins: int = 0

    async def authenticate(self, request: Request) -> Response:
        body = await request.json()
        if (body.get("username"), body.get("password")) != (self.username, self.password):
            return Response("Unauthorized", status_code=401)
        self.logins += 1
        token = secrets.token_hex(16)
        self.sessions.add(token)
        answer = JSONResponse({"success": True, "username": self.username, "level": 10})
        answer.set_cookie("jwt", token, httponly=True, samesite="strict")
        return answer

    async def api(self, request: Request) -> Response:
        if request.cookies.get("jwt") not in self.sessions:
            return Response("Unauthorized", status_code=401)
        path = request.url.path.removeprefix("/api")
        body = await request.json() if request.method in ("POST", "PATCH") else None
        self.calls.append((request.method, path, body))
        if path == "/auth/verify":
            return JSONResponse({"initialUser": False, "username": self.username, "level": 10})
        if path == "/torrents":
            return JSONResponse({"id": len(self.calls), "torrents": self.torrents})
        if path in ("/torrents/add-files", "/torrents/add-urls"):
            for item in body.get("files", []):
                torrent = torf.Torrent.read_stream(base64.b64decode(item))
                files = [
                    {
                        "path": str(f.relative_to(torrent.name)) if len(torrent.files) > 1 else str(f),
                        "sizeBytes": f.size,
                    }
                    for f in torrent.files
                ]
                self._add(str(torrent.infohash).upper(), str(torrent.name), int(torrent.size), body, files)
            for url in body.get("urls", []):
                magnet = torf.Magnet.from_string(url)
                self._add(magnet.infohash.upper(), magnet.dn or magnet.infohash, 0, body, [])
            return JSONResponse(list(self.torrents))
        if path == "/torrents/delete":
            for info_hash in body["hashes"]:
                self.torrents.pop(info_hash, None)
            return Response(status_code=200)
        if path == "/torrents/tags":
            for info_hash in body["hashes"]:
                self.torrents[info_hash]["tags"] = body["tags"]
            return Response(status_code=200)
        if path.endswith("/contents"):
            info_hash = path.split("/")[2]
            if info_hash not in self.torrents:
                return JSONResponse({"message": "Torrent not found"}, status_code=404)
            return JSONResponse(self.contents[info_hash])
        return Response("Not Found", status_code=404)

    def _add(
        self, info_hash: str, name: str, size: int, body: dict[str, Any], files: list[dict[str, Any]]
    ) -> None:
        self.torrents[info_hash] = {
            "hash": info_hash,
            "name": name,
            "bytesDone": 0,
            "sizeBytes": size,
            "percentComplete": 0,
            "eta": -1,
            "ratio": 0,
            "downRate": 0,
            "upRate": 0,
            "status": ["downloading", "active"] if body.get("start") else ["stopped", "inactive"],
            "tags": body.get("tags", []),
            "directory": body.get("destination", self.directory),
            "message": "",
            "dateAdded": 1764860000,
            "isPrivate": False,
            "trackerURIs": ["tracker.example"],
        }
        self.contents[info_hash] = [
            {
                "index": i,
                "path": f["path"],
                "filename": f["path"].split("/")[-1],
                "percentComplete": 0,
                "priority": 1,
                "sizeBytes": f["sizeBytes"],
            }
            for i, f in enumerate(files)
        ]

    def progress(
        self,
        info_hash: str,
        *,
        done: int,
        eta: int = -1,
        status: list[str] | None = None,
        ratio: float = 0,
        message: str = "",
    ) -> None:
        torrent = self.torrents[info_hash.upper()]
        torrent.update(bytesDone=done, eta=eta, ratio=ratio, message=message)
        torrent["status"] = status or ["downloading", "active"]


@contextmanager
def running_flood() -> Iterator[FloodServer]:
    server = FloodServer()
    routes = [
        Route("/api/auth/authenticate", server.authenticate, methods=["POST"]),
        Route("/api/{path:path}", server.api, methods=["GET", "POST", "PATCH"]),
    ]
    with serving(Starlette(routes=routes)) as base_url:
        server.base_url = base_url
        yield server
