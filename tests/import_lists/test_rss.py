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
from reelarr.import_lists import ListFailed
from reelarr.import_lists.plex_rss import parse_plex_feed
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

    async def plex_feed(request: Request) -> Response:
        return Response(PLEX_FEED, media_type="application/xml")

    routes = [Route("/list/rss", feed), Route("/plex/rss", plex_feed), Route("/blocked", blocked)]
    with serving(Starlette(routes=routes)) as url:
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


PLEX_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Watchlist</title>
    <link>https://watchlist.plex.tv/</link>
    <item>
      <title>The Matrix Revolutions</title>
      <pubDate>Tue, 03 Dec 2024 18:22:10 +0000</pubDate>
      <guid isPermaLink="false">imdb://tt0242653</guid>
      <category>movie</category>
      <description>The human city of Zion defends itself</description>
    </item>
    <item>
      <title>Severance</title>
      <guid isPermaLink="false">tvdb://371980</guid>
      <category>show</category>
    </item>
    <item>
      <title>Inception</title>
      <guid isPermaLink="false">tmdb://27205</guid>
      <category>movie</category>
    </item>
  </channel>
</rss>
"""


def test_a_plex_watchlist_feed_is_read_by_its_guids() -> None:
    movies = parse_plex_feed(PLEX_FEED)
    assert [(m.tmdb_id, m.imdb_id, m.title) for m in movies] == [
        (0, "tt0242653", "The Matrix Revolutions"),
        (27205, None, "Inception"),
    ]
    broken = PLEX_FEED.replace("tmdb://27205", "plex://movie/5d7768")
    with pytest.raises(ListFailed, match="guid element"):
        parse_plex_feed(broken)


def test_a_plex_watchlist_rss_adds_its_movies(api: TestClient, feed_url: str, movies_root: Path) -> None:
    body = {
        "name": "Plex RSS",
        "implementation": "PlexRssImport",
        "enableAuto": True,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [{"name": "url", "value": f"{feed_url}/plex/rss"}],
    }
    assert api.post("/api/v3/importlist", json=body).status_code == 201
    run_command(api, "ImportListSync")
    assert {m["tmdbId"] for m in api.get("/api/v3/movie").json()} == {605, 27205}
