"""50 clients at once against a 20,000-movie library: latency per kind of request, and errors.

Run: .venv/bin/python bench/load.py [--movies 20000] [--clients 50] [--seconds 60]

Generates the library as ``bench/library.py`` does (SQLite only so far), starts a real ``reelarr serve``
and runs ``--clients`` threads for ``--seconds``, each picking its next request at random from
a mix like a household's clients and browsers: the full list polled, single movies, the queue,
the calendar, wanted pages, movie edits, tag creation, and RssSync and RefreshMonitoredDownloads
commands. No pause between requests. Prints p50/p95 per kind and every error; no network beyond
127.0.0.1.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from library import API_KEY, _free_port, generate

Request = Callable[[httpx.Client, random.Random], httpx.Response]


def _edit(http: httpx.Client, rng: random.Random, movies: int) -> httpx.Response:
    movie_id = rng.randint(1, movies)
    movie = http.get(f"/api/v3/movie/{movie_id}").json()
    return http.put(f"/api/v3/movie/{movie_id}", json={**movie, "monitored": not movie["monitored"]})


def _mix(movies: int) -> list[tuple[str, int, Request]]:
    """(kind, weight, request)."""
    return [
        ("list", 2, lambda h, r: h.get("/api/v3/movie")),
        ("movie", 20, lambda h, r: h.get(f"/api/v3/movie/{r.randint(1, movies)}")),
        ("queue", 10, lambda h, r: h.get("/api/v3/queue")),
        (
            "calendar",
            10,
            lambda h, r: h.get("/api/v3/calendar", params={"start": "2024-01-01", "end": "2024-02-01"}),
        ),
        (
            "wanted",
            10,
            lambda h, r: h.get("/api/v3/wanted/cutoff", params={"pageSize": 50, "page": r.randint(1, 5)}),
        ),
        ("status", 10, lambda h, r: h.get("/api/v3/system/status")),
        ("edit", 5, lambda h, r: _edit(h, r, movies)),
        ("tag", 2, lambda h, r: h.post("/api/v3/tag", json={"label": f"t{r.getrandbits(40)}"})),
        ("rss", 1, lambda h, r: h.post("/api/v3/command", json={"name": "RssSync"})),
        ("downloads", 1, lambda h, r: h.post("/api/v3/command", json={"name": "RefreshMonitoredDownloads"})),
    ]


def _client(url: str, seed: int, until: float, mix: list[tuple[str, int, Request]], out: dict) -> None:
    rng = random.Random(seed)
    kinds = [kind for kind, weight, _ in mix for _ in range(weight)]
    requests = {kind: request for kind, _, request in mix}
    with httpx.Client(base_url=url, headers={"X-Api-Key": API_KEY}, timeout=60) as http:
        while time.monotonic() < until:
            kind = rng.choice(kinds)
            started = time.perf_counter()
            try:
                response = requests[kind](http, rng)
                ok = response.status_code < 400
                error = f"{response.status_code} {response.text[:120]}"
            except httpx.HTTPError as exc:
                ok, error = False, repr(exc)
            out["times"][kind].append((time.perf_counter() - started) * 1000)
            if not ok:
                out["errors"].append((kind, error))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--movies", type=int, default=20_000)
    options.add_argument("--clients", type=int, default=50)
    options.add_argument("--seconds", type=int, default=60)
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="reelarr-load-") as folder:
        data_dir = Path(folder)
        env = {**os.environ, "REELARR_API_KEY": API_KEY, "REELARR_LOG_LEVEL": "warning"}
        reelarr = [sys.executable, "-m", "reelarr"]
        subprocess.run(
            [*reelarr, "migrate", "--data-dir", folder], env=env, check=True, stdout=subprocess.DEVNULL
        )
        generate(data_dir / "reelarr.db", args.movies)
        port = _free_port()
        server = subprocess.Popen(
            [*reelarr, "serve", "--data-dir", folder, "--port", str(port)], env=env, stdout=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=url, headers={"X-Api-Key": API_KEY}, timeout=300) as http:
                for _ in range(300):
                    try:
                        if http.get("/ping").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.2)
                http.post("/api/v3/tag", json={"label": "bench"}).raise_for_status()
                http.get("/api/v3/movie").raise_for_status()  # the list's first build is not what is measured
            out: dict = {"times": collections.defaultdict(list), "errors": []}
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=_client, args=(url, n, until, _mix(args.movies), out))
                for n in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    total = sum(len(t) for t in out["times"].values())
    print(f"{args.clients} clients, {args.seconds} s, {args.movies:,} movies, SQLite")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{total} requests ({total / args.seconds:.0f}/s), {len(out['errors'])} errors")
    for kind, times in sorted(out["times"].items()):
        times.sort()
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
        print(f"  {kind:10} n={len(times):5}  p50 {p50:7.0f} ms  p95 {p95:7.0f} ms")
    for kind, error in out["errors"][:10]:
        print(f"  error: {kind}: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
