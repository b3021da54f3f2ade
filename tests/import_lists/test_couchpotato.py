"""CouchPotato against a local stand-in of its API (``/api/{key}/movie.list/?status=active``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from list_support import run_command
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving

KEY = "3b5c0e8f4a2d4e6b9c1a7f0d2e4b6a8c"


def cp_movie(title: str, imdb: str, tmdb_id: int, releases: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "_id": f"a{tmdb_id}",
        "_t": "media",
        "type": "movie",
        "status": "active",
        "title": title,
        "profile_id": "b2c1f3",
        "info": {"imdb": imdb, "tmdb_id": tmdb_id, "original_title": title, "titles": [title], "year": 2003},
        "releases": releases,
    }


MOVIES = [
    cp_movie("The Matrix Reloaded", "tt0234215", 604, []),
    cp_movie("The Matrix Revolutions", "tt0242653", 605, [{"status": "available", "quality": "720p"}]),
    cp_movie("Inception", "tt1375666", 27205, [{"status": "done", "quality": "1080p"}]),
]


@pytest.fixture(scope="module")
def couchpotato() -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"queries": []}

    async def movie_list(request: Request) -> Response:
        if request.path_params["key"] != KEY:
            return JSONResponse({"success": False}, status_code=401)
        state["queries"].append(request.url.query)
        return JSONResponse({"movies": MOVIES, "total": len(MOVIES), "success": True, "empty": False})

    with serving(Starlette(routes=[Route("/couchpotato/api/{key}/movie.list/", movie_list)])) as url:
        parts = urlsplit(url)
        state["link"], state["port"] = f"{parts.scheme}://{parts.hostname}", parts.port
        yield state


def test_couchpotato_adds_its_wanted_movies_not_the_ones_it_has(
    api: TestClient, couchpotato: dict[str, Any], movies_root: Path
) -> None:
    values = {
        "link": couchpotato["link"],
        "port": couchpotato["port"],
        "urlBase": "couchpotato",
        "apiKey": KEY,
    }
    body = {
        "name": "CP",
        "implementation": "CouchPotatoImport",
        "enableAuto": True,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [{"name": k, "value": v} for k, v in values.items()],
    }
    assert api.post("/api/v3/importlist", json=body).status_code == 201
    run_command(api, "ImportListSync")
    assert {m["tmdbId"] for m in api.get("/api/v3/movie").json()} == {604, 605}
    assert couchpotato["queries"][-1] == "status=active"
    body["name"], body["fields"][-1]["value"] = "CP2", "wrong"
    refused = api.post("/api/v3/importlist", json=body)
    assert refused.status_code == 400 and "refused the credentials" in refused.json()[0]["errorMessage"]
