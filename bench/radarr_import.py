"""Moving from Radarr: a 20,000-movie Radarr library, every movie with a file, imported into Reelarr.

Run: .venv/bin/python bench/radarr_import.py [--movies 20000]

The Radarr data folder is built first (not timed) from Radarr 6's schema by the test suite's
builder (``tests/from_radarr/radarr_db.py``): 20,000 movies with metadata, alternative titles,
files with media info, two history records each and the rest of a realistic configuration.
What is timed is ``reelarr import-radarr`` minus process start-up: reading Radarr's database,
migrating an empty Reelarr database, writing everything into it. Exits non-zero over 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "from_radarr"))

import radarr_db

from reelarr import config
from reelarr.from_radarr import cli, source
from reelarr.from_radarr.report import Report

LIMIT_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--movies", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        radarr = radarr_db.build(Path(tmp) / "radarr", "v6", movies=args.movies, all_files=True)
        db = sqlite3.connect(radarr / "radarr.db")
        files = db.execute('SELECT count(*) FROM "MovieFiles"').fetchone()[0]
        db.close()
        settings = config.load(Path(tmp) / "reelarr")
        started = time.perf_counter()
        data = source.read_folder(radarr)
        read = time.perf_counter() - started
        report = Report(source=str(radarr), migration=data.migration)
        asyncio.run(cli.run(settings, data, report, merge=False))
        elapsed = time.perf_counter() - started
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}")
    print(f"{args.movies} movies, {files} with files; {report.imported['movie files']} files imported")
    print(
        f"read Radarr's database: {read:.1f} s; total import: {elapsed:.1f} s (limit {LIMIT_SECONDS:.0f} s)"
    )
    return 0 if elapsed < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
