"""Plex Watchlist: the plex.tv PIN sign-in and the watchlist, against local stand-ins of plex.tv
and Plex's discover service (``/api/v2/pins``; ``/library/sections/watchlist/all`` paged with
``X-Plex-Container-Start``/``-Size``, items with ``Guid`` ids)."""

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

TOKEN = "xGp2zR8hEKtWbq1yNs4c"
SERVER_PAGE_CAP = 2  # the stand-in sends at most two items a page, whatever is asked


def plex_item(tmdb_id: int) -> dict[str, Any]:
    source = MOVIES[tmdb_id]
    return {
        "ratingKey": f"5d776{tmdb_id}",
        "title": source["title"],
        "type": "movie",
        "year": int(source["release_date"][:4]),
        "Guid": [{"id": f"imdb://{source['imdb_id']}"}, {"id": f"tmdb://{tmdb_id}"}, {"id": "tvdb://1234"}],
    }


@pytest.fixture
def plex() -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"approved": False, "clients": set(), "pages": []}

    async def create_pin(request: Request) -> Response:
        state["clients"].add(request.headers.get("x-plex-client-identifier"))
        return JSONResponse(
            {
                "id": 1875239,
                "code": "p8gvc2ek9rbz4hxtqkbw4p6zq",
                "product": "Reelarr",
                "trusted": False,
                "authToken": None,
            },
            status_code=201,
        )

    async def check_pin(request: Request) -> Response:
        state["clients"].add(request.headers.get("x-plex-client-identifier"))
        if request.path_params["pin_id"] != "1875239":
            return JSONResponse(
                {"errors": [{"code": 1020, "message": "Code not found or expired"}]}, status_code=404
            )
        return JSONResponse(
            {
                "id": 1875239,
                "code": "p8gvc2ek9rbz4hxtqkbw4p6zq",
                "authToken": TOKEN if state["approved"] else None,
            }
        )

    async def watchlist(request: Request) -> Response:
        if request.headers.get("x-plex-token") != TOKEN:
            return Response("Unauthorized", status_code=401)
        start = int(request.query_params["X-Plex-Container-Start"])
        size = min(int(request.query_params["X-Plex-Container-Size"]), SERVER_PAGE_CAP)
        state["pages"].append(start)
        items = [plex_item(t) for t in (604, 605, 27205)]
        return JSONResponse(
            {
                "MediaContainer": {
                    "librarySectionID": "watchlist",
                    "offset": start,
                    "totalSize": len(items),
                    "size": size,
                    "Metadata": items[start : start + size],
                }
            }
        )

    app = Starlette(
        routes=[
            Route("/api/v2/pins", create_pin, methods=["POST"]),
            Route("/api/v2/pins/{pin_id}", check_pin),
            Route("/library/sections/watchlist/all", watchlist),
        ]
    )
    with serving(app) as url:
        state["url"] = url
        yield state


def test_sign_in_by_pin_then_the_watchlist_syncs_page_by_page(
    api: TestClient, plex: dict[str, Any], movies_root: Path
) -> None:
    urls = [{"name": "plexTvUrl", "value": plex["url"]}, {"name": "watchlistUrl", "value": plex["url"]}]
    form = {"implementation": "PlexImport", "fields": urls}
    started = api.post("/api/v3/importlist/action/startOAuth", json=form).json()
    assert started["oauthUrl"].startswith("https://app.plex.tv/auth#?clientID=")
    assert "code=p8gvc2ek9rbz4hxtqkbw4p6zq" in started["oauthUrl"]
    poll = {"pinId": str(started["pinId"])}
    assert api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=form).json() == {
        "pending": True
    }
    plex["approved"] = True
    signed = api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=form).json()
    assert signed == {"pending": False, "accessToken": TOKEN}
    assert len(plex["clients"]) == 1  # one stable client identifier
    body = {
        "name": "Watchlist",
        "implementation": "PlexImport",
        "enableAuto": True,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [*urls, {"name": "accessToken", "value": TOKEN}],
    }
    assert api.post("/api/v3/importlist", json=body).status_code == 201
    run_command(api, "ImportListSync")
    assert {m["tmdbId"] for m in api.get("/api/v3/movie").json()} == {604, 605, 27205}
    assert plex["pages"][-2:] == [0, 2]


def test_an_unknown_pin_and_a_revoked_token_are_reported(
    api: TestClient, plex: dict[str, Any], movies_root: Path
) -> None:
    urls = [{"name": "plexTvUrl", "value": plex["url"]}, {"name": "watchlistUrl", "value": plex["url"]}]
    lost = api.post(
        "/api/v3/importlist/action/getOAuthToken",
        params={"pinId": "1"},
        json={"implementation": "PlexImport", "fields": urls},
    )
    assert lost.status_code == 400 and lost.json()[0]["propertyName"] == "signIn"
    body = {
        "name": "Watchlist",
        "implementation": "PlexImport",
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [*urls, {"name": "accessToken", "value": "revoked"}],
    }
    refused = api.post("/api/v3/importlist", json=body)
    assert refused.status_code == 400 and "refused the credentials" in refused.json()[0]["errorMessage"]
