from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from fake_tmdb import API_KEY, READ_TOKEN, FakeTmdb


def add_matrix(api: TestClient, movies_root: Path, **extra: object) -> dict:
    response = api.post(
        "/api/v3/movie",
        json={
            "tmdbId": 603,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
            "monitored": True,
            "minimumAvailability": "released",
            "tags": [],
            "addOptions": {"searchForMovie": False, "monitor": "movieOnly"},
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_lookup_by_title_finds_the_movie_with_its_poster(api: TestClient) -> None:
    results = api.get("/api/v3/movie/lookup", params={"term": "the matrix"}).json()
    assert [r["tmdbId"] for r in results][:1] == [603]
    matrix = results[0]
    assert matrix["title"] == "The Matrix"
    assert matrix["year"] == 1999
    assert matrix["remotePoster"].endswith("/original/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg")
    assert matrix["images"][0]["coverType"] == "poster"
    assert matrix["folder"] == "The Matrix (1999)"
    assert "id" not in matrix


def test_lookup_by_title_and_year_narrows_to_that_year(api: TestClient, tmdb: FakeTmdb) -> None:
    results = api.get("/api/v3/movie/lookup", params={"term": "Matrix (2003)"}).json()
    assert {r["tmdbId"] for r in results} == {604, 605}
    assert "year=2003" in tmdb.api_requests("/search/movie")[0]


def test_lookup_by_tmdb_and_imdb_ids_returns_full_details(api: TestClient) -> None:
    by_tmdb = api.get("/api/v3/movie/lookup", params={"term": "tmdb:603"}).json()
    by_imdb = api.get("/api/v3/movie/lookup", params={"term": "imdb:tt0133093"}).json()
    direct_tmdb = api.get("/api/v3/movie/lookup/tmdb", params={"tmdbId": 603}).json()
    direct_imdb = api.get("/api/v3/movie/lookup/imdb", params={"imdbId": "tt0133093"}).json()
    for resource in (by_tmdb[0], by_imdb[0], direct_tmdb, direct_imdb):
        assert resource["tmdbId"] == 603
        assert resource["imdbId"] == "tt0133093"
        assert resource["certification"] == "R"
        assert resource["inCinemas"] == "1999-03-31T00:00:00Z"
        assert resource["physicalRelease"] == "1999-09-21T00:00:00Z"
        assert resource["studio"] == "Village Roadshow Pictures"
        assert resource["collection"] == {"title": "The Matrix Collection", "tmdbId": 2344}


def test_lookup_of_an_unknown_id_is_empty_and_the_direct_lookup_is_404(api: TestClient) -> None:
    assert api.get("/api/v3/movie/lookup", params={"term": "tmdb:999999"}).json() == []
    assert api.get("/api/v3/movie/lookup/tmdb", params={"tmdbId": 999999}).status_code == 404


def test_adding_by_tmdb_id_fills_metadata_path_and_availability(api: TestClient, movies_root: Path) -> None:
    added = add_matrix(api, movies_root, title="whatever the client says")
    movie = api.get(f"/api/v3/movie/{added['id']}").json()
    assert movie["title"] == "The Matrix"
    assert movie["year"] == 1999
    assert movie["path"] == str(movies_root / "The Matrix (1999)")
    assert movie["rootFolderPath"] == str(movies_root)
    assert movie["status"] == "released"
    assert movie["isAvailable"] is True
    assert movie["runtime"] == 136
    assert movie["genres"] == ["Action", "Science Fiction"]
    assert movie["youTubeTrailerId"] == "vKQi3bBA1y8"
    assert movie["ratings"]["tmdb"]["value"] == 8.216
    assert movie["images"][0] == {
        "coverType": "poster",
        "url": f"/MediaCover/{movie['id']}/poster.jpg",
        "remoteUrl": movie["remotePoster"],
    }
    assert {t["title"] for t in movie["alternateTitles"]} == {"Matrix", "マトリックス", "The Matrix 1"}
    assert movie["collection"]["tmdbId"] == 2344


def test_lookup_of_a_library_movie_returns_the_library_resource(api: TestClient, movies_root: Path) -> None:
    added = add_matrix(api, movies_root)
    found = api.get("/api/v3/movie/lookup", params={"term": "tmdb:603"}).json()
    assert found[0]["id"] == added["id"]
    assert found[0]["path"] == added["path"]


def test_credits_and_alternative_titles_are_stored_on_add(api: TestClient, movies_root: Path) -> None:
    added = add_matrix(api, movies_root)
    credits = api.get("/api/v3/credit", params={"movieId": added["id"]}).json()
    cast = [c for c in credits if c["type"] == "cast"]
    crew = [c for c in credits if c["type"] == "crew"]
    assert [c["personName"] for c in cast] == ["Keanu Reeves", "Laurence Fishburne", "Carrie-Anne Moss"]
    assert cast[0]["character"] == "Neo"
    assert {c["job"] for c in crew} == {"Director", "Producer"}
    titles = api.get("/api/v3/alttitle", params={"movieId": added["id"]}).json()
    assert {t["title"] for t in titles} == {"Matrix", "マトリックス", "The Matrix 1"}


def test_the_poster_is_fetched_once_and_served_from_the_local_cache(
    api: TestClient, movies_root: Path, tmdb: FakeTmdb, data_dir: Path
) -> None:
    added = add_matrix(api, movies_root)
    for path in (f"/api/v3/mediacover/{added['id']}/poster.jpg", f"/MediaCover/{added['id']}/poster.jpg"):
        response = api.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/jpeg"
    assert api.get(f"/api/v3/MediaCover/{added['id']}/poster-500.jpg").status_code == 200
    image_requests = [r for r in tmdb.requests if r.startswith("/t/p/")]
    assert image_requests == [
        "/t/p/original/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg",
        "/t/p/w500/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg",
    ]
    assert (data_dir / "MediaCover" / str(added["id"]) / "poster.jpg").is_file()


def test_a_v4_read_token_is_sent_as_a_bearer_token(api: TestClient, tmdb: FakeTmdb) -> None:
    assert api.put("/api/v3/config/metadata", json={"tmdbApiKey": READ_TOKEN}).status_code == 202
    response = api.get("/api/v3/movie/lookup/tmdb", params={"tmdbId": 27205})
    assert response.status_code == 200
    assert "api_key=" not in tmdb.api_requests("/movie/27205")[0]


def test_the_stored_key_is_never_returned_and_a_masked_put_keeps_it(api: TestClient) -> None:
    settings = api.get("/api/v3/config/metadata").json()
    assert settings["tmdbApiKey"] == "********"
    assert API_KEY not in api.get("/api/v3/config/metadata").text
    assert api.put("/api/v3/config/metadata", json={**settings, "availabilityDelay": 2}).status_code == 202
    assert api.get("/api/v3/movie/lookup/tmdb", params={"tmdbId": 603}).status_code == 200


def test_without_a_key_lookup_answers_400_saying_how_to_set_one(client: TestClient) -> None:
    response = client.get("/api/v3/movie/lookup", params={"term": "tmdb:603"})
    assert response.status_code == 400
    message = response.json()[0]["errorMessage"]
    assert "REELARR_TMDB_API_KEY" in message
    assert "/api/v3/config/metadata" in message


def test_without_a_key_a_movie_with_title_and_year_is_added_from_the_body(
    client: TestClient, movies_root: Path
) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    response = client.post(
        "/api/v3/movie",
        json={
            "tmdbId": 603,
            "title": "The Matrix",
            "year": 1999,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["path"] == str(movies_root / "The Matrix (1999)")


def test_without_a_key_a_movie_without_title_is_refused_with_the_way_to_set_one(
    client: TestClient, movies_root: Path
) -> None:
    response = client.post(
        "/api/v3/movie", json={"tmdbId": 603, "qualityProfileId": 1, "rootFolderPath": str(movies_root)}
    )
    assert response.status_code == 400
    assert "REELARR_TMDB_API_KEY" in response.json()[0]["errorMessage"]


def test_a_wrong_key_gives_tmdbs_reason(api: TestClient) -> None:
    api.put("/api/v3/config/metadata", json={"tmdbApiKey": "not-the-key"})
    response = api.get("/api/v3/movie/lookup/tmdb", params={"tmdbId": 603})
    assert response.status_code == 503
    assert "Invalid API key" in response.json()["message"]


def test_search_on_add_queues_a_search_for_the_new_movie(api: TestClient, movies_root: Path) -> None:
    add_matrix(api, movies_root)
    assert [c["name"] for c in api.get("/api/v3/command").json()] == []
    added = add_matrix(api, movies_root, tmdbId=27205, addOptions={"searchForMovie": True})
    searches = [c for c in api.get("/api/v3/command").json() if c["name"] == "MoviesSearch"]
    assert [c["body"]["movieIds"] for c in searches] == [[added["id"]]]
