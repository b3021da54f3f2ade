"""Live parts of pages follow the server's events over SSE (``/stream/ui``), without polling."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect
from web_harness import Served, add_movies


def _api_headers(reelarr: Served) -> dict[str, str]:
    return {"X-Api-Key": reelarr.ctx.settings.api_key}


def test_the_command_list_shows_a_command_queued_elsewhere_as_it_runs(reelarr: Served, page: Page) -> None:
    page.goto(f"{reelarr.url}/system/tasks")
    expect(page.locator("#commands tr.command")).to_have_count(0)
    page.wait_for_timeout(300)  # the event stream is open
    page.request.post(
        f"{reelarr.url}/api/v3/command", data={"name": "Housekeeping"}, headers=_api_headers(reelarr)
    )
    expect(
        page.locator("#commands tr.command[data-status=completed]", has_text="Housekeeping")
    ).to_be_visible()


def test_the_movie_list_follows_an_edit_made_elsewhere_unless_movies_are_ticked(
    reelarr: Served, page: Page
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Alien", 1979, False), ("Heat", 1995, False)])
    page.goto(f"{reelarr.url}/")
    alien = page.locator("tr.movie-row", has_text="Alien")
    expect(alien).not_to_contain_text("unmonitored")
    page.wait_for_timeout(300)
    edit = {"movieIds": [1], "monitored": False}
    page.request.put(f"{reelarr.url}/api/v3/movie/editor", data=edit, headers=_api_headers(reelarr))
    expect(alien).to_contain_text("unmonitored")

    page.get_by_label("Select Heat").check()
    page.wait_for_timeout(2100)  # past the list's refresh throttle
    page.request.put(
        f"{reelarr.url}/api/v3/movie/editor",
        data={"movieIds": [1], "monitored": True},
        headers=_api_headers(reelarr),
    )
    page.wait_for_timeout(1000)
    expect(alien).to_contain_text("unmonitored")
    expect(page.get_by_label("Select Heat")).to_be_checked()


def _opens_a_stream(url: str, **options: object) -> bool:
    with httpx.stream("GET", url, timeout=5, **options) as response:  # type: ignore[arg-type]
        return response.status_code == 200 and response.headers["content-type"].startswith(
            "text/event-stream"
        )


def test_the_live_stream_needs_a_login_when_forms_authentication_is_on(reelarr: Served, page: Page) -> None:
    session = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}

    assert _opens_a_stream(f"{reelarr.url}/stream/ui", cookies=session)
    refused = httpx.get(f"{reelarr.url}/stream/ui")
    assert refused.status_code == 303 and "/login" in refused.headers["location"]
    assert httpx.get(f"{reelarr.url}/stream/events").status_code == 401
    assert _opens_a_stream(f"{reelarr.url}/stream/events", headers=_api_headers(reelarr))


def test_the_sidebar_badges_follow_the_library_and_the_health_live(reelarr: Served, page: Page) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Alien", 1979, False), ("Heat", 1995, False)])
    page.goto(f"{reelarr.url}/calendar")
    missing = page.locator("#count-missing")
    expect(missing).to_have_text("2 missing")
    # A fresh install has health warnings (no indexer): the System entry says how many.
    health = page.locator("#count-health")
    expect(health).to_contain_text("health issues")
    assert int(health.inner_text().split()[0]) == len(reelarr.ctx.health.issues) > 0
    expect(page.locator("#count-queue")).to_be_hidden()

    page.request.put(
        f"{reelarr.url}/api/v3/movie/editor",
        data={"movieIds": [1], "monitored": False},
        headers=_api_headers(reelarr),
    )
    expect(missing).to_have_text("1 missing")
