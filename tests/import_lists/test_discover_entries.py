"""``GET /api/v3/importlist/movie`` entries carry what a Discover card shows: poster, overview,
ratings, genres and runtime, from the library's metadata or TMDB's recommendation summary."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from list_support import FakeRadarr, add_radarr_list, radarr_movie, run_command, wait_idle

from fake_tmdb import MOVIES


def test_entries_carry_posters_ratings_genres_and_runtime(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    added = api.post(
        "/api/v3/movie", json={"tmdbId": 603, "qualityProfileId": 1, "rootFolderPath": str(movies_root)}
    )
    assert added.status_code == 201, added.text
    wait_idle(api)
    radarr.movies = [radarr_movie(603), radarr_movie(604)]
    add_radarr_list(api, radarr, movies_root, enableAuto=False)
    run_command(api, "ImportListSync")

    offered = {
        m["tmdbId"]: m
        for m in api.get("/api/v3/importlist/movie", params={"includeRecommendations": "true"}).json()
    }
    assert set(offered) == {603, 604, 27205}
    known = offered[603]  # in the library: the stored metadata
    assert (known["genres"], known["runtime"], known["isExisting"]) == (
        ["Action", "Science Fiction"],
        136,
        True,
    )
    assert known["remotePoster"].endswith(MOVIES[603]["poster_path"])
    assert known["ratings"]["tmdb"]["value"] == MOVIES[603]["vote_average"]
    assert known["inCinemas"].startswith("1999-03")
    recommended = offered[27205]  # TMDB's summary of a recommendation
    assert recommended["isRecommendation"] is True
    assert recommended["remotePoster"].endswith(MOVIES[27205]["poster_path"])
    assert recommended["images"][0]["coverType"] == "poster"
    assert recommended["ratings"]["tmdb"]["votes"] > 0
    assert recommended["overview"] == MOVIES[27205]["overview"]
    only_listed = offered[604]  # known only by its list: empty, never missing
    assert (only_listed["images"], only_listed["genres"], only_listed["runtime"]) == ([], [], 0)
