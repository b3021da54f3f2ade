"""``POST /api/v3/importlist/movie``: Radarr's bulk add from Discover, each movie with its own settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from list_support import wait_idle

from fake_tmdb import MOVIES


def discover_entry(tmdb_id: int, root: Path, **settings: Any) -> dict[str, Any]:
    """A movie as the Discover page posts it: the list movie's fields plus the chosen settings."""
    source = MOVIES[tmdb_id]
    return {
        "tmdbId": tmdb_id,
        "imdbId": source["imdb_id"],
        "title": source["title"],
        "year": int(source["release_date"][:4]),
        "isExcluded": False,
        "isExisting": False,
        "isRecommendation": True,
        "lists": [],
        "rootFolderPath": str(root),
        **settings,
    }


def test_each_movie_is_added_with_its_own_settings_and_existing_ones_are_skipped(
    api: TestClient, movies_root: Path, tmp_path: Path
) -> None:
    other_root = tmp_path / "kids"
    other_root.mkdir()
    assert api.post("/api/v3/rootfolder", json={"path": str(other_root)}).status_code == 201
    existing = api.post(
        "/api/v3/movie", json={"tmdbId": 603, "qualityProfileId": 1, "rootFolderPath": str(movies_root)}
    ).json()
    wait_idle(api)
    body = [
        discover_entry(
            604,
            movies_root,
            qualityProfileId=4,
            monitored=True,
            minimumAvailability="inCinemas",
            addOptions={"searchForMovie": True, "monitor": "movieOnly"},
        ),
        discover_entry(
            27205,
            other_root,
            qualityProfileId=1,
            monitored=False,
            minimumAvailability="announced",
            addOptions={"searchForMovie": False, "monitor": "none"},
        ),
        discover_entry(603, other_root, qualityProfileId=4, monitored=False),
        discover_entry(604, other_root, qualityProfileId=1),  # twice in the body: the first wins
    ]
    response = api.post("/api/v3/importlist/movie", json=body)
    assert response.status_code == 200, response.text
    assert sorted(m["tmdbId"] for m in response.json()) == [604, 27205]
    wait_idle(api)

    movies = {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}
    assert set(movies) == {603, 604, 27205}
    got = {
        t: (m["qualityProfileId"], m["monitored"], m["minimumAvailability"], m["rootFolderPath"].rstrip("/"))
        for t, m in movies.items()
    }
    assert got == {
        603: (1, True, "released", str(movies_root)),  # already there: left alone
        604: (4, True, "inCinemas", str(movies_root)),
        27205: (1, False, "announced", str(other_root)),
    }
    assert movies[603]["id"] == existing["id"]
    searches = [c for c in api.get("/api/v3/command").json() if c["name"] == "MoviesSearch"]
    assert [i for c in searches for i in c["body"]["movieIds"]] == [movies[604]["id"]]


def test_a_movie_without_a_root_folder_is_a_400(api: TestClient) -> None:
    body = [{"tmdbId": 604, "title": "The Matrix Reloaded", "qualityProfileId": 1}]
    response = api.post("/api/v3/importlist/movie", json=body)
    assert response.status_code == 400, response.text
    assert api.get("/api/v3/movie").json() == []
