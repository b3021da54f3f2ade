"""TMDb User: TMDB's v4 sign-in and the user's lists, page by page, against a local TMDB v4 API.

The stand-in follows TMDB's v4 documentation (developer.themoviedb.org/v4): ``POST
/4/auth/request_token`` and ``POST /4/auth/access_token`` with the application's read access
token (401 until the user has approved the request token), then ``GET
/4/account/{account_id}/movie/{watchlist,recommendations,rated,favorites}`` with the user's
token, paged by ``page`` up to ``total_pages``.
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

APP_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJhcHAiLCJzY29wZXMiOlsiYXBpX3JlYWQiXX0.c2lnbmF0dXJl"
REQUEST_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJyZXF1ZXN0In0.cmVxdWVzdA"
USER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1ZjFhIiwic2NvcGVzIjpbImFwaV93cml0ZSJdfQ.dXNlcg"
ACCOUNT = "5f1a2b3c4d5e6f708192a3b4"
PAGE_SIZE = 2


def v4_result(tmdb_id: int) -> dict[str, Any]:
    source = MOVIES[tmdb_id]
    return {
        "adult": False,
        "id": tmdb_id,
        "title": source["title"],
        "original_title": source["original_title"],
        "release_date": source["release_date"],
        "poster_path": source["poster_path"],
        "popularity": 41.2,
        "vote_average": 8.1,
        "vote_count": 30511,
        "account_rating": {"value": 9, "created_at": "2024-03-02T11:09:41.000Z"},
    }


@pytest.fixture
def tmdb_v4() -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"approved": False, "pages": [], "redirects": []}
    error = {"success": False, "status_code": 3, "status_message": "Authentication failed."}

    async def request_token(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {APP_TOKEN}":
            return JSONResponse(error, status_code=401)
        state["redirects"].append((await request.json()).get("redirect_to"))
        return JSONResponse(
            {"success": True, "status_code": 1, "status_message": "Success.", "request_token": REQUEST_TOKEN}
        )

    async def access_token(request: Request) -> Response:
        body = await request.json()
        if request.headers.get("authorization") != f"Bearer {APP_TOKEN}" or not state["approved"]:
            return JSONResponse(
                {"success": False, "status_code": 36, "status_message": "This token hasn't been granted."},
                status_code=401,
            )
        if body.get("request_token") != REQUEST_TOKEN:
            return JSONResponse(error, status_code=404)
        return JSONResponse(
            {
                "account_id": ACCOUNT,
                "access_token": USER_TOKEN,
                "success": True,
                "status_message": "Success.",
                "status_code": 1,
            }
        )

    async def account_list(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {USER_TOKEN}":
            return JSONResponse(error, status_code=401)
        if request.path_params["account"] != ACCOUNT:
            return JSONResponse(error, status_code=404)
        kind = request.path_params["kind"]
        page = int(request.query_params.get("page", "1"))
        state["pages"].append((kind, page))
        ids = {"watchlist": [603, 604, 27205], "favorites": [605]}.get(kind, [])
        results = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return JSONResponse(
            {
                "page": page,
                "results": [v4_result(t) for t in results],
                "total_pages": max(1, -(-len(ids) // PAGE_SIZE)),
                "total_results": len(ids),
            }
        )

    app = Starlette(
        routes=[
            Route("/4/auth/request_token", request_token, methods=["POST"]),
            Route("/4/auth/access_token", access_token, methods=["POST"]),
            Route("/4/account/{account}/movie/{kind}", account_list),
        ]
    )
    with serving(app) as url:
        state["url"] = url
        yield state


def test_v4_sign_in_then_the_watchlist_syncs_every_page_with_the_lists_settings(
    api: TestClient, tmdb_v4: dict[str, Any], movies_root: Path
) -> None:
    fields = [{"name": "appToken", "value": APP_TOKEN}, {"name": "baseUrl", "value": tmdb_v4["url"]}]
    form = {"implementation": "TMDbUserImport", "fields": fields}
    started = api.post(
        "/api/v3/importlist/action/startOAuth",
        params={"callbackUrl": "http://reelarr.lan/oauth.html"},
        json=form,
    ).json()
    assert started == {
        "oauthUrl": f"https://www.themoviedb.org/auth/access?request_token={REQUEST_TOKEN}",
        "requestToken": REQUEST_TOKEN,
    }
    assert tmdb_v4["redirects"] == ["http://reelarr.lan/oauth.html"]
    poll = {"requestToken": REQUEST_TOKEN}
    assert api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=form).json() == {
        "pending": True
    }
    tmdb_v4["approved"] = True
    signed = api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=form).json()
    assert signed == {"pending": False, "accountId": ACCOUNT, "accessToken": USER_TOKEN}

    body = {
        "name": "My TMDB watchlist",
        "implementation": "TMDbUserImport",
        "enableAuto": True,
        "monitor": "movieOnly",
        "qualityProfileId": 4,
        "minimumAvailability": "announced",
        "rootFolderPath": str(movies_root),
        "fields": [
            *fields,
            {"name": "accountId", "value": ACCOUNT},
            {"name": "accessToken", "value": USER_TOKEN},
            {"name": "listType", "value": 1},
        ],
    }
    created = api.post("/api/v3/importlist", json=body)
    assert created.status_code == 201, created.text
    tmdb_v4["pages"].clear()
    run_command(api, "ImportListSync")
    movies = {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}
    assert set(movies) == {603, 604, 27205}
    for movie in movies.values():
        assert (movie["qualityProfileId"], movie["minimumAvailability"], movie["monitored"]) == (
            4,
            "announced",
            True,
        )
    assert tmdb_v4["pages"] == [("watchlist", 1), ("watchlist", 2)]


def test_a_refused_app_token_and_an_unknown_user_token_are_reported(
    api: TestClient, tmdb_v4: dict[str, Any], movies_root: Path
) -> None:
    fields = [{"name": "appToken", "value": "wrong"}, {"name": "baseUrl", "value": tmdb_v4["url"]}]
    refused = api.post(
        "/api/v3/importlist/action/startOAuth", json={"implementation": "TMDbUserImport", "fields": fields}
    )
    assert refused.status_code == 400 and refused.json()[0]["propertyName"] == "appToken"
    body = {
        "name": "Favorites",
        "implementation": "TMDbUserImport",
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [
            *fields,
            {"name": "accountId", "value": ACCOUNT},
            {"name": "accessToken", "value": "expired"},
            {"name": "listType", "value": 4},
        ],
    }
    saved = api.post("/api/v3/importlist", json=body)
    assert saved.status_code == 400 and "refused the credentials" in saved.json()[0]["errorMessage"]
