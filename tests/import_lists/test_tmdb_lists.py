"""TMDb Popular and TMDb List against the local TMDB: request paths, filters, paging, movie items only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from list_support import run_command

from fake_tmdb import FakeTmdb


def save(api: TestClient, root: Path, implementation: str, fields: dict[str, Any]) -> Any:
    body = {
        "name": implementation,
        "implementation": implementation,
        "enableAuto": True,
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
    }
    return api.post("/api/v3/importlist", json=body)


def library(api: TestClient) -> set[int]:
    return {m["tmdbId"] for m in api.get("/api/v3/movie").json()}


def test_tmdb_popular_sends_radarrs_filters_and_reads_every_page(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    tmdb.page_size = 1
    fields = {"tMDbListType": 2, "filterCriteria.minVoteAverage": "7", "filterCriteria.minVotes": "10000"}
    assert save(api, movies_root, "TMDbPopularImport", fields).status_code == 201
    tmdb.requests.clear()
    run_command(api, "ImportListSync")
    # 27205, 603 and 604 pass the filters; popularity order, one per page, three pages (Radarr's limit).
    assert library(api) == {27205, 603, 604}
    pages = tmdb.api_requests("/3/discover/movie")
    assert len(pages) == 3
    assert all(
        "sort_by=popularity.desc" in p and "vote_average.gte=7" in p and "vote_count.gte=10000" in p
        for p in pages
    )
    assert "with_original_language=en" in pages[0] and "page=3" in pages[2]


def test_tmdb_popular_checks_its_filters(api: TestClient, movies_root: Path) -> None:
    response = save(api, movies_root, "TMDbPopularImport", {"filterCriteria.minVoteAverage": "11"})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "filterCriteria.minVoteAverage"
    schema = next(
        s for s in api.get("/api/v3/importlist/schema").json() if s["implementation"] == "TMDbPopularImport"
    )
    assert schema["listType"] == "tmdb"
    assert [f["name"] for f in schema["fields"]][:3] == [
        "tMDbListType",
        "filterCriteria.minVoteAverage",
        "filterCriteria.minVotes",
    ]


def test_a_tmdb_list_adds_its_movies_and_skips_shows(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    tmdb.page_size = 2
    assert save(api, movies_root, "TMDbListImport", {"listId": "8136"}).status_code == 201
    run_command(api, "ImportListSync")
    assert library(api) == {603, 604, 605}
    assert [r.split("?")[0] for r in tmdb.api_requests("/3/list/")][-2:] == ["/3/list/8136", "/3/list/8136"]


def test_an_unknown_tmdb_list_is_refused_on_save(api: TestClient, movies_root: Path) -> None:
    response = save(api, movies_root, "TMDbListImport", {"listId": "99"})
    assert response.status_code == 400
    assert save(api, movies_root, "TMDbListImport", {"listId": "abc"}).json()[0]["propertyName"] == "listId"


def test_tmdb_person_follows_cast_or_crew_departments(
    api: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    directing = {"personId": "9340", "personCastDirector": True}
    assert save(api, movies_root, "TMDbPersonImport", directing).status_code == 201
    cast = {"personId": "6193", "personCast": True, "personCastDirector": False}
    response = api.post(
        "/api/v3/importlist",
        json={
            "name": "Leo",
            "implementation": "TMDbPersonImport",
            "enableAuto": True,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
            "fields": [{"name": k, "value": v} for k, v in cast.items()],
        },
    )
    assert response.status_code == 201
    run_command(api, "ImportListSync")
    assert library(api) == {603, 27205}  # directed by 9340; Leonardo DiCaprio in cast
    assert {r.split("?")[0] for r in tmdb.api_requests("/movie_credits")} == {
        "/3/person/9340/movie_credits",
        "/3/person/6193/movie_credits",
    }


def test_tmdb_person_needs_a_credit_type(api: TestClient, movies_root: Path) -> None:
    response = save(api, movies_root, "TMDbPersonImport", {"personId": "6384"})
    assert response.status_code == 400
    assert "Must Select One Credit Type Option" in response.json()[0]["errorMessage"]


def test_tmdb_company_and_keyword_lists(api: TestClient, tmdb: FakeTmdb, movies_root: Path) -> None:
    assert (
        save(api, movies_root, "TMDbCompanyImport", {"companyId": "79"}).status_code == 201
    )  # Village Roadshow
    keyword = api.post(
        "/api/v3/importlist",
        json={
            "name": "Dreams",
            "implementation": "TMDbKeywordImport",
            "enableAuto": True,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
            "fields": [{"name": "keywordId", "value": "1014"}],
        },
    )
    assert keyword.status_code == 201
    run_command(api, "ImportListSync")
    assert library(api) == {603, 604, 27205}
    sent = tmdb.api_requests("/3/discover/movie")
    assert any("with_companies=79" in r for r in sent) and any("with_keywords=1014" in r for r in sent)
