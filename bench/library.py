"""The full movie list of a 20,000-movie library: time of ``GET /api/v3/movie`` and memory.

Run: .venv/bin/python bench/library.py [--movies 20000] [--runs 7] [--cycles 100]

Generates a library directly in a fresh SQLite database (every movie with a file, field sizes
like a real library's: overviews, covers, ratings, two alternative titles, a media-info block),
starts a real ``reelarr serve`` on it, and times the endpoint through HTTP: the first request
(cold), then the best of several (warm). Reports the resident memory of the server afterwards
and its peak (VmHWM). No network beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from sqlalchemy import create_engine, insert

from reelarr.models import AlternativeTitle, Movie, MovieFile, MovieMetadata, MovieVersion

API_KEY = "benchbenchbenchbenchbenchbench12"
LIMIT_MS = 400
LIMIT_MB = 200
WORDS = ("night", "star", "return", "dark", "city", "last", "world", "house", "love", "blood", "king")
WORDS += ("man", "woman", "war", "story", "girl", "dead", "life", "secret", "game", "time", "lost")
WORDS += ("black", "shadow", "iron", "wild", "fire", "storm", "moon", "river", "dream")
GENRES = (
    "Action",
    "Adventure",
    "Comedy",
    "Crime",
    "Drama",
    "Fantasy",
    "Horror",
    "Science Fiction",
    "Thriller",
)
GROUPS = ("SPARKS", "FGT", "NTb", "RARBG", "FLUX", "CMRG", "playBD", "TEPES", "EVO")


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 4)))


def _media_info(rng: random.Random) -> dict[str, Any]:
    return {
        "audioBitrate": rng.choice((640000, 1509000, 768000)),
        "audioChannels": rng.choice((2, 5.1, 7.1)),
        "audioCodec": rng.choice(("AC3", "DTS", "EAC3", "TrueHD Atmos")),
        "audioLanguages": "eng/fre",
        "audioStreamCount": 2,
        "videoBitDepth": 8,
        "videoBitrate": rng.randint(4_000_000, 30_000_000),
        "videoCodec": rng.choice(("x264", "x265", "h264")),
        "videoDynamicRangeType": "",
        "videoFps": 23.976,
        "resolution": "1920x800",
        "runTime": f"02:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        "scanType": "Progressive",
        "subtitles": "eng/fre/ger/spa",
    }


def generate(database: Path, count: int) -> None:
    """Write ``count`` movies, each with metadata, a default version, a file and two alternative titles."""
    rng = random.Random(20_000)
    engine = create_engine(f"sqlite:///{database}")
    epoch = dt.datetime(1950, 1, 1, tzinfo=dt.UTC)
    metadata_rows, movie_rows, version_rows, file_rows, title_rows = [], [], [], [], []
    for n in range(1, count + 1):
        title = f"{_title(rng)} {n}"
        cinemas = epoch + dt.timedelta(days=rng.randint(0, 27_000))
        metadata_rows.append(
            {
                "id": n,
                "tmdb_id": 100_000 + n,
                "imdb_id": f"tt{1_000_000 + n}",
                "title": title,
                "clean_title": title.lower().replace(" ", ""),
                "sort_title": title.lower(),
                "original_title": title,
                "original_language": 1,
                "year": cinemas.year,
                "status": "released",
                "overview": " ".join(rng.choice(WORDS) for _ in range(55)),
                "in_cinemas": cinemas,
                "physical_release": cinemas + dt.timedelta(days=120),
                "digital_release": cinemas + dt.timedelta(days=100) if n % 2 else None,
                "runtime": rng.randint(80, 180),
                "certification": rng.choice(("G", "PG", "PG-13", "R")),
                "website": f"https://www.example-studio.com/movies/{n}",
                "youtube_trailer_id": f"{n:011d}",
                "studio": f"{rng.choice(WORDS).capitalize()} Pictures",
                "genres": rng.sample(GENRES, 3),
                "keywords": rng.sample(WORDS, 5),
                "ratings": {
                    "imdb": {"votes": rng.randint(100, 900_000), "value": 7.1, "type": "user"},
                    "tmdb": {"votes": rng.randint(100, 30_000), "value": 6.8, "type": "user"},
                },
                "images": [
                    {
                        "coverType": "poster",
                        "remoteUrl": f"https://image.tmdb.org/t/p/original/p{n:08d}abc.jpg",
                    },
                    {
                        "coverType": "fanart",
                        "remoteUrl": f"https://image.tmdb.org/t/p/original/f{n:08d}abc.jpg",
                    },
                ],
                "popularity": rng.random() * 100,
                "collection_tmdb_id": 5000 + n // 4 if n % 5 == 0 else None,
                "collection_title": f"{title} Collection" if n % 5 == 0 else None,
                "recommendations": [],
                "last_info_sync": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            }
        )
        folder = f"/movies/{title} ({cinemas.year})"
        movie_rows.append(
            {
                "id": n,
                "movie_metadata_id": n,
                "path": folder,
                "monitored": n % 7 != 0,
                "minimum_availability": "released",
                "tags": [1] if n % 3 == 0 else [],
                "add_options": {"searchForMovie": False, "monitor": "movieOnly"},
                "added": dt.datetime(2023, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
            }
        )
        version_rows.append({"id": n, "movie_id": n, "name": "", "is_default": True, "quality_profile_id": 1})
        group = rng.choice(GROUPS)
        release = f"{title.replace(' ', '.')}.{cinemas.year}.1080p.BluRay.x264-{group}"
        file_rows.append(
            {
                "id": n,
                "movie_id": n,
                "version_id": n,
                "relative_path": f"{title} ({cinemas.year}) Bluray-1080p.mkv",
                "original_file_path": f"{release}/{release}.mkv",
                "size": rng.randint(4, 40) * 1_000_000_000,
                "date_added": dt.datetime(2023, 6, 1, tzinfo=dt.UTC),
                "scene_name": release,
                "release_group": group,
                "edition": "",
                "quality": {
                    "quality": {
                        "id": 7,
                        "name": "Bluray-1080p",
                        "source": "bluray",
                        "resolution": 1080,
                        "modifier": "none",
                    },
                    "revision": {"version": 1, "real": 0, "isRepack": False},
                },
                "languages": [1],
                "media_info": _media_info(rng),
                "indexer_flags": 0,
                "custom_format_score": 0,
            }
        )
        for alternative in (f"{title} Redux", f"{_title(rng)} {n}"):
            title_rows.append(
                {
                    "movie_metadata_id": n,
                    "title": alternative,
                    "clean_title": alternative.lower().replace(" ", ""),
                    "source_type": "tmdb",
                }
            )
    with engine.begin() as connection:
        for model, rows in (
            (MovieMetadata, metadata_rows),
            (Movie, movie_rows),
            (MovieVersion, version_rows),
            (MovieFile, file_rows),
            (AlternativeTitle, title_rows),
        ):
            connection.execute(insert(model.__table__), rows)  # type: ignore[arg-type]
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--movies", type=int, default=20_000)
    options.add_argument("--runs", type=int, default=7)
    options.add_argument(
        "--cycles", type=int, default=100, help="edit-and-list cycles before the memory reading"
    )
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="reelarr-bench-") as folder:
        data_dir = Path(folder)
        env = {**os.environ, "REELARR_API_KEY": API_KEY, "REELARR_LOG_LEVEL": "warning"}
        reelarr = [sys.executable, "-m", "reelarr"]
        subprocess.run(
            [*reelarr, "migrate", "--data-dir", str(data_dir)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        started = time.perf_counter()
        generate(data_dir / "reelarr.db", args.movies)
        print(f"generated {args.movies:,} movies with files in {time.perf_counter() - started:.1f}s")
        port = _free_port()
        server = subprocess.Popen(
            [*reelarr, "serve", "--data-dir", str(data_dir), "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            return _measure(server, f"http://127.0.0.1:{port}", args)
        finally:
            server.terminate()
            server.wait(timeout=30)


class PingWatch:
    """Times ``/ping`` every 20 ms in a thread: the worst answer in a phase shows a stalled loop."""

    def __init__(self, url: str) -> None:
        self.url, self._stop = url, threading.Event()
        self.samples: list[tuple[float, float]] = []
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as http:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    http.get("/ping")
                except httpx.TransportError:
                    return
                self.samples.append((started, (time.perf_counter() - started) * 1000))
                time.sleep(0.02)

    def worst_since(self, since: float) -> float:
        return max((ms for at, ms in self.samples if at >= since), default=0.0)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _timed(http: httpx.Client, path: str, **kwargs: Any) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = http.get(path, **kwargs)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000, response


def _edit(http: httpx.Client, movie_id: int) -> None:
    movie = http.get(f"/api/v3/movie/{movie_id}").json()
    answer = http.put(f"/api/v3/movie/{movie_id}", json={**movie, "monitored": not movie["monitored"]})
    assert answer.status_code == 202, answer.text


def _measure(server: subprocess.Popen[bytes], url: str, args: argparse.Namespace) -> int:
    with httpx.Client(base_url=url, headers={"X-Api-Key": API_KEY}, timeout=120) as http:
        deadline = time.monotonic() + 60
        while True:
            try:
                if http.get("/ping").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("reelarr did not start")
            time.sleep(0.2)
        http.post("/api/v3/tag", json={"label": "bench"}).raise_for_status()  # tag 1, which a third carry
        process = psutil.Process(server.pid)
        idle_mb = process.memory_info().rss / 2**20
        ping = PingWatch(url)
        results: dict[str, float] = {}
        phase = time.perf_counter()
        results["cold"], response = _timed(http, "/api/v3/movie")
        results["ping during cold"] = ping.worst_since(phase)
        movies = response.json()
        assert len(movies) == args.movies and all(m["hasFile"] for m in movies)
        size, wire = len(response.content), response.num_bytes_downloaded
        del movies, response
        results["warm best"] = min(_timed(http, "/api/v3/movie")[0] for _ in range(args.runs))
        after_change, phase = [], time.perf_counter()
        for n in range(args.runs):
            _edit(http, 1 + n * (args.movies // args.runs))
            after_change.append(_timed(http, "/api/v3/movie")[0])
        results["after one change, median"] = sorted(after_change)[len(after_change) // 2]
        results["after one change, worst"] = max(after_change)
        results["ping during changes"] = ping.worst_since(phase)
        gzip_peak = _peak_rss_mb(server.pid)
        with http.stream("GET", "/api/v3/movie", headers={"Accept-Encoding": "identity"}) as plain:
            plain_size = sum(len(chunk) for chunk in plain.iter_raw())
        assert abs(plain_size - size) < args.runs * 2  # edits since flipped some true/false
        results["peak MB added by a plain client"] = _peak_rss_mb(server.pid) - gzip_peak
        for which in ("missing", "cutoff"):
            results[f"wanted/{which} page"] = min(
                _timed(http, f"/api/v3/wanted/{which}", params={"pageSize": 50, "page": 3})[0]
                for _ in range(5)
            )
        phase = time.perf_counter()
        for n in range(args.cycles):
            _edit(http, 1 + (n * 7919) % args.movies)
            http.get("/api/v3/movie").raise_for_status()
        results["ping during edit-and-list cycles"] = ping.worst_since(phase)
        time.sleep(1)
        after_mb = process.memory_info().rss / 2**20
        peak_mb = _peak_rss_mb(server.pid)
        ping.stop()
    print(f"platform: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"GET /api/v3/movie, {args.movies:,} movies, "
        f"{size / 2**20:.1f} MiB of JSON ({wire / 2**20:.1f} MiB gzipped)"
    )
    for name, value in results.items():
        print(f"  {name}: {value:.0f} {'MB' if 'MB' in name else 'ms'}")
    print(
        f"  server RSS: {idle_mb:.0f} MB idle, {after_mb:.0f} MB after {args.cycles} edit-and-list cycles, "
        f"peak {peak_mb:.0f} MB"
    )
    ok = results["warm best"] < LIMIT_MS and after_mb < LIMIT_MB
    print(f"  target: warm < {LIMIT_MS} ms and RSS after < {LIMIT_MB} MB: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
