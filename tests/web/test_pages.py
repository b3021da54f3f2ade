"""Every page renders in the browser, at desktop and phone widths, with a screenshot of each."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from web_harness import PASSWORD, Served, add_movies

PAGES = {
    "movies": "/",
    "add-movie": "/add",
    "add-library-import": "/add/import",
    "discover": "/discover",
    "movie-details": "/movie/1",
    "calendar": "/calendar",
    "calendar-agenda": "/calendar?view=agenda",
    "activity-queue": "/activity/queue",
    "activity-history": "/activity/history",
    "activity-blocklist": "/activity/blocklist",
    "activity-manual-import": "/activity/manualimport",
    "wanted-missing": "/wanted/missing",
    "wanted-cutoff-unmet": "/wanted/cutoffunmet",
    "system-status": "/system/status",
    "system-tasks": "/system/tasks",
    "system-backup": "/system/backup",
    "system-events": "/system/events",
    "system-logs": "/system/logs",
    "set-up-guide": "/welcome",
    "settings": "/settings",
    "settings-media-management": "/settings/mediamanagement",
    "settings-naming": "/settings/naming",
    "settings-root-folders": "/settings/rootfolders",
    "settings-metadata": "/settings/metadata",
    "settings-quality": "/settings/quality",
    "settings-profiles": "/settings/profiles",
    "settings-quality-profile": "/settings/profiles/quality/1",
    "settings-delay-profile": "/settings/profiles/delay/1",
    "settings-release-profile-new": "/settings/profiles/release/0",
    "settings-custom-formats": "/settings/customformats",
    "settings-indexers": "/settings/indexers",
    "settings-indexer-new": "/settings/indexers/new/Newznab",
    "settings-download-clients": "/settings/downloadclients",
    "settings-download-client-new": "/settings/downloadclients/new/QBittorrent",
    "settings-import-lists": "/settings/importlists",
    "settings-import-list-new": "/settings/importlists/new/RadarrListImport",
    "settings-connect": "/settings/notifications",
    "settings-connect-new": "/settings/notifications/new/Webhook",
    "settings-general": "/settings/general",
    "settings-ui": "/settings/ui",
}


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_every_page_renders_without_an_error(
    reelarr: Served, page: Page, shoot: Callable[[Page, str], None], width: int
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, True), ("Alien", 1979, False)])
    page.set_viewport_size({"width": width, "height": 860})
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))
    for name, path in PAGES.items():
        response = page.goto(f"{reelarr.url}{path}")
        assert response is not None and response.status == 200, path
        expect(page.locator("h1").first).to_be_visible()
        expect(page.locator("#page-error")).to_have_count(0)
        shoot(page, f"{name}-{'phone' if width < 600 else 'desktop'}")
    assert failures == []


def test_the_general_settings_show_the_api_key_but_never_the_password(reelarr: Served, page: Page) -> None:
    page.goto(f"{reelarr.url}/settings/general")
    html = page.content()
    expect(page.locator("#api-key")).to_have_value(reelarr.ctx.settings.api_key)
    assert PASSWORD not in html
    old_key = reelarr.ctx.settings.api_key
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Regenerate API key").click()
    # The session was signed with the old key: the browser must log in again.
    expect(page).to_have_url(f"{reelarr.url}/login?returnUrl=%2Fsettings%2Fgeneral%3Fsaved%3Dtrue")
    assert reelarr.ctx.settings.api_key != old_key
