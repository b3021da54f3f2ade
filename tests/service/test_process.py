"""Reelarr as a user runs it: the ``reelarr`` command, its own data folder, HTTP only.

Includes the crash test: SIGKILL while commands are queued and running, then a restart.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_server import free_port
from reelarr_process import Reelarr


@pytest.fixture
def reelarr(tmp_path: Path) -> Iterator[Reelarr]:
    instance = Reelarr(tmp_path / "data", free_port())
    yield instance
    instance.stop()


def test_first_start_writes_a_32_character_key_and_serves_the_api(reelarr: Reelarr) -> None:
    reelarr.start()
    key = reelarr.api_key
    assert len(key) == 32
    assert (reelarr.data_dir / "reelarr.db").exists()
    output = reelarr.output.read_text()
    assert f"http://127.0.0.1:{reelarr.port}/" in output
    assert str(reelarr.data_dir / "config.json") in output
    with reelarr.api() as api:
        assert api.get("/system/status").json()["appName"] == "Reelarr"
    # The key itself is never written to the log.
    reelarr.stop()
    logs = "".join(p.read_text() for p in (reelarr.data_dir / "logs").glob("*"))
    assert key not in logs and key not in reelarr.output.read_text().replace(str(reelarr.data_dir), "")


def test_a_bad_database_url_is_a_one_line_message_not_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "reelarr", "serve", "--data-dir", str(tmp_path),
            "--database-url", "postgresql+asyncpg://nobody:secretpw@/nodb?host=/nonexistent",
        ],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "cannot open the database" in result.stderr
    assert "Traceback" not in result.stderr and "secretpw" not in result.stderr


def _wait_until(predicate, timeout: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached")


def _grow_database(db_path: Path) -> None:
    """Enough rows that a backup takes a moment, so the kill lands while it runs."""
    connection = sqlite3.connect(db_path)
    rows = [("Housekeeping", f'{{"filler": "{i:06d}{"x" * 2000}"}}', "completed") for i in range(30_000)]
    connection.executemany(
        "INSERT INTO commands (name, body, priority, status, result, trigger, queued, ended) "
        "VALUES (?, ?, 'normal', ?, 'successful', 'manual', '2026-01-01 00:00:00', '2099-01-01 00:00:00')",
        rows,
    )
    connection.commit()
    connection.close()


def test_sigkill_with_commands_running_and_queued_leaves_a_consistent_database(reelarr: Reelarr) -> None:
    reelarr.start()
    reelarr.stop()
    _grow_database(reelarr.data_dir / "reelarr.db")
    reelarr.start()
    with reelarr.api() as api:
        backup = api.post("/command", json={"name": "Backup"}).json()
        queued = [
            api.post("/command", json={"name": name}).json() for name in ("Housekeeping", "CheckHealth")
        ]
        _wait_until(lambda: api.get(f"/command/{backup['id']}").json()["status"] == "started")
        # The backup is exclusive, so the others are still waiting when the process dies.
        assert all(api.get(f"/command/{c['id']}").json()["status"] == "queued" for c in queued)
    reelarr.kill()

    reelarr.start()
    with reelarr.api() as api:
        for command in (backup, *queued):
            after = api.get(f"/command/{command['id']}").json()
            assert after["status"] == "orphaned", after
            assert after["result"] == "unsuccessful" and after["ended"]
        # A backup cut short leaves no half-written zip behind, and the next one works.
        assert api.get("/system/backup").json() == []
        fresh = api.post("/command", json={"name": "Backup"}).json()
        _wait_until(lambda: api.get(f"/command/{fresh['id']}").json()["status"] == "completed", timeout=60)
        [listed] = api.get("/system/backup").json()
    reelarr.stop()

    connection = sqlite3.connect(reelarr.data_dir / "reelarr.db")
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    zip_path = reelarr.data_dir / "Backups" / "manual" / listed["name"]
    with zipfile.ZipFile(zip_path) as archive:
        assert sorted(archive.namelist()) == ["config.json", "reelarr.db"]
        extracted = archive.extract("reelarr.db", reelarr.data_dir.parent / "restored")
    restored = sqlite3.connect(extracted)
    assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert restored.execute("SELECT count(*) FROM quality_profiles").fetchone() == (6,)
    restored.close()
    assert not list((reelarr.data_dir / "Backups").rglob(".backup-*"))
