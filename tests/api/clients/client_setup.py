"""Calls and data the client tests share (the fixtures that use them are in conftest.py)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from starlette.requests import Request
from starlette.responses import Response

GRABBED_TITLE = "The.Matrix.1999.1080p.BluRay.x264-GRP"
UNKNOWN_TITLE = "Family.Holiday.Footage.2021.1080p.WEB-DL.x264-HOME"


def nzb(request: Request) -> Response:
    title = request.path_params["title"]
    return Response(
        '<?xml version="1.0"?><nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">'
        f'<file poster="p" date="1" subject="{title} yEnc (1/1)"><groups><group>a.b</group></groups>'
        '<segments><segment bytes="100" number="1">part1@example</segment></segments></file></nzb>',
        media_type="application/x-nzb",
    )


def hook_received(request: Request) -> Response:
    return Response("{}", media_type="application/json")


def wait_for_command(client: TestClient, command_id: int, **params: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while (state := client.get(f"/api/v3/command/{command_id}", params=params).json())["status"] in (
        "queued",
        "started",
    ):
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    assert state["status"] == "completed", state
    return dict(state)


def add_movie(client: TestClient, root: Path, title: str, year: int, tmdb_id: int) -> dict[str, Any]:
    body = {
        "title": title,
        "year": year,
        "tmdbId": tmdb_id,
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "monitored": True,
        "addOptions": {"searchForMovie": False},
    }
    response = client.post("/api/v3/movie", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def unreadable_video(path: Path) -> None:
    """A sparse file ffprobe cannot read, big enough not to count as a sample."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as video:
        video.write(b"\x1a\x45\xdf\xa3")
        video.truncate(2 * 1024**3)


@dataclass
class Queue:
    movie: dict[str, Any]
    watch: Path
    info_url: str


def settled(entry: Path) -> None:
    """Backdates a watch-folder entry so the blackhole reports it finished."""
    past = time.time() - 3600
    for root, _dirs, files in os.walk(entry):
        for name in files:
            os.utime(Path(root, name), (past, past))
    os.utime(entry, (past, past))


def query_key_only(client: TestClient) -> str:
    """Takes the key out of the client's headers: Overseerr and Bazarr send it as ``?apikey=``."""
    key = str(client.headers.pop("x-api-key"))
    assert client.get("/api/v3/system/status").status_code == 401, "the header is gone"
    return key
