"""A folder scan runs in a thread within bounds: ``/ping`` stays fast while manual import looks
at ``/``, and a scan cut short says so."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx

from local_server import serving
from reelarr import config
from reelarr.api.manualimport import SCAN_NOTE_HEADER
from reelarr.app import create_app
from reelarr.importing import find_video_files


def _tree(root: Path, depth: int) -> Path:
    folder = root
    for level in range(depth):
        folder = folder / f"level {level}"
        folder.mkdir()
        (folder / f"Movie.{level}.2020.1080p.mkv").write_bytes(b"x")
    return folder


def test_a_scan_within_its_bounds_finds_every_video_and_has_no_note(tmp_path: Path) -> None:
    _tree(tmp_path, 4)
    scan = find_video_files(tmp_path, max_depth=6)
    assert len(scan.tasks) == 4 and scan.note is None


def test_a_scan_stops_at_its_depth_and_says_so(tmp_path: Path) -> None:
    _tree(tmp_path, 5)
    scan = find_video_files(tmp_path, max_depth=2)
    assert [t.path.name for t in scan.tasks] == ["Movie.0.2020.1080p.mkv", "Movie.1.2020.1080p.mkv"]
    assert scan.note == "Folders more than 2 levels down were not looked at"


def test_a_scan_stops_after_its_entry_count_and_says_so(tmp_path: Path) -> None:
    for n in range(30):
        (tmp_path / f"Movie.{n}.2020.mkv").write_bytes(b"x")
    scan = find_video_files(tmp_path, max_entries=10)
    assert scan.note is not None and "Stopped after 10 files and folders" in scan.note
    assert len(scan.tasks) == 30  # the folder that crossed the bound is listed whole


def test_a_scan_stops_after_its_time_and_says_so(tmp_path: Path) -> None:
    _tree(tmp_path, 3)
    scan = find_video_files(tmp_path, max_seconds=0)
    assert scan.note == "Stopped after 0 seconds: choose a smaller folder"
    assert scan.tasks == []  # the top folder holds no video, and the scan stopped after it


def test_manual_import_of_the_whole_file_system_leaves_ping_fast(tmp_path: Path) -> None:
    settings = config.load(tmp_path / "data", {})
    app = create_app(settings, scheduler_tick_seconds=3600)
    with serving(app) as url:
        outcome: dict[str, httpx.Response] = {}

        def scan() -> None:
            outcome["response"] = httpx.get(
                f"{url}/api/v3/manualimport",
                params={"folder": "/"},
                headers={"X-Api-Key": settings.api_key},
                timeout=300,
            )

        with httpx.Client(base_url=url, timeout=10) as pinger:

            def ping() -> float:
                started = time.perf_counter()
                assert pinger.get("/ping").status_code == 200
                time.sleep(0.01)
                return time.perf_counter() - started - 0.01

            for _ in range(10):  # the start-up's own work settles first
                pinger.get("/ping", timeout=60)
            # This machine's own /ping time, which the scan must not add more than 100 ms to.
            baseline = [ping() for _ in range(50)]
            scanner = threading.Thread(target=scan)
            scanner.start()
            latencies = []
            while scanner.is_alive():
                latencies.append(ping())
            scanner.join()

    response = outcome["response"]
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), list)
    assert SCAN_NOTE_HEADER in response.headers  # "/" is bigger than any bound
    assert len(latencies) >= 5, f"the scan ended before /ping could be measured during it: {latencies}"
    ms = [round(statistics.quantiles(x, n=20)[-1] * 1000) for x in (baseline, latencies)]
    print(f"/ping p95 {ms[0]} ms alone, {ms[1]} ms during the scan ({len(latencies)} pings)")
    assert ms[1] - ms[0] < 100, f"/ping p95 went from {ms[0]} ms to {ms[1]} ms during the scan"
