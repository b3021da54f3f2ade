"""A local Hadouken JSON-RPC API at /api with basic auth, keeping torrents as webui.list rows."""

from __future__ import annotations

import base64
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

DOWNLOADING, PAUSED = 1, 32


@dataclass
class HadoukenServer:
    base_url: str = ""
    username: str = "hadouken"
    password: str = "hdpass"
    save_path: str = "/downloads"
    torrents: dict[str, list[Any]] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)

    async def api(self, request: Request) -> Response:
        expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return Response("Unauthorized", status_code=401)
        call = await request.json()
        self.calls.append(call)
        method, params = call["method"], call.get("params") or []

        def answer(result: Any) -> Response:
            return JSONResponse({"jsonrpc": "2.0", "id": call["id"], "result": result})

        if method == "core.getSystemInfo":
            return answer({"commitish": "d0a1b2c", "branch": "master", "versions": {"hadouken": "5.2.1"}})
        if method == "webui.list":
            return answer({"torrents": list(self.torrents.values())})
        if method == "webui.addTorrent":
            kind, payload, options = params
            if kind == "file":
                torrent = torf.Torrent.read_stream(base64.b64decode(payload))
                info_hash, name, size = str(torrent.infohash).upper(), str(torrent.name), int(torrent.size)
            else:
                magnet = torf.Magnet.from_string(payload)
                info_hash, name, size = magnet.infohash.upper(), magnet.dn or magnet.infohash, 0
            row: list[Any] = [
                info_hash,
                DOWNLOADING,
                name,
                size,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                options.get("label", ""),
            ]
            row += [0] * 9 + ["", 0, 0, 0, 0, self.save_path]
            self.torrents[info_hash] = row
            return answer(info_hash)
        if method == "webui.perform":
            action, hashes = params
            for info_hash in hashes:
                self.torrents.pop(info_hash, None)
            return answer(action in ("remove", "removedata"))
        return JSONResponse(
            {"jsonrpc": "2.0", "id": call["id"], "error": {"code": -32601, "message": "Method not found"}}
        )

    def progress(
        self, info_hash: str, *, done: int, rate: int = 0, bits: int = DOWNLOADING, error: str = ""
    ) -> None:
        row = self.torrents[info_hash.upper()]
        row[1], row[4], row[5], row[9], row[21] = bits, done * 1000 // max(row[3], 1), done, rate, error


@contextmanager
def running_hadouken() -> Iterator[HadoukenServer]:
    server = HadoukenServer()
    with serving(Starlette(routes=[Route("/api", server.api, methods=["POST"])])) as base_url:
        server.base_url = base_url
        yield server
