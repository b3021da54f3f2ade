"""FileList.io: its saved JSON answer parsed (freeleech and internal as indexer flags), and the
API driven through search and RSS by a local server that checks the user name and passkey."""

from __future__ import annotations

from collections.abc import Iterator

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
from reelarr.indexers.filelist import FileList, parse_torrents
from reelarr.providers import Definition

USER, PASSKEY = "cinefil", "3f9a0c1e7b2d4a6f8e0c2b4d6f8a0c1e"


def test_the_saved_answer_gives_releases_with_their_flags() -> None:
    releases = parse_torrents(feed("filelist_torrents.json"), "https://filelist.io", PASSKEY)
    assert [(r.guid, r.indexer_flags) for r in releases] == [
        ("FileList-712044", IndexerFlag.G_Freeleech),
        ("FileList-712398", IndexerFlag.G_Internal),
    ]
    first = releases[0]
    assert first.title == "The.Matrix.1999.1080p.BluRay.x264-AMIABLE"
    assert first.download_url == f"https://filelist.io/download.php?id=712044&passkey={PASSKEY}"
    assert first.info_url == "https://filelist.io/details.php?id=712044"
    assert (first.size, first.seeders, first.peers, first.grabs, first.imdb_id) == (
        9384926720,
        64,
        66,
        1871,
        "tt0133093",
    )
    assert (first.download_volume_factor, releases[1].upload_volume_factor) == (0.0, 2.0)


@pytest.fixture
def filelist_site() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []

    async def api(request: Request) -> Response:
        params = dict(request.query_params)
        seen.append(params)
        if (params.get("username"), params.get("passkey")) != (USER, PASSKEY):
            return JSONResponse({"error": "Invalid passkey or username"}, status_code=403)
        if params.get("action") == "search-torrents" and params.get("query") == "Nothing 2001":
            return JSONResponse([])
        return Response(feed("filelist_torrents.json"), media_type="application/json")

    with serving(Starlette(routes=[Route("/api.php", api)])) as base_url:
        yield base_url, seen


def _indexer(base_url: str, passkey: str = PASSKEY) -> FileList:
    settings = {"baseUrl": base_url, "username": USER, "passkey": passkey, "minimumRequestInterval": 0}
    return FileList(Definition(3, "FL", "FileList", settings, {}, True, 25, ()))


async def test_search_by_imdb_id_then_by_title_and_year(
    filelist_site: tuple[str, list[dict[str, str]]], http: HttpClient
) -> None:
    base_url, seen = filelist_site
    indexer = _indexer(base_url)
    releases = await indexer.search(http, SearchCriteria("The Matrix", 1999, imdb_id="tt0133093"))
    assert [r.indexer for r in releases] == ["FL", "FL"]
    assert seen[-1] == {
        "action": "search-torrents",
        "category": "4,1,6",
        "username": USER,
        "passkey": PASSKEY,
        "type": "imdb",
        "query": "tt0133093",
    }
    assert await indexer.search(http, SearchCriteria("Nothing", 2001)) == []
    assert (seen[-1]["type"], seen[-1]["query"]) == ("name", "Nothing 2001")


async def test_rss_asks_for_the_latest_torrents(
    filelist_site: tuple[str, list[dict[str, str]]], http: HttpClient
) -> None:
    base_url, seen = filelist_site
    assert len(await _indexer(base_url).fetch_rss(http)) == 2
    assert seen[-1]["action"] == "latest-torrents"
    with pytest.raises(IndexerError, match="403"):
        await _indexer(base_url, passkey="wrong").fetch_rss(http)


def test_an_error_object_is_reported() -> None:
    with pytest.raises(IndexerError, match="Invalid passkey"):
        parse_torrents('{"error": "Invalid passkey"}', "https://filelist.io", "x")


def test_saving_tests_the_passkey(
    client: TestClient, filelist_site: tuple[str, list[dict[str, str]]]
) -> None:
    def resource(passkey: str) -> dict[str, object]:
        return {
            "name": "FileList",
            "implementation": "FileList",
            "configContract": "FileListSettings",
            "enableRss": True,
            "enableAutomaticSearch": True,
            "enableInteractiveSearch": True,
            "protocol": "torrent",
            "priority": 25,
            "tags": [],
            "fields": [
                {"name": "baseUrl", "value": filelist_site[0]},
                {"name": "username", "value": USER},
                {"name": "passkey", "value": passkey},
            ],
        }

    refused = client.post("/api/v3/indexer", json=resource("wrong"))
    assert refused.status_code == 400
    assert "403" in refused.json()[0]["errorMessage"]
    saved = client.post("/api/v3/indexer", json=resource(PASSKEY))
    assert saved.status_code == 201, saved.text
    fields = {f["name"]: f["value"] for f in saved.json()["fields"]}
    assert (fields["passkey"], fields["categories"]) == ("********", [4, 1, 6])
