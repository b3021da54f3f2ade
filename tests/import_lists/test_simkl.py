"""Simkl User: the PIN sign-in and the user's list against a local Simkl API.

The stand-in follows Simkl's documented API (simkl.docs.apiary.io): ``GET /oauth/pin`` for a
code, ``GET /oauth/pin/{user_code}`` answering ``{"result": "KO"}`` until the user has entered
it, ``GET /users/settings`` for the account, and ``GET /sync/all-items/movies/{status}`` with
``simkl-api-key`` and a bearer token, whose ids carry the TMDB id as a string.
"""

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

from fake_tmdb import MOVIES
from local_server import serving

CLIENT_ID = "c9f5a1e8d2b74f03a6e1b8d9c0f2e4a7b5d3c1e9f8a7b6c5d4e3f2a1b0c9d8e7"
TOKEN = "4f1e9c0b7a3d5e2f8c6b1a9d0e7f3c2b5a8d6e1f"
USER_CODE = "A7K2Q"


def simkl_item(tmdb_id: int, status: str) -> dict[str, Any]:
    source = MOVIES[tmdb_id]
    return {
        "last_watched_at": None,
        "status": status,
        "user_rating": None,
        "added_to_watchlist_at": "2024-05-17T20:41:09Z",
        "movie": {
            "title": source["title"],
            "poster": "74/7492411a1d8f5c6f1",
            "year": int(source["release_date"][:4]),
            "ids": {
                "simkl": tmdb_id * 7,
                "slug": source["title"].lower(),
                "imdb": source["imdb_id"],
                "tmdb": str(tmdb_id),
            },
        },
    }


@pytest.fixture
def simkl() -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"approved": False, "reads": []}

    def authorised(request: Request) -> bool:
        return (
            request.headers.get("simkl-api-key") == CLIENT_ID
            and request.headers.get("authorization") == f"Bearer {TOKEN}"
        )

    async def pin(request: Request) -> Response:
        if request.query_params.get("client_id") != CLIENT_ID:
            return JSONResponse({"error": "client_id_failed"}, status_code=401)
        return JSONResponse(
            {
                "result": "OK",
                "device_code": "DEVICE_CODE",
                "user_code": USER_CODE,
                "verification_url": "https://simkl.com/pin/",
                "expires_in": 900,
                "interval": 5,
            }
        )

    async def pin_check(request: Request) -> Response:
        if request.path_params["code"] != USER_CODE:
            return JSONResponse({"result": "KO", "message": "Wrong code"}, status_code=404)
        if not state["approved"]:
            return JSONResponse({"result": "KO", "message": "Authorization pending"})
        return JSONResponse({"result": "OK", "access_token": TOKEN})

    async def user_settings(request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"error": "user_token_failed"}, status_code=401)
        return JSONResponse({"user": {"name": "cinephile"}, "account": {"id": 482913, "timezone": "UTC"}})

    async def all_items(request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"error": "user_token_failed"}, status_code=401)
        status = request.path_params["status"]
        state["reads"].append(status)
        lists = {"plantowatch": [604, 27205], "completed": [603]}
        if status not in lists:
            return Response("null", media_type="application/json")
        return JSONResponse({"movies": [simkl_item(t, status) for t in lists[status]]})

    app = Starlette(
        routes=[
            Route("/oauth/pin", pin),
            Route("/oauth/pin/{code}", pin_check),
            Route("/users/settings", user_settings),
            Route("/sync/all-items/movies/{status}", all_items),
        ]
    )
    with serving(app) as url:
        state["url"] = url
        yield state


def test_sign_in_by_pin_then_the_plan_to_watch_list_syncs_with_the_lists_settings(
    api: TestClient, simkl: dict[str, Any], movies_root: Path
) -> None:
    fields = [{"name": "clientId", "value": CLIENT_ID}, {"name": "baseUrl", "value": simkl["url"]}]
    form = {"implementation": "SimklUserImport", "fields": fields}
    started = api.post("/api/v3/importlist/action/startOAuth", json=form).json()
    assert started == {
        "userCode": USER_CODE,
        "verificationUrl": "https://simkl.com/pin/",
        "expiresIn": 900,
        "interval": 5,
    }
    poll = {"userCode": USER_CODE}
    pending = api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=form)
    assert pending.json() == {"pending": True}
    simkl["approved"] = True
    signed = api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=form).json()
    assert signed == {"pending": False, "accessToken": TOKEN, "authUser": "482913"}

    body = {
        "name": "Simkl plan to watch",
        "implementation": "SimklUserImport",
        "enableAuto": True,
        "monitor": "none",
        "qualityProfileId": 4,
        "minimumAvailability": "inCinemas",
        "rootFolderPath": str(movies_root),
        "fields": [
            *fields,
            {"name": "accessToken", "value": TOKEN},
            {"name": "authUser", "value": "482913"},
            {"name": "listType", "value": 1},
        ],
    }
    created = api.post("/api/v3/importlist", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["listType"] == "simkl"
    run_command(api, "ImportListSync")
    movies = {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}
    assert set(movies) == {604, 27205}
    for movie in movies.values():
        assert (movie["qualityProfileId"], movie["minimumAvailability"], movie["monitored"]) == (
            4,
            "inCinemas",
            False,
        )
        assert movie["rootFolderPath"].rstrip("/") == str(movies_root)
    assert simkl["reads"][-1] == "plantowatch"


def test_an_empty_list_is_empty_and_a_wrong_code_or_token_is_reported(
    api: TestClient, simkl: dict[str, Any], movies_root: Path
) -> None:
    fields = [{"name": "clientId", "value": CLIENT_ID}, {"name": "baseUrl", "value": simkl["url"]}]
    wrong = api.post(
        "/api/v3/importlist/action/getOAuthToken",
        params={"userCode": "ZZZZZ"},
        json={"implementation": "SimklUserImport", "fields": fields},
    )
    assert wrong.status_code == 400 and wrong.json()[0]["propertyName"] == "signIn"
    body = {
        "name": "Simkl dropped",
        "implementation": "SimklUserImport",
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [*fields, {"name": "accessToken", "value": TOKEN}, {"name": "listType", "value": 4}],
    }
    assert api.post("/api/v3/importlist", json=body).status_code == 201  # Simkl's "null": no movies
    run_command(api, "ImportListSync")
    assert api.get("/api/v3/movie").json() == []
    body["name"] = "Simkl revoked"
    body["fields"] = [*fields, {"name": "accessToken", "value": "revoked"}]
    refused = api.post("/api/v3/importlist", json=body)
    assert refused.status_code == 400 and "refused the credentials" in refused.json()[0]["errorMessage"]
