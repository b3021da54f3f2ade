"""Custom Lists, StevenLu and IMDb lists against local servers answering in each service's shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from list_support import run_command
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fake_tmdb import MOVIES, summary
from local_server import serving

# What the services answer, in their shapes: TMDB results (Custom Lists), Steven Lu's feed,
# and Radarr's list service (SkyHook's PascalCase movie resources) for IMDb.
CUSTOM = [{**summary(MOVIES[603]), "media_type": "movie"}, {**summary(MOVIES[27205]), "media_type": "movie"}]
STEVENLU = [
    {
        "title": "The Matrix Reloaded",
        "imdb_id": "tt0234215",
        "poster_url": "https://image.tmdb.org/t/p/w500/x.jpg",
    },
    {"title": "Inception", "imdb_id": "tt1375666", "poster_url": "https://image.tmdb.org/t/p/w500/y.jpg"},
]
LIST_SERVICE = {
    "stevenlu/rottentomatoes/70": [
        {"TmdbId": 27205, "ImdbId": "tt1375666", "Title": "Inception", "Year": 2010}
    ],
    "ls055592025": [
        {"TmdbId": 605, "ImdbId": "tt0242653", "Title": "The Matrix Revolutions", "Year": 2003},
        {"TmdbId": 603, "ImdbId": "tt0133093", "Title": "The Matrix", "Year": 1999},
    ],
}


@pytest.fixture(scope="module")
def services() -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"requests": []}

    async def custom(request: Request) -> Response:
        state["requests"].append(request.url.path)
        return JSONResponse(CUSTOM)

    async def broken(request: Request) -> Response:
        return JSONResponse({"errors": ["list not found"]})

    async def stevenlu(request: Request) -> Response:
        state["requests"].append(request.url.path)
        return JSONResponse(STEVENLU)

    async def imdb(request: Request) -> Response:
        state["requests"].append(request.url.path)
        found = LIST_SERVICE.get(request.path_params["list_id"])
        if found is None:
            return JSONResponse({"Message": "List not found"}, status_code=404)
        return JSONResponse(found)

    app = Starlette(
        routes=[
            Route("/lists/mine.json", custom),
            Route("/lists/broken.json", broken),
            Route("/popular-movies/movies.json", stevenlu),
            Route("/v1/list/imdb/{list_id}", imdb),
            Route("/v1/list/{list_id:path}", imdb),
        ]
    )
    with serving(app) as url:
        state["url"] = url
        yield state


def save(api: TestClient, root: Path, implementation: str, fields: dict[str, Any]) -> Any:
    body = {
        "name": implementation,
        "implementation": implementation,
        "enabled": True,
        "enableAuto": True,
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "minimumAvailability": "announced",
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
    }
    return api.post("/api/v3/importlist", json=body)


def added(api: TestClient) -> dict[int, dict[str, Any]]:
    return {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}


def test_a_custom_list_adds_its_tmdb_ids(
    api: TestClient, services: dict[str, Any], movies_root: Path
) -> None:
    assert (
        save(api, movies_root, "RadarrListImport", {"url": f"{services['url']}/lists/mine.json"}).status_code
        == 201
    )
    run_command(api, "ImportListSync")
    movies = added(api)
    assert set(movies) == {603, 27205}
    assert movies[603]["minimumAvailability"] == "announced"


def test_a_custom_list_reporting_errors_is_refused(
    api: TestClient, services: dict[str, Any], movies_root: Path
) -> None:
    response = save(api, movies_root, "RadarrListImport", {"url": f"{services['url']}/lists/broken.json"})
    assert response.status_code == 400
    assert "list not found" in response.json()[0]["errorMessage"]


def test_stevenlu_adds_movies_found_by_imdb_id(
    api: TestClient, services: dict[str, Any], movies_root: Path
) -> None:
    link = f"{services['url']}/popular-movies/movies.json"
    assert save(api, movies_root, "StevenLuImport", {"link": link}).status_code == 201
    run_command(api, "ImportListSync")
    assert set(added(api)) == {604, 27205}
    schema = next(
        s for s in api.get("/api/v3/importlist/schema").json() if s["implementation"] == "StevenLuImport"
    )
    assert (schema["implementationName"], schema["minRefreshInterval"]) == ("StevenLu Custom", "1.00:00:00")
    assert schema["fields"][0]["value"] == "https://s3.amazonaws.com/popular-movies/movies.json"


def test_an_imdb_list_adds_its_movies(api: TestClient, services: dict[str, Any], movies_root: Path) -> None:
    fields = {"listId": "ls055592025", "baseUrl": f"{services['url']}/v1"}
    assert save(api, movies_root, "IMDbListImport", fields).status_code == 201
    run_command(api, "ImportListSync")
    assert set(added(api)) == {603, 605}


def test_imdb_list_ids_are_checked_and_an_unknown_list_is_refused(
    api: TestClient, services: dict[str, Any], movies_root: Path
) -> None:
    bad = save(api, movies_root, "IMDbListImport", {"listId": "my-list"})
    assert bad.status_code == 400 and bad.json()[0]["propertyName"] == "listId"
    missing = save(api, movies_root, "IMDbListImport", {"listId": "ls1", "baseUrl": f"{services['url']}/v1"})
    assert missing.status_code == 400 and "HTTP 404" in missing.json()[0]["errorMessage"]
    presets = next(
        s for s in api.get("/api/v3/importlist/schema").json() if s["implementation"] == "IMDbListImport"
    )
    assert [p["name"] for p in presets["presets"]] == ["IMDb Top 250", "IMDb Popular Movies"]


def test_the_stevenlu_list_asks_the_list_service_for_a_minimum_score(
    api: TestClient, services: dict[str, Any], movies_root: Path
) -> None:
    fields = {"source": 3, "minScore": 7, "baseUrl": f"{services['url']}/v1"}
    assert save(api, movies_root, "StevenLu2Import", fields).status_code == 201
    run_command(api, "ImportListSync")
    assert set(added(api)) == {27205}
    assert services["requests"][-1] == "/v1/list/stevenlu/rottentomatoes/70"
    too_high = save(api, movies_root, "StevenLu2Import", {**fields, "minScore": 9})
    assert too_high.status_code == 400 and too_high.json()[0]["propertyName"] == "minScore"
