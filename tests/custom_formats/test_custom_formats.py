"""Custom formats written in Radarr's JSON: import through the API, export unchanged, match and score."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reelarr import custom_formats
from reelarr.custom_formats import Format, FormatFacts, compile_format, matching_formats, release_facts
from reelarr.parser import parse_title
from reelarr.qualities import Modifier, Source

FORMATS: list[dict[str, Any]] = json.loads((Path(__file__).parent / "formats.json").read_text())
GB = 1024**3


def _compiled() -> dict[str, Format]:
    compiled = {}
    for format_id, exported in enumerate(FORMATS, 1):
        stored = []
        for index, raw in enumerate(exported["specifications"]):
            spec, problems = custom_formats.normalize_specification(raw, index)
            assert spec is not None and not problems
            stored.append(spec)
        compiled[exported["name"]] = compile_format(format_id, exported["name"], stored)
    return compiled


COMPILED = _compiled()


def _matched_names(title: str, **facts: Any) -> set[str]:
    parsed = parse_title(title)
    assert parsed is not None
    found = matching_formats(COMPILED.values(), release_facts(parsed, **facts))
    return {custom_format.name for custom_format in found}


def test_formats_in_radarr_json_import_through_the_api_and_export_unchanged(client: TestClient) -> None:
    for exported in FORMATS:
        created = client.post("/api/v3/customformat", json=exported)
        assert created.status_code == 201, created.text
        fetched = client.get(f"/api/v3/customformat/{created.json()['id']}").json()
        assert custom_formats.exported(fetched) == exported
    listed = client.get("/api/v3/customformat").json()
    assert [custom_formats.exported(resource) for resource in listed] == FORMATS


def test_a_format_with_a_broken_regex_is_refused_with_the_reason(client: TestClient) -> None:
    broken = {
        "name": "Broken",
        "specifications": [
            {"name": "x", "implementation": "ReleaseTitleSpecification", "fields": {"value": "(unclosed"}}
        ],
    }
    response = client.post("/api/v3/customformat", json=broken)
    assert response.status_code == 400
    assert "Invalid regular expression" in response.json()[0]["errorMessage"]


@pytest.mark.parametrize(
    ("title", "facts", "expected"),
    [
        # x265 matches in HD, but the required negated 2160p spec keeps it off 4K releases.
        ("The.Movie.2010.1080p.BluRay.x265-GRP", {"size": GB}, {"x265 (HD)", "Small"}),
        ("The.Movie.2010.1080p.BluRay.x265-GRP", {"size": 3 * GB}, {"x265 (HD)"}),
        ("The.Movie.2010.2160p.BluRay.x265-GRP", {"size": 30 * GB}, set()),
        ("The.Movie.2010.720p.WEB-DL.HEVC-GRP", {"size": 3 * GB}, {"x265 (HD)"}),
        # Remux is required; either group spec is enough; the negated WEB source passes for Bluray.
        ("The.Movie.2010.1080p.BluRay.REMUX.AVC.DTS-HD.MA-FraMeSToR", {"size": 30 * GB}, {"Remux Tier 01"}),
        ("The.Movie.2010.1080p.BluRay.REMUX.AVC.DTS-HD.MA-BLURANiUM", {"size": 30 * GB}, {"Remux Tier 01"}),
        ("The.Movie.2010.1080p.BluRay.REMUX.AVC.DTS-HD.MA-NOGROUP", {"size": 30 * GB}, set()),
        ("The.Movie.2010.1080p.BluRay.x264-FraMeSToR", {"size": 10 * GB}, set()),
        # Size: above the minimum, up to and including the maximum.
        ("The.Movie.2010.720p.WEB-DL.H264-GRP", {"size": 2 * GB}, {"Small"}),
        ("The.Movie.2010.720p.WEB-DL.H264-GRP", {"size": 2 * GB + 1}, set()),
        ("The.Movie.2010.720p.WEB-DL.H264-GRP", {"size": 0}, set()),
        # Languages: "except English", and "not the original language" through a negated spec.
        ("Le.Film.2010.FRENCH.1080p.WEB-DL.H264-GRP", {"size": 5 * GB}, {"Not English", "Not Original"}),
        (
            "Le.Film.2010.FRENCH.1080p.WEB-DL.H264-GRP",
            {"size": 5 * GB, "original_language": 2},
            {"Not English"},
        ),
        ("The.Movie.2010.1080p.WEB-DL.H264-GRP", {"size": 5 * GB, "original_language": 2}, {"Not English"}),
        # Edition or title, with a .NET named group in the regex.
        ("The.Movie.2010.IMAX.Enhanced.2160p.WEB-DL.DV.H265-GRP", {"size": 20 * GB}, {"IMAX Enhanced"}),
        ("The.Movie.2010.IMAX.2160p.WEB-DL.DV.H265-GRP", {"size": 20 * GB}, set()),
        ("The.Movie.2010.1080p.WEB-DL.H264-GRP", {"size": 5 * GB, "indexer_flags": 1 | 4}, {"Freeleech"}),
        ("The.Movie.2010.1080p.WEB-DL.H264-GRP", {"size": 5 * GB, "indexer_flags": 2}, set()),
        ("The.Movie.1959.1080p.BluRay.H264-GRP", {"size": 9 * GB, "movie_year": 1959}, {"Classic"}),
        ("The.Movie.1970.1080p.BluRay.H264-GRP", {"size": 9 * GB, "movie_year": 1970}, set()),
        # A full disc matches, unless the title also says remux (required negated spec).
        ("The.Movie.2010.COMPLETE.BLURAY-GRP", {"size": 40 * GB}, {"BR-DISK"}),
    ],
)
def test_formats_match_the_titles_they_describe(
    title: str, facts: dict[str, Any], expected: set[str]
) -> None:
    assert _matched_names(title, **facts) == expected


def test_a_format_without_specifications_matches_nothing() -> None:
    assert not compile_format(1, "Empty", []).matches(FormatFacts(title="Anything"))


def test_a_group_fails_when_any_required_spec_in_it_fails_even_if_another_holds() -> None:
    specs = [
        {"implementation": "SourceSpecification", "required": True, "fields": {"value": 9}},
        {"implementation": "SourceSpecification", "required": False, "fields": {"value": 7}},
    ]
    both = compile_format(1, "Bluray only", specs)
    assert both.matches(FormatFacts(title="x", source=Source.BLURAY))
    assert not both.matches(FormatFacts(title="x", source=Source.WEBDL))


def test_every_type_group_must_pass() -> None:
    specs = [
        {"implementation": "SourceSpecification", "fields": {"value": 9}},
        {"implementation": "QualityModifierSpecification", "fields": {"value": 5}},
    ]
    remux = compile_format(1, "Bluray remux", specs)
    assert remux.matches(FormatFacts(title="x", source=Source.BLURAY, modifier=Modifier.REMUX))
    assert not remux.matches(FormatFacts(title="x", source=Source.BLURAY))


def test_the_score_is_the_sum_of_the_matched_formats_scores_in_the_profile() -> None:
    matched = [COMPILED["x265 (HD)"], COMPILED["Small"], COMPILED["Freeleech"]]
    scores = {COMPILED["x265 (HD)"].id: -10000, COMPILED["Small"].id: 50}
    assert custom_formats.score(scores, matched) == -9950
