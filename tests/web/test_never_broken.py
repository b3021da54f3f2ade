"""Never broken: every link a signed-in user can follow, and every bad address or id they could
type, gives a page in the app's layout (no JSON, no bare text, no 500); posters are never
broken images; the icons exist."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import APIResponse, Page, expect
from web_harness import Served, add_movies

from fake_tmdb import API_KEY as TMDB_KEY
from fake_tmdb import FakeTmdb

Shoot = Callable[[Page, str], None]

# Addresses a user could type or keep in a bookmark that lead nowhere.
BAD_ADDRESSES = [
    "/nonexistent",
    "/movie/abc",
    "/movie/999999",
    "/movie/99999999999999999999999",
    "/movie/-1",
    "/movie/1/nonexistent",
    "/settings/indexers/new/Bogus",
    "/settings/indexers/999",
    "/settings/indexers/abc",
    "/settings/downloadclients/999",
    "/settings/downloadclients/new/Bogus",
    "/settings/notifications/999",
    "/settings/importlists/999",
    "/settings/importlists/new/Bogus",
    "/settings/profiles/quality/999",
    "/settings/profiles/quality/abc",
    "/settings/profiles/delay/999",
    "/settings/profiles/release/999",
    "/settings/customformats/999/export",
    "/settings/nonexistent",
    "/settings/tags/999",
    "/settings/remotepathmappings/999",
    "/system/nonexistent",
    "/system/backup/manual/nothing.zip",
    "/system/logfiles/nothing.txt",
    "/system/logfiles/..%2Freelarr.db",
    "/activity/nonexistent",
    "/calendar/nonexistent",
    "/wanted/nonexistent",
]
# State-changing forms posted at ids that do not exist.
BAD_POSTS = [
    "/movie/999999/delete",
    "/movie/abc/edit",
    "/settings/rootfolders/999/delete",
    "/settings/indexers/999/delete",
    "/settings/customformats/999/delete",
    "/settings/profiles/quality/999/delete",
    "/settings/tags/999/delete",
    "/settings/remotepathmappings/999/delete",
]
# Links that start a download rather than show a page.
DOWNLOAD_FOLDERS, DOWNLOAD_ENDINGS = ("/system/backup/",), ("/download", "/export")
MAX_PAGES = 400
MAX_VARIANTS_PER_PATH = 4


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def internal_links(html: str, page_url: str, site: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.found:
        target = urldefrag(href if href.startswith("http") else _joined(page_url, href))[0]
        if target.startswith(site + "/"):
            links.append(target)
    return links


def _joined(page_url: str, href: str) -> str:
    parts = urlsplit(page_url)
    if href.startswith("#"):
        return page_url
    if href.startswith("/"):
        return f"{parts.scheme}://{parts.netloc}{href}"
    if href.startswith("?"):
        return f"{parts.scheme}://{parts.netloc}{parts.path}{href}"
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/{href}"


def assert_styled_page(response: APIResponse, what: str) -> str:
    """The answer is an HTML page in the app's layout; returns its text."""
    assert response.status < 500, f"{what}: {response.status}"
    assert response.headers.get("content-type", "").startswith("text/html"), f"{what}: not HTML"
    html = response.text()
    assert '<main id="main"' in html and "/static/app.css" in html, f"{what}: not in the app's layout"
    return html


def test_every_link_a_signed_in_user_can_follow_gives_a_page_in_the_layout(
    reelarr: Served, page: Page
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, True), ("Alien", 1979, False)])
    site = reelarr.url
    queue, seen, variants = [f"{site}/"], {f"{site}/"}, {}
    found_on = {f"{site}/": "the start"}
    visited = 0
    while queue and visited < MAX_PAGES:
        link = queue.pop(0)
        visited += 1
        response = page.request.get(link)
        path = urlsplit(link).path
        if (path.startswith(DOWNLOAD_FOLDERS) or path.endswith(DOWNLOAD_ENDINGS)) and response.ok:
            assert "attachment" in response.headers.get("content-disposition", ""), link
            continue
        assert response.ok, f"{link} (linked from {found_on[link]}): {response.status}"
        html = assert_styled_page(response, link)
        for found in internal_links(html, response.url, site):
            path = urlsplit(found).path
            if found in seen or path.startswith(("/static/", "/stream/")):
                continue
            variants[path] = variants.get(path, 0) + 1
            if variants[path] > MAX_VARIANTS_PER_PATH:
                continue
            seen.add(found)
            found_on[found] = link
            queue.append(found)
    # The crawl reached the library, a movie, settings and system pages, not only the start.
    paths = {urlsplit(link).path for link in seen}
    assert {"/movie/1", "/settings/indexers", "/settings/tags", "/system/status", "/wanted/missing"} <= paths
    assert visited > 40


def test_every_bad_address_or_id_gives_a_page_that_says_so_and_links_back(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, True)])
    for path in BAD_ADDRESSES:
        response = page.request.get(f"{reelarr.url}{path}")
        assert response.status in (400, 404), f"{path}: {response.status}"
        html = assert_styled_page(response, path)
        assert 'id="page-error"' in html and 'id="error-back"' in html, path
    csrf = page.goto(f"{reelarr.url}/") and page.locator("meta[name=csrf-token]").get_attribute("content")
    for path in BAD_POSTS:
        response = page.request.post(f"{reelarr.url}{path}", headers={"X-CSRF-Token": csrf or ""})
        assert response.status in (400, 404), f"{path}: {response.status}"
        assert 'id="page-error"' in assert_styled_page(response, path), path

    page.goto(f"{reelarr.url}/movie/abc")
    expect(page.locator("#page-error")).to_contain_text("There is no page at /movie/abc")
    shoot(page, "error-bad-movie-id")
    page.goto(f"{reelarr.url}/settings/indexers/new/Bogus")
    expect(page.locator("#page-error")).to_contain_text("There is no indexer type called “Bogus”")
    page.get_by_role("link", name="Back to Indexers").click()
    expect(page.get_by_role("heading", name="Indexers")).to_be_visible()
    page.goto(f"{reelarr.url}/movie/999999")
    expect(page.locator("#page-error")).to_contain_text("999999 does not exist")
    page.get_by_role("link", name="Back to Movies").click()
    expect(page.locator("tr.movie-row")).to_have_count(1)
    page.goto(f"{reelarr.url}/nonexistent")
    expect(page.locator("#page-error")).to_contain_text("There is no page at /nonexistent")
    shoot(page, "error-no-such-page")

    # The API keeps Radarr's shapes: JSON for a missing movie, plain text for no such route.
    key = {"X-Api-Key": reelarr.ctx.settings.api_key}
    missing = page.request.get(f"{reelarr.url}/api/v3/movie/999999", headers=key)
    assert missing.status == 404 and missing.json() == {"message": "Movie with ID 999999 does not exist"}
    nowhere = page.request.get(f"{reelarr.url}/api/system/status", headers=key)
    assert nowhere.status == 404 and nowhere.text() == "Not Found"


def test_the_favicon_and_app_icons_are_served_and_linked(reelarr: Served, new_visitor: Page) -> None:
    # The browser asks for them before anyone signs in.
    favicon = new_visitor.request.get(f"{reelarr.url}/favicon.ico", timeout=30_000)
    assert favicon.status == 200 and favicon.body()[:4] == b"\x00\x00\x01\x00"
    assert favicon.body()[22:30] == b"\x89PNG\r\n\x1a\n"
    png = new_visitor.request.get(f"{reelarr.url}/static/icon-192.png")
    assert png.status == 200 and png.headers["content-type"] == "image/png"
    assert int.from_bytes(png.body()[16:20], "big") == 192
    svg = new_visitor.request.get(f"{reelarr.url}/static/icon.svg")
    assert svg.status == 200 and svg.text().startswith("<svg")
    new_visitor.goto(f"{reelarr.url}/login")
    for rel in ("icon", "apple-touch-icon"):
        href = new_visitor.locator(f"link[rel={rel}]").get_attribute("href")
        assert href and new_visitor.request.get(f"{reelarr.url}{href}").ok


def _broken_images(page: Page) -> list[str]:
    page.evaluate(
        """() => Promise.all([...document.images].filter(img => !img.complete).map(
            img => new Promise(done => {
                img.addEventListener("load", done);
                img.addEventListener("error", done);
            })
        ))"""
    )
    broken: list[str] = page.evaluate(
        "[...document.images].filter(img => img.naturalWidth === 0).map(img => img.src)"
    )
    return broken


def test_posters_are_never_broken_right_after_adding_and_in_search_results(
    reelarr: Served, tmdb: FakeTmdb, movies_root: Path, page: Page, shoot: Shoot
) -> None:
    key = {"X-Api-Key": reelarr.ctx.settings.api_key}
    # TMDB's image host is not allowed yet: every poster is the placeholder with the title.
    settings = {"tmdbApiKey": TMDB_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url}
    assert page.request.put(f"{reelarr.url}/api/v3/config/metadata", data=settings, headers=key).status == 202
    root = page.request.post(f"{reelarr.url}/api/v3/rootfolder", data={"path": str(movies_root)}, headers=key)
    assert root.status == 201

    page.goto(f"{reelarr.url}/add")
    page.fill("#term", "The Matrix")
    expect(page.locator(".add-result").first).to_contain_text("The Matrix")
    expect(page.locator(".add-result img.result-poster").first).to_be_visible()
    assert _broken_images(page) == []
    first_poster = page.locator(".add-result img.result-poster").first.get_attribute("src") or ""
    placeholder = page.request.get(f"{reelarr.url}{first_poster}")
    assert placeholder.headers["content-type"].startswith("image/svg+xml")
    assert "The Matrix" in placeholder.text()
    page.get_by_role("button", name="Add The Matrix", exact=True).click()
    expect(page.locator("#movie-count")).to_have_text("1")
    page.goto(f"{reelarr.url}/?view=posters")
    expect(page.locator(".poster img")).to_have_count(1)
    assert _broken_images(page) == []
    shoot(page, "movies-posters-placeholder")
    page.goto(f"{reelarr.url}/movie/1")
    assert _broken_images(page) == []

    # With TMDB's image host allowed, the real posters come from the local cache.
    hosts = {**settings, "imageHosts": [tmdb.image_host]}
    assert page.request.put(f"{reelarr.url}/api/v3/config/metadata", data=hosts, headers=key).status == 202
    page.goto(f"{reelarr.url}/add?term=Inception")
    expect(page.locator(".add-result").first).to_contain_text("Inception")
    assert _broken_images(page) == []
    src = page.locator(".add-result img.result-poster").first.get_attribute("src") or ""
    assert page.request.get(f"{reelarr.url}{src}").headers["content-type"].startswith("image/jpeg")
    shoot(page, "add-movie-results-with-posters")
