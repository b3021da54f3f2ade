"""Nyaa: its saved RSS parsed (nyaa:seeders, leechers, infoHash and the human size), and the site
driven through RSS and a paged title search by a local server that serves Nyaa's feed."""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

import pytest
from fastapi.testclient import TestClient
from indexer_support import feed
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving
from reelarr.http import HttpClient
from reelarr.indexers.base import SearchCriteria
from reelarr.indexers.nyaa import PAGE_SIZE, Nyaa, parse_nyaa_feed
from reelarr.providers import Definition


def test_the_saved_feed_gives_sizes_peers_and_hashes() -> None:
    releases = parse_nyaa_feed(feed("nyaa_rss.xml"))
    assert [(r.size, r.seeders, r.peers, r.grabs) for r in releases] == [
        (int(18.4 * 2**30), 214, 223, 5120),
        (int(6.7 * 2**30), 57, 59, 1398),
        (int(812.3 * 2**20), 0, 0, 812),
    ]
    akira = releases[0]
    assert akira.title.startswith("[Judas] Akira (1988)")
    assert (akira.download_url, akira.info_url) == (
        "https://nyaa.si/download/1745210.torrent",
        "https://nyaa.si/view/1745210",
    )
    assert akira.info_hash == "4c1a7e6f0b9d2a3e5f708192a3b4c5d6e7f80912"


def _page(count: int, first_id: int) -> str:
    items = "".join(
        f"<item><title>{escape(f'[Group] Akira (1988) part {n}')}</title>"
        f"<link>https://nyaa.si/download/{n}.torrent</link>"
        f'<guid isPermaLink="true">https://nyaa.si/view/{n}</guid>'
        f"<nyaa:seeders>3</nyaa:seeders><nyaa:leechers>1</nyaa:leechers><nyaa:size>1.0 GiB</nyaa:size></item>"
        for n in range(first_id, first_id + count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss xmlns:nyaa="https://nyaa.si/xmlns/nyaa" version="2.0">'
        f"<channel><title>Nyaa - search</title>{items}</channel></rss>"
    )


@pytest.fixture
def nyaa_site() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []

    async def home(request: Request) -> Response:
        params = dict(request.query_params)
        seen.append(params)
        if params.get("page") != "rss":
            return Response("<html><body>Nyaa</body></html>", media_type="text/html")
        if "term" not in params:
            return Response(feed("nyaa_rss.xml"), media_type="application/rss+xml")
        # A search fills one page and spills three items onto the second.
        body = _page(PAGE_SIZE, 1) if "offset" not in params else _page(3, 1000)
        return Response(body, media_type="application/rss+xml")

    with serving(Starlette(routes=[Route("/", home)])) as base_url:
        yield base_url, seen


def _indexer(base_url: str) -> Nyaa:
    settings = {"baseUrl": base_url, "minimumRequestInterval": 0}
    return Nyaa(Definition(5, "Nyaa", "Nyaa", settings, {}, True, 25, ()))


async def test_rss_is_one_page_with_the_additional_parameters(
    nyaa_site: tuple[str, list[dict[str, str]]], http: HttpClient
) -> None:
    base_url, seen = nyaa_site
    releases = await _indexer(base_url).fetch_rss(http)
    assert [r.indexer for r in releases] == ["Nyaa"] * 3
    assert seen == [{"page": "rss", "cats": "1_0", "filter": "1"}]


async def test_search_by_title_and_year_follows_full_pages(
    nyaa_site: tuple[str, list[dict[str, str]]], http: HttpClient
) -> None:
    base_url, seen = nyaa_site
    releases = await _indexer(base_url).search(http, SearchCriteria("Akira", 1988, imdb_id="tt0094625"))
    assert len(releases) == PAGE_SIZE + 3
    assert [(p["term"], p.get("offset")) for p in seen] == [("Akira 1988", None), ("Akira 1988", "2")]


def test_saving_fetches_the_feed(client: TestClient, nyaa_site: tuple[str, list[dict[str, str]]]) -> None:
    resource = {
        "name": "Nyaa",
        "implementation": "Nyaa",
        "configContract": "NyaaSettings",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "protocol": "torrent",
        "priority": 25,
        "tags": [],
        "fields": [{"name": "baseUrl", "value": nyaa_site[0]}],
    }
    saved = client.post("/api/v3/indexer", json=resource)
    assert saved.status_code == 201, saved.text
    assert {f["name"]: f["value"] for f in saved.json()["fields"]}[
        "additionalParameters"
    ] == "&cats=1_0&filter=1"
    wrong = client.post(
        "/api/v3/indexer", json={**resource, "fields": [{"name": "baseUrl", "value": f"{nyaa_site[0]}/x"}]}
    )
    assert wrong.status_code == 400
