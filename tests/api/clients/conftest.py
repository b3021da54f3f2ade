"""Fixtures of the client tests: a local stand-in for the internet, and a queue with real items.

Each test module here makes one client's calls exactly as that client makes them (path spelling,
authentication, query parameters, bodies) and checks the fields it reads; its docstring maps
the rows of ``shared/reference/clients.md`` to the tests.

The queue comes from a Usenet blackhole on real folders: a release pushed with an info URL is
grabbed (its .nzb fetched from a local server), its download is still being written in the
watch folder, and beside it lies a finished download Reelarr never grabbed and cannot match
to a movie (what Unpackerr's ``includeUnknownMovieItems=true`` is for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from client_setup import GRABBED_TITLE, UNKNOWN_TITLE, Queue, add_movie, hook_received, nzb, settled
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.routing import Route

from local_server import serving
from reelarr import downloads
from reelarr.context import Context


@pytest.fixture
def stand_in() -> Iterator[str]:
    """Serves an .nzb for any title, as an indexer's download link does, and takes webhooks."""
    routes = [Route("/get/{title}", nzb), Route("/hook", hook_received, methods=["POST", "PUT"])]
    with serving(Starlette(routes=routes)) as url:
        yield url


@pytest.fixture
def queue(library_api: TestClient, movies_root: Path, tmp_path: Path, stand_in: str) -> Queue:
    """One download Reelarr grabbed (still downloading) and one finished download it never grabbed."""
    api = library_api
    nzb_folder, watch = tmp_path / "blackhole" / "nzb", tmp_path / "blackhole" / "watch"
    nzb_folder.mkdir(parents=True)
    watch.mkdir()
    schemas = api.get("/api/v3/downloadclient/schema").json()
    [schema] = [s for s in schemas if s["implementation"] == "UsenetBlackhole"]
    folders = {"nzbFolder": str(nzb_folder), "watchFolder": str(watch)}
    for field in schema["fields"]:
        field["value"] = folders.get(field["name"], field.get("value"))
    created = api.post("/api/v3/downloadclient", json={**schema, "name": "Blackhole", "enable": True})
    assert created.status_code == 201, created.text

    movie = add_movie(api, movies_root, "The Matrix", 1999, 603)
    info_url = f"{stand_in}/details/{GRABBED_TITLE}"
    pushed = api.post(
        "/api/v3/release/push",
        json={
            "title": GRABBED_TITLE,
            "downloadUrl": f"{stand_in}/get/{GRABBED_TITLE}",
            "infoUrl": info_url,
            "protocol": "usenet",
            "publishDate": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
            "size": 8_000_000_000,
        },
    )
    assert pushed.status_code == 200, pushed.text
    assert (nzb_folder / f"{GRABBED_TITLE}.nzb").exists(), pushed.json()

    (watch / GRABBED_TITLE).mkdir()
    (watch / GRABBED_TITLE / f"{GRABBED_TITLE}.mkv").write_bytes(b"\0" * 4000)
    (watch / UNKNOWN_TITLE).mkdir()
    (watch / UNKNOWN_TITLE / f"{UNKNOWN_TITLE}.mkv").write_bytes(b"\0" * 1000)
    settled(watch / UNKNOWN_TITLE)
    ctx: Context = api.app.state.ctx  # type: ignore[attr-defined]
    api.portal.call(downloads.refresh, ctx)  # type: ignore[union-attr]
    return Queue(movie=movie, watch=watch, info_url=info_url)
