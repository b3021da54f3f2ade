"""Fixtures for the health tests; their helpers live in health_steps.py, imported by that unique name."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fake_tmdb import API_KEY, FakeTmdb


@pytest.fixture
def api(client: TestClient, tmdb: FakeTmdb, movies_root: Path) -> TestClient:
    """The app pointed at the local TMDB, with one root folder."""
    response = client.put(
        "/api/v3/config/metadata",
        json={"tmdbApiKey": API_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url},
    )
    assert response.status_code == 202, response.text
    assert client.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    return client
