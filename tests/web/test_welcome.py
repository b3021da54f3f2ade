"""The first-run guide takes a fresh install to a working TMDB key, root folder, profile,
indexer and download client, against the local TMDB, Torznab indexer and a real qBittorrent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from daemons import Daemon
from playwright.sync_api import Page, expect
from web_harness import TORZNAB_KEY, Served, TorznabServer

from fake_tmdb import API_KEY as TMDB_KEY
from fake_tmdb import FakeTmdb

Shoot = Callable[[Page, str], None]


def test_the_guide_sets_up_a_fresh_install(
    reelarr: Served,
    tmdb: FakeTmdb,
    torznab: TorznabServer,
    qbittorrent_daemon: Daemon,
    movies_root: Path,
    page: Page,
    shoot: Shoot,
) -> None:
    hint = page.locator("#setup-hint")
    expect(hint).to_contain_text("TMDB API key, Root folder, Indexer, Download client")
    hint.get_by_role("link", name="Open the set-up guide").click()
    shoot(page, "welcome-fresh")

    # TMDB: a wrong key is refused by the test, the right one works.
    page.fill("#guide-tmdb-key", "wrong")
    page.locator("#step-tmdb summary").click()
    page.fill("#guide-tmdb-url", tmdb.api_url)
    page.get_by_role("button", name="Save and test").click()
    expect(page.locator("#step-tmdb [role=alert]")).to_contain_text("TMDB did not accept it")
    page.fill("#guide-tmdb-key", TMDB_KEY)
    page.get_by_role("button", name="Save and test").click()
    expect(page.locator("#step-tmdb [role=status]")).to_have_text("The key works.")

    # Root folder: chosen with the folder picker, from the folder above it.
    page.fill("#root-folder-path", str(movies_root.parent))
    page.get_by_role("button", name="Browse").click()
    page.locator("#folder-picker").get_by_role("link", name=movies_root.name, exact=True).click()
    expect(page.locator("#folder-picker strong")).to_have_text(f"{movies_root}/")
    page.get_by_role("button", name="Use this folder").click()
    expect(page.locator("#root-folder-path")).to_have_value(f"{movies_root}/")
    page.get_by_role("button", name="Add root folder").click()
    expect(page.locator("#step-root-folder")).to_have_class("done")

    # Profiles are there to choose from.
    expect(page.locator("#step-profile").get_by_role("link").first).to_be_visible()

    # Indexer: the Torznab form, tested, then saved.
    page.get_by_role("button", name="Add a Torznab indexer").click()
    page.fill("#field-name", "Local Jackett")
    page.fill("#field-baseUrl", torznab.url)
    page.fill("#field-apiKey", TORZNAB_KEY)
    page.get_by_role("button", name="Test").click()
    expect(page.locator("#test-passed")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{reelarr.url}/settings/indexers")

    # Download client: qBittorrent, tested, then saved.
    page.goto(f"{reelarr.url}/welcome")
    expect(page.locator("#step-indexer")).to_have_class("done")
    page.get_by_role("button", name="Add qBittorrent").click()
    page.fill("#field-name", "qBittorrent")
    page.fill("#field-host", qbittorrent_daemon.host)
    page.fill("#field-port", str(qbittorrent_daemon.port))
    page.fill("#field-username", qbittorrent_daemon.username)
    page.fill("#field-password", qbittorrent_daemon.password)
    page.get_by_role("button", name="Test").click()
    expect(page.locator("#test-passed")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{reelarr.url}/settings/downloadclients")

    # Everything essential is done: the guide says so, and the Movies page stops pointing to it.
    page.get_by_role("link", name="System").click()
    page.get_by_role("link", name="Set-up guide").first.click()
    expect(page.locator("#setup-complete")).to_be_visible()
    shoot(page, "welcome-complete")
    page.goto(f"{reelarr.url}/")
    expect(page.locator("#setup-hint")).to_have_count(0)
