"""How long the web UI's Movies page takes to be interactive with a 20,000-movie library.

Run: .venv/bin/python bench/ui.py [--movies 20000] [--runs 5]

Generates the library with ``bench/library.py``'s generator (every movie with metadata, a file
and alternative titles), starts a real ``reelarr serve`` on it, and opens the Movies page in
Debian's chromium through Playwright. "Interactive" is the navigation timing's
``domContentLoadedEventEnd``: the HTML is parsed and the deferred htmx script has run, so
search, sort and paging answer. Each view is opened once cold, then ``--runs`` times warm;
the best and median warm figures are printed. No network beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

from library import API_KEY, _free_port, generate

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
LIMIT_MS = 1000
VIEWS = {
    "table, by title": "/",
    "table, by size, descending": "/?sort=size&direction=desc",
    "table, last page": "/?page=400",
    "posters": "/?view=posters",
    "search 'night'": "/?search=night",
    "missing, by year": "/?filter=missing&sort=year",
}


def interactive_ms(page: Page, url: str) -> float:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function("window.htmx !== undefined")
    value = page.evaluate(
        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
        " - performance.getEntriesByType('navigation')[0].startTime"
    )
    return float(value)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--movies", type=int, default=20_000)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="reelarr-bench-ui-") as folder:
        data_dir = Path(folder)
        env = {**os.environ, "REELARR_API_KEY": API_KEY, "REELARR_LOG_LEVEL": "warning"}
        reelarr = [sys.executable, "-m", "reelarr"]
        subprocess.run(
            [*reelarr, "migrate", "--data-dir", str(data_dir)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        generate(data_dir / "reelarr.db", args.movies)
        port = _free_port()
        server = subprocess.Popen(
            [*reelarr, "serve", "--data-dir", str(data_dir), "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            return _measure(f"http://127.0.0.1:{port}", args)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _measure(url: str, args: argparse.Namespace) -> int:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/ping").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("reelarr did not start")
        time.sleep(0.2)
    print(f"platform: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"Movies page with {args.movies:,} movies, time to interactive (ms):")
    worst_best = 0.0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        count = page.goto(url) and page.locator("#movie-count").inner_text()
        assert count == f"{args.movies}", f"the page shows {count} movies"
        for name, path in VIEWS.items():
            cold = interactive_ms(page, f"{url}{path}")
            warm = [interactive_ms(page, f"{url}{path}") for _ in range(args.runs)]
            worst_best = max(worst_best, min(warm))
            print(
                f"  {name:28s} cold {cold:6.0f}   warm best {min(warm):5.0f}, "
                f"median {statistics.median(warm):5.0f}"
            )
        browser.close()
    within = worst_best < LIMIT_MS
    print(f"every view interactive in under {LIMIT_MS} ms: {'yes' if within else 'NO'}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
