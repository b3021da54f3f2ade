from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from movie_steps import add_movie, run_command

from fake_tmdb import FakeTmdb


def titles(api: TestClient) -> dict[int, str]:
    return {m["tmdbId"]: m["title"] for m in api.get("/api/v3/movie").json()}


def library_of_three(api: TestClient, movies_root: Path) -> None:
    for tmdb_id in (603, 604, 27205):
        add_movie(api, movies_root, tmdb_id)


def test_the_first_refresh_of_the_library_fetches_every_movie(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    library_of_three(api, movies_root)
    tmdb.requests.clear()
    result = run_command(api, "RefreshMovie")
    assert result["status"] == "completed", result
    assert sorted(tmdb.api_requests("/movie/")) == sorted(tmdb.api_requests("append_to_response"))
    assert len(tmdb.api_requests("append_to_response")) == 3
    assert tmdb.api_requests("/movie/changes") == []


def test_incremental_refresh_fetches_only_the_movies_the_changes_feed_names(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    library_of_three(api, movies_root)
    assert run_command(api, "RefreshMovie")["status"] == "completed"
    tmdb.movies[27205]["title"] = "Inception (Director's Cut)"
    tmdb.movies[603]["title"] = "The Matrix (changed but not in the feed)"
    tmdb.changed_ids = [27205, 11, 550, *range(100_000, 100_150)]  # two pages, mostly not ours
    tmdb.requests.clear()

    result = run_command(api, "RefreshMovie")

    assert result["status"] == "completed", result
    assert len(tmdb.api_requests("/movie/changes")) == 2
    assert [r.split("?")[0] for r in tmdb.api_requests("append_to_response")] == ["/3/movie/27205"]
    assert len(tmdb.api_requests()) == 3
    assert titles(api)[27205] == "Inception (Director's Cut)"
    assert titles(api)[603] == "The Matrix"


def test_refreshing_one_movie_fetches_it_whatever_the_feed_says(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    matrix = add_movie(api, movies_root, 603)
    tmdb.movies[603]["runtime"] = 137
    tmdb.requests.clear()
    assert run_command(api, "RefreshMovie", movieIds=[matrix["id"]])["status"] == "completed"
    assert tmdb.api_requests("/movie/changes") == []
    assert api.get(f"/api/v3/movie/{matrix['id']}").json()["runtime"] == 137


def test_a_movie_removed_from_tmdb_is_flagged_deleted_not_removed(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    reloaded = add_movie(api, movies_root, 604)
    del tmdb.movies[604]
    result = run_command(api, "RefreshMovie")
    assert result["status"] == "completed"
    assert "no longer on TMDB" in result["message"]
    movie = api.get(f"/api/v3/movie/{reloaded['id']}").json()
    assert movie["status"] == "deleted"
    assert movie["title"] == "The Matrix Reloaded"


def test_a_429_with_retry_after_is_waited_out_and_the_refresh_completes(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    add_movie(api, movies_root, 603)
    tmdb.movies[603]["runtime"] = 140
    tmdb.requests.clear()
    tmdb.fail(429, times=1, path_contains="/movie/603", retry_after="1")
    result = run_command(api, "RefreshMovie")
    assert result["status"] == "completed", result
    assert len(tmdb.api_requests("/movie/603")) == 2
    assert api.get("/api/v3/movie").json()[0]["runtime"] == 140


def test_tmdb_failing_leaves_the_library_intact_and_the_next_refresh_completes(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    library_of_three(api, movies_root)
    before = api.get("/api/v3/movie").json()
    tmdb.movies[603]["title"] = "The Matrix (Remastered)"
    tmdb.fail(500, times=1, path_contains="/movie/603")

    failed = run_command(api, "RefreshMovie")

    assert failed["status"] == "failed"
    assert "next refresh tries again" in failed["message"]
    after = api.get("/api/v3/movie").json()
    assert [(m["id"], m["path"], m["tmdbId"]) for m in after] == [
        (m["id"], m["path"], m["tmdbId"]) for m in before
    ]
    assert titles(api)[603] == "The Matrix"
    assert api.get("/api/v3/config/metadata").json()["lastChangesSync"] is None

    completed = run_command(api, "RefreshMovie")

    assert completed["status"] == "completed", completed
    assert titles(api)[603] == "The Matrix (Remastered)"
    assert api.get("/api/v3/config/metadata").json()["lastChangesSync"] is not None


def test_refresh_without_a_key_fails_with_the_way_to_set_one(client: TestClient) -> None:
    result = run_command(client, "RefreshMovie")
    assert result["status"] == "failed"
    assert "REELARR_TMDB_API_KEY" in result["message"]
