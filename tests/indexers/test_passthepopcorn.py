"""PassThePopcorn: its saved JSON answer parsed (golden/checked/scene/freeleech as indexer flags),
and search and RSS driven against a local server that checks the ApiUser/ApiKey headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from indexer_support import feed
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving
from reelarr.http import HttpClient
from reelarr.indexers.base import IndexerError, IndexerFlag, SearchCriteria
from reelarr.indexers.passthepopcorn import PassThePopcorn, parse_movies
from reelarr.providers import Definition

USER, KEY = "moviebuff", "Yx8kP2qRt7"


def test_the_saved_answer_gives_each_torrent_with_its_flags() -> None:
    releases = parse_movies(feed("ptp_movies.json"), "https://passthepopcorn.me")
    assert [(r.title, r.indexer_flags) for r in releases] == [
        ("The.Matrix.1999.1080p.BluRay.DTS.x264-CtrlHD", IndexerFlag.PTP_Golden | IndexerFlag.PTP_Approved),
        (
            "The.Matrix.1999.COMPLETE.UHD.BLURAY-COASTER",
            IndexerFlag.PTP_Approved | IndexerFlag.G_Scene | IndexerFlag.G_Freeleech,
        ),
        ("The.Matrix.1999.DVDRip.XviD-AMIABLE", IndexerFlag(0)),
    ]
    first = releases[0]
    assert first.guid == "PassThePopcorn-241981"
    assert first.download_url == (
        "https://passthepopcorn.me/torrents.php?action=download&id=241981"
        "&authkey=99e5f9e9f1a4a1b2c3d4e5f6a7b8c9d0&torrent_pass=f0e1d2c3b4a5968778695a4b3c2d1e0f"
    )
    assert first.info_url == "https://passthepopcorn.me/torrents.php?id=1641&torrentid=241981"
    assert (first.size, first.seeders, first.peers, first.grabs) == (13958643712, 187, 188, 2211)
    assert (first.imdb_id, first.publish_date and first.publish_date.isoformat()) == (
        "tt0133093",
        "2010-01-01T00:00:00+00:00",
    )
    assert releases[1].download_volume_factor == 0.0


def test_no_results_is_an_empty_list() -> None:
    assert parse_movies('{"TotalResults": "0", "Movies": []}', "https://passthepopcorn.me") == []


@pytest.fixture
def ptp_site() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []

    async def torrents(request: Request) -> Response:
        seen.append(dict(request.query_params))
        if (request.headers.get("ApiUser"), request.headers.get("ApiKey")) != (USER, KEY):
            # PTP sends a signed-out visitor to its login page.
            return Response("<html><body>Login</body></html>", media_type="text/html")
        if request.query_params.get("searchstr") == "tt9999999":
            return Response('{"TotalResults": "0", "Movies": []}', media_type="application/json")
        return Response(feed("ptp_movies.json"), media_type="application/json")

    with serving(Starlette(routes=[Route("/torrents.php", torrents)])) as base_url:
        yield base_url, seen


def _indexer(base_url: str, key: str = KEY) -> PassThePopcorn:
    settings = {"baseUrl": base_url, "aPIUser": USER, "aPIKey": key, "minimumRequestInterval": 0}
    return PassThePopcorn(Definition(7, "PTP", "PassThePopcorn", settings, {}, True, 10, ()))


async def test_search_by_imdb_id_and_by_title_and_year(
    ptp_site: tuple[str, list[dict[str, str]]], http: HttpClient
) -> None:
    base_url, seen = ptp_site
    indexer = _indexer(base_url)
    releases = await indexer.search(http, SearchCriteria("The Matrix", 1999, imdb_id="tt0133093"))
    assert [(r.indexer, r.indexer_priority) for r in releases] == [("PTP", 10)] * 3
    assert seen[-1] == {"action": "advanced", "json": "noredirect", "searchstr": "tt0133093"}
    await indexer.search(http, SearchCriteria("The Matrix", 1999))
    assert seen[-1]["searchstr"] == "The Matrix" and seen[-1]["year"] == "1999"
    assert await indexer.search(http, SearchCriteria("Unknown", 2001, imdb_id="tt9999999")) == []


async def test_rss_is_the_unfiltered_query(
    ptp_site: tuple[str, list[dict[str, str]]], http: HttpClient
) -> None:
    base_url, seen = ptp_site
    releases = await _indexer(base_url).fetch_rss(http)
    assert len(releases) == 3
    assert seen == [{"action": "advanced", "json": "noredirect", "searchstr": ""}]


async def test_a_wrong_key_is_reported(ptp_site: tuple[str, list[dict[str, str]]], http: HttpClient) -> None:
    with pytest.raises(IndexerError, match="instead of JSON: check the API user and key"):
        await _indexer(ptp_site[0], key="wrong").fetch_rss(http)


def test_saving_tests_the_credentials(client: TestClient, ptp_site: tuple[str, list[dict[str, str]]]) -> None:
    def resource(key: str) -> dict[str, object]:
        return {
            "name": "PTP",
            "implementation": "PassThePopcorn",
            "configContract": "PassThePopcornSettings",
            "enableRss": True,
            "enableAutomaticSearch": True,
            "enableInteractiveSearch": True,
            "protocol": "torrent",
            "priority": 25,
            "tags": [],
            "fields": [
                {"name": "baseUrl", "value": ptp_site[0]},
                {"name": "aPIUser", "value": USER},
                {"name": "aPIKey", "value": key},
            ],
        }

    refused = client.post("/api/v3/indexer", json=resource("wrong"))
    assert refused.status_code == 400
    assert "check the API user and key" in refused.json()[0]["errorMessage"]
    saved = client.post("/api/v3/indexer", json=resource(KEY))
    assert saved.status_code == 201, saved.text
    fields = {f["name"]: f["value"] for f in saved.json()["fields"]}
    assert (fields["aPIUser"], fields["aPIKey"]) == (USER, "********")
    assert (saved.json()["supportsSearch"], saved.json()["supportsRss"]) == (True, True)
