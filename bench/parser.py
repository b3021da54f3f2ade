"""Release-parser throughput: reelarr.parser.parse_title against guessit on Radarr's test titles.

Run: .venv/bin/python bench/parser.py

One process pinned to one core. reelarr parses every distinct conformance title (after a warm-up
pass) and the best of several runs counts. guessit is much slower, so it is timed on a fixed
subset of titles (said in the output). Both are also scored on the Parser.ParseMovieTitle and
QualityParser.ParseQuality cases: a case is exact when every fact it asserts comes out right.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "parser"))

from conformance import load_cases, mismatches

from reelarr.parser import parse_title

RUNS = 7
GUESSIT_RUNS = 3
GUESSIT_SUBSET = 300
SCORED_APIS = ("Parser.ParseMovieTitle", "QualityParser.ParseQuality")


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return f"pinned to core {min(os.sched_getaffinity(0))}"
    return "not pinned (no sched_setaffinity)"


def _titles_per_second(parse: Callable[[str], Any], titles: list[str], runs: int) -> float:
    for title in titles:  # warm-up: imports, regex caches, lazy tables
        parse(title)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for title in titles:
            parse(title)
        best = min(best, time.perf_counter() - started)
    return len(titles) / best


# ---- guessit's answers mapped onto the facts Radarr's tests assert (an approximation: guessit
# has no notion of Radarr quality names, so they are derived from source, screen size and tags).
_GUESSIT_SOURCES = {
    "Blu-ray": "bluray",
    "Ultra HD Blu-ray": "bluray",
    "HD-DVD": "bluray",
    "Web": "webdl",
    "DVD": "dvd",
    "HDTV": "tv",
    "Ultra HDTV": "tv",
    "TV": "tv",
    "Digital TV": "tv",
    "Satellite": "tv",
    "Camera": "cam",
    "HD Camera": "cam",
    "Telesync": "telesync",
    "HD Telesync": "telesync",
    "Telecine": "telecine",
    "HD Telecine": "telecine",
    "Workprint": "workprint",
}
_RADARR_QUALITY_NAMES = {
    ("bluray", 2160, "remux"): "Remux-2160p",
    ("bluray", 1080, "remux"): "Remux-1080p",
    ("bluray", 2160, "none"): "Bluray-2160p",
    ("bluray", 1080, "none"): "Bluray-1080p",
    ("bluray", 720, "none"): "Bluray-720p",
    ("bluray", 576, "none"): "Bluray-576p",
    ("bluray", 480, "none"): "Bluray-480p",
    ("webdl", 2160, "none"): "WEBDL-2160p",
    ("webdl", 1080, "none"): "WEBDL-1080p",
    ("webdl", 720, "none"): "WEBDL-720p",
    ("webdl", 480, "none"): "WEBDL-480p",
    ("webrip", 2160, "none"): "WEBRip-2160p",
    ("webrip", 1080, "none"): "WEBRip-1080p",
    ("webrip", 720, "none"): "WEBRip-720p",
    ("webrip", 480, "none"): "WEBRip-480p",
    ("tv", 2160, "none"): "HDTV-2160p",
    ("tv", 1080, "none"): "HDTV-1080p",
    ("tv", 720, "none"): "HDTV-720p",
    ("tv", 480, "none"): "SDTV",
    ("dvd", 480, "none"): "DVD",
    ("cam", 0, "none"): "CAM",
    ("telesync", 0, "none"): "TELESYNC",
    ("telecine", 0, "none"): "TELECINE",
    ("workprint", 0, "none"): "WORKPRINT",
}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _guessit_facts(guessit: Callable[[str], Any], title: str) -> dict[str, Any]:
    found = dict(guessit(title))
    other = [str(tag) for tag in _as_list(found.get("other"))]
    source = _GUESSIT_SOURCES.get(str(found.get("source", "")), "unknown")
    if source == "webdl" and "Rip" in other:
        source = "webrip"
    screen = str(found.get("screen_size", ""))
    resolution = int(screen[:-1]) if screen[:-1].isdigit() else 0
    resolution = {360: 480, 540: 480, 4320: 2160}.get(resolution, resolution)
    modifier = "remux" if "Remux" in other else "none"
    if source in ("dvd", "cam", "telesync", "telecine", "workprint"):
        resolution = 480 if source == "dvd" else 0
    quality = _RADARR_QUALITY_NAMES.get((source, resolution, modifier), "Unknown")
    proper_count = int(found.get("proper_count", 0))
    languages = [getattr(language, "name", str(language)) for language in _as_list(found.get("language"))]
    return {
        "should_not_parse": "title" not in found,
        "movie_title": found.get("title"),
        "movie_titles": [found.get("title"), *_as_list(found.get("alternative_title"))],
        "year": found.get("year", 0),
        "edition": " ".join(str(edition) for edition in _as_list(found.get("edition"))),
        "release_group": found.get("release_group"),
        "languages": languages or ["Unknown"],
        "languages_include": languages or ["Unknown"],
        "quality": quality,
        "source": source,
        "resolution": resolution,
        "modifier": modifier,
        "proper": proper_count > 0,
        "version": 1 + proper_count,
        "repack": "Repack" in other,
    }


def _guessit_exact(guessit: Callable[[str], Any], case: dict[str, Any]) -> bool:
    facts = _guessit_facts(guessit, case["title"])
    for key, expected in case["expect"].items():
        if key == "should_not_parse":
            if facts["should_not_parse"] != expected:
                return False
        elif key == "languages_include":
            if not set(expected) <= set(facts["languages_include"]):
                return False
        elif case.get("match", {}).get(key) == "set":
            if sorted(expected) != sorted(facts.get(key) or []):
                return False
        elif facts.get(key) != expected:
            return False
    return True


def main() -> None:
    pinned = _pin_to_one_core()
    cases = load_cases()
    titles = list(dict.fromkeys(case["title"] for case in cases))
    scored = [case for case in cases if case["api"] in SCORED_APIS]

    reelarr_rate = _titles_per_second(parse_title, titles, RUNS)
    reelarr_exact = sum(1 for case in scored if not mismatches(case))

    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} cores, {pinned}")
    print(f"reelarr.parser.parse_title: {reelarr_rate:,.0f} titles/s")
    print(f"  {len(titles)} distinct conformance titles, best of {RUNS} runs after a warm-up pass")
    share = reelarr_exact / len(scored)
    print(f"  exact on {len(scored)} ParseMovieTitle + ParseQuality cases: {reelarr_exact} ({share:.1%})")

    try:
        from guessit import guessit
    except ImportError:
        print("guessit: not installed (pip install guessit) - skipped")
        return
    step = max(1, len(titles) // GUESSIT_SUBSET)
    subset = titles[::step][:GUESSIT_SUBSET]
    guessit_rate = _titles_per_second(guessit, subset, GUESSIT_RUNS)
    guessit_exact = sum(1 for case in scored if _guessit_exact(guessit, case))
    print(f"guessit {metadata.version('guessit')}: {guessit_rate:,.0f} titles/s")
    print(f"  subset of {len(subset)} titles (every {step}th), best of {GUESSIT_RUNS} runs")
    print(f"  exact on the same {len(scored)} cases: {guessit_exact} ({guessit_exact / len(scored):.1%}),")
    print("  with its answers mapped onto Radarr's facts (quality names derived from source/size/tags)")
    print(f"reelarr is {reelarr_rate / guessit_rate:,.0f}x as fast as guessit")


if __name__ == "__main__":
    main()
