"""Fixtures for the health tests; their helpers live in health_steps.py, imported by that unique name."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fake_tmdb import API_KEY, FakeTmdb

# The SABnzbd stand-in lives with the download client tests, the local indexer with the indexer tests.
sys.path.insert(0, str(Path(__file__).parents[1] / "download_clients"))
sys.path.insert(0, str(Path(__file__).parents[1] / "indexers"))

from indexer_support import indexer_server  # noqa: F401  (the local indexer fixture, shared)
from sabnzbd_server import SabnzbdServer, running_sabnzbd


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


@pytest.fixture
def sabnzbd(tmp_path: Path) -> Iterator[SabnzbdServer]:
    """SABnzbd's API, finishing downloads into a folder of this test."""
    with running_sabnzbd(tmp_path / "sabnzbd") as server:
        yield server
