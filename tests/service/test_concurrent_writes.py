"""Many writers at once never surface SQLite's "database is locked" to a client."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient


def test_fifty_concurrent_writes_all_succeed(client: TestClient) -> None:
    def create(n: int) -> int:
        return client.post("/api/v3/tag", json={"label": f"tag-{n}"}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(create, range(50)))
        commands = list(
            pool.map(
                lambda n: client.post("/api/v3/command", json={"name": "CheckHealth", "n": n}).status_code,
                range(20),
            )
        )
    assert statuses == [201] * 50
    assert commands == [201] * 20
    assert len(client.get("/api/v3/tag").json()) == 50
