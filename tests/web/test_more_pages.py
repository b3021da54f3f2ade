"""Settings > Tags, Settings > Remote path mappings, System > Log files, and System > Status with
a download client that is down, driven in the browser as a user would."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from web_harness import Served, add_movies

Shoot = Callable[[Page, str], None]


def _api(page: Page, reelarr: Served, method: str, path: str, data: object = None) -> object:
    response = page.request.fetch(
        f"{reelarr.url}/api/v3{path}",
        method=method,
        data=data,
        headers={"X-Api-Key": reelarr.ctx.settings.api_key},
    )
    assert response.ok, response.text()
    return response.json()


def test_tags_are_listed_with_where_they_are_used_added_renamed_and_deleted(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, True), ("Alien", 1979, False)])
    page.goto(f"{reelarr.url}/settings/tags")
    expect(page.get_by_text("No tags yet.")).to_be_visible()
    page.fill("#tag-label", "4k")
    page.get_by_role("button", name="Add tag").click()
    expect(page.locator("tr.tag-row[data-tag='4k']")).to_contain_text("none")
    page.fill("#tag-label", "4K")
    page.get_by_role("button", name="Add tag").click()
    # The API answers an existing label with that tag (Radarr's behaviour): still one tag.
    expect(page.locator("tr.tag-row")).to_have_count(1)

    tag = _api(page, reelarr, "GET", "/tag")[0]  # type: ignore[index]
    movie = _api(page, reelarr, "GET", "/movie/1")
    _api(page, reelarr, "PUT", "/movie/1", {**movie, "tags": [tag["id"]]})  # type: ignore[dict-item]
    indexer = {
        "name": "Local Torznab",
        "implementation": "Torznab",
        "configContract": "TorznabSettings",
        "fields": [{"name": "baseUrl", "value": "http://127.0.0.1:9"}, {"name": "apiKey", "value": "k"}],
        "tags": [tag["id"]],  # type: ignore[index]
    }
    _api(page, reelarr, "POST", "/indexer?forceSave=true", indexer)
    page.reload()
    row = page.locator("tr.tag-row[data-tag='4k']")
    expect(row).to_contain_text("1 movie")
    expect(row).to_contain_text("Indexers: Local Torznab")
    shoot(page, "settings-tags")
    row.get_by_role("link", name="1 movie").click()
    expect(page.locator("tr.movie-row")).to_have_count(1)
    expect(page.locator("tr.movie-row")).to_contain_text("Heat")

    page.goto(f"{reelarr.url}/settings/tags")
    page.get_by_role("link", name="4k", exact=True).click()
    expect(page.locator("#tag-usage")).to_contain_text("Local Torznab")
    page.fill("#tag-label", "")
    page.fill("#tag-label", "uhd")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr.tag-row[data-tag='uhd']")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete uhd").click()
    expect(page.get_by_text("No tags yet.")).to_be_visible()
    assert _api(page, reelarr, "GET", "/movie/1")["tags"] == []  # type: ignore[index]


def test_remote_path_mappings_are_added_edited_refused_when_wrong_and_deleted(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    page.goto(f"{reelarr.url}/settings")
    page.get_by_role("link", name="Remote path mappings").first.click()
    expect(page.get_by_role("heading", name="Remote path mappings")).to_be_visible()
    page.fill("#mapping-host", "seedbox")
    page.fill("#mapping-remote", "/downloads")
    page.fill("#mapping-local", "relative/path")
    page.get_by_role("button", name="Add mapping").click()
    expect(page.get_by_role("alert")).to_contain_text("Local path must be an absolute path")
    expect(page.locator("#mapping-remote")).to_have_value("/downloads")
    page.fill("#mapping-local", "/mnt/seedbox")
    page.get_by_role("button", name="Add mapping").click()
    row = page.locator("tr.remote-path-mapping")
    expect(row).to_contain_text("/downloads/")
    expect(row).to_contain_text("/mnt/seedbox/")
    shoot(page, "settings-remote-path-mappings")

    page.get_by_role("link", name="Edit the mapping of seedbox /downloads/").click()
    expect(page.locator("#mapping-local")).to_have_value("/mnt/seedbox/")
    page.fill("#mapping-local", "/srv/seedbox")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr.remote-path-mapping")).to_contain_text("/srv/seedbox/")
    mappings = _api(page, reelarr, "GET", "/remotepathmapping")
    assert mappings == [
        {"id": 1, "host": "seedbox", "remotePath": "/downloads/", "localPath": "/srv/seedbox/"}
    ]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete the mapping of seedbox /downloads/").click()
    expect(page.get_by_text("No remote path mappings")).to_be_visible()
    assert _api(page, reelarr, "GET", "/remotepathmapping") == []


def test_log_files_are_listed_viewed_newest_first_and_downloaded(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    page.goto(f"{reelarr.url}/system/status")
    page.get_by_role("link", name="Log files").click()
    link = page.locator("tr.log-file a").first
    name = link.text_content() or ""
    assert name.startswith("reelarr")
    link.click()
    contents = page.locator("#log-file-contents")
    expect(contents).to_contain_text("Reelarr started")
    # Readable lines, not JSON.
    assert not (contents.text_content() or "").lstrip().startswith("{")
    shoot(page, "system-log-file")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download", exact=True).click()
    saved = download.value
    assert saved.suggested_filename == name
    assert "Reelarr started" in saved.path().read_text(encoding="utf-8")


def test_a_download_client_that_is_down_gives_a_health_message_for_people_on_a_page_that_fits(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    client = {
        "name": "Seedbox",
        "implementation": "QBittorrent",
        "configContract": "QBittorrentSettings",
        "enable": True,
        "protocol": "torrent",
        "priority": 1,
        "fields": [{"name": "host", "value": "127.0.0.1"}, {"name": "port", "value": 9}],
    }
    _api(page, reelarr, "POST", "/downloadclient?forceSave=true", client)
    page.goto(f"{reelarr.url}/settings/downloadclients")
    expect(page.locator("#providers")).to_contain_text("qBittorrent")
    expect(page.get_by_role("heading", name="Add a download client")).to_be_visible()
    page.goto(f"{reelarr.url}/settings/indexers")
    expect(page.get_by_role("heading", name="Add an indexer")).to_be_visible()

    _api(page, reelarr, "POST", "/command", {"name": "RefreshMonitoredDownloads"})
    message = re.compile(r"Unable to connect to qBittorrent: cannot reach 127\.0\.0\.1:9\.")
    for _ in range(20):
        _api(page, reelarr, "POST", "/command", {"name": "CheckHealth"})
        health = _api(page, reelarr, "GET", "/health")
        if any(message.search(issue["message"]) for issue in health):  # type: ignore[union-attr,index]
            break
        page.wait_for_timeout(500)
    page.goto(f"{reelarr.url}/system/status")
    expect(page.locator("#health")).to_contain_text(message)
    text = page.locator("#health").text_content() or ""
    assert "Error(" not in text and "MaxRetry" not in text and "Errno" not in text
    fits = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert fits, "the status page is wider than the window"
    # On a phone the health table still fits its column (the page's frame is the layout's).
    page.set_viewport_size({"width": 375, "height": 860})
    fits = page.evaluate(
        "document.querySelector('#health').scrollWidth <= document.querySelector('main').clientWidth"
    )
    assert fits, "the health messages are wider than a phone"
    shoot(page, "system-status-client-down")
