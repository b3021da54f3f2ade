"""TorrentPotato: its saved JSON answer parsed (sizes in megabytes, magnet hashes as guids), and
search and RSS driven against a local server checking the passkey, two seconds apart as in Radarr."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient
from indexer_support import feed
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving
from reelarr.http import HttpClient
from reelarr.indexers.base import IndexerError, IndexerFlag, SearchCriteria
from reelarr.indexers.torrentpotato import TorrentPotato, parse_results
from reelarr.providers import Definition

USER, PASSKEY = "popcornfan", "5e8d0f1b2a3c"


def test_the_saved_answer_gives_releases_in_bytes_with_magnet_hashes() -> None:
    releases = parse_results(feed("torrentpotato_results.json"))
    assert [(r.guid, r.size, r.seeders, r.peers) for r in releases] == [
        ("potato-https://tracker.example/download.php?id=4713241&passkey=5e8d0f1b2a3c", 8950 * 10**6, 42, 43),
        ("potato-9F2B3C4D5E6F708192A3B4C5D6E7F80912A3B4C5", 4480 * 10**6, 7, 7),
    ]
    assert releases[0].indexer_flags == IndexerFlag.G_Freeleech
    assert releases[0].info_url == "https://tracker.example/details.php?id=4713241"
    assert releases[0].publish_date and releases[0].publish_date.isoformat() == "2023-04-02T18:22:10+00:00"
    assert (releases[1].info_hash, releases[1].magnet_url is not None) == (
        "9f2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5",
        True,
    )


def test_an_answer_without_results_is_an_error() -> None:
    with pytest.raises(IndexerError, match="no results list"):
        parse_results('{"error": "bad passkey"}')


@pytest.fixture
def potato_site() -> Iterator[tuple[str, list[tuple[float, dict[str, str]]]]]:
    seen: list[tuple[float, dict[str, str]]] = []

    async def api(request: Request) -> Response:
        params = dict(request.query_params)
        seen.append((time.monotonic(), params))
        if params.get("passkey") != PASSKEY:
            return JSONResponse({"error": "Invalid passkey"})
        return Response(feed("torrentpotato_results.json"), media_type="application/json")

    with serving(Starlette(routes=[Route("/potato/api", api)])) as base_url:
        yield f"{base_url}/potato/api", seen


def _indexer(url: str) -> TorrentPotato:
    settings = {"baseUrl": url, "user": USER, "passkey": PASSKEY, "minimumRequestInterval": 0}
    return TorrentPotato(Definition(9, "Potato", "TorrentPotato", settings, {}, True, 25, ()))


async def test_rss_and_search_two_seconds_apart(
    potato_site: tuple[str, list[tuple[float, dict[str, str]]]], http: HttpClient
) -> None:
    url, seen = potato_site
    indexer = _indexer(url)
    assert len(await indexer.fetch_rss(http)) == 2
    releases = await indexer.search(http, SearchCriteria("The Matrix", 1999, imdb_id="tt0133093"))
    assert [r.indexer for r in releases] == ["Potato", "Potato"]
    await indexer.search(http, SearchCriteria("The Matrix", 1999))
    assert [params for _, params in seen] == [
        {"passkey": PASSKEY, "user": USER, "search": "-"},
        {"passkey": PASSKEY, "user": USER, "imdbid": "tt0133093"},
        {"passkey": PASSKEY, "user": USER, "search": "The Matrix 1999"},
    ]
    gaps = [later - earlier for (earlier, _), (later, _) in pairwise(seen)]
    assert min(gaps) >= 1.9


def test_saving_tests_the_passkey(
    client: TestClient, potato_site: tuple[str, list[tuple[float, dict[str, str]]]]
) -> None:
    def resource(passkey: str) -> dict[str, object]:
        return {
            "name": "Potato",
            "implementation": "TorrentPotato",
            "configContract": "TorrentPotatoSettings",
            "enableRss": True,
            "enableAutomaticSearch": True,
            "enableInteractiveSearch": True,
            "protocol": "torrent",
            "priority": 25,
            "tags": [],
            "fields": [
                {"name": "baseUrl", "value": potato_site[0]},
                {"name": "user", "value": USER},
                {"name": "passkey", "value": passkey},
            ],
        }

    refused = client.post("/api/v3/indexer", json=resource("wrong"))
    assert refused.status_code == 400
    assert "no results list" in refused.json()[0]["errorMessage"]
    saved = client.post("/api/v3/indexer", json=resource(PASSKEY))
    assert saved.status_code == 201, saved.text
    assert {f["name"]: f["value"] for f in saved.json()["fields"]}["passkey"] == "********"
