"""Dates on the pages follow Settings > UI: formats, 12- or 24-hour time, relative dates."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect
from web_harness import Served

from reelarr.settings import UiSettings
from reelarr.web.dates import DateFormatter, moment_format

MOMENT = dt.datetime(2014, 3, 25, 17, 30)


def test_radarrs_formats_are_written_as_radarr_writes_them() -> None:
    assert moment_format(MOMENT, "MMM D YYYY") == "Mar 25 2014"
    assert moment_format(MOMENT, "DD/MM/YYYY") == "25/03/2014"
    assert moment_format(MOMENT, "dddd, D MMMM YYYY") == "Tuesday, 25 March 2014"
    assert moment_format(MOMENT, "h(:mm)a") == "5:30pm"
    assert moment_format(MOMENT.replace(minute=0), "h(:mm)a") == "5pm"
    assert moment_format(MOMENT, "HH:mm") == "17:30"
    assert moment_format(MOMENT.replace(hour=0), "h(:mm)a") == "12:30am"


def test_relative_dates_name_the_days_next_to_today_when_on() -> None:
    now = dt.datetime(2014, 3, 25, 9, 0)
    relative = DateFormatter(UiSettings(show_relative_dates=True), now=now)
    assert [relative.short_date(now + dt.timedelta(days=d)) for d in (-1, 0, 1, 2)] == [
        "Yesterday",
        "Today",
        "Tomorrow",
        "Mar 27 2014",
    ]
    absolute = DateFormatter(UiSettings(show_relative_dates=False, short_date_format="YYYY-MM-DD"), now=now)
    assert absolute.short_date(now) == "2014-03-25"
    shown = absolute.element("2014-03-25T17:30:00", with_time=True)
    assert shown == (
        '<time datetime="2014-03-25T17:30:00" title="Tuesday, March 25 2014 5:30pm">2014-03-25 5:30pm</time>'
    )


def test_the_pages_follow_the_ui_settings_saved_on_the_ui_page(reelarr: Served, page: Page) -> None:
    started = page.locator("tr", has_text="Started").locator("time")
    page.goto(f"{reelarr.url}/system/status")
    expect(started).to_have_text("Today " + _clock_12h(started.get_attribute("datetime")))

    page.goto(f"{reelarr.url}/settings/ui")
    page.get_by_label("Short date format").select_option("YYYY-MM-DD")
    page.get_by_label("Time format", exact=True).select_option("HH:mm")
    page.get_by_label("Show relative dates").uncheck()
    expect(page.get_by_label("Movie info language")).to_have_value("1")
    page.get_by_label("Movie info language").select_option(label="French")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_label("Movie info language")).to_have_value("2")

    page.goto(f"{reelarr.url}/system/status")
    moment = dt.datetime.fromisoformat(str(started.get_attribute("datetime")))
    expect(started).to_have_text(moment.strftime("%Y-%m-%d %H:%M"))


def _clock_12h(iso: str | None) -> str:
    moment = dt.datetime.fromisoformat(str(iso))
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{moment.hour % 12 or 12}{minutes}{'am' if moment.hour < 12 else 'pm'}"
