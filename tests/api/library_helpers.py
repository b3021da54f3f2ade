"""Adding a movie the way clients do, for API tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient


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
