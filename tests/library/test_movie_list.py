"""The full movie list is cached between changes; every change shows at once, on both databases."""

from __future__ import annotations

import gzip
from pathlib import Path

from fastapi.testclient import TestClient


def add(client: TestClient, root: Path, tmdb_id: int, title: str) -> dict:
    response = client.post(
        "/api/v3/movie",
        json={
            "tmdbId": tmdb_id,
            "title": title,
            "year": 2001,
            "qualityProfileId": 1,
            "rootFolderPath": str(root),
            "inCinemas": "2001-05-01T00:00:00Z",
            "genres": ["Drama"],
            "images": [{"coverType": "poster", "remoteUrl": "https://image.tmdb.org/t/p/original/a.jpg"}],
            "tags": [],
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_the_list_shows_adds_updates_and_deletes_at_once(
    storage_client: TestClient, movies_root: Path
) -> None:
    client = storage_client
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    first = add(client, movies_root, 10, "First")
    assert [m["title"] for m in client.get("/api/v3/movie").json()] == ["First"]
    add(client, movies_root, 11, "Second")
    listed = client.get("/api/v3/movie").json()
    assert [m["title"] for m in listed] == ["First", "Second"]
    assert listed[0]["genres"] == ["Drama"]
    assert listed[0]["inCinemas"] == "2001-05-01T00:00:00Z"
    assert listed[0]["images"][0]["url"] == f"/MediaCover/{first['id']}/poster.jpg"
    assert listed[0] == client.get(f"/api/v3/movie/{first['id']}").json()

    client.put("/api/v3/movie", json={**first, "monitored": False})
    assert [m["monitored"] for m in client.get("/api/v3/movie").json()] == [False, True]
    client.delete(f"/api/v3/movie/{first['id']}")
    assert [m["title"] for m in client.get("/api/v3/movie").json()] == ["Second"]


def test_a_tmdb_id_filter_lists_only_that_movie(client: TestClient, movies_root: Path) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    add(client, movies_root, 10, "First")
    add(client, movies_root, 11, "Second")
    assert [m["title"] for m in client.get("/api/v3/movie", params={"tmdbid": 11}).json()] == ["Second"]


def test_the_list_is_gzipped_for_clients_that_accept_it_and_plain_otherwise(
    client: TestClient, movies_root: Path
) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    add(client, movies_root, 10, "First")
    plain = client.get("/api/v3/movie", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.json()[0]["title"] == "First"
    raw = client.build_request("GET", "/api/v3/movie", headers={"Accept-Encoding": "gzip"})
    compressed = client.send(raw, stream=True)
    body = b"".join(compressed.iter_raw())
    assert compressed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain.content
