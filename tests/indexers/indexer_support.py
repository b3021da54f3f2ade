"""A local indexer: Newznab/Torznab, HDBits and a torrent RSS feed on 127.0.0.1, serving saved feeds.

``IndexerServer.mode`` switches what it answers: ``ok`` or ``401``, ``429``, ``500``,
``slow``, ``garbage``, ``html``; every request is recorded for the test to inspect.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving

FEEDS = Path(__file__).parent / "feeds"


def feed(name: str) -> str:
    return (FEEDS / name).read_text()


@dataclass
class IndexerServer:
    base_url: str = ""
    mode: str = "ok"
    retry_after: int = 1
    rss_feed: str = "torznab_jackett.xml"
    caps: str = "caps_full.xml"
    requests: list[dict[str, str]] = field(default_factory=list)

    def _failure(self) -> Response | None:
        if self.mode == "401":
            return Response("Unauthorized", status_code=401)
        too_many = Response(
            "Too many requests", status_code=429, headers={"Retry-After": str(self.retry_after)}
        )
        if self.mode == "429":
            return too_many
        if self.mode == "429-once":
            self.mode = "ok"
            return too_many
        if self.mode == "500":
            return Response("Internal Server Error", status_code=500)
        if self.mode == "garbage":
            return Response(b"\x00\x01this is not xml{", media_type="application/octet-stream")
        if self.mode == "html":
            return Response(feed("html_error_page.html"), media_type="text/html")
        return None

    async def newznab(self, request: Request) -> Response:
        params = dict(request.query_params)
        self.requests.append({"path": request.url.path, **params})
        if self.mode == "slow":
            await asyncio.sleep(3)
        failure = self._failure()
        if failure is not None:
            return failure
        if params.get("apikey") != "secret-key":
            return Response(feed("newznab_error_apikey.xml"), media_type="application/xml")
        if params.get("t") == "caps":
            return Response(feed(self.caps), media_type="application/xml")
        if params.get("imdbid") or params.get("tmdbid") or params.get("q"):
            return Response(feed("newznab_nzedb.xml"), media_type="application/rss+xml")
        return Response(feed(self.rss_feed), media_type="application/rss+xml")

    async def hdbits(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append({"path": request.url.path, **{k: str(v) for k, v in body.items()}})
        failure = self._failure()
        if failure is not None:
            return failure
        if body.get("passkey") != "secret-key":
            return JSONResponse({"status": 5, "message": "Invalid passkey"})
        return Response(feed("hdbits_torrents.json"), media_type="application/json")

    async def torrent_rss(self, request: Request) -> Response:
        self.requests.append({"path": request.url.path})
        failure = self._failure()
        return failure or Response(feed("torrent_rss_ezrss.xml"), media_type="application/rss+xml")


@pytest.fixture
def indexer_server() -> Iterator[IndexerServer]:
    state = IndexerServer()
    app = Starlette(
        routes=[
            Route("/api", state.newznab),
            Route("/5/api", state.newznab),  # the form Prowlarr pushes: {prowlarr}/{id}/api
            Route("/api/torrents", state.hdbits, methods=["POST"]),
            Route("/rss/movies", state.torrent_rss),
        ]
    )
    with serving(app) as url:
        state.base_url = url
        yield state
