"""Does a flood of login attempts slow the API? And does the login throttle hold?

Run: .venv/bin/python bench/login.py [--clients 8] [--seconds 20]

Starts a real ``reelarr serve`` on a fresh data folder, creates its user through the set-up
page, then ``--clients`` threads post wrong passwords to ``/login`` as fast as they are
answered (each from its own loopback address; with ``--spread`` every attempt comes from a new
address for a new username, so no throttle steps in and every attempt is hashed) while one client reads
``/api/v3/system/status`` every 50 ms. Prints the API's latency without and with the flood,
and what the flood got back. No network beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from library import _free_port

TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def _status_latencies(url: str, key: str, stop: threading.Event) -> list[float]:
    found: list[float] = []
    with httpx.Client(headers={"X-Api-Key": key}, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get(f"{url}/api/v3/system/status").raise_for_status()
            found.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)
    return found


def _flood(url: str, n: int, spread: bool, stop: threading.Event, outcomes: collections.Counter[int]) -> None:
    """Wrong passwords as fast as they are answered; with ``spread``, every attempt from a new
    loopback address and for a new username, so no throttle ever steps in and every attempt is
    hashed: the worst case for the server's CPU."""
    attempt = 0
    while not stop.is_set():
        attempt += 1
        address = f"127.{n + 1}.{attempt // 250 % 250}.{attempt % 250 + 1}" if spread else f"127.0.0.{20 + n}"
        username = f"guess{n}-{attempt}" if spread else "admin"
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(transport=transport, timeout=60) as client:
            page = client.get(f"{url}/login")
            token = TOKEN.search(page.text)
            response = client.post(
                f"{url}/login",
                data={"username": username, "password": "wrong", "_csrf": token.group(1) if token else ""},
                headers={"Origin": url},
            )
            outcomes[response.status_code] += 1


def measure(url: str, key: str, seconds: float, clients: int, spread: bool) -> None:
    stop = threading.Event()
    quiet: list[float] = []
    thread = threading.Thread(target=lambda: quiet.extend(_status_latencies(url, key, stop)))
    thread.start()
    time.sleep(seconds / 2)
    stop.set()
    thread.join()

    stop = threading.Event()
    loaded: list[float] = []
    outcomes: collections.Counter[int] = collections.Counter()
    threads = [threading.Thread(target=_flood, args=(url, n, spread, stop, outcomes)) for n in range(clients)]
    reader = threading.Thread(target=lambda: loaded.extend(_status_latencies(url, key, stop)))
    for t in [*threads, reader]:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in [*threads, reader]:
        t.join()
    print(f"system/status alone:        p50 {statistics.median(quiet):6.1f} ms  p95 {_p95(quiet):6.1f} ms")
    print(f"system/status under flood:  p50 {statistics.median(loaded):6.1f} ms  p95 {_p95(loaded):6.1f} ms")
    print(f"login attempts answered:    {dict(sorted(outcomes.items()))} (401 wrong, 429 throttled)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--spread", action="store_true", help="a new address and username for every attempt (no throttle)"
    )
    args = parser.parse_args()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    reelarr = [sys.executable, "-m", "reelarr"]
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REELARR_")}
        server = subprocess.Popen(
            [*reelarr, "serve", "--data-dir", data, "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{url}/ping").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            key = re.search(r'"apiKey": "([0-9a-f]+)"', (Path(data) / "config.json").read_text())
            assert key
            with httpx.Client(timeout=30) as client:
                page = client.get(f"{url}/setup")
                token = TOKEN.search(page.text)
                assert token
                password = "a long secret"
                form = {"username": "admin", "password": password, "passwordConfirmation": password}
                created = client.post(f"{url}/setup", data={**form, "_csrf": token.group(1)})
                assert created.status_code == 303, created.text
            print(f"{args.clients} clients flooding /login for {args.seconds:.0f} s; {os.cpu_count()} cores")
            measure(url, key.group(1), args.seconds, args.clients, args.spread)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
