"""Local indexers for search tests, and steps that build a library through the API.

``indexers`` serves any number of Newznab/Torznab indexers on 127.0.0.1, one per path
(``/{name}/api``). Each has an RSS feed and search results the test sets as
:class:`Item` lists; the answers are Newznab/Torznab XML as real indexers send it, with
publication dates relative to the moment of the request.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response

from reelarr.context import Context
from reelarr.importing import quality_json
from reelarr.models import AlternativeTitle, Movie, MovieFile, MovieVersion, PendingRelease
from reelarr.parser import clean_title, parse_title

GB = 1024**3
API_KEY = "secret-key"
CAPS = """<?xml version="1.0" encoding="UTF-8"?>
<caps>
  <server version="1.0" title="Local" />
  <limits max="100" default="100"/>
  <searching>
    <search available="yes" supportedParams="q"/>
    <movie-search available="yes" supportedParams="q,imdbid,tmdbid"/>
  </searching>
  <categories><category id="2000" name="Movies"><subcat id="2040" name="HD"/></category></categories>
</caps>"""


@dataclass
class Item:
    """One release in a feed."""

    title: str
    size: float = 10  # GB
    age_hours: float = 3
    seeders: int | None = None
    tmdb_id: int | None = None
    guid: str = ""

    def xml(self, base_url: str, torrent: bool) -> str:
        guid = self.guid or f"{base_url}/details/{escape(self.title)}"
        size = int(self.size * GB)
        published = format_datetime(dt.datetime.now(dt.UTC) - dt.timedelta(hours=self.age_hours))
        namespace = "torznab" if torrent else "newznab"
        kind = "application/x-bittorrent" if torrent else "application/x-nzb"
        attrs = [("category", "2040"), ("size", str(size))]
        if self.seeders is not None:
            attrs += [("seeders", str(self.seeders)), ("peers", str(self.seeders + 2))]
        if self.tmdb_id:
            attrs.append(("tmdbid", str(self.tmdb_id)))
        attributes = "".join(f'<{namespace}:attr name="{n}" value="{v}" />' for n, v in attrs)
        link = f"{base_url}/get/{escape(self.title)}"
        return (
            f"<item><title>{escape(self.title)}</title><guid>{guid}</guid>"
            f"<pubDate>{published}</pubDate><size>{size}</size><link>{link}</link>"
            f'<enclosure url="{link}" length="{size}" type="{kind}" />{attributes}</item>'
        )


@dataclass
class LocalIndexer:
    rss: list[Item] = field(default_factory=list)
    results: list[Item] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Indexers:
    base_url: str = ""
    by_name: dict[str, LocalIndexer] = field(default_factory=dict)

    def __getitem__(self, name: str) -> LocalIndexer:
        return self.by_name.setdefault(name, LocalIndexer())

    async def api(self, request: Request) -> Response:
        name = request.path_params["name"]
        indexer = self[name]
        params = dict(request.query_params)
        indexer.requests.append(params)
        if params.get("apikey") != API_KEY:
            return Response('<error code="100" description="Incorrect user credentials"/>', status_code=200)
        if params.get("t") == "caps":
            return Response(CAPS, media_type="application/xml")
        searching = any(params.get(key) for key in ("q", "imdbid", "tmdbid"))
        items = indexer.results if searching else indexer.rss
        torrent = name.startswith("torrent")
        namespace = (
            'xmlns:torznab="http://torznab.com/schemas/2015/feed"'
            if torrent
            else 'xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/"'
        )
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {namespace}><channel>'
            f"<title>{name}</title>"
            + "".join(item.xml(f"{self.base_url}/{name}", torrent) for item in items)
            + "</channel></rss>"
        )
        return Response(body, media_type="application/rss+xml")


# ---------------------------------------------------------------- building the library


def add_indexer(
    client: TestClient, indexers: Indexers, name: str, *, priority: int = 25, **fields: Any
) -> int:
    """A Newznab indexer, or a Torznab one when ``name`` starts with "torrent"."""
    implementation = "Torznab" if name.startswith("torrent") else "Newznab"
    values = {
        "baseUrl": f"{indexers.base_url}/{name}",
        "apiPath": "/api",
        "apiKey": API_KEY,
        "categories": [2000, 2040],
        "minimumRequestInterval": 0,
        **fields,
    }
    body = {
        "name": name,
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": priority,
        "tags": [],
        "fields": [{"name": key, "value": value} for key, value in values.items()],
    }
    indexers[name].rss.append(Item("Some.Other.Film.2015.1080p.BluRay.x264-GRP"))  # answers the save test
    response = client.post("/api/v3/indexer", json=body)
    assert response.status_code == 201, response.text
    indexers[name].rss.clear()
    return int(response.json()["id"])


def profile_id(client: TestClient, name: str) -> int:
    return next(p["id"] for p in client.get("/api/v3/qualityprofile").json() if p["name"] == name)


def add_movie(client: TestClient, root: str, title: str, year: int, tmdb_id: int, **changes: Any) -> int:
    """A released movie, added through the API with its metadata in the body (``root`` becomes a
    root folder first, as a movie's path must lie inside one)."""
    client.post("/api/v3/rootfolder", json={"path": root})
    body = {
        "title": title,
        "year": year,
        "tmdbId": tmdb_id,
        "qualityProfileId": profile_id(client, "HD-1080p"),
        "rootFolderPath": root,
        "monitored": True,
        "minimumAvailability": "released",
        "runtime": 120,
        "status": "released",
        "physicalRelease": f"{year}-06-01T00:00:00Z",
        **changes,
    }
    response = client.post("/api/v3/movie", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def context(client: TestClient) -> Context:
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    return ctx


def call(client: TestClient, fn: Any, *args: Any) -> Any:
    return client.portal.call(fn, *args)  # type: ignore[union-attr]


def add_alternative_title(client: TestClient, movie_id: int, title: str) -> None:
    async def add() -> None:
        async with context(client).db.write() as uow:
            movie = await uow.session.get(Movie, movie_id)
            assert movie is not None
            uow.session.add(
                AlternativeTitle(
                    movie_metadata_id=movie.movie_metadata_id, title=title, clean_title=clean_title(title)
                )
            )

    call(client, add)


def give_file(
    client: TestClient, movie_id: int, scene_name: str, *, days_old: float = 1, version: str | None = None
) -> None:
    """The movie (its version named ``version``, else the default one) gets a file of the
    quality its scene name says."""
    parsed = parse_title(scene_name)
    assert parsed is not None
    which = MovieVersion.is_default if version is None else MovieVersion.name == version

    async def add() -> None:
        ctx = context(client)
        async with ctx.db.write() as uow:
            version = await uow.session.scalar(
                select(MovieVersion).where(MovieVersion.movie_id == movie_id, which)
            )
            assert version is not None
            uow.session.add(
                MovieFile(
                    movie_id=movie_id,
                    version_id=version.id,
                    relative_path=f"{scene_name}.mkv",
                    size=10 * GB,
                    scene_name=scene_name,
                    release_group=parsed.release_group,
                    quality=quality_json(parsed.quality.quality, parsed.quality.revision),
                    date_added=ctx.clock() - dt.timedelta(days=days_old),
                )
            )

    call(client, add)


def pending(client: TestClient) -> list[tuple[int, str, str]]:
    """(movie id, title, reason) of every pending release."""

    async def read() -> list[tuple[int, str, str]]:
        async with context(client).db.read() as session:
            rows = await session.scalars(select(PendingRelease).order_by(PendingRelease.id))
            return [(row.movie_id, row.title, row.reason) for row in rows]

    result: list[tuple[int, str, str]] = call(client, read)
    return result


def run_command(client: TestClient, name: str, **body: Any) -> dict[str, Any]:
    command = client.post("/api/v3/command", json={"name": name, **body}).json()
    deadline = time.monotonic() + 30
    while (state := client.get(f"/api/v3/command/{command['id']}").json())["status"] in ("queued", "started"):
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    assert state["status"] == "completed", state
    return dict(state)
