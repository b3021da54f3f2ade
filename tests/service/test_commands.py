"""Commands through the API: queued, started, completed or failed, and the service keeps going."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from contract import assert_matches
from reelarr.events import CommandUpdated


def _wait_for(client: TestClient, command_id: int, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        command = client.get(f"/api/v3/command/{command_id}").json()
        if command["status"] not in ("queued", "started"):
            return command
        time.sleep(0.05)
    raise AssertionError(f"command {command_id} did not finish")


def test_a_posted_command_moves_from_queued_to_started_to_completed(storage_client: TestClient) -> None:
    seen: list[str] = []

    def record(event: CommandUpdated) -> None:
        if event.name == "Backup":
            seen.append(event.status)

    storage_client.app.state.ctx.bus.subscribe(CommandUpdated, record)  # type: ignore[attr-defined]
    posted = storage_client.post("/api/v3/command", json={"name": "Backup"})
    assert posted.status_code == 201, posted.text
    assert_matches("CommandResource", posted.json())
    assert posted.json()["status"] == "queued"

    finished = _wait_for(storage_client, posted.json()["id"])
    assert_matches("CommandResource", finished)
    assert finished["status"] == "completed" and finished["result"] == "successful"
    assert finished["message"].startswith("Backup written to")
    assert finished["started"] and finished["ended"] and finished["duration"]
    transitions = [status for i, status in enumerate(seen) if i == 0 or status != seen[i - 1]]
    assert transitions == ["queued", "started", "completed"]

    backups = storage_client.get("/api/v3/system/backup").json()
    assert_matches("BackupResource", backups, many=True)
    assert [b["type"] for b in backups] == ["manual"]
    downloaded = storage_client.get(backups[0]["path"])
    assert downloaded.status_code == 200 and downloaded.content[:2] == b"PK"


def test_a_command_that_fails_is_recorded_with_its_message_and_the_service_keeps_running(
    client: TestClient, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    host = client.get("/api/v3/config/host").json()
    assert (
        client.put("/api/v3/config/host", json={**host, "backupFolder": str(blocker / "backups")}).status_code
        == 202
    )

    failed = _wait_for(client, client.post("/api/v3/command", json={"name": "Backup"}).json()["id"])
    assert failed["status"] == "failed" and failed["result"] == "unsuccessful"
    assert "Could not write the backup" in failed["message"]
    assert failed["exception"]

    # Still serving, and the next command runs.
    assert client.get("/api/v3/system/status").status_code == 200
    health = _wait_for(client, client.post("/api/v3/command", json={"name": "CheckHealth"}).json()["id"])
    assert health["status"] == "completed"


def test_running_a_task_by_hand_resets_its_schedule(client: TestClient) -> None:
    before = {t["taskName"]: t for t in client.get("/api/v3/system/task").json()}["Housekeeping"]
    time.sleep(1.1)
    _wait_for(client, client.post("/api/v3/command", json={"name": "Housekeeping"}).json()["id"])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        after = {t["taskName"]: t for t in client.get("/api/v3/system/task").json()}["Housekeeping"]
        if after["lastExecution"] != before["lastExecution"]:
            break
        time.sleep(0.05)
    assert after["lastExecution"] > before["lastExecution"]
    assert after["nextExecution"] > before["nextExecution"]
