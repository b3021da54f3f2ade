"""``GET /api/v3/parse`` answers in Radarr's ParseResource shape, checked against Radarr's OpenAPI.

Like Radarr, fields with no value are left out rather than sent as null.
"""

from __future__ import annotations

import jsonschema
import pytest
from fastapi.testclient import TestClient

from contract import assert_matches


def test_a_release_name_is_parsed_into_radarrs_shape(client: TestClient) -> None:
    title = "The.Movie.Title.2019.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GROUP"
    response = client.get("/api/v3/parse", params={"title": title})
    assert response.status_code == 200
    body = response.json()
    assert_matches("ParseResource", body)
    info = body["parsedMovieInfo"]
    assert info["movieTitles"] == ["The Movie Title"]
    assert info["primaryMovieTitle"] == "The Movie Title"
    assert info["year"] == 2019
    assert info["releaseGroup"] == "GROUP"
    assert info["quality"]["quality"] == {
        "id": 31,
        "name": "Remux-2160p",
        "source": "bluray",
        "resolution": 2160,
        "modifier": "remux",
    }
    assert info["quality"]["revision"] == {"version": 1, "real": 0, "isRepack": False}
    assert "movie" not in body
    assert body["customFormats"] == []
    assert body["customFormatScore"] == 0


def test_languages_and_ids_come_back_with_radarr_ids(client: TestClient) -> None:
    title = "Movie.Title.2016.German.DTS.DL.720p.BluRay.x264-RlsGrp [tt1234567]"
    body = client.get("/api/v3/parse", params={"title": title}).json()
    assert_matches("ParseResource", body)
    assert {(language["id"], language["name"]) for language in body["languages"]} == {
        (4, "German"),
        (-2, "Original"),
    }
    assert body["parsedMovieInfo"]["imdbId"] == "tt1234567"


@pytest.mark.parametrize("title", ["", "THIS SHOULD NEVER PARSE", "185d86a343e39f3341e35c4dad3f9959"])
def test_a_name_that_does_not_parse_has_no_movie_info(client: TestClient, title: str) -> None:
    body = client.get("/api/v3/parse", params={"title": title}).json()
    assert_matches("ParseResource", body)
    assert body["title"] == title
    assert "parsedMovieInfo" not in body


def test_the_schema_check_rejects_a_wrong_shape() -> None:
    with pytest.raises(jsonschema.ValidationError):
        assert_matches("ParseResource", {"title": "x", "unexpected": 1})
