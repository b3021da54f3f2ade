"""ImportListSync against a local Radarr: what it adds, what it leaves, and each ListSyncLevel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from list_support import FakeRadarr, add_radarr_list, radarr_movie, run_command, wait_idle

from reelarr.import_lists import sync


def library(api: TestClient) -> dict[int, dict[str, Any]]:
    return {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}


def add_movie(api: TestClient, root: Path, tmdb_id: int) -> dict[str, Any]:
    response = api.post(
        "/api/v3/movie", json={"tmdbId": tmdb_id, "qualityProfileId": 1, "rootFolderPath": str(root)}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def health_messages(api: TestClient) -> list[str]:
    return [h["message"] for h in api.get("/api/v3/health").json() if h["source"].startswith("ImportList")]


def test_sync_adds_the_new_movies_with_the_lists_settings(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    tag = api.post("/api/v3/tag", json={"label": "from-lists"}).json()
    add_movie(api, movies_root, 603)
    radarr.movies = [radarr_movie(603), radarr_movie(604), radarr_movie(27205)]
    add_radarr_list(
        api,
        radarr,
        movies_root,
        minimumAvailability="inCinemas",
        qualityProfileId=4,
        tags=[tag["id"]],
        searchOnAdd=True,
    )
    state = run_command(api, "ImportListSync")
    assert state["status"] == "completed", state
    movies = library(api)
    assert set(movies) == {603, 604, 27205}
    for tmdb_id in (604, 27205):
        movie = movies[tmdb_id]
        assert (movie["qualityProfileId"], movie["minimumAvailability"], movie["monitored"]) == (
            4,
            "inCinemas",
            True,
        )
        assert movie["tags"] == [tag["id"]]
        assert movie["addOptions"]["addMethod"] == "list"
        assert movie["path"].startswith(str(movies_root))
    assert movies[603]["qualityProfileId"] == 1  # already there: left alone
    searches = [c for c in api.get("/api/v3/command").json() if c["name"] == "MoviesSearch"]
    assert sorted(i for c in searches for i in c["body"]["movieIds"]) == sorted(
        movies[t]["id"] for t in (604, 27205)
    )


def test_an_excluded_movie_is_never_added(api: TestClient, radarr: FakeRadarr, movies_root: Path) -> None:
    api.post(
        "/api/v3/exclusions", json={"tmdbId": 604, "movieTitle": "The Matrix Reloaded", "movieYear": 2003}
    )
    radarr.movies = [radarr_movie(603), radarr_movie(604)]
    add_radarr_list(api, radarr, movies_root)
    run_command(api, "ImportListSync")
    run_command(api, "ImportListSync")
    assert set(library(api)) == {603}


def test_monitor_none_adds_unmonitored_without_searching(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    radarr.movies = [radarr_movie(27205)]
    add_radarr_list(api, radarr, movies_root, monitor="none", searchOnAdd=True)
    run_command(api, "ImportListSync")
    assert library(api)[27205]["monitored"] is False
    assert not [c for c in api.get("/api/v3/command").json() if c["name"] == "MoviesSearch"]


def test_a_list_without_automatic_add_only_offers(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    radarr.movies = [radarr_movie(603), radarr_movie(604)]
    api.post(
        "/api/v3/exclusions", json={"tmdbId": 604, "movieTitle": "The Matrix Reloaded", "movieYear": 2003}
    )
    add_movie(api, movies_root, 27205)
    saved = add_radarr_list(api, radarr, movies_root, enableAuto=False)
    run_command(api, "ImportListSync")
    assert set(library(api)) == {27205}
    offered = {m["tmdbId"]: m for m in api.get("/api/v3/importlist/movie").json()}
    assert set(offered) == {603, 604}
    assert (offered[603]["isExisting"], offered[603]["isExcluded"], offered[603]["lists"]) == (
        False,
        False,
        [saved["id"]],
    )
    assert offered[604]["isExcluded"] is True
    assert offered[603]["title"] == "The Matrix"


def test_the_radarr_filters_pick_by_profile_and_tag(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    radarr.movies = [
        radarr_movie(603, profile=4),
        radarr_movie(604, profile=4, tags=(2,)),
        radarr_movie(605, tags=(2,)),
    ]
    add_radarr_list(api, radarr, movies_root, fields={"profileIds": [4], "tagIds": [2]})
    run_command(api, "ImportListSync")
    assert set(library(api)) == {604}


def test_a_scheduled_sync_waits_for_the_lists_minimum_interval(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    radarr.movies = [radarr_movie(603)]
    add_radarr_list(api, radarr, movies_root)
    ctx = api.app.state.ctx  # type: ignore[attr-defined]
    radarr.requests.clear()
    first = api.portal.call(sync.sync, ctx)  # type: ignore[union-attr]
    second = api.portal.call(sync.sync, ctx)  # type: ignore[union-attr]
    assert (first.fetched, second.fetched) == (1, 0)
    assert radarr.requests == ["/api/v3/movie"]
    wait_idle(api)


# ---------------------------------------------------------------- ListSyncLevel


def prepare_cleaning(api: TestClient, radarr: FakeRadarr, root: Path, level: str) -> dict[str, Any]:
    """Inception in the library and on no list; The Matrix on the list. Returns Inception."""
    tag = api.post("/api/v3/tag", json={"label": "not-on-lists"}).json()
    body: dict[str, Any] = {"listSyncLevel": level, "listSyncTag": tag["id"] if level == "keepAndTag" else 0}
    assert api.put("/api/v3/config/importlist", json=body).status_code == 202
    inception = add_movie(api, root, 27205)
    (root / "Inception (2010)").mkdir(exist_ok=True)
    (root / "Inception (2010)" / "Inception.mkv").write_bytes(b"x" * 1024)
    radarr.movies = [radarr_movie(603)]
    add_radarr_list(api, radarr, root)
    return {**inception, "tag": tag["id"]}


@pytest.mark.parametrize("level", ["disabled", "logOnly"])
def test_levels_that_change_nothing(
    api: TestClient, radarr: FakeRadarr, movies_root: Path, level: str
) -> None:
    inception = prepare_cleaning(api, radarr, movies_root, level)
    run_command(api, "ImportListSync")
    movies = library(api)
    assert set(movies) == {603, 27205}
    assert (movies[27205]["monitored"], movies[27205]["tags"]) == (True, [])
    assert inception["id"] == movies[27205]["id"]


def test_keep_and_unmonitor(api: TestClient, radarr: FakeRadarr, movies_root: Path) -> None:
    prepare_cleaning(api, radarr, movies_root, "keepAndUnmonitor")
    run_command(api, "ImportListSync")
    movies = library(api)
    assert (movies[27205]["monitored"], movies[603]["monitored"]) == (False, True)


def test_keep_and_tag(api: TestClient, radarr: FakeRadarr, movies_root: Path) -> None:
    inception = prepare_cleaning(api, radarr, movies_root, "keepAndTag")
    run_command(api, "ImportListSync")
    movies = library(api)
    assert (movies[27205]["tags"], movies[27205]["monitored"], movies[603]["tags"]) == (
        [inception["tag"]],
        True,
        [],
    )


@pytest.mark.parametrize(("level", "files_kept"), [("removeAndKeep", True), ("removeAndDelete", False)])
def test_remove(api: TestClient, radarr: FakeRadarr, movies_root: Path, level: str, files_kept: bool) -> None:
    prepare_cleaning(api, radarr, movies_root, level)
    run_command(api, "ImportListSync")
    assert set(library(api)) == {603}
    assert (movies_root / "Inception (2010)" / "Inception.mkv").exists() is files_kept
    assert api.get("/api/v3/exclusions").json() == []  # a list may offer it again


@pytest.mark.parametrize("level", ["keepAndUnmonitor", "removeAndDelete"])
def test_a_failing_list_service_cleans_nothing_backs_off_and_shows_in_health(
    api: TestClient, radarr: FakeRadarr, movies_root: Path, level: str
) -> None:
    prepare_cleaning(api, radarr, movies_root, level)
    radarr.failing = 502
    state = run_command(api, "ImportListSync")
    assert "not cleaned" in state["message"] and "HTTP 502" in state["message"]
    movies = library(api)
    assert set(movies) == {27205} and movies[27205]["monitored"] is True
    assert (movies_root / "Inception (2010)" / "Inception.mkv").exists()
    assert health_messages(api) == ["All lists are unavailable due to failures"]
    ctx = api.app.state.ctx  # type: ignore[attr-defined]
    lists = api.portal.call(sync.configured_lists, ctx)  # type: ignore[union-attr]
    assert lists[0].blocked  # backing off: the scheduled sync leaves it alone for now
    radarr.failing = 0
    run_command(api, "ImportListSync")
    assert health_messages(api) == []
    assert 603 in library(api)


def test_a_list_that_empties_suddenly_is_believed_only_the_second_time(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    prepare_cleaning(api, radarr, movies_root, "keepAndUnmonitor")
    run_command(api, "ImportListSync")
    assert library(api)[603]["monitored"] is True
    radarr.movies = []
    state = run_command(api, "ImportListSync")
    assert "offered no movies" in state["message"]
    assert library(api)[603]["monitored"] is True
    assert any("offered no movies" in m for m in health_messages(api))
    run_command(api, "ImportListSync")
    assert library(api)[603]["monitored"] is False
    assert health_messages(api) == []


def test_discover_offers_tmdb_recommendations_of_the_library(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 603)
    assert api.get("/api/v3/importlist/movie").json() == []
    offered = api.get("/api/v3/importlist/movie", params={"includeRecommendations": "true"}).json()
    assert offered[0]["images"][0]["coverType"] == "poster"
    facts = [(m["tmdbId"], m["title"], m["isRecommendation"], m["isExisting"], m["lists"]) for m in offered]
    assert facts == [(27205, "Inception", True, False, [])]


def test_a_list_whose_root_folder_is_missing_shows_in_health(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    add_radarr_list(api, radarr, movies_root / "gone")
    run_command(api, "CheckHealth")
    assert health_messages(api) == [f"Missing root folder for import list(s): {movies_root / 'gone'}"]
