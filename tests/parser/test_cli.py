"""``reelarr parse``: readable and JSON output, and a clear message for names that do not parse."""

from __future__ import annotations

import json

import pytest

from reelarr.parser.cli import main

TITLE = "The.Movie.Title.2019.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GROUP"


def test_a_release_name_is_printed_field_by_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([TITLE]) == 0
    output = capsys.readouterr().out
    for line in ("Title:          The Movie Title", "Year:           2019", "Quality:        Remux-2160p"):
        assert line in output
    assert "Release group:  GROUP" in output
    assert "Source:         bluray" in output


def test_json_output_carries_the_same_facts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", TITLE]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert (facts["title"], facts["year"], facts["quality"], facts["releaseGroup"]) == (
        "The Movie Title",
        2019,
        "Remux-2160p",
        "GROUP",
    )
    assert facts["revision"] == {"version": 1, "real": 0, "isRepack": False}


def test_a_name_that_does_not_parse_prints_one_line_and_returns_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["0e895c37245186812cb08aab1529cf8ee389dd05.mkv"]) == 1
    output = capsys.readouterr().out
    assert output.count("\n") == 1
    assert "Not a movie release name" in output
