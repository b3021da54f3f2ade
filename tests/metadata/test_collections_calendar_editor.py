from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from movie_steps import add_movie, run_command


def wait_for_movies(api: TestClient, count: int) -> list[dict]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        movies = api.get("/api/v3/movie").json()
        busy = [c for c in api.get("/api/v3/command").json() if c["status"] in ("queued", "started")]
        if len(movies) >= count and not busy:
            return movies
        time.sleep(0.05)
    raise AssertionError(f"expected {count} movies")


def test_adding_a_movie_creates_its_collection_unmonitored(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 603)
    collections = api.get("/api/v3/collection").json()
    assert len(collections) == 1
    matrix = collections[0]
    assert (matrix["tmdbId"], matrix["title"], matrix["monitored"]) == (2344, "The Matrix Collection", False)
    assert matrix["rootFolderPath"] == str(movies_root)
    assert [m["tmdbId"] for m in matrix["movies"] if m["isExisting"]] == [603]


def test_refreshing_collections_lists_the_missing_movies(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 603)
    assert run_command(api, "RefreshCollections")["status"] == "completed"
    matrix = api.get("/api/v3/collection", params={"tmdbId": 2344}).json()[0]
    assert [(m["tmdbId"], m["isExisting"]) for m in matrix["movies"]] == [
        (603, True),
        (604, False),
        (605, False),
    ]
    assert matrix["missingMovies"] == 2
    assert matrix["overview"].startswith("The Matrix collection")
    assert matrix["images"][0]["coverType"] == "poster"


def test_monitoring_a_collection_adds_its_missing_movies(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 603)
    collection = api.get("/api/v3/collection").json()[0]
    response = api.put(f"/api/v3/collection/{collection['id']}", json={**collection, "monitored": True})
    assert response.status_code == 202
    movies = wait_for_movies(api, 3)
    by_tmdb = {m["tmdbId"]: m for m in movies}
    assert set(by_tmdb) == {603, 604, 605}
    assert by_tmdb[605]["path"] == str(movies_root / "The Matrix Revolutions (2003)")
    assert by_tmdb[605]["addOptions"]["addMethod"] == "collection"
    assert api.get("/api/v3/collection").json()[0]["missingMovies"] == 0


def test_excluded_movies_are_not_added_by_a_monitored_collection(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 603)
    reloaded = add_movie(api, movies_root, 604)
    api.delete(f"/api/v3/movie/{reloaded['id']}", params={"addImportExclusion": "true"})
    collection = api.get("/api/v3/collection").json()[0]
    api.put(f"/api/v3/collection/{collection['id']}", json={"monitored": True})
    movies = wait_for_movies(api, 2)
    assert {m["tmdbId"] for m in movies} == {603, 605}


def test_the_calendar_lists_movies_released_in_the_range(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 27205)
    add_movie(api, movies_root, 603)
    in_range = api.get("/api/v3/calendar", params={"start": "2010-12-01", "end": "2010-12-31"}).json()
    assert [m["tmdbId"] for m in in_range] == [27205]
    assert in_range[0]["digitalRelease"] == "2010-12-03T00:00:00Z"
    assert api.get("/api/v3/calendar", params={"start": "2011-01-01", "end": "2011-02-01"}).json() == []


def test_the_ical_feed_takes_the_key_in_the_query(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 27205)
    key = api.headers["X-Api-Key"]
    feed = api.get(
        "/feed/v3/calendar/radarr.ics",
        params={"apikey": key, "pastDays": 365 * 40},
        headers={"X-Api-Key": ""},
    )
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    body = feed.text
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Inception (In Cinemas)\r\n" in body
    assert "DTSTART;VALUE=DATE:20101207\r\n" in body
    assert body.count("BEGIN:VEVENT") == 3
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    refused = api.get("/feed/v3/calendar/radarr.ics", params={"apikey": "wrong"}, headers={"X-Api-Key": ""})
    assert refused.status_code == 401


def test_the_editor_changes_many_movies_at_once(api: TestClient, movies_root: Path) -> None:
    ids = [add_movie(api, movies_root, tmdb_id)["id"] for tmdb_id in (603, 27205)]
    tag = api.post("/api/v3/tag", json={"label": "4k"}).json()["id"]
    response = api.put(
        "/api/v3/movie/editor",
        json={
            "movieIds": ids,
            "monitored": False,
            "minimumAvailability": "inCinemas",
            "tags": [tag],
            "applyTags": "add",
        },
    )
    assert response.status_code == 202, response.text
    for movie in api.get("/api/v3/movie").json():
        assert (movie["monitored"], movie["minimumAvailability"], movie["tags"]) == (
            False,
            "inCinemas",
            [tag],
        )
    api.put("/api/v3/movie/editor", json={"movieIds": ids[:1], "tags": [tag], "applyTags": "remove"})
    assert [m["tags"] for m in api.get("/api/v3/movie").json()] == [[], [tag]]


def test_the_editor_deletes_many_movies_and_can_exclude_them(api: TestClient, movies_root: Path) -> None:
    ids = [add_movie(api, movies_root, tmdb_id)["id"] for tmdb_id in (603, 27205)]
    response = api.request(
        "DELETE", "/api/v3/movie/editor", json={"movieIds": ids, "addImportExclusion": True}
    )
    assert response.status_code == 200
    assert api.get("/api/v3/movie").json() == []


def test_the_availability_delay_setting_is_applied_to_is_available(
    client: TestClient, movies_root: Path
) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    movie = add_movie(
        client,
        movies_root,
        1,
        title="Tomorrow's Movie",
        year=2024,
        digitalRelease="2000-01-01T00:00:00Z",
        minimumAvailability="released",
    )
    assert movie["isAvailable"] is True
    client.put("/api/v3/config/metadata", json={"availabilityDelay": 100_000})
    assert client.get(f"/api/v3/movie/{movie['id']}").json()["isAvailable"] is False
