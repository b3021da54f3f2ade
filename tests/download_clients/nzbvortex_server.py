"""A local NZBVortex API over HTTPS: nonce/login handshake, session ids, groups and a queue."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving

DOWNLOADING, DONE, UNCOMPRESS_FAILED = 1, 20, 21


@dataclass
class NzbVortexServer:
    base_url: str = ""
    ca: trustme.CA = field(default_factory=trustme.CA)
    api_key: str = "0f5bd7fa2a8a4e6cbbd8d6e1c1c0e2a4"
    api_level: str = "2.4"
    destination: str = "/Users/me/Downloads/NZBVortex"
    groups: list[str] = field(default_factory=lambda: ["Movies", "TV"])
    nonces: set[str] = field(default_factory=set)
    sessions: set[str] = field(default_factory=set)
    nzbs: list[dict[str, Any]] = field(default_factory=list)
    files: dict[int, list[str]] = field(default_factory=dict)
    uploads: list[tuple[str, bytes, dict[str, str]]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    logins: int = 0

    async def api(self, request: Request) -> Response:
        path, query = request.url.path.removeprefix("/api/"), dict(request.query_params)
        if path == "app/appversion":
            return JSONResponse({"result": "ok", "version": "3.4.4", "versionString": "3.4.4 (build 3014)"})
        if path == "app/apilevel":
            return JSONResponse({"result": "ok", "apilevel": self.api_level})
        if path == "auth/nonce":
            nonce = secrets.token_urlsafe(12)
            self.nonces.add(nonce)
            return JSONResponse({"authNonce": nonce})
        if path == "auth/login":
            nonce, cnonce = query.get("nonce", ""), query.get("cnonce", "")
            expected = hashlib.sha256(f"{nonce}:{cnonce}:{self.api_key}".encode()).digest()
            if nonce not in self.nonces or query.get("hash") != base64.b64encode(expected).decode():
                return JSONResponse({"result": "ok", "loginResult": "failed"})
            self.nonces.discard(nonce)
            self.logins += 1
            session = secrets.token_hex(8)
            self.sessions.add(session)
            return JSONResponse({"result": "ok", "loginResult": "successful", "sessionID": session})
        if query.get("sessionid") not in self.sessions:
            return JSONResponse({"result": "not_logged_in"})
        self.calls.append(path)
        if path == "group":
            return JSONResponse({"result": "ok", "groups": [{"groupname": g} for g in self.groups]})
        if path == "nzb":
            group = query.get("groupName")
            nzbs = [n for n in self.nzbs if group is None or n["groupName"] == group]
            return JSONResponse({"result": "ok", "nzbs": nzbs})
        if path == "nzb/add":
            form = await request.form()
            upload = form["name"]
            assert not isinstance(upload, str)
            self.uploads.append((str(upload.filename), await upload.read(), query))
            nzb_id, title = len(self.nzbs) + 1, str(upload.filename).removesuffix(".nzb")
            self.nzbs.append(
                {
                    "id": nzb_id,
                    "uiTitle": title,
                    "destinationPath": f"{self.destination}/{title}",
                    "nzbFilename": upload.filename,
                    "isPaused": False,
                    "state": 0,
                    "statusText": "",
                    "transferedSpeed": 0,
                    "progress": 0.0,
                    "downloadedSize": 0,
                    "totalDownloadSize": 2_000_000,
                    "postDate": 1764800000,
                    "totalArticleCount": 2800,
                    "failedArticleCount": 0,
                    "groupUUID": "9a7d1d5e-1f0c-4f0e-8e2b-6f8d0c3b2a11",
                    "addUUID": f"{nzb_id:08d}-5b1e-4c55-9d6a-0c8f0e6f2b7d",
                    "groupName": query.get("groupname", ""),
                }
            )
            return JSONResponse({"result": "ok", "add_uuid": self.nzbs[-1]["addUUID"]})
        if path.startswith("file/"):
            names = self.files.get(int(path.split("/")[1]), [])
            return JSONResponse(
                {
                    "result": "ok",
                    "files": [{"id": i, "fileName": n, "state": DONE} for i, n in enumerate(names)],
                }
            )
        if path.startswith("nzb/") and path.endswith(("/cancel", "/cancelDelete")):
            nzb_id = int(path.split("/")[1])
            self.nzbs = [n for n in self.nzbs if n["id"] != nzb_id]
            return JSONResponse({"result": "ok"})
        return JSONResponse({"result": "unknown_command"})

    def nzb(self, add_uuid: str) -> dict[str, Any]:
        return next(n for n in self.nzbs if n["addUUID"] == add_uuid)


@contextmanager
def running_nzbvortex(folder: Path) -> Iterator[NzbVortexServer]:
    server = NzbVortexServer()
    cert = server.ca.issue_cert("127.0.0.1")
    cert.private_key_and_cert_chain_pem.write_to_path(str(folder / "nzbvortex.pem"))
    app = Starlette(routes=[Route("/api/{path:path}", server.api, methods=["GET", "POST"])])
    with serving(app, ssl_certfile=str(folder / "nzbvortex.pem")) as base_url:
        server.base_url = base_url
        yield server
