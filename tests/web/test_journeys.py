"""The main journeys through the web UI, in a real browser against a real server."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from web_harness import TORZNAB_KEY, Served, TorznabServer, add_movies

from fake_tmdb import API_KEY as TMDB_KEY
from fake_tmdb import FakeTmdb

Shoot = Callable[[Page, str], None]


def test_first_run_sets_a_password_and_afterwards_pages_need_a_login(
    reelarr: Served, new_visitor: Page, shoot: Shoot
) -> None:
    page = new_visitor
    page.goto(f"{reelarr.url}/settings/naming")
    expect(page).to_have_url(f"{reelarr.url}/setup")
    shoot(page, "first-run")
    page.fill("#username", "alice")
    page.fill("#password", "short")
    page.fill("#passwordConfirmation", "short")
    page.click("main button[type=submit]")
    expect(page.get_by_text("at least 8 characters")).to_be_visible()

    page.fill("#password", "correct horse")
    page.fill("#passwordConfirmation", "correct horse")
    page.click("main button[type=submit]")
    expect(page.get_by_role("heading", name="Movies")).to_be_visible()
    assert reelarr.ctx.settings.authentication_method == "forms"

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{reelarr.url}/settings/naming")
    expect(page).to_have_url(re.compile(r"/login\?returnUrl="))
    page.fill("#username", "alice")
    page.fill("#password", "wrong password")
    page.click("main button[type=submit]")
    expect(page.get_by_role("alert")).to_have_text("The username or password is not right")
    shoot(page, "login-failed")

    page.fill("#username", "alice")
    page.fill("#password", "correct horse")
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{reelarr.url}/settings/naming")


def test_the_api_keeps_using_the_api_key_when_forms_login_is_on(reelarr: Served, page: Page) -> None:
    without_key = page.request.get(f"{reelarr.url}/api/v3/system/status")
    with_key = page.request.get(
        f"{reelarr.url}/api/v3/system/status", headers={"X-Api-Key": reelarr.ctx.settings.api_key}
    )
    assert (without_key.status, with_key.status) == (401, 200)


def test_the_naming_example_follows_the_format_being_typed(reelarr: Served, page: Page, shoot: Shoot) -> None:
    page.goto(f"{reelarr.url}/settings/naming")
    example = page.locator("#movie-example")
    expect(example).to_contain_text("(2010) Bluray-1080p")

    page.fill("#field-standardMovieFormat", "{Movie CleanTitle} {Release Year} [{Quality Title}]")
    expect(example).to_contain_text("2010 [Bluray-1080p")
    shoot(page, "settings-naming")

    page.fill("#field-standardMovieFormat", "{Release Year} {Nonsense}")
    expect(page.locator("#naming-examples .invalid").first).to_contain_text("Unknown token(s): {Nonsense}")
    page.click("main button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("{Nonsense}")

    page.fill("#field-standardMovieFormat", "{Movie Title} - {Quality Full}")
    page.click("main button[type=submit]")
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("#field-standardMovieFormat")).to_have_value("{Movie Title} - {Quality Full}")


def test_an_indexer_is_added_from_its_schema_form_after_a_failing_then_passing_test(
    reelarr: Served, torznab: TorznabServer, page: Page, shoot: Shoot
) -> None:
    page.goto(f"{reelarr.url}/settings/indexers")
    page.click("#add-Torznab")
    page.fill("#field-name", "Local Jackett")
    page.fill("#field-baseUrl", torznab.url)
    page.fill("#field-apiKey", "not-the-key")
    page.get_by_role("button", name="Test").click()
    expect(page.locator("#test-failed")).to_be_visible()
    shoot(page, "settings-indexer-test-failed")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert page.url.endswith("/settings/indexers/save")

    page.fill("#field-apiKey", TORZNAB_KEY)
    page.get_by_role("button", name="Test").click()
    expect(page.locator("#test-passed")).to_be_visible()
    shoot(page, "settings-indexer-test-passed")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{reelarr.url}/settings/indexers")
    page.get_by_role("link", name="Local Jackett").click()

    # The saved key is never shown, and saving again unchanged keeps it.
    expect(page.locator("#field-apiKey")).to_have_value("********")
    assert TORZNAB_KEY not in page.content()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{reelarr.url}/settings/indexers")
    assert torznab.requests[-1]["apikey"] == TORZNAB_KEY


def test_run_now_queues_the_task_and_the_command_list_shows_it(reelarr: Served, page: Page) -> None:
    page.goto(f"{reelarr.url}/system/tasks")
    page.get_by_role("button", name="Run Housekeeping now").click()
    expect(page.locator("#commands tr.command", has_text="Housekeeping").first).to_be_visible()
    expect(
        page.locator("#commands tr.command[data-status=completed]", has_text="Housekeeping")
    ).to_be_visible()


def test_movies_are_searched_sorted_and_paged_on_the_server(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    titles = [(f"Movie {n:03d}", 1990 + n % 30, n % 2 == 0) for n in range(1, 121)]
    titles.append(("The Matrix", 1999, True))
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", titles)

    page.goto(f"{reelarr.url}/")
    expect(page.locator("#movie-count")).to_have_text("121")
    expect(page.locator("tr.movie-row")).to_have_count(50)
    shoot(page, "movies-table")

    page.click("#next-page")
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()

    page.fill("#search", "matr")
    expect(page.locator("#movie-count")).to_have_text("1")
    expect(page.locator("tr.movie-row")).to_contain_text("The Matrix")

    page.fill("#search", "")
    page.select_option("select[name=filter]", "downloaded")
    expect(page.locator("#movie-count")).to_have_text("61")
    page.select_option("select[name=sort]", "size")
    page.select_option("select[name=direction]", "desc")
    expect(page.locator("tr.movie-row").first).to_contain_text("The Matrix")

    page.select_option("select[name=view]", "posters")
    expect(page.locator(".poster")).to_have_count(48)
    shoot(page, "movies-posters")
    page.select_option("select[name=view]", "overview")
    shoot(page, "movies-overview")


def test_the_mass_editor_unmonitors_the_selected_movies(reelarr: Served, page: Page) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Alien", 1979, False), ("Heat", 1995, False)])
    page.goto(f"{reelarr.url}/")
    page.get_by_label("Select Alien").check()
    page.select_option("select[name=action]", "unmonitor")
    page.get_by_role("button", name="Apply to selected").click()
    page.select_option("select[name=filter]", "unmonitored")
    expect(page.locator("#movie-count")).to_have_text("1")
    expect(page.locator("tr.movie-row")).to_contain_text("Alien")


def test_a_page_whose_service_fails_shows_a_message(
    reelarr: Served, page: Page, shoot: Shoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object) -> list[dict[str, object]]:
        raise ConnectionError("the database went away")

    monkeypatch.setattr("reelarr.web.system.list_tasks", broken)
    page.goto(f"{reelarr.url}/system/tasks")
    expect(page.locator("#page-error")).to_contain_text(
        "Could not load Tasks: ConnectionError: the database went away"
    )
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert "Traceback" not in page.content()
    shoot(page, "error-page")


def test_a_custom_format_imported_from_radarr_json_exports_again(reelarr: Served, page: Page) -> None:
    exported = (
        '{"name": "x265", "includeCustomFormatWhenRenaming": false, "specifications": [{"name": "x265",'
        ' "implementation": "ReleaseTitleSpecification", "negate": false, "required": false,'
        ' "fields": {"value": "[xh]\\\\.?265|hevc"}}]}'
    )
    page.goto(f"{reelarr.url}/settings/customformats")
    page.fill("#cf-json", "{not json")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("This is not JSON")
    page.fill("#cf-json", exported)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("td", has_text="x265").first).to_be_visible()
    href = page.get_by_role("link", name="Export JSON").get_attribute("href")
    exported_again = page.request.get(f"{reelarr.url}{href}").json()
    assert exported_again["specifications"][0]["fields"] == {"value": "[xh]\\.?265|hevc"}


def test_a_webhook_notification_is_added_from_its_schema_form(reelarr: Served, page: Page) -> None:
    page.goto(f"{reelarr.url}/settings/notifications/new/Webhook")
    page.fill("#field-name", "Hook")
    page.fill("#field-url", "not a url")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.fill("#field-url", f"{reelarr.url}/ping")
    page.get_by_role("button", name="Test").click()
    expect(page.locator("#test-passed, #test-failed")).to_be_visible()


def test_wanted_lists_missing_movies_and_searches_the_selected(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Alien", 1979, False), ("Heat", 1995, True)])
    page.goto(f"{reelarr.url}/wanted/missing")
    expect(page.get_by_text("1 movies.")).to_be_visible()
    shoot(page, "wanted-missing-with-movie")
    page.get_by_label("Select Alien").check()
    page.get_by_role("button", name="Search selected").click()
    expect(page).to_have_url(f"{reelarr.url}/system/tasks")
    expect(page.locator("#commands tr.command", has_text="Movies Search").first).to_be_visible()


def test_a_movie_is_added_from_a_tmdb_search(
    reelarr: Served, tmdb: FakeTmdb, movies_root: Path, page: Page, shoot: Shoot
) -> None:
    page.goto(f"{reelarr.url}/add?term=matrix")
    expect(page.locator("#search-problem")).to_contain_text("TMDB")

    page.goto(f"{reelarr.url}/settings/metadata")
    page.fill("#field-tmdbApiKey", TMDB_KEY)
    page.fill("#field-tmdbBaseUrl", tmdb.api_url)
    page.fill("#field-imageBaseUrl", tmdb.image_url)
    page.click("main button[type=submit]")
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("#field-tmdbApiKey")).to_have_value("********")
    assert TMDB_KEY not in page.content()

    page.goto(f"{reelarr.url}/settings/rootfolders")
    page.fill("#root-folder-path", "relative/path")
    page.get_by_role("button", name="Add root folder").click()
    expect(page.get_by_role("alert")).to_contain_text("not an absolute path")
    page.fill("#root-folder-path", str(movies_root))
    page.get_by_role("button", name="Add root folder").click()
    expect(page.get_by_role("cell", name=str(movies_root))).to_be_visible()

    page.goto(f"{reelarr.url}/add")
    page.fill("#term", "The Matrix")
    expect(page.locator(".add-result").first).to_contain_text("The Matrix")
    shoot(page, "add-movie-results")
    page.get_by_role("button", name="Add The Matrix", exact=True).click()
    expect(page.locator("#movie-count")).to_have_text("1")
    expect(page.locator("tr.movie-row")).to_contain_text("The Matrix")
    shoot(page, "add-movie-added")


def test_interactive_search_shows_every_release_with_its_rejections_and_grab_says_why_it_failed(
    reelarr: Served, torznab: TorznabServer, page: Page, shoot: Shoot
) -> None:
    indexer = {
        "name": "Local Jackett",
        "implementation": "Torznab",
        "configContract": "TorznabSettings",
        "fields": [{"name": "baseUrl", "value": torznab.url}, {"name": "apiKey", "value": TORZNAB_KEY}],
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
    }
    created = page.request.post(
        f"{reelarr.url}/api/v3/indexer", data=indexer, headers={"X-Api-Key": reelarr.ctx.settings.api_key}
    )
    assert created.status == 201, created.text()
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("The Matrix", 1999, False)])

    page.goto(f"{reelarr.url}/")
    page.get_by_role("link", name="The Matrix").click()
    expect(page.get_by_role("heading", name="The Matrix")).to_be_visible()
    page.get_by_role("button", name="Interactive search").click()
    releases = page.locator("#release-table tr.release")
    expect(releases.first).to_be_visible()
    expect(page.locator("#release-table")).to_contain_text("The Matrix 1999 2160p UHD BluRay REMUX")
    expect(page.locator("ul.rejections").first).to_be_visible()
    shoot(page, "movie-interactive-search")

    page.locator("#release-table tr.release", has_text="The Matrix 1999").first.get_by_role(
        "button", name=re.compile("^Grab")
    ).click()
    expect(page.locator(".grab-result").first).not_to_be_empty()
    shoot(page, "movie-grab")


def test_a_backup_is_restored_from_the_backup_page_at_the_next_start(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    page.goto(f"{reelarr.url}/system/backup")
    page.get_by_role("button", name="Back up now").click()
    expect(page.locator("#commands tr.command[data-status=completed]", has_text="Backup")).to_be_visible()
    page.goto(f"{reelarr.url}/system/backup")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile(r"^Restore reelarr_backup_")).click()
    expect(page.get_by_role("status")).to_have_text("Restore staged: restart Reelarr to apply it.")
    shoot(page, "system-backup-restore-staged")
    assert (reelarr.ctx.settings.data_dir / "restore" / "reelarr.db").is_file()

    page.once("dialog", lambda dialog: dialog.accept())
    page.set_input_files(
        "#restore-file", files=[{"name": "x.zip", "mimeType": "application/zip", "buffer": b"no"}]
    )
    page.get_by_role("button", name="Upload and restore").click()
    expect(page.get_by_role("alert")).to_contain_text("This is not a backup zip")


def test_the_events_page_lists_what_happened_without_debug_detail(reelarr: Served, page: Page) -> None:
    page.goto(f"{reelarr.url}/system/events")
    expect(page.locator("tbody tr", has_text="Reelarr started")).to_have_count(1)
    expect(page.locator("tbody tr.level-debug")).to_have_count(0)
