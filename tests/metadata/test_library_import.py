from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from movie_steps import add_movie

from fake_tmdb import FakeTmdb


def make_folders(root: Path, *names: str) -> None:
    for name in names:
        (root / name).mkdir()
        (root / name / f"{name}.mkv").write_bytes(b"\0" * 16)


def test_existing_folders_named_as_people_name_them_are_matched_to_tmdb(
    api: TestClient, movies_root: Path
) -> None:
    make_folders(
        movies_root,
        "The Matrix (1999)",
        "Inception.2010.1080p.BluRay.x264-GROUP",
        "Matrix Revolutions [2003]",
        "Something (2010) {tmdb-604}",
        "Holiday Videos",
    )
    proposals = api.get("/api/v3/movie/import", params={"rootFolderId": 1}).json()
    matched = {p["name"]: (p["movie"] or {}).get("tmdbId") for p in proposals}
    assert matched == {
        "The Matrix (1999)": 603,
        "Inception.2010.1080p.BluRay.x264-GROUP": 27205,
        "Matrix Revolutions [2003]": 605,
        "Something (2010) {tmdb-604}": 604,
        "Holiday Videos": None,
    }


def test_importing_the_proposals_adds_the_movies_in_their_existing_folders(
    api: TestClient, movies_root: Path
) -> None:
    make_folders(movies_root, "The Matrix (1999)", "Matrix.1999.1080p.BluRay")
    (movies_root / "The Matrix (1999)").rename(movies_root / "Inception (2010)")
    proposals = api.get("/api/v3/movie/import", params={"rootFolderId": 1}).json()
    body = [
        {
            **p["movie"],
            "path": p["path"],
            "qualityProfileId": 1,
            "monitored": True,
            "minimumAvailability": "released",
        }
        for p in proposals
        if p["movie"]
    ]
    response = api.post("/api/v3/movie/import", json=body)
    assert response.status_code == 200, response.text
    added = {m["tmdbId"]: m["path"] for m in response.json()}
    assert added == {
        27205: str(movies_root / "Inception (2010)"),
        603: str(movies_root / "Matrix.1999.1080p.BluRay"),
    }
    library = {m["tmdbId"]: m for m in api.get("/api/v3/movie").json()}
    assert library[603]["title"] == "The Matrix"
    assert library[603]["certification"] == "R"
    assert library[27205]["year"] == 2010


def test_folders_already_in_the_library_are_not_proposed_again(api: TestClient, movies_root: Path) -> None:
    add_movie(api, movies_root, 603)
    make_folders(movies_root, "The Matrix (1999)", "Inception (2010)")
    proposals = api.get("/api/v3/movie/import", params={"rootFolderId": 1}).json()
    assert [p["name"] for p in proposals] == ["Inception (2010)"]
    unmapped = api.get("/api/v3/rootfolder").json()[0]["unmappedFolders"]
    assert [f["name"] for f in unmapped] == ["Inception (2010)"]


def test_an_import_of_a_movie_already_in_the_library_is_skipped(
    api: TestClient, movies_root: Path, tmdb: FakeTmdb
) -> None:
    add_movie(api, movies_root, 603)
    make_folders(movies_root, "Matrix.1999.1080p.BluRay")
    response = api.post(
        "/api/v3/movie/import",
        json=[{"tmdbId": 603, "path": str(movies_root / "Matrix.1999.1080p.BluRay"), "qualityProfileId": 1}],
    )
    assert response.status_code == 200
    assert response.json() == []
    assert len(api.get("/api/v3/movie").json()) == 1
