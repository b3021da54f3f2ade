"""Reelarr's data folder is its user's alone: files 0600 and folders 0700, whatever the umask."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from local_server import free_port
from reelarr_process import Reelarr


def test_after_a_start_a_backup_and_some_logging_every_file_is_0600_and_every_folder_0700(
    tmp_path: Path,
) -> None:
    reelarr = Reelarr(tmp_path / "data", free_port(), umask=0o022)
    reelarr.start()
    try:
        with reelarr.api() as api:
            backup = api.post("/command", json={"name": "Backup"}).json()
            deadline = time.monotonic() + 60
            while api.get(f"/command/{backup['id']}").json()["status"] != "completed":
                assert time.monotonic() < deadline, "the backup did not complete"
                time.sleep(0.1)
            for _ in range(3):  # a refused request is logged
                assert api.get("/movie/999").status_code == 404
            assert api.post("/rootfolder", json={"path": "/"}).status_code == 400
    finally:
        reelarr.stop()

    found = [reelarr.data_dir, *reelarr.data_dir.rglob("*")]
    names = {p.relative_to(reelarr.data_dir).as_posix() for p in found}
    assert {"config.json", "reelarr.db", "logs/reelarr.txt"} <= names
    assert any(name.startswith("Backups/manual/") and name.endswith(".zip") for name in names)
    wrong = {
        p.relative_to(reelarr.data_dir).as_posix() or ".": oct(stat.S_IMODE(p.stat().st_mode))
        for p in found
        if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
    }
    assert wrong == {}
