"""The import's rules on their own: Radarr's sample limits and the custom format upgrade."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from reelarr import profiles, qualities
from reelarr.files import MediaManagementConfig
from reelarr.importing import (
    ImportFacts,
    ImportTask,
    is_sample,
    minimum_runtime_seconds,
    quality_json,
    upgrade_rejection,
)
from reelarr.library import MovieRecord
from reelarr.mediainfo import Probe
from reelarr.naming import MediaInfo, NamingConfig
from reelarr.parser import ParsedQuality

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("movie_minutes", "shortest_seconds"), [(0, 15), (3, 15), (10, 90), (30, 300), (31, 600), (150, 600)]
)
def test_a_file_shorter_than_radarrs_limit_for_the_movies_runtime_is_a_sample(
    movie_minutes: int, shortest_seconds: int
) -> None:
    assert minimum_runtime_seconds(movie_minutes) == shortest_seconds


def _task(
    name: str, *, size: int = 0, runtime: float = 0, quality: qualities.Quality = qualities.BLURAY_720P
) -> ImportTask:
    probe = Probe(MediaInfo(runtime_seconds=runtime)) if runtime else None
    return ImportTask(
        Path("/downloads/x") / name, Path("/downloads"), size, probe=probe, quality=ParsedQuality(quality)
    )


@pytest.mark.parametrize(
    ("task", "movie_minutes", "sample"),
    [
        (_task("movie.mkv", runtime=599), 120, True),
        (_task("movie.mkv", runtime=601), 120, False),
        (_task("movie.mkv", runtime=20), 1, False),
        (_task("movie.mkv", runtime=300), 0, True),  # an unknown runtime counts as 45 minutes
        (_task("movie-sample.mkv", runtime=7200), 120, True),
        (_task("movie.flv", runtime=7200), 120, True),
        (_task("movie.mkv", size=69 * MB), 120, True),  # no media info: the size decides
        (_task("movie.mkv", size=71 * MB), 120, False),
        (_task("movie.mkv", size=100 * MB, quality=qualities.BLURAY_1080P), 120, True),
        (_task("movie.mkv", size=141 * MB, quality=qualities.BLURAY_1080P), 120, False),
    ],
)
def test_samples_are_told_by_name_runtime_and_size(
    task: ImportTask, movie_minutes: int, sample: bool
) -> None:
    assert is_sample(task, movie_minutes) is sample


def _facts(min_upgrade_format_score: int) -> tuple[ImportFacts, ImportTask]:
    row = next(iter(profiles.default_profile_rows()))
    profile = profiles.Profile(
        id=1,
        name="Any",
        upgrade_allowed=True,
        cutoff=row["cutoff"],
        items=tuple(row["items"]),
        min_upgrade_format_score=min_upgrade_format_score,
    )
    movie = SimpleNamespace(
        quality_profile_id=1,
        file_quality=quality_json(qualities.BLURAY_1080P, qualities.Revision()),
        file_custom_format_score=10,
    )
    facts = ImportFacts([], {1: profile}, MediaManagementConfig(), NamingConfig())
    task = _task("movie.mkv", quality=qualities.BLURAY_1080P)
    task.movie = MovieRecord(movie)
    return facts, task


def test_a_file_of_the_same_quality_upgrades_only_by_the_profiles_minimum_format_score_increment() -> None:
    facts, task = _facts(min_upgrade_format_score=10)

    task.format_score = 15
    refused = upgrade_rejection(task, facts)
    task.format_score = 20
    accepted = upgrade_rejection(task, facts)

    assert refused is not None
    assert (
        refused.reason
        == "Not a Custom Format upgrade for existing movie file. Existing score: 10. New score: 15."
    )
    assert accepted is None


def test_a_lower_quality_is_refused_whatever_its_format_score() -> None:
    facts, task = _facts(min_upgrade_format_score=1)
    task.quality = ParsedQuality(qualities.BLURAY_720P)
    task.format_score = 1000

    refused = upgrade_rejection(task, facts)

    assert refused is not None
    assert refused.reason == (
        "Not an upgrade for existing movie file. Existing quality: Bluray-1080p. New Quality Bluray-720p."
    )
