"""RSS List: an IMDb-list-style RSS feed from a local server; TV items skipped, IMDb ids from links."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from list_support import run_command
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving
from reelarr.import_lists.rss import parse_feed

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Sci-fi to watch</title>
    <link>https://www.imdb.com/list/ls055592025/</link>
    <description>Movies I still have to see</description>
    <pubDate>Wed, 04 Dec 2024 09:12:44 GMT</pubDate>
    <item>
      <title>The Matrix Reloaded (2003)</title>
      <link>https://www.imdb.com/title/tt0234215/</link>
      <guid>https://www.imdb.com/title/tt0234215/</guid>
      <pubDate>Mon, 02 Dec 2024 20:01:10 GMT</pubDate>
      <description>The Wachowskis' sequel</description>
    </item>
    <item>
      <title>Game of Thrones (TV Series 2011\u20132019)</title>
      <link>https://www.imdb.com/title/tt0944947/</link>
      <guid>https://www.imdb.com/title/tt0944947/</guid>
    </item>
    <item>
      <title>Inception (2010)</title>
      <link>https://www.imdb.com/title/tt1375666/?ref_=rss</link>
      <guid>https://www.imdb.com/title/tt1375666/</guid>
    </item>
  </channel>
</rss>
"""


@pytest.fixture(scope="module")
def feed_url() -> Iterator[str]:
    async def feed(request: Request) -> Response:
        return Response(FEED, media_type="application/rss+xml")

    async def blocked(request: Request) -> Response:
        return Response("<html><body>Access denied</body></html>", media_type="text/html")

    with serving(Starlette(routes=[Route("/list/rss", feed), Route("/blocked", blocked)])) as url:
        yield url


def test_the_feed_is_read_as_radarr_reads_it() -> None:
    movies = parse_feed(FEED)
    assert [(m.title, m.year, m.imdb_id) for m in movies] == [
        ("The Matrix Reloaded", 2003, "tt0234215"),
        ("Inception", 2010, "tt1375666"),
    ]


def test_an_rss_list_adds_its_movies(api: TestClient, feed_url: str, movies_root: Path) -> None:
    body = {
        "name": "RSS",
        "implementation": "RSSImport",
        "enableAuto": True,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [{"name": "link", "value": f"{feed_url}/list/rss"}],
    }
    assert api.post("/api/v3/importlist", json=body).status_code == 201
    run_command(api, "ImportListSync")
    assert {m["tmdbId"] for m in api.get("/api/v3/movie").json()} == {604, 27205}


def test_a_web_page_instead_of_a_feed_is_refused(api: TestClient, feed_url: str, movies_root: Path) -> None:
    body = {
        "name": "RSS",
        "implementation": "RSSImport",
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [{"name": "link", "value": f"{feed_url}/blocked"}],
    }
    response = api.post("/api/v3/importlist", json=body)
    assert response.status_code == 400 and "web page" in response.json()[0]["errorMessage"]
