"""Release-parser speed and accuracy: reelarr.parser against guessit, PTN, PTT and RTN.

Run: .venv/bin/python bench/parser.py   (peers: pip install -e '.[bench]')

One process pinned to one core. reelarr parses every distinct conformance title (after a warm-up
pass) and the best of several runs counts; each peer is timed on a fixed subset of titles (said in
the output). guessit is also scored on the Parser.ParseMovieTitle and QualityParser.ParseQuality
cases: a case is exact when every fact it asserts comes out right.

Then every parser reads the development corpora in tests/data/parser-corpora/ (movie cases of the
peers' own test suites). A case is exact when the title, and the year where the case states one,
equal the expected ones after the same normalisation for everyone (``_normal``): accents dropped,
lower case, every run of non-alphanumerics one space. A missing year counts as 0. reelarr is
scored twice: ``parse_title`` (Radarr-exact, refuses yearless names) and ``parse_path_lenient``
(the entry point for a known movie or import). Finally the adversarial names: the slowest of
them must parse in under 1 ms of CPU time.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "parser"))

from adversarial import ADVERSARIAL
from conformance import load_cases, mismatches

from reelarr.parser import parse_path_lenient, parse_title

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


CORPORA = Path(__file__).resolve().parents[1] / "tests" / "data" / "parser-corpora"
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
Reader = Callable[[str], "tuple[str | None, int]"]


def _normal(title: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", title or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALPHANUMERIC.sub(" ", plain.casefold()).strip()


def _corpus_exact(read: Reader, case: dict[str, Any]) -> bool:
    try:
        title, year = read(case["title"])
    except Exception:  # a peer that crashes on a name gets it wrong
        return False
    expect = case["expect"]
    if _normal(title) != _normal(expect["movie_title"]):
        return False
    return "year" not in expect or (year or 0) == expect["year"]


def _reelarr_strict(name: str) -> tuple[str | None, int]:
    parsed = parse_title(name)
    return (parsed.movie_title, parsed.year) if parsed else (None, 0)


def _reelarr_lenient(name: str) -> tuple[str | None, int]:
    parsed = parse_path_lenient(name)
    return (parsed.movie_title, parsed.year) if parsed else (None, 0)


def _peers() -> dict[str, tuple[str, Reader]]:
    """Each installed peer as (version label, reader of title and year)."""
    found: dict[str, tuple[str, Reader]] = {}
    try:
        from guessit import guessit

        def _guessit(name: str) -> tuple[str | None, int]:
            answer = guessit(name)
            return answer.get("title"), answer.get("year") or 0

        found["guessit"] = ("guessit " + metadata.version("guessit"), _guessit)
    except ImportError:
        pass
    try:
        import PTN

        def _ptn(name: str) -> tuple[str | None, int]:
            answer = PTN.parse(name)
            return answer.get("title"), answer.get("year") or 0

        found["PTN"] = (
            "parse-torrent-name " + metadata.version("parse-torrent-name"),
            _ptn,
        )
    except ImportError:
        pass
    try:
        from PTT import parse_title as ptt_parse

        def _ptt(name: str) -> tuple[str | None, int]:
            answer = ptt_parse(name)
            return answer.get("title"), answer.get("year") or 0

        found["PTT"] = ("parsett " + metadata.version("parsett"), _ptt)
    except ImportError:
        pass
    try:
        from RTN import parse as rtn_parse

        def _rtn(name: str) -> tuple[str | None, int]:
            answer = rtn_parse(name)
            return answer.parsed_title, answer.year or 0

        found["RTN"] = ("rank-torrent-name " + metadata.version("rank-torrent-name"), _rtn)
    except ImportError:
        pass
    return found


def _load_corpora() -> dict[str, list[dict[str, Any]]]:
    return {
        path.name.removesuffix("-movies.jsonl"): [json.loads(line) for line in path.open(encoding="utf-8")]
        for path in sorted(CORPORA.glob("*-movies.jsonl"))
    }


def _corpus_table(peers: dict[str, tuple[str, Reader]]) -> None:
    corpora = _load_corpora()
    readers: dict[str, Reader] = {
        "reelarr strict": _reelarr_strict,
        "reelarr lenient": _reelarr_lenient,
        **{name: reader for name, (_, reader) in peers.items()},
    }
    print("\nexact title (+ year where stated) on the development corpora:")
    header = " | ".join(f"{name} ({len(cases)})" for name, cases in corpora.items())
    print(f"| parser | {header} | all |")
    print("|---" * (len(corpora) + 2) + "|")
    total = sum(len(cases) for cases in corpora.values())
    for label, read in readers.items():
        cells = []
        right_overall = 0
        for cases in corpora.values():
            right = sum(1 for case in cases if _corpus_exact(read, case))
            right_overall += right
            cells.append(f"{right / len(cases):.1%}")
        print(f"| {label} | " + " | ".join(cells) + f" | {right_overall / total:.1%} |")


def _slowest_adversarial() -> tuple[float, str]:
    slowest, name = 0.0, ""
    for title in ADVERSARIAL:
        for parse in (parse_title, parse_path_lenient):
            elapsed = float("inf")
            for _ in range(7):  # CPU time, best of seven: waiting for a core is not the parse's cost
                started = time.thread_time()
                parse(title)
                elapsed = min(elapsed, time.thread_time() - started)
            if elapsed > slowest:
                slowest, name = elapsed, title
    return slowest, name


def main() -> None:
    pinned = _pin_to_one_core()
    cases = load_cases()
    titles = list(dict.fromkeys(case["title"] for case in cases))
    scored = [case for case in cases if case["api"] in SCORED_APIS]

    reelarr_rate = _titles_per_second(parse_title, titles, RUNS)
    lenient_rate = _titles_per_second(parse_path_lenient, titles, RUNS)
    reelarr_exact = sum(1 for case in scored if not mismatches(case))

    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} cores, {pinned}")
    print(f"reelarr.parser.parse_title: {reelarr_rate:,.0f} titles/s")
    print(f"  {len(titles)} distinct conformance titles, best of {RUNS} runs after a warm-up pass")
    print(f"reelarr.parser.parse_path_lenient: {lenient_rate:,.0f} titles/s (same titles and runs)")
    share = reelarr_exact / len(scored)
    print(f"  exact on {len(scored)} ParseMovieTitle + ParseQuality cases: {reelarr_exact} ({share:.1%})")

    peers = _peers()
    step = max(1, len(titles) // GUESSIT_SUBSET)
    subset = titles[::step][:GUESSIT_SUBSET]
    fastest = 0.0
    print(f"on a subset of {len(subset)} titles (every {step}th), best of {GUESSIT_RUNS} runs each:")
    for version, reader in peers.values():
        # reelarr again right before each peer, so a change in machine load hits both alike.
        own = _titles_per_second(parse_title, subset, GUESSIT_RUNS)
        rate = _titles_per_second(reader, subset, GUESSIT_RUNS)
        fastest = max(fastest, rate / own)
        print(f"  {version}: {rate:,.0f} titles/s; reelarr {own:,.0f} titles/s, {own / rate:,.1f}x as fast")
    if fastest:
        print(f"reelarr is {1 / fastest:,.1f}x as fast as the fastest peer")
    if "guessit" in peers:
        from guessit import guessit

        guessit_exact = sum(1 for case in scored if _guessit_exact(guessit, case))
        share = guessit_exact / len(scored)
        print(f"guessit exact on the same {len(scored)} Radarr cases: {guessit_exact} ({share:.1%}),")
        print("  with its answers mapped onto Radarr's facts (quality names derived from source/size/tags)")
    _corpus_table(peers)
    slowest, name = _slowest_adversarial()
    print(f"\nslowest of {len(ADVERSARIAL)} adversarial names (up to 4 kB, strict and lenient):", end=" ")
    print(f"{slowest * 1000:.3f} ms")
    print(f"  ({name[:40]!r}...)")


if __name__ == "__main__":
    main()
