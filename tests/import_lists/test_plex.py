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
from sign_in_services import TOKEN, plex_app, plex_state

from local_server import serving


@pytest.fixture
def plex() -> Iterator[dict[str, Any]]:
    state = plex_state()
    with serving(plex_app(state)) as url:
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
