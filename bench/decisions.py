"""Decision-engine throughput: 1,000 releases decided against a 20,000-movie library.

Run: .venv/bin/python bench/decisions.py

Generated data, fixed seed: 20,000 movies with alternative titles, files for a third of them,
a profile per resolution (SD, HD-720p, HD-1080p, Ultra-HD) with 40 TRaSH-like custom formats
scored in each, and 1,000 release titles in a realistic mix (mostly library movies in every
quality, with groups, propers, languages and HDR tags, some for movies not in the library).
What is timed is everything RSS sync does after fetching the releases and the library (whose
titles come with their stored matching keys): building the title index, parsing
every title, mapping it to a movie, matching formats, running the rules and ranking. One
process pinned to one core; one warm-up run, best of several.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import sys
import time

from reelarr import custom_formats, profiles
from reelarr import qualities as q
from reelarr.decisions import DecisionFacts, Movie, MovieFile, Release, SizeLimits, decide
from reelarr.parser import clean_title
from reelarr.profiles import DelayRule, Profile

MOVIES = 20_000
RELEASES = 1_000
FORMATS = 40
RUNS = 7
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
GB = 1024**3

WORDS = [
    "night",
    "star",
    "last",
    "river",
    "dark",
    "city",
    "lost",
    "king",
    "shadow",
    "blood",
    "house",
    "iron",
    "storm",
    "love",
    "dead",
    "secret",
    "golden",
    "silent",
    "wild",
    "black",
    "winter",
    "road",
    "empire",
    "fire",
    "ghost",
    "sea",
    "heart",
    "glass",
    "edge",
    "girl",
    "man",
    "war",
]
QUALITY_TAGS = (
    ("480p.DVDRip.x264", 1.5),
    ("720p.HDTV.x264", 3),
    ("720p.BluRay.x264", 6),
    ("720p.WEB-DL.DD5.1.H264", 3),
    ("1080p.WEB-DL.DDP5.1.H264", 7),
    ("1080p.WEBRip.x265.10bit", 4),
    ("1080p.BluRay.x264.DTS", 12),
    ("1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1", 30),
    ("2160p.WEB-DL.DDP5.1.Atmos.DV.HDR.H265", 18),
    ("2160p.BluRay.REMUX.HEVC.TrueHD.7.1.Atmos", 60),
    ("2160p.UHD.BluRay.x265.10bit.HDR.DTS-HD.MA", 35),
)
EXTRAS = ("", "", "", "PROPER.", "REPACK.", "GERMAN.", "FRENCH.", "MULTi.", "EXTENDED.", "IMAX.")
GROUPS = ("NTb", "FLUX", "SPARKS", "GECKOS", "FraMeSToR", "HONE", "EVO", "YTS", "RARBG", "CMRG", "TEPES")


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 4)))


def _formats() -> list[custom_formats.Format]:
    """40 formats in the shapes TRaSH's collection uses: group tiers, codecs, HDR, editions,
    unwanted sources, languages and sizes, several with negated or required specs."""
    title_patterns = (
        r"\b(DV|DoVi|Dolby[ .]?Vision)\b",
        r"\bHDR10(\+|P(lus)?)\b",
        r"\bHDR(\b|\d)",
        r"\b(Atmos)\b",
        r"\bTrueHD\b",
        r"\bDTS[-. ]?(HD[-. ]?)?MA\b",
        r"\bDDP|E-?AC-?3\b",
        r"\b(FLAC)\b",
        r"[xh][ ._-]?265|\bHEVC(\b|\d)",
        r"\b(10bit|10-bit)\b",
        r"\b(3D|SBS|HSBS)\b",
        r"\b(Extended|Uncut|Unrated)\b",
        r"\bIMAX\b",
        r"\b(Criterion|CC)\b",
        r"\b(Remaster(ed)?)\b",
        r"\b(AMZN|Amazon)\b",
        r"\b(NF|Netflix)\b",
        r"\b(ATVP|AppleTV)\b",
        r"\b(DSNP|Disney)\b",
        r"\b(HMAX|HBO)\b",
        r"\bUHD\b",
        r"\b(LQ|TeeFee|Telesync|CAM)\b",
        r"\b(Upscaled?|AI)\b",
        r"(?<group>\bx264\b)",
    )
    made = []
    for index, pattern in enumerate(title_patterns):
        spec = {"implementation": "ReleaseTitleSpecification", "fields": {"value": pattern}}
        made.append(custom_formats.compile_format(index + 1, f"Title {index}", [spec]))
    tiers = (("NTb|FLUX|CMRG", 1080), ("FraMeSToR|HONE", 1080), ("SPARKS|GECKOS", 720), ("EVO|TEPES", 2160))
    for index, (groups, resolution) in enumerate(tiers, start=len(made) + 1):
        specs = [
            {"implementation": "ReleaseGroupSpecification", "fields": {"value": f"^({groups})$"}},
            {"implementation": "ResolutionSpecification", "required": True, "fields": {"value": resolution}},
        ]
        made.append(custom_formats.compile_format(index, f"Tier {index}", specs))
    extra = [
        [{"implementation": "ReleaseGroupSpecification", "fields": {"value": "^(YTS|YIFY|RARBG)$"}}],
        [{"implementation": "QualityModifierSpecification", "fields": {"value": 5}}],
        [{"implementation": "QualityModifierSpecification", "fields": {"value": 4}}],
        [
            {"implementation": "LanguageSpecification", "fields": {"value": 1, "exceptLanguage": True}},
            {"implementation": "LanguageSpecification", "negate": True, "fields": {"value": -2}},
        ],
        [{"implementation": "LanguageSpecification", "fields": {"value": 4}}],
        [{"implementation": "SizeSpecification", "fields": {"min": 0, "max": 2}}],
        [{"implementation": "SizeSpecification", "fields": {"min": 40, "max": 400}}],
        [
            {"implementation": "SourceSpecification", "fields": {"value": 7}},
            {"implementation": "SourceSpecification", "fields": {"value": 8}},
            {
                "implementation": "ReleaseTitleSpecification",
                "negate": True,
                "required": True,
                "fields": {"value": r"\b(AMZN|NF)\b"},
            },
        ],
        [{"implementation": "IndexerFlagSpecification", "fields": {"value": 1}}],
        [{"implementation": "YearSpecification", "fields": {"min": 1900, "max": 1979}}],
        [{"implementation": "EditionSpecification", "fields": {"value": r"\bDirector"}}],
        [{"implementation": "ReleaseTitleSpecification", "fields": {"value": r"\bPROPER|REPACK\b"}}],
    ]
    for specs in extra:
        made.append(custom_formats.compile_format(len(made) + 1, f"Other {len(made) + 1}", specs))
    assert len(made) == FORMATS
    return made


def _profiles(formats: list[custom_formats.Format], rng: random.Random) -> list[Profile]:
    scores = {cf.id: rng.choice((-10000, -100, 0, 10, 50, 100, 500, 1500)) for cf in formats}
    made = []
    for index, row in enumerate(profiles.default_profile_rows(), start=1):
        if row["name"] in ("SD", "HD-720p", "HD-1080p", "Ultra-HD"):
            made.append(
                Profile(
                    id=index,
                    name=row["name"],
                    upgrade_allowed=True,
                    cutoff=row["cutoff"],
                    items=tuple(row["items"]),
                    min_format_score=-1000,
                    cutoff_format_score=1000,
                    format_scores=scores,
                )
            )
    return made


def _library(rng: random.Random, formats: list[custom_formats.Format]) -> list[Movie]:
    choices = _profiles(formats, rng)
    movies = []
    for movie_id in range(1, MOVIES + 1):
        has_file = rng.random() < 0.33
        title = f"{_title(rng)} {movie_id}" if rng.random() < 0.5 else _title(rng)
        alternative_titles = tuple(_title(rng) for _ in range(rng.randint(0, 3)))
        movies.append(
            Movie(
                id=movie_id,
                title=title,
                year=rng.randint(1950, 2025),
                profile=rng.choice(choices),
                monitored=rng.random() < 0.9,
                available=rng.random() < 0.95,
                tmdb_id=movie_id * 7,
                alternative_titles=alternative_titles,
                # The library stores each title's matching key beside it, as Radarr does.
                clean_titles=tuple(clean_title(t) for t in (title, *alternative_titles)),
                runtime=rng.randint(80, 180),
                file=MovieFile(rng.choice((q.WEBDL_1080P, q.BLURAY_720P, q.HDTV_1080P)))
                if has_file
                else None,
            )
        )
    return movies


def _releases(rng: random.Random, movies: list[Movie]) -> list[Release]:
    made = []
    for index in range(RELEASES):
        if rng.random() < 0.8:
            movie = rng.choice(movies)
            name = rng.choice((movie.title, *movie.alternative_titles))
            year = movie.year
        else:
            name, year = _title(rng) + " Unknown", rng.randint(1950, 2025)
        tags, gigabytes = rng.choice(QUALITY_TAGS)
        torrent = rng.random() < 0.5
        made.append(
            Release(
                guid=str(index),
                title=f"{name.replace(' ', '.')}.{year}.{rng.choice(EXTRAS)}{tags}-{rng.choice(GROUPS)}",
                size=int(gigabytes * rng.uniform(0.6, 1.4) * GB),
                indexer_id=rng.randint(1, 4),
                indexer_priority=rng.choice((10, 25, 50)),
                protocol="torrent" if torrent else "usenet",
                publish_date=NOW - dt.timedelta(minutes=rng.randint(5, 60 * 24 * 30)),
                seeders=rng.randint(0, 500) if torrent else None,
                indexer_flags=rng.choice((0, 0, 1, 4)),
            )
        )
    return made


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return f"pinned to core {min(os.sched_getaffinity(0))}"
    return "not pinned (no sched_setaffinity)"


def main() -> int:
    pinned = _pin_to_one_core()
    rng = random.Random(6)
    formats = _formats()
    movies = _library(rng, formats)
    releases = _releases(rng, movies)
    sizes = {x.quality.id: SizeLimits(x.min_size, x.max_size, x.preferred_size) for x in q.DEFAULTS}
    delay_rules = [DelayRule(usenet_delay=60, torrent_delay=120, bypass_if_highest_quality=True)]

    def run() -> tuple[float, int, int]:
        # A fresh facts object each run, so building the title index is timed too.
        facts = DecisionFacts(
            movies={m.id: m for m in movies}, now=NOW, formats=formats, sizes=sizes, delay_rules=delay_rules
        )
        started = time.perf_counter()
        decided = decide(releases, facts)
        elapsed = time.perf_counter() - started
        mapped = sum(1 for x in decided if x.candidate.movie is not None)
        return elapsed, mapped, sum(1 for x in decided if x.approved)

    run()
    timings = [run() for _ in range(RUNS)]
    best, mapped, approved = min(timings)
    print(f"Python {platform.python_version()} on {platform.machine()}, {pinned}")
    print(f"{RELEASES} releases, {MOVIES} movies, {FORMATS} custom formats, best of {RUNS} runs")
    print(f"mapped to a movie: {mapped}; approved: {approved}")
    print(f"decided in {best * 1000:.0f} ms ({RELEASES / best:,.0f} releases/s); limit 500 ms")
    return 0 if best < 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
