"""Trakt: the device-code sign-in, token refresh and the list types against a local Trakt API.

The stand-in follows Trakt's documented API (trakt.docs.apiary.io): ``POST /oauth/device/code``,
polling ``POST /oauth/device/token`` (400 while pending), ``POST /oauth/token`` to refresh
(which spends the old refresh token), and reads that need ``trakt-api-version: 2``,
``trakt-api-key`` and a current bearer token.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from list_support import run_command
from sign_in_services import CLIENT_ID, CLIENT_SECRET, Trakt, trakt_app

from local_server import serving


@pytest.fixture
def trakt() -> Iterator[Trakt]:
    state = Trakt()
    with serving(trakt_app(state)) as url:
        state.url = url
        yield state


def fields(trakt: Trakt, **values: Any) -> list[dict[str, Any]]:
    base = {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "baseUrl": trakt.url, **values}
    return [{"name": k, "value": v} for k, v in base.items()]


def sign_in(api: TestClient, trakt: Trakt) -> dict[str, Any]:
    """The device flow as the form runs it: start, poll while pending, approve, poll again."""
    body = {"implementation": "TraktUserImport", "fields": fields(trakt)}
    started = api.post("/api/v3/importlist/action/startOAuth", json=body).json()
    assert (started["userCode"], started["verificationUrl"]) == ("5055CC52", "https://trakt.tv/activate")
    poll = {"deviceCode": started["deviceCode"]}
    assert api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=body).json() == {
        "pending": True
    }
    trakt.approved = True
    tokens = api.post("/api/v3/importlist/action/getOAuthToken", params=poll, json=body).json()
    assert (tokens["pending"], tokens["accessToken"], tokens["authUser"]) == (False, "access-1", "sean")
    return dict(tokens)


def save(api: TestClient, root: Path, implementation: str, list_fields: list[dict[str, Any]]) -> Any:
    body = {
        "name": implementation,
        "implementation": implementation,
        "enableAuto": True,
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "fields": list_fields,
    }
    return api.post("/api/v3/importlist", json=body)


def library(api: TestClient) -> set[int]:
    return {m["tmdbId"] for m in api.get("/api/v3/movie").json()}


def test_sign_in_by_device_code_then_the_watchlist_syncs_and_the_token_is_refreshed_once(
    api: TestClient, trakt: Trakt, movies_root: Path
) -> None:
    tokens = sign_in(api, trakt)
    # Expiring within the refresh margin: the save tests with it as it is; the sync refreshes it.
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)).isoformat()
    list_fields = fields(
        trakt,
        accessToken=tokens["accessToken"],
        refreshToken=tokens["refreshToken"],
        expires=soon,
        authUser=tokens["authUser"],
    )
    assert save(api, movies_root, "TraktUserImport", list_fields).status_code == 201
    assert [r for r in trakt.requests if r.startswith("refresh")] == []
    run_command(api, "ImportListSync")
    assert library(api) == {27205}
    assert trakt.requests.count("refresh refresh-1") == 1 and trakt.access_token == "access-2"
    run_command(api, "ImportListSync")  # the stored, refreshed tokens are used: no second refresh
    assert [r for r in trakt.requests if r.startswith("refresh")] == ["refresh refresh-1"]
    assert trakt.requests[-1] == "/users/sean/watchlist/movies/rank?limit=100"


def test_a_trakt_list_and_a_popular_feed(api: TestClient, trakt: Trakt, movies_root: Path) -> None:
    tokens = sign_in(api, trakt)
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=90)).isoformat()
    signed = {"accessToken": tokens["accessToken"], "refreshToken": tokens["refreshToken"], "expires": later}
    listed = save(
        api,
        movies_root,
        "TraktListImport",
        fields(trakt, username="sean", listname="Matrix Favourites", **signed),
    )
    assert listed.status_code == 201, listed.text
    popular = save(
        api, movies_root, "TraktPopularImport", fields(trakt, traktListType=0, years="1990-2010", **signed)
    )
    assert popular.status_code == 201, popular.text
    run_command(api, "ImportListSync")
    assert library(api) == {603, 604, 605}
    trending = next(r for r in trakt.requests if r.startswith("/movies/trending"))
    assert "years=1990-2010" in trending and "limit=100" in trending


def test_a_list_without_sign_in_or_with_a_revoked_token_is_refused(
    api: TestClient, trakt: Trakt, movies_root: Path
) -> None:
    unsigned = save(api, movies_root, "TraktUserImport", fields(trakt))
    assert unsigned.status_code == 400 and unsigned.json()[0]["propertyName"] == "signIn"
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=90)).isoformat()
    revoked = save(
        api,
        movies_root,
        "TraktUserImport",
        fields(trakt, accessToken="old", refreshToken="old", expires=later, authUser="sean"),
    )
    assert revoked.status_code == 400 and "refused the credentials" in revoked.json()[0]["errorMessage"]
