"""Builders for decision tests: a movie with an HD-1080p profile and releases for it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from reelarr import profiles
from reelarr import qualities as q
from reelarr.decisions import Candidate, DecisionFacts, Movie, Release, SearchKind, SizeLimits, candidate_for
from reelarr.profiles import Profile

NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
GB = 1024**3


def profile(name: str = "HD-1080p", **changes: Any) -> Profile:
    row = next(row for row in profiles.default_profile_rows() if row["name"] == name)
    values = {**row, "id": 4, "upgrade_allowed": True, **changes}
    values["items"] = tuple(values["items"])
    values.pop("format_items")
    values.setdefault("format_scores", {})
    return Profile(**values)


def movie(**changes: Any) -> Movie:
    values: dict[str, Any] = {
        "id": 1,
        "title": "The Movie",
        "year": 2010,
        "profile": profile(),
        "tmdb_id": 100,
        "imdb_id": "tt0000100",
        "runtime": 120,
    }
    return Movie(**{**values, **changes})


def release(title: str = "The.Movie.2010.1080p.BluRay.x264-GRP", **changes: Any) -> Release:
    values: dict[str, Any] = {
        "guid": title,
        "title": title,
        "size": 10 * GB,
        "indexer_id": 1,
        "indexer": "Local",
        "protocol": "usenet",
        "publish_date": NOW - dt.timedelta(hours=3),
    }
    return Release(**{**values, **changes})


def facts(the_movie: Movie | None = None, **changes: Any) -> DecisionFacts:
    the_movie = the_movie or movie()
    sizes = {d.quality.id: SizeLimits(d.min_size, d.max_size, d.preferred_size) for d in q.DEFAULTS}
    values: dict[str, Any] = {"movies": {the_movie.id: the_movie}, "now": NOW, "sizes": sizes}
    return DecisionFacts(**{**values, **changes})


def candidate(
    the_release: Release | None = None,
    the_facts: DecisionFacts | None = None,
    search: SearchKind = SearchKind.RSS,
) -> Candidate:
    the_facts = the_facts or facts()
    found = candidate_for(the_release or release(), the_facts, search=search)
    assert found.movie is not None, "the release should map to the movie"
    return found


def with_settings(the_facts: DecisionFacts, **changes: Any) -> DecisionFacts:
    return dataclasses.replace(the_facts, settings=dataclasses.replace(the_facts.settings, **changes))
