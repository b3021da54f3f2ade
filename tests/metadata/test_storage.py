"""Adding and refreshing with TMDB on both databases."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from movie_steps import add_movie, run_command

from fake_tmdb import API_KEY, FakeTmdb


def test_add_refresh_and_collections_work_on_each_database(
    storage_client: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    api = storage_client
    api.put(
        "/api/v3/config/metadata",
        json={
            "tmdbApiKey": API_KEY,
            "tmdbBaseUrl": tmdb.api_url,
            "imageBaseUrl": tmdb.image_url,
            "imageHosts": [tmdb.image_host],
        },
    )
    api.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    matrix = add_movie(api, movies_root, 603)
    tmdb.movies[603]["alternative_titles"]["titles"].append({"iso_3166_1": "BR", "title": "Matrix (BR)"})
    assert run_command(api, "RefreshMovie")["status"] == "completed"
    assert run_command(api, "RefreshCollections")["status"] == "completed"

    movie = api.get(f"/api/v3/movie/{matrix['id']}").json()
    assert movie["title"] == "The Matrix"
    assert "Matrix (BR)" in {t["title"] for t in movie["alternateTitles"]}
    assert movie["movieFileId"] == 0
    assert api.get("/api/v3/movie").json() == [movie]
    assert len(api.get("/api/v3/credit", params={"movieId": matrix["id"]}).json()) == 6
    assert api.get("/api/v3/collection").json()[0]["missingMovies"] == 2
