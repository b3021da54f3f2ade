"""Overseerr's calls, made as Overseerr makes them (``server/api/servarr/base.ts`` and ``radarr.ts``).

Every request goes to ``/api/v3`` with the key as ``?apikey=`` (axios default params) and the
paths spelt ``/qualityProfile`` and ``/rootfolder``. A request for a movie runs: the exclusion
list (``/exclusions/paged?page=1&pageSize=-1``, Overseerr's newest release), a look-up by
``term=tmdb:N`` whose first result says through ``id``, ``hasFile`` and ``monitored`` whether
Radarr has it, then ``POST /movie`` (new), ``PUT /movie`` without an id (known but unmonitored)
or nothing, and ``MoviesSearch`` when asked to search.

| clients.md row | test |
|---|---|
| 1 ``GET /system/status`` | ``test_overseerr_tests_the_server_and_reads_profiles_folders_and_tags`` |
| 4 ``GET /qualityProfile`` | ``test_overseerr_tests_the_server_and_reads_profiles_folders_and_tags`` |
| 5 ``GET /rootfolder`` | ``test_overseerr_tests_the_server_and_reads_profiles_folders_and_tags`` |
| 8 ``GET /tag`` | ``test_overseerr_tests_the_server_and_reads_profiles_folders_and_tags`` |
| 12 ``GET /movie/lookup?term=tmdb:N`` | ``test_overseerr_requests_a_movie_radarr_does_not_have`` |
| 9 ``POST /movie`` | ``test_overseerr_requests_a_movie_radarr_does_not_have`` |
| 6 ``POST /command`` (MoviesSearch) | ``test_overseerr_requests_a_movie_radarr_does_not_have`` |
| 2 ``GET /movie`` | ``test_overseerr_requests_a_movie_radarr_does_not_have`` |
| 7 ``GET /movie/{id}`` (404 = gone) | ``test_overseerr_requests_a_movie_radarr_does_not_have`` |
| 10 ``PUT /movie`` (no id) | ``test_overseerr_monitors_again_a_movie_radarr_has_unmonitored`` |
| 11 ``POST /tag`` | ``test_overseerr_creates_a_user_tag_once`` |
| 3 ``GET /queue?includeEpisode=true`` | ``test_overseerr_reads_the_queue_first_page`` |
| none: ``GET /exclusions/paged?pageSize=-1`` | ``test_overseerr_reads_every_exclusion_on_one_page`` |
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client_setup import GRABBED_TITLE, Queue, query_key_only, wait_for_command
from fastapi.testclient import TestClient


class Overseerr:
    """Overseerr's axios instance: base ``/api/v3``, ``apikey`` added to every query."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.key = query_key_only(client)

    def request(self, method: str, path: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        query = {"apikey": self.key, **(params or {})}
        return self.client.request(method, f"/api/v3{path}", params=query, **kwargs)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = self.request("GET", path, params)
        assert response.status_code == 200, response.text
        return response.json()


def _request_body(found: dict[str, Any], root: str, *, monitored: bool = True) -> dict[str, Any]:
    """The options Overseerr sends for a request (``RadarrMovieOptions`` plus its extras)."""
    return {
        "title": found["title"],
        "qualityProfileId": 4,
        "profileId": 4,
        "titleSlug": str(found["tmdbId"]),
        "minimumAvailability": "released",
        "tmdbId": found["tmdbId"],
        "year": found["year"],
        "rootFolderPath": root,
        "monitored": monitored,
        "tags": [],
        "addOptions": {"searchForMovie": False},
    }


def test_overseerr_tests_the_server_and_reads_profiles_folders_and_tags(
    library_api: TestClient, movies_root: Path
) -> None:
    overseerr = Overseerr(library_api)
    status = overseerr.get("/system/status")
    assert isinstance(status["version"], str) and status["version"]
    assert status["urlBase"] == ""

    profiles = overseerr.get("/qualityProfile")
    assert {"id": 4, "name": "HD-1080p"} in [{"id": p["id"], "name": p["name"]} for p in profiles]

    (movies_root / "Heat (1995)").mkdir()
    [folder] = overseerr.get("/rootfolder")
    assert folder["path"] == str(movies_root) and isinstance(folder["id"], int)
    assert isinstance(folder["freeSpace"], int) and folder["freeSpace"] > 0  # Radarr sends no totalSpace
    [unmapped] = folder["unmappedFolders"]
    assert (unmapped["name"], unmapped["path"]) == ("Heat (1995)", str(movies_root / "Heat (1995)"))

    assert overseerr.get("/tag") == []


def test_overseerr_requests_a_movie_radarr_does_not_have(library_api: TestClient, movies_root: Path) -> None:
    overseerr = Overseerr(library_api)
    exclusions = overseerr.get("/exclusions/paged", {"page": 1, "pageSize": -1})
    assert exclusions["records"] == [] and exclusions["totalRecords"] == 0

    [found, *_] = overseerr.get("/movie/lookup", {"term": "tmdb:603"})
    assert (found["tmdbId"], found["title"], found["year"]) == (603, "The Matrix", 1999)
    assert not found.get("id") and found["hasFile"] is False, "not in Radarr yet"

    added = overseerr.request("POST", "/movie", json=_request_body(found, str(movies_root)))
    assert added.status_code == 201, added.text
    movie = added.json()
    assert isinstance(movie["id"], int) and movie["id"] > 0
    assert (movie["monitored"], movie["qualityProfileId"]) == (True, 4)

    command = overseerr.request("POST", "/command", json={"name": "MoviesSearch", "movieIds": [movie["id"]]})
    assert command.status_code == 201, command.text
    assert command.json()["name"] == "MoviesSearch" and command.json()["body"]["movieIds"] == [movie["id"]]
    wait_for_command(library_api, command.json()["id"], apikey=overseerr.key)

    [again, *_] = overseerr.get("/movie/lookup", {"term": "tmdb:603"})
    assert (again["id"], again["hasFile"], again["monitored"]) == (movie["id"], False, True)

    # The availability sync and the scanner.
    [listed] = overseerr.get("/movie")
    for field, kind in (("id", int), ("tmdbId", int), ("imdbId", str), ("titleSlug", str), ("path", str)):
        assert isinstance(listed[field], kind), field
    assert (listed["hasFile"], listed["monitored"], listed["qualityProfileId"]) == (False, True, 4)
    assert isinstance(listed["added"], str) and isinstance(listed["isAvailable"], bool)
    assert overseerr.get(f"/movie/{movie['id']}")["tmdbId"] == 603
    assert overseerr.request("GET", f"/movie/{movie['id'] + 1000}").status_code == 404


def test_overseerr_monitors_again_a_movie_radarr_has_unmonitored(
    library_api: TestClient, movies_root: Path
) -> None:
    overseerr = Overseerr(library_api)
    [found] = overseerr.get("/movie/lookup", {"term": "tmdb:604"})
    unmonitored = _request_body(found, str(movies_root), monitored=False)
    assert overseerr.request("POST", "/movie", json=unmonitored).status_code == 201

    [known] = overseerr.get("/movie/lookup", {"term": "tmdb:604"})
    assert known["id"] and known["monitored"] is False
    updated = overseerr.request("PUT", "/movie", json={**known, **_request_body(known, str(movies_root))})
    assert updated.status_code == 202, updated.text
    assert (updated.json()["id"], updated.json()["monitored"]) == (known["id"], True)
    assert overseerr.get(f"/movie/{known['id']}")["monitored"] is True


def test_overseerr_creates_a_user_tag_once(library_api: TestClient) -> None:
    overseerr = Overseerr(library_api)
    first = overseerr.request("POST", "/tag", json={"label": "1 - jane"})
    assert first.status_code == 201, first.text
    assert first.json() == {"id": first.json()["id"], "label": "1 - jane"}
    again = overseerr.request("POST", "/tag", json={"label": "1 - jane"})
    assert again.status_code == 201 and again.json() == first.json()
    assert overseerr.get("/tag") == [first.json()]


def test_overseerr_reads_the_queue_first_page(library_api: TestClient, queue: Queue) -> None:
    overseerr = Overseerr(library_api)
    page = overseerr.get("/queue", {"includeEpisode": "true"})
    assert page["pageSize"] == 10
    [item] = page["records"]  # the download Radarr cannot match to a movie is left out
    assert (item["title"], item["movieId"]) == (GRABBED_TITLE, queue.movie["id"])
    assert item["status"] == "downloading"
    assert item["size"] == item["sizeleft"] == 4000
    for field in (
        "downloadId",
        "protocol",
        "downloadClient",
        "trackedDownloadStatus",
        "trackedDownloadState",
    ):
        assert isinstance(item[field], str) and item[field], field
    assert isinstance(item["id"], int)
    assert item["timeleft"] is None or isinstance(item["timeleft"], str)
    assert item["estimatedCompletionTime"] is None or isinstance(item["estimatedCompletionTime"], str)


def test_overseerr_reads_every_exclusion_on_one_page(storage_client: TestClient) -> None:
    """On SQLite and PostgreSQL alike: Radarr's -1 is SQLite's "no limit"."""
    excluded = [{"tmdbId": 1000 + n, "movieTitle": f"Excluded {n}", "movieYear": 2000} for n in range(11)]
    added = storage_client.post("/api/v3/exclusions/bulk", json=[*excluded, {"tmdbId": 603}])
    assert added.status_code == 200, added.text
    overseerr = Overseerr(storage_client)
    page = overseerr.get("/exclusions/paged", {"page": 1, "pageSize": -1})
    assert page["totalRecords"] == len(page["records"]) == 12, "past the default page of 10"
    assert 603 in {r["tmdbId"] for r in page["records"]}, "so Overseerr refuses the request"
    assert overseerr.request("GET", "/exclusions/paged", {"pageSize": 0}).status_code == 400
