"""Runs one Radarr parser test case against reelarr.parser and says what differs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reelarr import parser
from reelarr.parser import ParsedMovie, ParsedQuality

CASES_FILE = Path(__file__).parents[1] / "data" / "radarr-parser-cases.jsonl"
KNOWN_FAILURES_FILE = Path(__file__).parents[1] / "data" / "parser-known-failures.json"


def load_cases() -> list[dict[str, Any]]:
    with CASES_FILE.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def case_key(case: dict[str, Any]) -> str:
    return f"{case['fixture']}.{case['test']}: {case['title']}"


def load_known_failures() -> dict[str, str]:
    return json.loads(KNOWN_FAILURES_FILE.read_text(encoding="utf-8"))


def _quality_facts(quality: ParsedQuality) -> dict[str, Any]:
    return {
        "quality": quality.quality.name,
        "source": str(quality.source),
        "resolution": quality.resolution,
        "modifier": str(quality.modifier),
        "proper": quality.revision.version > 1,
        "repack": quality.revision.is_repack,
        "version": quality.revision.version,
        "real": quality.revision.real,
        "source_detection": str(quality.source_detection),
        "resolution_detection": str(quality.resolution_detection),
    }


def _movie_facts(movie: ParsedMovie | None) -> dict[str, Any]:
    if movie is None:
        return {"should_not_parse": True}
    names = [language.name for language in movie.languages]
    return {
        "should_not_parse": False,
        "movie_title": movie.movie_title,
        "movie_titles": list(movie.movie_titles),
        "year": movie.year,
        "edition": movie.edition,
        "release_group": movie.release_group,
        "languages": names,
        "languages_include": names,
        "imdb_id": movie.imdb_id,
        "tmdb_id": movie.tmdb_id,
        "hardcoded_subs": movie.hardcoded_subs,
        **_quality_facts(movie.quality),
    }


def _subtitle_facts(title: str) -> dict[str, Any]:
    info = parser.parse_subtitle_info(title)
    return {
        "subtitle_language": info.language.name,
        "subtitle_tags": list(info.tags),
        "subtitle_title": info.title,
        "subtitle_raw_title": info.raw_title,
    }


def _languages_facts(title: str) -> dict[str, Any]:
    names = [language.name for language in parser.parse_languages(title)]
    return {"languages": names, "languages_include": names, "languages_first": names[0]}


def _slug_facts(title: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"slug": parser.to_url_slug(title, **args)}


def _iso_facts(title: str) -> dict[str, Any]:
    found = parser.find_iso_language(title)
    return {"iso_language": found.name if found else None}


_FACTS: dict[str, Callable[[str, dict[str, Any]], dict[str, Any]]] = {
    "Parser.ParseMovieTitle": lambda t, a: _movie_facts(parser.parse_title(t, is_dir=a.get("is_dir", False))),
    "Parser.ParseMoviePath": lambda t, a: _movie_facts(parser.parse_path(t)),
    "QualityParser.ParseQuality": lambda t, a: _quality_facts(parser.parse_quality(t)),
    "ReleaseGroupParser.ParseReleaseGroup": lambda t, a: {"release_group": parser.parse_release_group(t)},
    "LanguageParser.ParseLanguages": lambda t, a: _languages_facts(t),
    "LanguageParser.ParseSubtitleLanguage": lambda t, a: {
        "subtitle_language": parser.parse_subtitle_language(t).name
    },
    "LanguageParser.ParseSubtitleLanguageInformation": lambda t, a: _subtitle_facts(t),
    "Parser.NormalizeImdbId": lambda t, a: {"normalized_imdb_id": parser.normalize_imdb_id(t)},
    "Parser.CleanMovieTitle": lambda t, a: {"clean_title": parser.clean_title(t)},
    "Parser.ToUrlSlug": _slug_facts,
    "IsoLanguages.Find": lambda t, a: _iso_facts(t),
    "SceneChecker.IsSceneTitle": lambda t, a: {"is_scene": parser.is_scene_title(t)},
    "SceneChecker.GetSceneTitle": lambda t, a: {"scene_title": parser.get_scene_title(t)},
}


def _matches(key: str, expected: Any, actual: Any, mode: str | None) -> bool:
    if key == "languages_include":
        return set(expected) <= set(actual)
    if mode == "set":
        return sorted(expected) == sorted(actual)
    if mode == "ci":
        return (expected or "").lower() == (actual or "").lower() and (expected is None) == (actual is None)
    if mode == "clean":
        return parser.clean_title(expected) == parser.clean_title(actual or "")
    return bool(expected == actual)


def mismatches(case: dict[str, Any]) -> list[str]:
    """Human-readable differences between the case's expectations and the parser's answer."""
    facts = _FACTS[case["api"]](case["title"], case.get("args", {}))
    modes = case.get("match", {})
    problems = []
    for key, expected in case["expect"].items():
        if (
            case["api"].startswith("Parser.ParseMovie")
            and facts["should_not_parse"]
            and key != "should_not_parse"
        ):
            problems.append(f"{key}: expected {expected!r}, but the title did not parse")
            continue
        actual = facts.get(key)
        if not _matches(key, expected, actual, modes.get(key)):
            problems.append(f"{key}: expected {expected!r}, got {actual!r}")
    return problems
