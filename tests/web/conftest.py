"""Browser tests: Reelarr served by uvicorn on 127.0.0.1, driven by Debian's chromium through Playwright.

Every test may call ``shoot(page, name)`` to keep a screenshot in ``test-artifacts/screenshots/``
for a reviewer. A local Torznab server stands in for an indexer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from local_server import free_port

# The real download-client daemons live with the adapter tests; the queue test drives one of them.
sys.path.insert(0, str(Path(__file__).parents[1] / "download_clients"))

from daemons import Daemon, qbittorrent
from playwright.sync_api import Browser, Page, sync_playwright
from web_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    Served,
    TorznabServer,
    serve_in_thread,
    sign_up,
    torznab_app,
)

from reelarr import config
from reelarr.app import create_app


@pytest.fixture
def reelarr(data_dir: Path) -> Iterator[Served]:
    settings = config.load(data_dir)
    app = create_app(settings, scheduler_tick_seconds=3600)
    port = free_port()
    stop = serve_in_thread(app, port)
    try:
        yield Served(f"http://127.0.0.1:{port}", app)
    finally:
        stop()


# Module-scoped, not session-scoped: Playwright's sync API keeps an asyncio loop running in the
# thread while it is open, and the other suites' tests that start their own loop (asyncio.run,
# async tests) would fail if they ran after a web test in the same worker.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_visitor(browser: Browser) -> Iterator[Page]:
    """A browser that has never been to Reelarr: no user exists yet, nobody is signed in."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(reelarr: Served, new_visitor: Page) -> Page:
    """A browser signed in as the user it created on the set-up page, as a new user would."""
    sign_up(new_visitor, reelarr.url)
    return new_visitor


@pytest.fixture
def shoot() -> Callable[[Page, str], None]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def torznab() -> Iterator[TorznabServer]:
    requests: list[dict[str, str]] = []
    port = free_port()
    stop = serve_in_thread(torznab_app(requests), port)
    try:
        yield TorznabServer(f"http://127.0.0.1:{port}", requests)
    finally:
        stop()


@pytest.fixture(scope="module")
def qbittorrent_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    """A real qBittorrent for the queue's live progress, peers on its own loopback address."""
    daemon = qbittorrent(tmp_path_factory.mktemp("qbittorrent"), peer_address="127.0.0.12").start()
    try:
        yield daemon
    finally:
        daemon.stop()
