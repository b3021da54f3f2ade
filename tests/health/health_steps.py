"""Steps the health tests share: reading /api/v3/health and running a command to its end."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient


def issues(api: TestClient, source: str) -> list[dict[str, Any]]:
    """The health issues of one check, as Radarr's clients read them."""
    response = api.get("/api/v3/health")
    assert response.status_code == 200, response.text
    return [issue for issue in response.json() if issue["source"] == source]


def run_command(api: TestClient, name: str, **body: object) -> dict[str, Any]:
    command = api.post("/api/v3/command", json={"name": name, **body}).json()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = api.get(f"/api/v3/command/{command['id']}").json()
        if state["status"] not in ("queued", "started"):
            return dict(state)
        time.sleep(0.05)
    raise AssertionError(f"{name} did not finish")


def wait_for_issue(api: TestClient, source: str, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Issues raised by background work (a notification's delivery) show up a moment later."""
    deadline = time.monotonic() + timeout
    while not (found := issues(api, source)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {source} issue within {timeout}s")
        time.sleep(0.05)
    return found


def provider(api: TestClient, path: str, implementation: str, name: str, **fields: Any) -> dict[str, Any]:
    """Save a provider (indexer, notification, list...) without its connection test, as forceSave does."""
    body = {
        "name": name,
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "enable": True,
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "tags": [],
        "fields": [{"name": key, "value": value} for key, value in fields.items()],
    }
    created = api.post(f"/api/v3/{path}", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text
    return dict(created.json())


def update(
    api: TestClient, path: str, saved: dict[str, Any], *, top: dict[str, Any] | None = None, **fields: Any
) -> None:
    """Change some fields (and top-level switches) of a saved provider."""
    changed = [{**f, "value": fields[f["name"]]} if f["name"] in fields else f for f in saved["fields"]]
    response = api.put(
        f"/api/v3/{path}/{saved['id']}",
        params={"forceSave": "true"},
        json={**saved, **(top or {}), "fields": changed},
    )
    assert response.status_code == 202, response.text
    saved.update(response.json())
