"""Backup restore: staged by the API, applied at the next start, the replaced database kept."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from reelarr import config
from reelarr.app import create_app


@contextmanager
def started(data_dir: Path) -> Iterator[TestClient]:
    settings = config.load(data_dir)
    with TestClient(
        create_app(settings, scheduler_tick_seconds=3600), headers={"X-Api-Key": settings.api_key}
    ) as c:
        yield c


def _back_up(client: TestClient) -> dict[str, Any]:
    command = client.post("/api/v3/command", json={"name": "Backup"}).json()
    deadline = time.monotonic() + 10
    while client.get(f"/api/v3/command/{command['id']}").json()["status"] != "completed":
        assert time.monotonic() < deadline, "the backup did not finish"
        time.sleep(0.05)
    [backup] = client.get("/api/v3/system/backup").json()
    return dict(backup)


def _tags(client: TestClient) -> list[str]:
    return sorted(tag["label"] for tag in client.get("/api/v3/tag").json())


def test_a_restored_backup_replaces_the_database_at_the_next_start_and_keeps_the_old_one(
    data_dir: Path,
) -> None:
    with started(data_dir) as client:
        client.post("/api/v3/tag", json={"label": "before"})
        backup = _back_up(client)
        client.post("/api/v3/tag", json={"label": "after"})
        restored = client.post(f"/api/v3/system/backup/restore/{backup['id']}")
        assert (restored.status_code, restored.json()) == (200, {"RestartRequired": True})
        # Nothing changes under the running process.
        assert _tags(client) == ["after", "before"]

    with started(data_dir) as client:
        assert _tags(client) == ["before"]
    [kept] = data_dir.glob("reelarr.db.before-restore-*")
    assert not kept.name.endswith(("-wal", "-shm"))
    assert not (data_dir / "restore").exists()

    with started(data_dir) as client:  # applied once, not at every start
        assert _tags(client) == ["before"]
    assert len(list(data_dir.glob("reelarr.db.before-restore-*"))) == 1


def test_an_uploaded_backup_is_staged_like_a_listed_one(data_dir: Path) -> None:
    with started(data_dir) as client:
        client.post("/api/v3/tag", json={"label": "uploaded"})
        backup = _back_up(client)
        archive = client.get(backup["path"]).content
        client.delete("/api/v3/tag/1")
        response = client.post(
            "/api/v3/system/backup/restore/upload",
            files={"restore": ("backup.zip", archive, "application/zip")},
        )
        assert (response.status_code, response.json()) == (200, {"RestartRequired": True})

    with started(data_dir) as client:
        assert _tags(client) == ["uploaded"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_upload_that_is_not_a_usable_backup_is_refused_with_the_reason(client: TestClient) -> None:
    cases = {
        b"plain text": "This is not a backup zip",
        _zip({"config.json": b"{}"}): "This backup holds no reelarr.db",
        _zip({"reelarr.db": b"not a database at all, just bytes" * 100}): "cannot be read",
    }
    for body, reason in cases.items():
        response = client.post(
            "/api/v3/system/backup/restore/upload", files={"restore": ("backup.zip", body, "application/zip")}
        )
        assert response.status_code == 400
        assert reason in response.json()[0]["errorMessage"]
    assert client.post("/api/v3/system/backup/restore/upload").status_code == 400
    assert client.post("/api/v3/system/backup/restore/12345").status_code == 404
    assert not (client.app.state.ctx.settings.data_dir / "restore").exists()  # type: ignore[attr-defined]
