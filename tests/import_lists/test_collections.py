"""Monitored collections add their missing movies with the collection's settings, and search them if asked."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from list_support import FakeRadarr, add_radarr_list, radarr_movie, run_command, wait_idle


def test_monitoring_a_collection_of_three_with_one_in_the_library_adds_and_searches_the_other_two(
    api: TestClient, movies_root: Path
) -> None:
    added = api.post(
        "/api/v3/movie", json={"tmdbId": 603, "qualityProfileId": 1, "rootFolderPath": str(movies_root)}
    )
    assert added.status_code == 201
    collection = api.get("/api/v3/collection").json()[0]
    response = api.put(
        f"/api/v3/collection/{collection['id']}",
        json={
            **collection,
            "monitored": True,
            "qualityProfileId": 4,
            "minimumAvailability": "announced",
            "searchOnAdd": True,
        },
    )
    assert response.status_code == 202
    wait_idle(api)
    movies = {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}
    assert set(movies) == {603, 604, 605}
    for tmdb_id in (604, 605):
        assert (movies[tmdb_id]["qualityProfileId"], movies[tmdb_id]["minimumAvailability"]) == (
            4,
            "announced",
        )
        assert movies[tmdb_id]["addOptions"]["addMethod"] == "collection"
    searched = [
        i
        for c in api.get("/api/v3/command").json()
        if c["name"] == "MoviesSearch"
        for i in c["body"]["movieIds"]
    ]
    assert sorted(searched) == sorted(movies[t]["id"] for t in (604, 605))


def test_a_list_monitoring_movie_and_collection_brings_the_whole_collection(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    radarr.movies = [radarr_movie(604)]
    add_radarr_list(api, radarr, movies_root, monitor="movieAndCollection", minimumAvailability="inCinemas")
    run_command(api, "ImportListSync")
    movies = {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}
    assert set(movies) == {603, 604, 605}
    assert movies[603]["minimumAvailability"] == "inCinemas"
    assert api.get("/api/v3/collection").json()[0]["monitored"] is True
