"""Indexer flags from a real indexer answer feed Radarr's rules: a PassThePopcorn indexer (a local
server answering with the saved ``ptp_movies.json``) that requires Golden Popcorn rejects the
other releases, and an Indexer Flag custom format matches the golden one in interactive search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from search_steps import add_movie
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving
from reelarr.indexers.base import IndexerFlag

FEED = Path(__file__).parent.parent / "indexers" / "feeds" / "ptp_movies.json"
USER, KEY = "moviebuff", "Yx8kP2qRt7"


@pytest.fixture
def ptp_site() -> Iterator[str]:
    async def torrents(request: Request) -> Response:
        if (request.headers.get("ApiUser"), request.headers.get("ApiKey")) != (USER, KEY):
            return Response("<html><body>Login</body></html>", media_type="text/html")
        return Response(FEED.read_text(), media_type="application/json")

    with serving(Starlette(routes=[Route("/torrents.php", torrents)])) as base_url:
        yield base_url


def _add_ptp(client: TestClient, base_url: str, required: list[int]) -> None:
    values = {
        "baseUrl": base_url,
        "aPIUser": USER,
        "aPIKey": KEY,
        "minimumRequestInterval": 0,
        "requiredFlags": required,
    }
    body = {
        "name": "PTP",
        "implementation": "PassThePopcorn",
        "configContract": "PassThePopcornSettings",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "tags": [],
        "fields": [{"name": name, "value": value} for name, value in values.items()],
    }
    response = client.post("/api/v3/indexer", json=body)
    assert response.status_code == 201, response.text


def _golden_format(client: TestClient) -> None:
    spec = {
        "name": "Golden Popcorn",
        "implementation": "IndexerFlagSpecification",
        "negate": False,
        "required": True,
        "fields": [{"name": "value", "value": int(IndexerFlag.PTP_Golden)}],
    }
    response = client.post("/api/v3/customformat", json={"name": "Golden", "specifications": [spec]})
    assert response.status_code == 201, response.text


def _search(client: TestClient, movie_id: int) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v3/release", params={"movieId": movie_id})
    assert response.status_code == 200, response.text
    return {release["title"]: release for release in response.json()}


GOLDEN = "The.Matrix.1999.1080p.BluRay.DTS.x264-CtrlHD"
SCENE = "The.Matrix.1999.COMPLETE.UHD.BLURAY-COASTER"
PLAIN = "The.Matrix.1999.DVDRip.XviD-AMIABLE"
FLAG_REJECTION = "None of the indexer's required flags is set on this release"


def test_required_golden_popcorn_rejects_the_others_and_a_flag_format_matches_the_golden_one(
    client: TestClient, ptp_site: str, movies_root: Path
) -> None:
    _add_ptp(client, ptp_site, [int(IndexerFlag.PTP_Golden)])
    _golden_format(client)
    matrix = add_movie(client, str(movies_root), "The Matrix", 1999, 603, imdbId="tt0133093")
    found = _search(client, matrix)
    assert set(found) == {GOLDEN, SCENE, PLAIN}

    golden = found[GOLDEN]
    assert golden["indexerFlags"] == ["PTP_Golden", "PTP_Approved"]
    assert golden["approved"] is True, golden["rejections"]
    assert [cf["name"] for cf in golden["customFormats"]] == ["Golden"]

    assert found[SCENE]["indexerFlags"] == ["G_Freeleech", "PTP_Approved", "G_Scene"]
    for title in (SCENE, PLAIN):
        assert FLAG_REJECTION in found[title]["rejections"], found[title]["rejections"]
        assert found[title]["customFormats"] == []


def test_without_required_flags_the_flags_still_show_and_nothing_is_rejected_for_them(
    client: TestClient, ptp_site: str, movies_root: Path
) -> None:
    _add_ptp(client, ptp_site, [])
    matrix = add_movie(client, str(movies_root), "The Matrix", 1999, 603, imdbId="tt0133093")
    found = _search(client, matrix)
    assert found[PLAIN]["indexerFlags"] == []
    assert all(FLAG_REJECTION not in release["rejections"] for release in found.values())
    assert found[GOLDEN]["approved"] is True, found[GOLDEN]["rejections"]
