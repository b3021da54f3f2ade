"""Per-movie reads Radarr's UI and clients make: a credit by id, the folder a movie would get,
and the settings sections read by id."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from library_helpers import add_movie

from contract import assert_matches


def test_a_credit_is_read_by_its_id(library_api: TestClient, movies_root: Path) -> None:
    movie = add_movie(library_api, movies_root)
    credits = library_api.get("/api/v3/credit", params={"movieId": movie["id"]}).json()
    assert credits
    one = library_api.get(f"/api/v3/credit/{credits[0]['id']}")
    assert one.status_code == 200
    assert one.json() == credits[0]
    assert_matches("CreditResource", one.json())
    assert library_api.get("/api/v3/credit/999999").status_code == 404


def test_the_movie_folder_is_named_by_the_folder_format(library_api: TestClient, movies_root: Path) -> None:
    movie = add_movie(library_api, movies_root)
    assert library_api.get(f"/api/v3/movie/{movie['id']}/folder").json() == {"folder": "The Matrix (1999)"}
    naming = library_api.get("/api/v3/config/naming").json()
    naming["movieFolderFormat"] = "{Movie Title} ({Release Year}) {tmdb-{TmdbId}}"
    assert library_api.put("/api/v3/config/naming", json=naming).status_code == 202
    assert library_api.get(f"/api/v3/movie/{movie['id']}/folder").json() == {
        "folder": "The Matrix (1999) {tmdb-603}"
    }
    assert library_api.get("/api/v3/movie/999999/folder").status_code == 404


def test_settings_sections_are_read_by_id_too(client: TestClient) -> None:
    for section in ("naming", "mediamanagement", "ui", "host", "metadata", "indexer", "downloadclient"):
        whole = client.get(f"/api/v3/config/{section}").json()
        assert client.get(f"/api/v3/config/{section}/1").json() == whole, section
