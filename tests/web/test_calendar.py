"""The calendar page: release dates on a month grid and in an agenda, and the iCal link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
from playwright.sync_api import Page, expect
from web_harness import Served, add_movies, set_release_dates


def test_release_dates_show_on_the_month_grid_and_the_agenda_and_the_ical_link_serves_them(
    reelarr: Served, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    add_movies(database, [("Heat", 1995, False), ("Alien", 1979, True)])
    today = dt.datetime.now(dt.UTC).date()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=3)
    set_release_dates(database, 1, in_cinemas=today)
    set_release_dates(database, 2, digital_release=today, physical_release=next_month)

    page.goto(f"{reelarr.url}/calendar")
    cell = page.locator(f"td[data-day='{today.isoformat()}']")
    expect(cell.locator(".release-cinemas")).to_have_text("Heat In cinemas")
    expect(cell.locator(".release-digital")).to_have_text("Alien Digital release")
    shoot(page, "calendar-month")

    page.get_by_role("button", name="iCal link").click()
    feed = page.locator("#ical-url")
    expect(feed).to_have_value(
        f"{reelarr.url}/feed/v3/calendar/radarr.ics?apikey={reelarr.ctx.settings.api_key}"
    )
    ical = httpx.get(feed.input_value()).text
    assert "SUMMARY:Heat (In Cinemas)" in ical and "SUMMARY:Alien (Digital Release)" in ical

    page.get_by_role("button", name="Next month").click()
    page.get_by_role("button", name="Agenda").click()
    day = page.locator(f"section.agenda-day[data-day='{next_month.isoformat()}']")
    expect(day).to_contain_text("Alien Physical release")
    expect(page.locator("section.agenda-day")).to_have_count(1)
    shoot(page, "calendar-agenda")


def test_unmonitored_movies_show_only_when_asked(reelarr: Served, page: Page) -> None:
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    add_movies(database, [("Heat", 1995, False)])
    set_release_dates(database, 1, in_cinemas=dt.datetime.now(dt.UTC).date())
    page.request.put(
        f"{reelarr.url}/api/v3/movie/editor",
        data={"movieIds": [1], "monitored": False},
        headers={"X-Api-Key": reelarr.ctx.settings.api_key},
    )
    page.goto(f"{reelarr.url}/calendar?view=agenda")
    expect(page.get_by_text("No releases in")).to_be_visible()
    page.get_by_role("link", name="Show unmonitored").click()
    expect(page.locator(".agenda-day .release.unmonitored")).to_have_text("Heat In cinemas")
