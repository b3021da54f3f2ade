"""Automatic search: the release a Radarr user would expect is the one grabbed, profile by profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from search_steps import Indexers, Item, add_indexer, add_movie, give_file, pending, profile_id, run_command

NO_CLIENT = "no download client"
OFFERED = [
    Item("The.Matrix.1999.720p.BluRay.x264-GRP", size=6),
    Item("The.Matrix.1999.1080p.WEBRip.x264-RARBG", size=8),
    Item("The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb", size=8),
    Item("The.Matrix.1999.1080p.BluRay.x264-GRP", size=12),
    Item("The.Matrix.1999.1080p.BluRay.x264.PROPER-GRP", size=12),
]


def _update_profile(client: TestClient, name: str, **changes: Any) -> None:
    profile = next(p for p in client.get("/api/v3/qualityprofile").json() if p["name"] == name)
    response = client.put(f"/api/v3/qualityprofile/{profile['id']}", json={**profile, **changes})
    assert response.status_code == 202, response.text


def _grabbed_after_search(client: TestClient, movie_id: int) -> list[str]:
    run_command(client, "MoviesSearch", movieIds=[movie_id])
    return [title for movie, title, reason in pending(client) if movie == movie_id and reason == NO_CLIENT]


@pytest.fixture
def matrix(client: TestClient, indexers: Indexers, movies_root: Path) -> int:
    add_indexer(client, indexers, "usenet")
    indexers["usenet"].results = list(OFFERED)
    return add_movie(client, str(movies_root), "The Matrix", 1999, 603)


def test_without_a_file_the_best_quality_and_its_proper_is_grabbed(client: TestClient, matrix: int) -> None:
    assert _grabbed_after_search(client, matrix) == ["The.Matrix.1999.1080p.BluRay.x264.PROPER-GRP"]


def test_a_file_that_meets_the_cutoff_is_only_replaced_by_its_proper(
    client: TestClient, indexers: Indexers, matrix: int
) -> None:
    give_file(client, matrix, "The.Matrix.1999.1080p.BluRay.x264-GRP")
    indexers["usenet"].results = [item for item in OFFERED if "PROPER" not in item.title]
    assert _grabbed_after_search(client, matrix) == []
    indexers["usenet"].results = list(OFFERED)
    assert _grabbed_after_search(client, matrix) == ["The.Matrix.1999.1080p.BluRay.x264.PROPER-GRP"]


def test_a_web_file_is_upgraded_to_bluray_only_when_the_profile_allows_upgrades(
    client: TestClient, matrix: int
) -> None:
    give_file(client, matrix, "The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb")
    assert _grabbed_after_search(client, matrix) == []
    _update_profile(client, "HD-1080p", upgradeAllowed=True)
    assert _grabbed_after_search(client, matrix) == ["The.Matrix.1999.1080p.BluRay.x264.PROPER-GRP"]


def test_the_format_score_picks_between_releases_of_equal_quality(
    client: TestClient, indexers: Indexers, matrix: int
) -> None:
    created = client.post(
        "/api/v3/customformat",
        json={
            "name": "Tier 1",
            "specifications": [
                {
                    "name": "NTb",
                    "implementation": "ReleaseGroupSpecification",
                    "fields": [{"name": "value", "value": "^NTb$"}],
                }
            ],
        },
    ).json()
    _update_profile(
        client, "HD-1080p", formatItems=[{"format": created["id"], "name": "Tier 1", "score": 100}]
    )
    indexers["usenet"].results = [item for item in OFFERED if "WEB" in item.title]
    assert _grabbed_after_search(client, matrix) == ["The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb"]


def test_a_minimum_format_score_refuses_everything_below_it(
    client: TestClient, indexers: Indexers, matrix: int
) -> None:
    _update_profile(client, "HD-1080p", minFormatScore=10)
    assert _grabbed_after_search(client, matrix) == []


def test_an_automatic_search_waits_out_the_delay_profile_unless_it_is_the_best_quality(
    client: TestClient, indexers: Indexers, matrix: int
) -> None:
    default = client.get("/api/v3/delayprofile").json()[0]
    client.put("/api/v3/delayprofile/1", json={**default, "usenetDelay": 600})
    indexers["usenet"].results = [Item("The.Matrix.1999.1080p.BluRay.x264-GRP", size=12, age_hours=1)]
    state = run_command(client, "MoviesSearch", movieIds=[matrix])
    assert state["message"] == "Searched 1 movie: 0 releases grabbed; 1 waiting for the delay profile"
    assert pending(client) == [(matrix, "The.Matrix.1999.1080p.BluRay.x264-GRP", "delay")]
    client.put("/api/v3/delayprofile/1", json={**default, "usenetDelay": 600, "bypassIfHighestQuality": True})
    _update_profile(
        client,
        "HD-1080p",
        items=[
            {**item, "allowed": item.get("quality", {}).get("name") == "Bluray-1080p"}
            for item in next(
                p for p in client.get("/api/v3/qualityprofile").json() if p["name"] == "HD-1080p"
            )["items"]
        ],
        cutoff=7,
    )
    assert _grabbed_after_search(client, matrix) == ["The.Matrix.1999.1080p.BluRay.x264-GRP"]
    assert [reason for _, _, reason in pending(client)] == [NO_CLIENT]


def test_adding_a_movie_with_search_on_add_searches_and_grabs(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    add_indexer(client, indexers, "usenet")
    indexers["usenet"].results = list(OFFERED)
    matrix = add_movie(
        client,
        str(movies_root),
        "The Matrix",
        1999,
        603,
        addOptions={"searchForMovie": True},
        qualityProfileId=profile_id(client, "HD-1080p"),
    )
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    client.portal.call(ctx.commands.wait_idle)  # type: ignore[union-attr]
    assert pending(client) == [(matrix, "The.Matrix.1999.1080p.BluRay.x264.PROPER-GRP", NO_CLIENT)]
    assert client.get(f"/api/v3/movie/{matrix}").json()["lastSearchTime"] is not None


def test_the_missing_search_looks_for_monitored_available_movies_without_a_file(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    root = str(movies_root)
    add_indexer(client, indexers, "usenet")
    indexers["usenet"].results = list(OFFERED)
    add_movie(client, root, "The Matrix", 1999, 603)
    add_movie(client, root, "Inception", 2010, 27205, monitored=False)
    add_movie(client, root, "Future Film", 2030, 999001, status="announced", physicalRelease=None)
    state = run_command(client, "MissingMoviesSearch")
    assert state["message"].startswith("Searched 1 movie: 1 release grabbed")
