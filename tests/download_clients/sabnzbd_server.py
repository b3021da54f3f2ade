"""A local server that answers SABnzbd's API as SABnzbd 4.3 does (SABnzbd is not packaged in Debian).

It keeps a queue and a history in memory: ``addfile`` queues an NZB, :meth:`SabnzbdServer.finish`
moves a job to the history as completed or failed, and ``delete`` removes from either.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import free_port, serving

API_KEY = "sabnzbd-api-key"


@dataclass
class SabnzbdServer:
    complete_dir: Path
    port: int = 0
    version: str = "4.3.2"
    queue: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[bytes] = field(default_factory=list)
    # Settings a test changes: Config > Folders' category folder and Config > Switches/Sorting.
    movies_dir: str = "movies"
    misc: dict[str, Any] = field(default_factory=dict)

    def finish(self, nzo_id: str, *, failed: bool = False) -> None:
        slot = next(s for s in self.queue if s["nzo_id"] == nzo_id)
        self.queue.remove(slot)
        storage = self.complete_dir / slot["cat"] / slot["filename"]
        storage.mkdir(parents=True, exist_ok=True)
        self.history.append(
            {
                "nzo_id": nzo_id,
                "name": slot["filename"],
                "nzb_name": f"{slot['filename']}.nzb",
                "category": slot["cat"],
                "bytes": int(float(slot["mb"]) * 1024 * 1024),
                "status": "Failed" if failed else "Completed",
                "fail_message": "Aborted, cannot be completed" if failed else "",
                "storage": str(storage),
                "download_time": 12,
            }
        )

    async def api(self, request: Request) -> Response:
        params = dict(request.query_params)
        if params.get("output") != "json":
            return Response("only json in this fake", status_code=400)
        mode = params.get("mode")
        if mode == "version":
            return JSONResponse({"version": self.version})
        if params.get("apikey") != API_KEY:
            return JSONResponse({"status": False, "error": "API Key Incorrect"})
        if mode == "get_config":
            return JSONResponse(
                {
                    "config": {
                        "misc": {
                            "complete_dir": str(self.complete_dir),
                            "enable_tv_sorting": False,
                            "history_retention_option": "all",
                            **self.misc,
                        },
                        "categories": [
                            {"name": "*", "dir": "", "priority": 0},
                            {"name": "movies", "dir": self.movies_dir, "priority": -100},
                        ],
                    }
                }
            )
        if mode == "addfile":
            form = await request.form()
            upload = form["name"]
            assert not isinstance(upload, str)
            content = await upload.read()
            self.uploads.append(content)
            nzo_id = f"SABnzbd_nzo_{uuid.uuid4().hex[:8]}"
            title = (upload.filename or "release.nzb").removesuffix(".nzb")
            self.queue.append(
                {
                    "nzo_id": nzo_id,
                    "filename": title,
                    "cat": params.get("cat", "*"),
                    "status": "Downloading",
                    "mb": "700.00",
                    "mbleft": "350.00",
                    "percentage": "50",
                    "timeleft": "0:05:10",
                    "priority": "Normal",
                }
            )
            return JSONResponse({"status": True, "nzo_ids": [nzo_id]})
        if mode in ("queue", "history") and params.get("name") == "delete":
            entries = self.queue if mode == "queue" else self.history
            entries[:] = [s for s in entries if s["nzo_id"] != params.get("value")]
            return JSONResponse({"status": True, "nzo_ids": [params.get("value")]})
        if mode == "queue" and params.get("name") == "pause":
            for slot in self.queue:
                if slot["nzo_id"] == params.get("value"):
                    slot["status"] = "Paused"
            return JSONResponse({"status": True, "nzo_ids": [params.get("value")]})
        if mode == "queue":
            return JSONResponse({"queue": {"status": "Downloading", "paused": False, "slots": self.queue}})
        if mode == "history":
            category = params.get("category")
            slots = [s for s in self.history if not category or s["category"] == category]
            return JSONResponse({"history": {"slots": slots, "noofslots": len(slots)}})
        return JSONResponse({"status": False, "error": "not implemented"})


@contextmanager
def running_sabnzbd(complete_dir: Path, host: str = "127.0.0.1") -> Iterator[SabnzbdServer]:
    """``host`` 127.0.0.2 makes a SABnzbd that Radarr's rules count as another machine."""
    server = SabnzbdServer(complete_dir, port=free_port(host))
    app = Starlette(routes=[Route("/sabnzbd/api", server.api, methods=["GET", "POST"])])
    with serving(app, host=host, port=server.port):
        yield server
