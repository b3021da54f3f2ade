"""Where Radarr's data comes from: its data folder (``radarr.db`` and ``config.xml``) or a backup zip.

Radarr's database is opened read-only through SQLite's ``mode=ro`` URI. A database in use
(a ``-wal`` beside it) or inside a zip is first copied to a temporary folder with SQLite's
backup API, so the copy is consistent and Radarr's file is never written, not even by a
checkpoint.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

# Migration 207 (Radarr 4.1) split MovieMetadata from Movies; older schemas are refused.
OLDEST_MIGRATION = 207
NEWEST_KNOWN_MIGRATION = 242


class SourceError(Exception):
    """Something about the Radarr data a user can fix; the message says what."""


@dataclass
class RadarrData:
    """Radarr's tables as lists of rows (column name → value) and its ``config.xml`` values."""

    migration: int
    tables: dict[str, list[dict[str, Any]]]
    config_xml: dict[str, str] = field(default_factory=dict)

    def rows(self, *names: str) -> list[dict[str, Any]]:
        """The first of ``names`` that exists, so a table Radarr renamed is found by either name."""
        for name in names:
            if name in self.tables:
                return self.tables[name]
        return []

    def config(self) -> dict[str, str]:
        """The ``Config`` table's key/value settings (keys are lower case in Radarr)."""
        return {str(row["Key"]).lower(): str(row["Value"]) for row in self.rows("Config")}


def read_folder(folder: Path) -> RadarrData:
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder; give the Radarr data folder holding radarr.db")
    database = folder / "radarr.db"
    if not database.is_file():
        raise SourceError(
            f"{folder} holds no radarr.db; is it Radarr's data folder (the one with config.xml)?"
        )
    config_xml = (
        _config_xml((folder / "config.xml").read_bytes()) if (folder / "config.xml").is_file() else {}
    )
    in_use = Path(f"{database}-wal").exists()
    if in_use:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "radarr.db"
            _copy_database(database, copy)
            return _read_database(copy, config_xml)
    return _read_database(database, config_xml)


def read_backup(archive: Path) -> RadarrData:
    if not archive.is_file():
        raise SourceError(f"{archive} does not exist")
    try:
        with zipfile.ZipFile(archive) as zipped, tempfile.TemporaryDirectory() as tmp:
            names = set(zipped.namelist())
            if "radarr.db" not in names:
                raise SourceError(f"{archive} is not a Radarr backup: it holds no radarr.db")
            zipped.extract("radarr.db", tmp)
            config_xml = _config_xml(zipped.read("config.xml")) if "config.xml" in names else {}
            return _read_database(Path(tmp) / "radarr.db", config_xml)
    except zipfile.BadZipFile:
        raise SourceError(f"{archive} is not a zip file") from None


def _config_xml(content: bytes) -> dict[str, str]:
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise SourceError(f"config.xml cannot be read: {exc}") from None
    return {child.tag: (child.text or "") for child in root}


def _copy_database(database: Path, copy: Path) -> None:
    with _read_only(database) as source:
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()


@contextmanager
def _read_only(database: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def _read_database(database: Path, config_xml: dict[str, str]) -> RadarrData:
    try:
        with _read_only(database) as connection:
            connection.row_factory = sqlite3.Row
            names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "VersionInfo" not in names or "Movies" not in names:
                raise SourceError(
                    f"{database} is not a Radarr database (it has no VersionInfo or Movies table)"
                )
            migration = connection.execute('SELECT MAX("Version") FROM "VersionInfo"').fetchone()[0] or 0
            if migration < OLDEST_MIGRATION:
                raise SourceError(
                    f"this Radarr database is at migration {migration}, older than Radarr 4.1 (migration "
                    f"{OLDEST_MIGRATION}); upgrade Radarr to 4.7 or newer, start it once so it updates "
                    "its database, then import again"
                )
            tables = {
                name: [dict(row) for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY 1')]
                for name in names
                if not name.startswith("sqlite_")
            }
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"{database} cannot be read as a SQLite database: {exc}") from None
    return RadarrData(migration=migration, tables=tables, config_xml=config_xml)


def json_value(value: Any, default: Any) -> Any:
    """A JSON column's value; Radarr leaves some empty or null."""
    if value is None or value == "":
        return default
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default
