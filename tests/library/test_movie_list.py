"""The full movie list is a read model kept current movie by movie; every change shows at once,
whoever wrote it, on both databases."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import zlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, insert, update

from reelarr.api import movie_list
from reelarr.context import Context
from reelarr.models import AlternativeTitle, MovieChange, MovieFile, MovieMetadata, MovieVersion


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


def _write(client: TestClient, *statements: object) -> None:
    """Core statements straight to the database, as an importer or a refresh writes."""
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]

    async def run() -> None:
        async with ctx.db.write() as uow:
            for statement in statements:
                await uow.session.execute(statement)  # type: ignore[call-overload]

    client.portal.call(run)  # type: ignore[union-attr]


def _both_bodies(client: TestClient) -> list[dict]:
    """The list as a gzip client and as a plain one get it: the same JSON, a valid gzip body."""
    plain = client.get("/api/v3/movie", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert int(plain.headers["content-length"]) == len(plain.content)
    compressed = client.send(
        client.build_request("GET", "/api/v3/movie", headers={"Accept-Encoding": "gzip"}), stream=True
    )
    body = b"".join(compressed.iter_raw())
    assert int(compressed.headers["content-length"]) == len(body)
    assert gzip.decompress(body) == plain.content  # checks the combined CRC and length too
    return plain.json()


def test_every_kind_of_change_shows_in_the_list_across_buckets(
    storage_client: TestClient, movies_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(movie_list, "BUCKET_SIZE", 2)  # five movies in three buckets
    client = storage_client
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    movies = [add(client, movies_root, 10 + n, f"Movie {n}") for n in range(5)]
    ids = [m["id"] for m in movies]
    assert [m["title"] for m in _both_bodies(client)] == [f"Movie {n}" for n in range(5)]

    # An update through the API, a refresh-like metadata write and alternative titles by Core.
    client.put("/api/v3/movie", json={**movies[2], "monitored": False})
    metadata_id = movies[3]["id"]  # metadata and movie ids go together in a fresh library
    _write(
        client,
        update(MovieMetadata).where(MovieMetadata.id == metadata_id).values(overview="Refreshed"),
        insert(AlternativeTitle).values(
            movie_metadata_id=metadata_id, title="Other Name", clean_title="othername", source_type="tmdb"
        ),
    )
    listed = {m["id"]: m for m in _both_bodies(client)}
    assert listed[ids[2]]["monitored"] is False
    assert listed[ids[3]]["overview"] == "Refreshed"
    assert [t["title"] for t in listed[ids[3]]["alternateTitles"]] == ["Other Name"]
    assert all(listed[i] == client.get(f"/api/v3/movie/{i}").json() for i in ids)

    # A file imported (written as the importer writes it), then deleted.
    version_id = client.portal.call(_default_version, client, ids[4])  # type: ignore[union-attr]
    _write(
        client,
        insert(MovieFile).values(
            movie_id=ids[4],
            version_id=version_id,
            relative_path="Movie 4 (2001).mkv",
            size=1234,
            quality={"quality": {"id": 7, "name": "Bluray-1080p"}, "revision": {"version": 1}},
            languages=[1],
        ),
    )
    listed = {m["id"]: m for m in _both_bodies(client)}
    assert listed[ids[4]]["hasFile"] is True and listed[ids[4]]["sizeOnDisk"] == 1234
    assert listed[ids[4]]["movieFile"]["relativePath"] == "Movie 4 (2001).mkv"
    _write(client, delete(MovieFile).where(MovieFile.movie_id == ids[4]))
    assert {m["id"]: m["hasFile"] for m in _both_bodies(client)}[ids[4]] is False

    # Deleting empties the first bucket: the list still starts and joins right.
    client.delete(f"/api/v3/movie/{ids[0]}")
    client.delete(f"/api/v3/movie/{ids[1]}")
    assert [m["id"] for m in _both_bodies(client)] == ids[2:]
    pending = client.portal.call(_pending_changes, client)  # type: ignore[union-attr]
    assert pending == 0  # what was read is consumed


async def _default_version(client: TestClient, movie_id: int) -> int:
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    async with ctx.db.read() as session:
        version = await session.scalar(
            MovieVersion.__table__.select()
            .with_only_columns(MovieVersion.id)
            .where(MovieVersion.movie_id == movie_id)
        )
    assert version is not None
    return int(version)


async def _pending_changes(client: TestClient) -> int:
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    async with ctx.db.read() as session:
        return len((await session.execute(MovieChange.__table__.select())).all())


def test_a_movie_turns_available_in_the_list_when_its_date_passes(
    client: TestClient, movies_root: Path
) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    response = client.post(
        "/api/v3/movie",
        json={
            "tmdbId": 20,
            "title": "Coming Soon",
            "year": 2031,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
            "minimumAvailability": "inCinemas",
            "inCinemas": "2031-05-01T00:00:00Z",
        },
    )
    assert response.status_code == 201, response.text
    assert [m["isAvailable"] for m in client.get("/api/v3/movie").json()] == [False]
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    later = dt.datetime(2031, 5, 2, tzinfo=dt.UTC)
    client.app.state.ctx = dataclasses.replace(ctx, clock=lambda: later)  # type: ignore[attr-defined]
    assert [m["isAvailable"] for m in client.get("/api/v3/movie").json()] == [True]


def test_the_gzip_body_is_one_stream_whatever_the_buckets() -> None:
    """The CRC of a concatenation from its parts, as zlib's crc32_combine computes it."""
    first, second = b"[" * 1000 + b"x" * 77, b"movie" * 3001
    combined = movie_list.crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert combined == zlib.crc32(first + second)
    assert movie_list.crc32_combine(zlib.crc32(first), zlib.crc32(b""), 0) == zlib.crc32(first)
