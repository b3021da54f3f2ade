"""Bad requests get Radarr's 400 (a list of property/message pairs) or a 404, never a 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient


def _bad_requests(movies_root: Path) -> list[tuple[str, str, Any, int]]:
    good_movie = {
        "title": "Heat",
        "year": 1995,
        "tmdbId": 949,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
    }
    return [
        # wrong types
        ("POST", "/api/v3/movie", {**good_movie, "tmdbId": "nine"}, 400),
        ("POST", "/api/v3/movie", {**good_movie, "monitored": "perhaps"}, 400),
        ("POST", "/api/v3/movie", {**good_movie, "tags": "4k"}, 400),
        ("POST", "/api/v3/qualityprofile", {"name": 5, "items": "all"}, 400),
        ("POST", "/api/v3/tag", ["not", "an", "object"], 400),
        ("POST", "/api/v3/rootfolder", {"path": 42}, 400),
        ("PUT", "/api/v3/config/naming", {"renameMovies": "sometimes"}, 400),
        ("PUT", "/api/v3/config/mediamanagement", {"minimumFreeSpaceWhenImporting": -5}, 400),
        ("PUT", "/api/v3/config/host", {"port": 99999}, 400),
        ("PUT", "/api/v3/qualitydefinition/update", [{"id": 1, "minSize": 50, "maxSize": 10}], 400),
        ("GET", "/api/v3/log?page=zero", None, 400),
        ("GET", "/api/v3/movie?tmdbId=abc", None, 400),
        # missing fields
        ("POST", "/api/v3/movie", {"title": "Heat"}, 400),
        ("POST", "/api/v3/movie", {**good_movie, "rootFolderPath": None}, 400),
        ("POST", "/api/v3/qualityprofile", {"name": "Empty"}, 400),
        ("POST", "/api/v3/tag", {}, 400),
        ("POST", "/api/v3/rootfolder", {}, 400),
        ("POST", "/api/v3/command", {}, 400),
        ("POST", "/api/v3/command", {"name": "NoSuchCommand"}, 400),
        (
            "POST",
            "/api/v3/customformat",
            {"name": "Bad", "specifications": [{"implementation": "Nope"}]},
            400,
        ),
        (
            "POST",
            "/api/v3/customformat",
            {
                "name": "Bad regex",
                "specifications": [
                    {
                        "implementation": "ReleaseTitleSpecification",
                        "fields": [{"name": "value", "value": "(["}],
                    }
                ],
            },
            400,
        ),
        # references and paths that do not exist
        ("POST", "/api/v3/movie", {**good_movie, "qualityProfileId": 999}, 400),
        ("POST", "/api/v3/movie", {**good_movie, "tags": [999]}, 400),
        ("POST", "/api/v3/movie", {**good_movie, "rootFolderPath": "/no/such/folder"}, 400),
        ("POST", "/api/v3/movie", {**good_movie, "minimumAvailability": "whenever"}, 400),
        ("POST", "/api/v3/rootfolder", {"path": "/no/such/folder"}, 400),
        ("POST", "/api/v3/rootfolder", {"path": "relative/path"}, 400),
        # malformed JSON
        ("POST", "/api/v3/movie", "{not json", 400),
        # unknown ids
        ("GET", "/api/v3/movie/424242", None, 404),
        ("PUT", "/api/v3/movie/424242", good_movie, 404),
        ("DELETE", "/api/v3/movie/424242", None, 404),
        ("GET", "/api/v3/qualityprofile/424242", None, 404),
        ("PUT", "/api/v3/qualityprofile/424242", {"name": "x"}, 404),
        ("DELETE", "/api/v3/qualityprofile/424242", None, 404),
        ("GET", "/api/v3/customformat/424242", None, 404),
        ("DELETE", "/api/v3/customformat/424242", None, 404),
        ("GET", "/api/v3/rootfolder/424242", None, 404),
        ("DELETE", "/api/v3/rootfolder/424242", None, 404),
        ("GET", "/api/v3/tag/424242", None, 404),
        ("PUT", "/api/v3/tag/424242", {"label": "x"}, 404),
        ("DELETE", "/api/v3/tag/424242", None, 404),
        ("GET", "/api/v3/tag/detail/424242", None, 404),
        ("GET", "/api/v3/command/424242", None, 404),
        ("GET", "/api/v3/qualitydefinition/424242", None, 404),
        ("GET", "/api/v3/system/task/424242", None, 404),
        ("DELETE", "/api/v3/system/backup/424242", None, 404),
        ("GET", "/api/v3/language/424242", None, 404),
        ("GET", "/api/v3/movie/not-a-number", None, 400),
    ]


def test_a_batch_of_bad_requests_gets_clear_400s_and_404s_and_no_500(
    client: TestClient, movies_root: Path
) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    outcomes = []
    for method, path, body, expected in _bad_requests(movies_root):
        if isinstance(body, str):
            response = client.request(
                method, path, content=body, headers={"content-type": "application/json"}
            )
        else:
            response = client.request(method, path, json=body)
        outcomes.append((method, path, response.status_code, expected, response.text[:200]))
    wrong = [o for o in outcomes if o[2] != o[3]]
    assert wrong == []
    for method, path, _, _, text in outcomes:
        assert "Traceback" not in text, (method, path)


def test_validation_errors_use_radarrs_shape_and_say_what_is_wrong(client: TestClient) -> None:
    response = client.post("/api/v3/rootfolder", json={"path": "/no/such/folder"})
    assert response.status_code == 400
    [error] = response.json()
    assert error["propertyName"] == "path"
    assert "does not exist" in error["errorMessage"]
    assert error["attemptedValue"] == "/no/such/folder"
    assert error["severity"] == "error"


def test_adding_the_same_movie_twice_is_refused(client: TestClient, movies_root: Path) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    movie = {
        "title": "Heat",
        "year": 1995,
        "tmdbId": 949,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
    }
    assert client.post("/api/v3/movie", json=movie).status_code == 201
    again = client.post("/api/v3/movie", json=movie)
    assert again.status_code == 400
    assert any(e["errorMessage"] == "This movie has already been added" for e in again.json())


@pytest.mark.parametrize("label", ["", "   "])
def test_a_tag_needs_a_label(client: TestClient, label: str) -> None:
    response = client.post("/api/v3/tag", json={"label": label})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "label"


def test_a_profile_in_use_cannot_be_deleted(client: TestClient, movies_root: Path) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    movie = {
        "title": "Heat",
        "year": 1995,
        "tmdbId": 949,
        "qualityProfileId": 4,
        "rootFolderPath": str(movies_root),
    }
    assert client.post("/api/v3/movie", json=movie).status_code == 201
    response = client.delete("/api/v3/qualityprofile/4")
    assert response.status_code == 400
    assert "used by 1 movie" in response.json()[0]["errorMessage"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("movieFolderFormat", "{Movie Title} {Quality Full}"),
        ("standardMovieFormat", "{Movie Title} {No Such Token}"),
        ("movieFolderFormat", ""),
    ],
)
def test_naming_formats_are_checked_before_they_are_saved(client: TestClient, field: str, value: str) -> None:
    naming = client.get("/api/v3/config/naming").json()
    response = client.put("/api/v3/config/naming", json={**naming, field: value})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == field
    assert client.get("/api/v3/config/naming").json()[field] == naming[field]
