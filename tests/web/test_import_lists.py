"""Settings > Import Lists and Discover in the browser, against a local Custom Lists server and TMDB,
and the "Sign in" button of the Plex and Trakt forms against local plex.tv and Trakt."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from web_harness import Served

from fake_tmdb import API_KEY as TMDB_KEY
from fake_tmdb import JPEG, MOVIES, FakeTmdb, summary
from local_server import serving

# The plex.tv and Trakt stand-ins live with the import-list tests, which drive the same flows by API.
sys.path.insert(0, str(Path(__file__).parents[1] / "import_lists"))

from sign_in_services import CLIENT_ID, CLIENT_SECRET, TOKEN, Trakt, plex_app, plex_state, trakt_app

Shoot = Callable[[Page, str], None]


@pytest.fixture
def custom_list() -> Iterator[dict[str, Any]]:
    """A Custom Lists URL answering TMDB results, as Radarr's RadarrList reads them; ``ids`` is mutable."""
    state: dict[str, Any] = {"ids": [603]}

    async def listing(request: Request) -> Response:
        return JSONResponse([{**summary(MOVIES[i]), "media_type": "movie"} for i in state["ids"]])

    with serving(Starlette(routes=[Route("/lists/mine.json", listing)])) as url:
        state["url"] = f"{url}/lists/mine.json"
        yield state


def _api(reelarr: Served) -> dict[str, str]:
    return {"X-Api-Key": reelarr.ctx.settings.api_key}


def _get(page: Page, reelarr: Served, path: str) -> Any:
    response = page.request.get(f"{reelarr.url}/api/v3/{path}", headers=_api(reelarr))
    assert response.ok, response.text()
    return response.json()


def _sync(page: Page, reelarr: Served) -> None:
    """Run ImportListSync as a user's "run now" would, and wait for it to finish."""
    command = page.request.post(
        f"{reelarr.url}/api/v3/command", data={"name": "ImportListSync"}, headers=_api(reelarr)
    ).json()
    deadline = time.monotonic() + 30
    while _get(page, reelarr, f"command/{command['id']}")["status"] in ("queued", "started"):
        assert time.monotonic() < deadline, "the sync did not finish"
        time.sleep(0.1)
    assert _get(page, reelarr, f"command/{command['id']}")["status"] == "completed"


def _library(page: Page, reelarr: Served) -> set[int]:
    return {m["tmdbId"] for m in _get(page, reelarr, "movie")}


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 15
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.1)


def _set_up(page: Page, reelarr: Served, tmdb: FakeTmdb, movies_root: Path) -> None:
    """The local TMDB (with its image host allowed) and one root folder, through the API."""
    metadata = _get(page, reelarr, "config/metadata")
    page.request.put(
        f"{reelarr.url}/api/v3/config/metadata",
        data={
            **metadata,
            "tmdbApiKey": TMDB_KEY,
            "tmdbBaseUrl": tmdb.api_url,
            "imageBaseUrl": tmdb.image_url,
            "imageHosts": [tmdb.image_host],
        },
        headers=_api(reelarr),
    )
    page.request.post(
        f"{reelarr.url}/api/v3/rootfolder", data={"path": str(movies_root)}, headers=_api(reelarr)
    )


def test_a_list_added_from_its_form_feeds_the_library_and_discover(
    reelarr: Served, tmdb: FakeTmdb, movies_root: Path, custom_list: dict[str, Any], page: Page, shoot: Shoot
) -> None:
    _set_up(page, reelarr, tmdb, movies_root)

    # Add a Custom Lists list from its schema form: test it, then save.
    page.goto(f"{reelarr.url}/settings/importlists")
    page.locator("#add-RadarrListImport").click()
    page.fill("#field-name", "My list")
    page.fill("#field-url", custom_list["url"])
    page.select_option("#field-rootFolderPath", str(movies_root))
    page.select_option("#field-minimumAvailability", "announced")
    page.get_by_role("button", name="Test").click()
    expect(page.locator("#test-passed")).to_be_visible()
    shoot(page, "import-list-form")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="My list")).to_be_visible()
    [saved] = _get(page, reelarr, "importlist")
    assert (saved["implementation"], saved["rootFolderPath"], saved["minimumAvailability"]) == (
        "RadarrListImport",
        str(movies_root),
        "announced",
    )

    _sync(page, reelarr)
    assert _library(page, reelarr) == {603}

    # The list grows, but automatic adding is switched off in the edit form: Discover offers them.
    custom_list["ids"] = [603, 604, 605]
    page.get_by_role("link", name="My list").click()
    page.locator("input[name=enableAuto]").uncheck()
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="My list")).to_be_visible()
    assert _get(page, reelarr, "importlist")[0]["enableAuto"] is False
    _sync(page, reelarr)
    assert _library(page, reelarr) == {603}

    page.get_by_role("link", name="Discover").click()
    expect(page.locator("#discover-603")).to_contain_text("In your library")
    expect(page.locator("#discover-604")).to_contain_text("On 1 list")
    expect(page.locator("#discover-605")).to_contain_text("The Matrix Revolutions")
    # TMDB recommends Inception for The Matrix.
    expect(page.locator("#discover-27205")).to_contain_text("Recommended")
    # Posters of movies not in the library (list-only and recommended) come through Reelarr's
    # cache from the allowed image host, and really load in the browser.
    for tmdb_id in (604, 605, 27205):
        poster = page.locator(f"#discover-{tmdb_id} img")
        src = poster.get_attribute("src")
        assert src is not None and src.startswith("/discover/posters/"), src
        poster.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=poster.element_handle())
        image = page.request.get(f"{reelarr.url}{src}")
        assert image.status == 200 and image.headers["content-type"] == "image/jpeg"
        assert image.body() == JPEG
    shoot(page, "discover")

    page.get_by_role("button", name="Add The Matrix Reloaded").click()
    expect(page.locator("#discover-604")).to_contain_text("In your library")
    assert _library(page, reelarr) == {603, 604}
    added = next(m for m in _get(page, reelarr, "movie") if m["tmdbId"] == 604)
    assert added["rootFolderPath"].rstrip("/") == str(movies_root)

    page.get_by_role("button", name="Exclude The Matrix Revolutions").click()
    expect(page.locator("#discover-605")).to_have_count(0)
    expect(page.locator("#discover-27205")).to_be_visible()
    assert [(e["tmdbId"], e["movieTitle"], e["movieYear"]) for e in _get(page, reelarr, "exclusions")] == [
        (605, "The Matrix Revolutions", 2003)
    ]

    # The exclusion shows in Settings; removing it there removes it from the API.
    page.goto(f"{reelarr.url}/settings/importlists")
    expect(page.locator("#exclusion-table")).to_contain_text("The Matrix Revolutions")
    page.get_by_role("button", name="Remove exclusion of The Matrix Revolutions").click()
    expect(page.locator("#exclusion-table")).to_have_count(0)
    assert _get(page, reelarr, "exclusions") == []

    # A poster from a host no longer allowed is not fetched: a blank card, never a broken image.
    metadata = _get(page, reelarr, "config/metadata")
    narrowed = page.request.put(
        f"{reelarr.url}/api/v3/config/metadata",
        data={**metadata, "imageHosts": ["image.tmdb.org"]},
        headers=_api(reelarr),
    )
    assert narrowed.ok, narrowed.text()
    for address in (
        "/discover/posters/aNewPoster.jpg",
        "/discover/posters/tmdb/27205",
        "/discover/posters/x.gif",
    ):
        blank = page.request.get(f"{reelarr.url}{address}")
        assert blank.status == 200 and blank.headers["content-type"].startswith("image/svg+xml"), address


def test_exclusions_and_list_sync_options_are_kept_from_settings(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    page.goto(f"{reelarr.url}/settings/importlists")
    form = page.locator("#exclusion-form")
    form.locator("input[name=tmdbId]").fill("27205")
    form.locator("input[name=title]").fill("Inception")
    form.locator("input[name=year]").fill("2010")
    form.get_by_role("button", name="Add exclusion").click()
    expect(page.locator("#exclusion-table")).to_contain_text("Inception")
    assert [(e["tmdbId"], e["movieTitle"], e["movieYear"]) for e in _get(page, reelarr, "exclusions")] == [
        (27205, "Inception", 2010)
    ]
    # A second exclusion of the same movie is refused with the API's reason.
    form = page.locator("#exclusion-form")
    form.locator("input[name=tmdbId]").fill("27205")
    form.get_by_role("button", name="Add exclusion").click()
    expect(page.locator("main")).to_contain_text("already been added")
    assert len(_get(page, reelarr, "exclusions")) == 1

    # "Keep and tag" without a tag is refused with the API's reason, not saved.
    page.goto(f"{reelarr.url}/settings/importlists")
    page.select_option("#field-listSyncLevel", "keepAndTag")
    with page.expect_response(lambda r: r.url.endswith("/settings/importlists/options")) as refused:
        page.get_by_role("button", name="Save list sync").click()
    assert refused.value.status == 400
    expect(page.locator("main")).to_contain_text("Keep and tag needs an existing tag")
    assert _get(page, reelarr, "config/importlist")["listSyncLevel"] == "disabled"

    page.goto(f"{reelarr.url}/settings/importlists")
    page.select_option("#field-listSyncLevel", "keepAndUnmonitor")
    page.get_by_role("button", name="Save list sync").click()
    expect(page.locator("#field-listSyncLevel")).to_have_value("keepAndUnmonitor")
    assert _get(page, reelarr, "config/importlist")["listSyncLevel"] == "keepAndUnmonitor"
    shoot(page, "settings-import-lists")


def test_every_list_type_has_a_form_from_its_schema(reelarr: Served, page: Page) -> None:
    schema = _get(page, reelarr, "importlist/schema")
    assert len(schema) >= 17
    for implementation in schema:
        response = page.goto(f"{reelarr.url}/settings/importlists/new/{implementation['implementation']}")
        assert response is not None and response.status == 200, implementation["implementation"]
        expect(page.locator("h1")).to_contain_text(implementation["implementationName"])
        for field in implementation["fields"]:
            if field["type"] == "oAuth":
                expect(page.locator(f"#field-{field['name']}").get_by_role("button")).to_have_text("Sign in")
            else:
                expect(page.locator(f"[name='{field['name']}']").first).to_be_attached()


@pytest.fixture
def plex() -> Iterator[dict[str, Any]]:
    state = plex_state()
    with serving(plex_app(state)) as url:
        state["url"] = url
        yield state


@pytest.fixture
def trakt() -> Iterator[Trakt]:
    state = Trakt()
    state.interval = 1
    with serving(trakt_app(state)) as url:
        state.url = url
        yield state


def test_plex_sign_in_by_pin_from_the_form(
    reelarr: Served,
    tmdb: FakeTmdb,
    movies_root: Path,
    plex: dict[str, Any],
    page: Page,
    shoot: Shoot,
) -> None:
    _set_up(page, reelarr, tmdb, movies_root)
    page.goto(f"{reelarr.url}/settings/importlists/new/PlexImport")
    page.fill("#field-name", "Watchlist")
    page.fill("#field-plexTvUrl", plex["url"])
    page.fill("#field-watchlistUrl", plex["url"])
    page.select_option("#field-rootFolderPath", str(movies_root))
    page.get_by_role("button", name="Sign in").click()
    waiting = page.locator("#sign-in-code")
    expect(waiting).to_contain_text("Approve Reelarr at")
    link = waiting.get_by_role("link").get_attribute("href")
    assert link is not None and link.startswith("https://app.plex.tv/auth#?clientID=")
    assert "code=p8gvc2ek9rbz4hxtqkbw4p6zq" in link
    shoot(page, "import-list-plex-sign-in")
    _wait_for(lambda: plex["polls"] >= 1)  # the form polls plex.tv and keeps waiting
    expect(waiting).to_be_visible()
    plex["approved"] = True
    expect(page.locator("#sign-in-done")).to_be_visible(timeout=15_000)
    expect(page.locator("#field-accessToken")).to_have_value(TOKEN)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="Watchlist", exact=True)).to_be_visible()
    _sync(page, reelarr)
    assert _library(page, reelarr) == {604, 605, 27205}


def test_trakt_sign_in_by_device_code_from_the_form_then_the_token_is_refreshed(
    reelarr: Served,
    tmdb: FakeTmdb,
    movies_root: Path,
    trakt: Trakt,
    page: Page,
    shoot: Shoot,
) -> None:
    _set_up(page, reelarr, tmdb, movies_root)
    page.goto(f"{reelarr.url}/settings/importlists/new/TraktUserImport")
    page.fill("#field-name", "Trakt watchlist")
    page.get_by_role("button", name="Sign in").click()  # no application yet: the form says so
    expect(page.locator("#sign-in-failed")).to_contain_text("client id and secret")
    page.fill("#field-clientId", CLIENT_ID)
    page.fill("#field-clientSecret", CLIENT_SECRET)
    page.fill("#field-baseUrl", trakt.url)
    page.select_option("#field-rootFolderPath", str(movies_root))
    trakt.expires_in = 120  # the first tokens expire within the refresh margin
    page.get_by_role("button", name="Sign in").click()
    waiting = page.locator("#sign-in-code")
    expect(waiting).to_contain_text("Enter the code 5055CC52 at")
    expect(waiting.get_by_role("link")).to_have_attribute("href", "https://trakt.tv/activate")
    shoot(page, "import-list-trakt-sign-in")
    _wait_for(lambda: trakt.polls >= 1)  # the form polls Trakt and keeps waiting
    expect(waiting).to_be_visible()
    trakt.approved = True
    expect(page.locator("#sign-in-done")).to_contain_text("Signed in as sean", timeout=15_000)
    trakt.expires_in = 7_776_000  # what a refresh hands out
    expect(page.locator("#field-accessToken")).to_have_value("access-1")
    expect(page.locator("#field-refreshToken")).to_have_value("refresh-1")
    expect(page.locator("#field-authUser")).to_have_value("sean")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="Trakt watchlist")).to_be_visible()
    assert not [r for r in trakt.requests if r.startswith("refresh")]

    # The sync finds the token about to expire, refreshes it once and stores the new tokens:
    # the next sync reads with them (the stand-in accepts only the newest access token).
    _sync(page, reelarr)
    assert _library(page, reelarr) == {27205}
    assert [r for r in trakt.requests if r.startswith("refresh")] == ["refresh refresh-1"]
    _sync(page, reelarr)
    assert [r for r in trakt.requests if r.startswith("refresh")] == ["refresh refresh-1"]
    assert trakt.requests[-1] == "/users/sean/watchlist/movies/rank?limit=100"
    assert not [h for h in _get(page, reelarr, "health") if h["source"].startswith("ImportList")]
