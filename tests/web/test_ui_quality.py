"""The quality bar every page must hold, at a phone's width and a desktop's, with an empty and
with a populated library: no sideways scrolling, no broken image, no console error, and no
serious or critical accessibility violation as axe-core finds them.

axe-core is the npm package (a devDependency, installed by scripts/install.sh); its script is
evaluated in the page through Playwright, which the page's Content-Security-Policy does not block.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page
from sqlalchemy import create_engine, update
from test_pages import PAGES
from web_harness import Served, add_movies, sign_up

from reelarr.models import MovieMetadata

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": 375, "desktop": 1400}
# Pages about one movie exist only once the library holds it.
NEEDS_A_MOVIE = {name for name, path in PAGES.items() if path.startswith("/movie/")}

Shoot = Callable[[Page, str], None]


def _poster_jpeg(path: Path) -> None:
    """A real JPEG poster, as the cover cache holds after a fetch."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=250x375",
            "-frames:v",
            "1",
            str(path),
        ],
        check=True,
    )


def _populate(reelarr: Served, page: Page, tmp_path: Path) -> None:
    """Movies with and without files and cached posters, a root folder holding them."""
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    titles = [
        ("Heat", 1995, True),
        ("Alien", 1979, False),
        ("The Good, the Bad and the Ugly: an extremely long extended title", 1966, True),
    ]
    add_movies(database, titles)
    engine = create_engine(f"sqlite:///{database}")
    poster = [{"coverType": "poster", "remoteUrl": "http://127.0.0.1:9/poster.jpg"}]
    with engine.begin() as connection:
        connection.execute(update(MovieMetadata.__table__).values(images=poster))  # type: ignore[arg-type]
    engine.dispose()
    covers = Path(reelarr.ctx.settings.media_cover_dir)
    for movie_id in range(1, len(titles) + 1):
        for size in ("poster-250.jpg", "poster-500.jpg", "poster.jpg"):
            _poster_jpeg(covers / str(movie_id) / size)
    root = tmp_path / "movies"
    root.mkdir()
    response = page.request.post(
        f"{reelarr.url}/api/v3/rootfolder",
        data={"path": str(root)},
        headers={"X-Api-Key": reelarr.ctx.settings.api_key},
    )
    assert response.ok, response.text()


def _axe_problems(page: Page) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results: dict[str, Any] = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))}; }"
    )
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:3])}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _layout_problems(page: Page) -> list[str]:
    found: dict[str, Any] = page.evaluate(
        """() => {
          const root = document.documentElement;
          const main = document.querySelector('main');
          const broken = [...document.images]
            .filter(img => img.naturalWidth === 0).map(img => img.getAttribute('src'));
          return {
            page: [root.scrollWidth, root.clientWidth],
            main: main ? [main.scrollWidth, main.clientWidth] : [0, 0],
            broken,
          };
        }"""
    )
    problems = []
    if found["page"][0] > found["page"][1]:
        problems.append(f"the page is {found['page'][0]} px wide in a {found['page'][1]} px window")
    if found["main"][0] > found["main"][1]:
        problems.append(f"the content is {found['main'][0]} px wide in {found['main'][1]} px")
    problems += [f"broken image {src}" for src in found["broken"]]
    return problems


def _load_every_image(page: Page) -> None:
    """Lazy images load once scrolled to; the check must see them loaded, not skipped."""
    page.evaluate(
        "() => document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')"
    )
    page.wait_for_function("() => [...document.images].every(img => img.complete)")


@pytest.fixture
def console_errors(page: Page) -> Iterator[list[str]]:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    yield errors


@pytest.mark.parametrize("library", ["empty", "populated"])
@pytest.mark.parametrize("width", list(WIDTHS), ids=list(WIDTHS))
def test_every_page_holds_the_quality_bar(
    reelarr: Served,
    page: Page,
    console_errors: list[str],
    shoot: Shoot,
    tmp_path: Path,
    width: str,
    library: str,
) -> None:
    if library == "populated":
        _populate(reelarr, page, tmp_path)
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    failures: dict[str, list[str]] = {}
    for name, path in PAGES.items():
        if library == "empty" and name in NEEDS_A_MOVIE:
            continue
        console_errors.clear()
        response = page.goto(f"{reelarr.url}{path}")
        assert response is not None and response.status == 200, path
        _load_every_image(page)
        problems = _layout_problems(page) + _axe_problems(page)
        page.wait_for_timeout(50)  # a request the page made late still reports its failure
        problems += console_errors
        if problems:
            failures[path] = problems
        shoot(page, f"{name}-{library}-{width}")
    assert failures == {}, json.dumps(failures, indent=1)


@pytest.mark.parametrize("width", list(WIDTHS), ids=list(WIDTHS))
def test_the_set_up_and_login_pages_hold_the_quality_bar(
    reelarr: Served, browser: Browser, shoot: Shoot, width: str
) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    visitor = context.new_page()
    errors: list[str] = []
    visitor.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    # The favicon comes with the uipages branch; until it is merged Chromium's own request for it
    # is the one 404 this test lets pass, named by its URL.
    visitor.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    try:
        failures = {}
        visitor.goto(f"{reelarr.url}/setup")
        failures["/setup"] = _layout_problems(visitor) + _axe_problems(visitor)
        shoot(visitor, f"setup-{width}")
        sign_up(visitor, reelarr.url)
        visitor.get_by_role("button", name="Log out").click()
        visitor.wait_for_url(f"{reelarr.url}/login**")
        failures["/login"] = _layout_problems(visitor) + _axe_problems(visitor)
        shoot(visitor, f"login-{width}")
        assert {path: found for path, found in failures.items() if found} == {}
        assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    finally:
        context.close()


def test_the_sidebar_folds_away_on_a_phone_and_opens_from_the_menu_button(
    reelarr: Served, page: Page
) -> None:
    page.set_viewport_size({"width": 360, "height": 760})
    page.goto(f"{reelarr.url}/settings/naming")
    sidebar = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    assert not sidebar.is_visible()
    menu.click()
    page.wait_for_function(
        "() => getComputedStyle(document.getElementById('sidebar')).visibility === 'visible'"
    )
    assert menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    # The settings sections stay one tap away on the page itself.
    naming = page.get_by_role("navigation", name="Naming sections").get_by_role("link", name="Naming")
    assert naming.get_attribute("aria-current") == "page"
