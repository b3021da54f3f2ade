"""Steps the metadata tests share: adding a movie and running a command through the API."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient


def run_command(client: TestClient, name: str, **body: object) -> dict:
    """Queue a command through the API and wait for it to end."""
    command = client.post("/api/v3/command", json={"name": name, **body}).json()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = client.get(f"/api/v3/command/{command['id']}").json()
        if state["status"] not in ("queued", "started"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"{name} did not finish")


def add_movie(client: TestClient, root: Path, tmdb_id: int, **extra: object) -> dict:
    response = client.post(
        "/api/v3/movie",
        json={"tmdbId": tmdb_id, "qualityProfileId": 1, "rootFolderPath": str(root), **extra},
    )
    assert response.status_code == 201, response.text
    return response.json()
