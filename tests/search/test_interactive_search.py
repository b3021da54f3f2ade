"""Interactive search: every release a local indexer offers, in Radarr's order with its rejections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from search_steps import Indexers, Item, add_indexer, add_movie, pending

OFFERED = [
    Item("The.Matrix.1999.720p.BluRay.x264-GRP", size=6),
    Item("The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb", size=8),
    Item("The.Matrix.1999.1080p.BluRay.x264-GRP", size=12),
    Item("The.Matrix.1993.1080p.BluRay.x264-OLD", size=12),
    Item("The.Matrix.1999.1080p.BluRay.x264.sample-GRP", size=0.05),
    Item("The.Matrix.Reloaded.2003.1080p.BluRay.x264-GRP", size=12),
    Item("The.Matrix.1999.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-FGT", size=30),
]


def _search(client: TestClient, movie_id: int) -> list[dict[str, Any]]:
    response = client.get("/api/v3/release", params={"movieId": movie_id})
    assert response.status_code == 200, response.text
    return list(response.json())


def _library(client: TestClient, indexers: Indexers, movies_root: Path) -> int:
    add_indexer(client, indexers, "usenet")
    matrix = add_movie(client, str(movies_root), "The Matrix", 1999, 603)
    add_movie(client, str(movies_root), "The Matrix Reloaded", 2003, 604)
    indexers["usenet"].results = OFFERED
    return matrix


def test_interactive_search_lists_every_release_in_radarrs_order_with_its_rejections(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    matrix = _library(client, indexers, movies_root)
    listed = _search(client, matrix)
    assert [(r["title"], r["approved"], r["rejections"]) for r in listed] == [
        ("The.Matrix.1999.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-FGT", True, []),
        ("The.Matrix.1999.1080p.BluRay.x264-GRP", True, []),
        ("The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb", True, []),
        ("The.Matrix.1999.1080p.BluRay.x264.sample-GRP", False, ["Sample"]),
        (
            "The.Matrix.Reloaded.2003.1080p.BluRay.x264-GRP",
            False,
            ["Wrong movie: the release is for The Matrix Reloaded (2003)"],
        ),
        (
            "The.Matrix.1999.720p.BluRay.x264-GRP",
            False,
            ["Quality Bluray-720p is not wanted in profile HD-1080p"],
        ),
        (
            "The.Matrix.1993.1080p.BluRay.x264-OLD",
            False,
            ["Unknown movie: unable to match the release to a movie"],
        ),
    ]
    first = listed[0]
    assert first["quality"]["quality"]["name"] == "Remux-1080p"
    assert first["releaseGroup"] == "FGT"
    assert first["protocol"] == "usenet"
    assert first["indexer"] == "usenet"
    assert first["downloadAllowed"] is True and first["movieRequested"] is True
    assert first["mappedMovieId"] == matrix
    assert [r["releaseWeight"] for r in listed] == list(range(1, len(OFFERED) + 1))
    assert listed[-1]["downloadAllowed"] is False and listed[-1]["mappedMovieId"] is None
    assert 2.9 < first["ageHours"] < 3.5


def test_custom_formats_and_their_score_show_on_each_release(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    matrix = _library(client, indexers, movies_root)
    created = client.post(
        "/api/v3/customformat",
        json={
            "name": "NTb",
            "specifications": [
                {
                    "name": "NTb",
                    "implementation": "ReleaseGroupSpecification",
                    "negate": False,
                    "required": False,
                    "fields": [{"name": "value", "value": "^NTb$"}],
                }
            ],
        },
    ).json()
    profile = next(p for p in client.get("/api/v3/qualityprofile").json() if p["name"] == "HD-1080p")
    profile["formatItems"] = [{"format": created["id"], "name": "NTb", "score": 250}]
    assert client.put(f"/api/v3/qualityprofile/{profile['id']}", json=profile).status_code == 202
    web = next(r for r in _search(client, matrix) if "NTb" in r["title"])
    assert [f["name"] for f in web["customFormats"]] == ["NTb"]
    assert web["customFormats"][0]["specifications"][0]["implementation"] == "ReleaseGroupSpecification"
    assert web["customFormatScore"] == 250


def test_grabbing_a_listed_release_takes_exactly_that_one_even_when_rejected(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    matrix = _library(client, indexers, movies_root)
    listed = _search(client, matrix)
    chosen = next(r for r in listed if r["title"] == "The.Matrix.1999.720p.BluRay.x264-GRP")
    response = client.post("/api/v3/release", json={"guid": chosen["guid"], "indexerId": chosen["indexerId"]})
    assert response.status_code == 200, response.text
    assert response.json()["title"] == chosen["title"]
    assert pending(client) == [(matrix, chosen["title"], "no download client")]


def test_grabbing_a_release_no_search_returned_is_not_found(client: TestClient) -> None:
    response = client.post("/api/v3/release", json={"guid": "nowhere", "indexerId": 1})
    assert response.status_code == 404
    assert "cache" in response.json()["message"]


def test_a_release_profile_refuses_titles_without_its_required_term(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    matrix = _library(client, indexers, movies_root)
    created = client.post("/api/v3/releaseprofile", json={"required": ["/x264|REMUX/"], "ignored": ["FGT"]})
    assert created.status_code == 201, created.text
    rejections = {r["title"]: r["rejections"] for r in _search(client, matrix)}
    assert rejections["The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb"] == [
        "Does not contain one of the required terms: /x264|REMUX/"
    ]
    assert rejections["The.Matrix.1999.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-FGT"] == [
        "Contains one of the rejected terms: FGT"
    ]
    assert rejections["The.Matrix.1999.1080p.BluRay.x264-GRP"] == []


def test_a_pushed_release_is_judged_and_grabbed_when_approved(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    matrix = add_movie(client, str(movies_root), "The Matrix", 1999, 603)
    pushed = {
        "title": "The.Matrix.1999.1080p.BluRay.x264-GRP",
        "downloadUrl": "http://127.0.0.1:9/get/1.nzb",
        "protocol": "usenet",
        "publishDate": "2024-01-01T00:00:00Z",
        "size": 12 * 1024**3,
        "indexer": "Prowlarr",
    }
    response = client.post("/api/v3/release/push", json=pushed)
    assert response.status_code == 200, response.text
    [judged] = response.json()
    assert judged["approved"] is True and judged["mappedMovieId"] == matrix
    assert pending(client) == [(matrix, pushed["title"], "no download client")]
    # Radarr shows a release no download client took in the queue, to grab once there is one.
    [queued] = client.get("/api/v3/queue").json()["records"]
    assert (queued["status"], queued["title"], queued["movieId"]) == (
        "downloadClientUnavailable",
        pushed["title"],
        matrix,
    )
    refused = client.post(
        "/api/v3/release/push",
        json={**pushed, "title": "The.Matrix.1999.720p.HDTV.x264-GRP", "size": 4 * 1024**3},
    )
    assert refused.json()[0]["rejections"] == ["Quality HDTV-720p is not wanted in profile HD-1080p"]
    assert len(pending(client)) == 1


def test_a_push_without_title_link_protocol_or_date_is_refused_field_by_field(client: TestClient) -> None:
    response = client.post("/api/v3/release/push", json={"size": 1})
    assert response.status_code == 400
    assert {problem["propertyName"] for problem in response.json()} == {
        "title",
        "downloadUrl",
        "protocol",
        "publishDate",
    }
