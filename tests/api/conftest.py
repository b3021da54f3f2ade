"""The app pointed at the local TMDB, with a root folder, for API tests that add movies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fake_tmdb import API_KEY, FakeTmdb


@pytest.fixture
def library_api(client: TestClient, tmdb: FakeTmdb, movies_root: Path) -> TestClient:
    response = client.put(
        "/api/v3/config/metadata",
        json={"tmdbApiKey": API_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url},
    )
    assert response.status_code == 202, response.text
    assert client.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    return client


def add_movie(api: TestClient, root: Path, tmdb_id: int = 603, **extra: Any) -> dict[str, Any]:
    """Add a movie as Overseerr does: TMDB id, profile, root folder."""
    profile_id = api.get("/api/v3/qualityprofile").json()[0]["id"]
    response = api.post(
        "/api/v3/movie",
        json={
            "tmdbId": tmdb_id,
            "title": "placeholder",
            "qualityProfileId": profile_id,
            "rootFolderPath": str(root),
            "monitored": True,
            "addOptions": {"searchForMovie": False},
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    movie: dict[str, Any] = response.json()
    return movie
