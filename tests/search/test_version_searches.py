"""The scheduled missing and cutoff-unmet searches look at every monitored version of a movie:
a movie whose 1080p file is fine is still searched for its missing or below-cutoff 4K version,
and what is grabbed is the release that version wants."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from search_steps import Indexers, Item, add_indexer, add_movie, give_file, pending, profile_id, run_command

BLURAY_1080P = "The.Matrix.1999.1080p.BluRay.x264-GRP"
WEB_2160P = "The.Matrix.1999.2160p.WEB-DL.DDP5.1.H265-NTb"
REMUX_2160P = "The.Matrix.1999.2160p.UHD.BluRay.REMUX.HDR.HEVC.DTS-HD.MA.5.1-FraMeSToR"


@pytest.fixture
def matrix(client: TestClient, indexers: Indexers, movies_root: Path) -> int:
    """The Matrix with its 1080p file (which meets HD-1080p's cutoff) and a feed offering both."""
    add_indexer(client, indexers, "usenet")
    indexers["usenet"].results = [Item(BLURAY_1080P, size=12), Item(REMUX_2160P, size=60)]
    movie_id = add_movie(client, str(movies_root), "The Matrix", 1999, 603)
    give_file(client, movie_id, BLURAY_1080P)
    return movie_id


def _add_4k(client: TestClient, movie_id: int, *, monitored: bool = True) -> None:
    body = {
        "movieId": movie_id,
        "name": "4K",
        "qualityProfileId": profile_id(client, "Ultra-HD"),
        "monitored": monitored,
    }
    response = client.post("/api/v3/movieversion", json=body)
    assert response.status_code == 201, response.text


def _grabbed(client: TestClient) -> list[str]:
    return [title for _movie, title, _reason in pending(client)]


def test_the_missing_search_finds_a_movie_whose_4k_version_has_no_file(
    client: TestClient, matrix: int
) -> None:
    assert run_command(client, "MissingMoviesSearch")["message"].startswith("Searched 0 movies")

    _add_4k(client, matrix)
    state = run_command(client, "MissingMoviesSearch")

    assert state["message"].startswith("Searched 1 movie: 1 release grabbed"), state["message"]
    assert _grabbed(client) == [REMUX_2160P], "the 4K version's release, not another 1080p"


def test_an_unmonitored_version_is_not_searched_for(client: TestClient, matrix: int) -> None:
    _add_4k(client, matrix, monitored=False)

    assert run_command(client, "MissingMoviesSearch")["message"].startswith("Searched 0 movies")
    assert _grabbed(client) == []


def test_the_cutoff_search_upgrades_only_the_version_below_its_cutoff(
    client: TestClient, matrix: int
) -> None:
    _add_4k(client, matrix)
    give_file(client, matrix, WEB_2160P, version="4K")
    ultra_hd = client.get(f"/api/v3/qualityprofile/{profile_id(client, 'Ultra-HD')}").json()
    client.put(f"/api/v3/qualityprofile/{ultra_hd['id']}", json={**ultra_hd, "upgradeAllowed": True})

    assert run_command(client, "MissingMoviesSearch")["message"].startswith("Searched 0 movies")
    state = run_command(client, "CutOffUnmetMoviesSearch")

    assert state["message"].startswith("Searched 1 movie: 1 release grabbed"), state["message"]
    assert _grabbed(client) == [REMUX_2160P]
