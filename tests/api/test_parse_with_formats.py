"""``GET /api/v3/parse``: Radarr's "Test parsing", with the custom formats a release matches and
their score under the profile of the library movie it maps to (score 0 with no movie)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from contract import assert_matches

TITLE = "Movie.Title.2019.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-FraMeSToR"


def _format(api: TestClient, name: str, implementation: str, value: Any) -> int:
    body = {
        "name": name,
        "specifications": [
            {"name": name, "implementation": implementation, "fields": [{"name": "value", "value": value}]}
        ],
    }
    response = api.post("/api/v3/customformat", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _formats(storage_client: TestClient) -> dict[str, int]:
    return {
        "Remux": _format(storage_client, "Remux", "QualityModifierSpecification", 5),
        "Tier 01": _format(
            storage_client, "Tier 01", "ReleaseGroupSpecification", r"^(FraMeSToR|BHDStudio)$"
        ),
        "HDR": _format(storage_client, "HDR", "ReleaseTitleSpecification", r"\bHDR(\b|\d)"),
        "DV": _format(storage_client, "DV", "ReleaseTitleSpecification", r"\b(DV|DoVi)\b"),
        "2160p": _format(storage_client, "2160p", "ResolutionSpecification", 2160),
    }


def test_without_the_movie_the_matching_formats_come_back_with_score_0(storage_client: TestClient) -> None:
    ids = _formats(storage_client)
    parsed = storage_client.get("/api/v3/parse", params={"title": TITLE}).json()
    assert_matches("ParseResource", parsed)
    assert "movie" not in parsed or parsed["movie"] is None
    assert sorted(f["name"] for f in parsed["customFormats"]) == ["2160p", "HDR", "Remux", "Tier 01"]
    assert {f["id"] for f in parsed["customFormats"]} == {
        ids[n] for n in ("2160p", "HDR", "Remux", "Tier 01")
    }
    assert parsed["customFormatScore"] == 0
    assert parsed["parsedMovieInfo"]["releaseGroup"] == "FraMeSToR"


def test_with_the_movie_it_maps_to_it_and_scores_under_its_profile(
    storage_client: TestClient, movies_root: Path
) -> None:
    api = storage_client
    ids = _formats(api)
    profile = api.get("/api/v3/qualityprofile/1").json()
    scores = {"Remux": 1500, "Tier 01": 1700, "HDR": 500, "DV": 1000, "2160p": 0}
    profile["formatItems"] = [{"format": ids[name], "name": name, "score": s} for name, s in scores.items()]
    assert api.put("/api/v3/qualityprofile/1", json=profile).status_code == 202
    assert api.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    added = api.post(
        "/api/v3/movie",
        json={
            "title": "Movie Title",
            "year": 2019,
            "tmdbId": 424242,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
        },
    )
    assert added.status_code == 201, added.text

    parsed = api.get("/api/v3/parse", params={"title": TITLE}).json()

    assert_matches("ParseResource", parsed)
    assert parsed["movie"]["id"] == added.json()["id"] and parsed["movie"]["title"] == "Movie Title"
    assert sorted(f["name"] for f in parsed["customFormats"]) == ["2160p", "HDR", "Remux", "Tier 01"]
    assert parsed["customFormatScore"] == 1500 + 1700 + 500

    other = api.get("/api/v3/parse", params={"title": "Other.Movie.2019.1080p.WEB-DL.DV-GROUP"}).json()
    assert "movie" not in other or other["movie"] is None
    assert [f["name"] for f in other["customFormats"]] == ["DV"] and other["customFormatScore"] == 0
