"""Import-list sync: 10 lists x 500 movies against a 20,000-movie library, cleaning included.

Run: .venv/bin/python bench/import_lists.py [--movies 20000] [--lists 10] [--per-list 500]

Generates the library as ``bench/library.py`` does, in a fresh SQLite database, and serves
the lists from a local HTTP server in Custom Lists' shape (TMDB results). Every listed
movie is already in the library or excluded, so no TMDB lookups are made: what is timed is
reading the lists over HTTP, matching them against the library and the exclusions, storing
what each list offered, and cleaning the library by ``keepAndUnmonitor``. The first run
unmonitors every movie no list offers (about 15,000); the second finds nothing left to change.
The script exits non-zero when either run takes 10 s or more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import func, insert, select

from library import generate
from reelarr import config
from reelarr import settings as settings_store
from reelarr.app import running
from reelarr.import_lists import sync
from reelarr.models import ImportExclusion, Movie, ProviderDefinition

LIMIT_SECONDS = 10.0


def list_server(lists: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    """Serve each list's JSON at ``/list/{n}.json`` on a free loopback port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = lists.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


async def bench(data_dir: Path, args: argparse.Namespace) -> int:
    # Lists overlap by half: list n offers movies [n*250, n*250+500) of the library's TMDB ids
    # (100,001 up), and each list's last 10 are excluded instead of in the library.
    lists: dict[str, bytes] = {}
    excluded: list[int] = []
    for n in range(args.lists):
        ids = [100_001 + n * args.per_list // 2 + i for i in range(args.per_list)]
        excluded += ids[-10:]
        items = [
            {"id": i, "title": f"Movie {i}", "release_date": "2001-01-01", "media_type": "movie"} for i in ids
        ]
        lists[f"/list/{n}.json"] = json.dumps(items).encode()
    server, url = list_server(lists)
    settings = config.load(data_dir, {"log_level": "warning"})
    try:
        async with running(settings, scheduler_tick_seconds=3600) as ctx:
            async with ctx.db.write() as uow:
                await uow.session.execute(
                    insert(ImportExclusion),
                    [{"tmdb_id": i, "movie_title": f"Movie {i}"} for i in set(excluded)],
                )
                for n in range(args.lists):
                    uow.session.add(
                        ProviderDefinition(
                            kind="importlist",
                            name=f"List {n}",
                            implementation="RadarrListImport",
                            config_contract="RadarrListSettings",
                            settings={"url": f"{url}/list/{n}.json"},
                            options={"enabled": True, "enableAuto": True, "qualityProfileId": 1},
                        )
                    )
                await settings_store.save(
                    uow.session, sync.ImportListConfig(list_sync_level="keepAndUnmonitor")
                )
            failed = 0
            for label in ("first run (cleans)", "second run (nothing to change)"):
                started = time.perf_counter()
                report = await sync.sync(ctx, force=True)
                elapsed = time.perf_counter() - started
                async with ctx.db.read() as session:
                    monitored = await session.scalar(select(func.count()).where(Movie.monitored.is_(True)))
                print(
                    f"{label}: {elapsed:.2f}s; {report.fetched} lists read, {len(report.added)} added, "
                    f"{report.cleaned} unmonitored, {monitored:,} still monitored"
                )
                failed += elapsed >= LIMIT_SECONDS or report.fetched != args.lists
            return 1 if failed else 0
    finally:
        server.shutdown()


def main() -> int:
    options = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    options.add_argument("--movies", type=int, default=20_000)
    options.add_argument("--lists", type=int, default=10)
    options.add_argument("--per-list", type=int, default=500)
    args = options.parse_args()
    system = f"{platform.system()} {platform.machine()}"
    print(f"Python {platform.python_version()} on {system}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="reelarr-bench-") as folder:
        data_dir = Path(folder)
        subprocess.run(
            [sys.executable, "-m", "reelarr", "migrate", "--data-dir", str(data_dir)],
            env={**os.environ, "REELARR_LOG_LEVEL": "warning"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        generate(data_dir / "reelarr.db", args.movies)
        return asyncio.run(bench(data_dir, args))


if __name__ == "__main__":
    sys.exit(main())
