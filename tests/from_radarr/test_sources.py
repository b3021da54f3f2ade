"""Where Radarr's data comes from: a data folder (also in use), a backup zip; and the user's mistakes,
which get a message and exit code 2, never a traceback."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import radarr_db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_zip_imports(
    tmp_path: Path, data_dir: Path, import_radarr: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    radarr = radarr_db.build(tmp_path / "radarr", "v5", movies=40)
    backup = tmp_path / "radarr_backup_v5.9.1_2025.01.31.zip"
    with zipfile.ZipFile(backup, "w") as zipped:
        zipped.write(radarr / "radarr.db", "radarr.db")
        zipped.write(radarr / "config.xml", "config.xml")
    assert import_radarr("--backup", str(backup)) == 0
    out = capsys.readouterr().out
    assert "movies: 40 new" in out and "schema migration 237" in out
    db = sqlite3.connect(data_dir / "reelarr.db")
    assert db.execute("SELECT count(*) FROM movies").fetchone() == (40,)
    db.close()
    assert radarr_db.API_KEY in (data_dir / "config.json").read_text()


def test_a_database_in_use_is_read_from_a_copy_and_never_written(
    tmp_path: Path, data_dir: Path, import_radarr: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    radarr = radarr_db.build(tmp_path / "radarr", "v6", movies=30)
    running = sqlite3.connect(radarr / "radarr.db")  # Radarr itself, in WAL mode with a write pending
    running.execute("PRAGMA journal_mode=WAL")
    running.execute("PRAGMA wal_autocheckpoint=0")
    running.execute("""UPDATE "Movies" SET "Monitored" = 0 WHERE "Id" = 1""")
    running.commit()
    wal = radarr / "radarr.db-wal"
    assert wal.exists()
    before = (digest(radarr / "radarr.db"), digest(wal))
    try:
        assert import_radarr("--radarr-dir", str(radarr)) == 0
    finally:
        after = (digest(radarr / "radarr.db"), digest(wal))
        running.close()
    assert after == before
    assert "movies: 30 new" in capsys.readouterr().out
    db = sqlite3.connect(data_dir / "reelarr.db")
    # The committed change still in the WAL came across with the copy.
    assert db.execute("SELECT monitored FROM movies ORDER BY id LIMIT 1").fetchone() == (0,)
    db.close()


def _old_radarr(folder: Path) -> Path:
    radarr = radarr_db.build(folder, "v4", movies=1)
    db = sqlite3.connect(radarr / "radarr.db")
    db.execute('DELETE FROM "VersionInfo" WHERE "Version" > 200')
    db.commit()
    db.close()
    return radarr


def _not_radarr(folder: Path) -> Path:
    folder.mkdir()
    db = sqlite3.connect(folder / "radarr.db")
    db.execute("CREATE TABLE notes (body TEXT)")
    db.close()
    return folder


def _not_sqlite(folder: Path) -> Path:
    folder.mkdir()
    (folder / "radarr.db").write_text("this is not a database")
    return folder


def _empty(folder: Path) -> Path:
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("make", "option", "message"),
    [
        (lambda p: p / "nowhere", "--radarr-dir", "is not a folder"),
        (_empty, "--radarr-dir", "holds no radarr.db"),
        (_not_radarr, "--radarr-dir", "is not a Radarr database"),
        (_not_sqlite, "--radarr-dir", "cannot be read as a SQLite database"),
        (_old_radarr, "--radarr-dir", "upgrade Radarr to 4.7 or newer"),
        (lambda p: p / "missing.zip", "--backup", "does not exist"),
    ],
)
def test_user_errors_get_a_message_and_exit_code_2(
    make: Callable[[Path], Path],
    option: str,
    message: str,
    tmp_path: Path,
    import_radarr: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert import_radarr(option, str(make(tmp_path / "radarr"))) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("reelarr: ")
    assert "Traceback" not in err


def test_a_file_that_is_not_a_zip_is_refused(
    tmp_path: Path, import_radarr: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "backup.zip"
    backup.write_text("not a zip")
    assert import_radarr("--backup", str(backup)) == 2
    assert "is not a zip file" in capsys.readouterr().err


def test_a_newer_radarr_than_reelarr_knows_imports_and_says_so(
    tmp_path: Path, import_radarr: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    radarr = radarr_db.build(tmp_path / "radarr", "v6", movies=5)
    db = sqlite3.connect(radarr / "radarr.db")
    db.execute("""INSERT INTO "VersionInfo" VALUES (250, '2026-12-01T00:00:00', 'future')""")
    db.commit()
    db.close()
    assert import_radarr("--radarr-dir", str(radarr), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "movies: 5 new" in out
    assert "at migration 250, newer than the newest Reelarr knows (242)" in out
