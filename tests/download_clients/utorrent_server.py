"""A local uTorrent Web UI API: basic auth, token.html with its GUID cookie, /gui/ actions.

It keeps torrents in memory as uTorrent's list rows (27 positions); a test moves them along
with :meth:`UTorrentServer.finish` and reads what the client asked for in ``requests``.
"""

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
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from local_server import serving

STARTED, CHECKED, PAUSED, QUEUED, LOADED = 1, 8, 32, 64, 128


@dataclass
class UTorrentServer:
    base_url: str = ""
    username: str = "admin"
    password: str = "utpass"
    save_path: str = "/downloads"
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    guid: str = field(default_factory=lambda: secrets.token_hex(10))
    torrents: dict[str, list[Any]] = field(default_factory=dict)
    requests: list[list[tuple[str, str]]] = field(default_factory=list)

    def _authorised(self, request: Request) -> bool:
        expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {expected}"

    async def token_page(self, request: Request) -> Response:
        if not self._authorised(request):
            return Response(
                "invalid request", status_code=401, headers={"WWW-Authenticate": 'Basic realm="uTorrent"'}
            )
        page = f"<html><div id='token' style='display:none;'>{self.token}</div></html>"
        response = HTMLResponse(page)
        response.set_cookie("GUID", self.guid)
        return response

    async def gui(self, request: Request) -> Response:
        if not self._authorised(request):
            return Response("invalid request", status_code=401)
        params = list(request.query_params.multi_items())
        if params[:1] != [("token", self.token)] or request.cookies.get("GUID") != self.guid:
            return Response("invalid request", status_code=400)  # uTorrent's answer to a stale token
        self.requests.append(params)
        query = dict(params)
        action, torrent_hash = query.get("action"), query.get("hash", "")
        if action == "getsettings":
            return JSONResponse({"build": 46258, "settings": [["dir_active_download", 2, self.save_path]]})
        if query.get("list") == "1":
            return JSONResponse(
                {"build": 46258, "label": [], "torrents": list(self.torrents.values()), "torrentc": "1"}
            )
        if action == "add-file":
            form = await request.form()
            upload: Any = form["torrent_file"]
            torrent = torf.Torrent.read_stream(await upload.read())
            self._add(str(torrent.infohash).upper(), str(torrent.name), int(torrent.size))
        elif action == "add-url":
            magnet = torf.Magnet.from_string(query["s"])
            self._add(magnet.infohash.upper(), magnet.dn or magnet.infohash, 0)
        elif action == "setprops":
            row = self.torrents[torrent_hash]
            names, values = [v for k, v in params if k == "s"], [v for k, v in params if k == "v"]
            for name, value in zip(names, values, strict=True):
                if name == "label":
                    row[11] = value
        elif action in ("start", "forcestart"):
            self.torrents[torrent_hash][1] = LOADED | CHECKED | STARTED | (QUEUED if action == "start" else 0)
        elif action in ("pause", "stop"):
            self.torrents[torrent_hash][1] = LOADED | CHECKED | (PAUSED | STARTED if action == "pause" else 0)
        elif action in ("remove", "removedata"):
            self.torrents.pop(torrent_hash, None)
        elif action == "queuetop":
            self.torrents[torrent_hash][17] = 1
        return JSONResponse({"build": 46258})

    def _add(self, info_hash: str, name: str, size: int) -> None:
        row: list[Any] = [
            info_hash,
            LOADED | CHECKED,
            name,
            size,
            0,
            0,
            0,
            0,
            0,
            0,
            -1,
            "",
            0,
            0,
            0,
            0,
            0,
            2,
            size,
        ]
        row += ["", "", "Stopped", "", 1764800000, 0, "", self.save_path, 0, 0]
        self.torrents[info_hash] = row

    def finish(self, info_hash: str) -> None:
        """The download completes and keeps seeding: 100 %, nothing left, started and queued."""
        row = self.torrents[info_hash.upper()]
        row[1], row[4], row[5], row[18], row[21] = (
            LOADED | CHECKED | STARTED | QUEUED,
            1000,
            row[3],
            0,
            "Seeding",
        )


@contextmanager
def running_utorrent() -> Iterator[UTorrentServer]:
    server = UTorrentServer()
    app = Starlette(
        routes=[
            Route("/gui/token.html", server.token_page),
            Route("/gui/", server.gui, methods=["GET", "POST"]),
        ]
    )
    with serving(app) as base_url:
        server.base_url = base_url
        yield server
