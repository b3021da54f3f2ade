"""Fixtures shared by the whole suite: databases (SQLite and PostgreSQL) and a running app."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from fastapi.testclient import TestClient

import fake_tmdb
from fake_tmdb import FakeTmdb
from reelarr import config
from reelarr.app import create_app
from reelarr.http import HttpClient

# The suite's own cluster, made by scripts/test-postgres.sh; scripts/test.sh exports these.
PG_SOCKET = os.environ.get("REELARR_TEST_PG_SOCKET", "/var/run/postgresql/reelarr_test")
PG_PORT = int(os.environ.get("REELARR_TEST_PG_PORT", "5439"))
PG_USER = os.environ.get("REELARR_TEST_PG_USER", "reelarr_test")
PG_DATABASE = os.environ.get("REELARR_TEST_PG_DATABASE", "reelarr_test")


async def _pg_admin(statement: str) -> None:
    connection = await asyncpg.connect(host=PG_SOCKET, port=PG_PORT, user=PG_USER, database=PG_DATABASE)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    name = f"reelarr_test_{uuid.uuid4().hex[:12]}"
    # template0 takes no connections, so parallel workers never collide on it as on template1.
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    try:
        yield f"postgresql+asyncpg://{PG_USER}@/{name}?host={PG_SOCKET}&port={PG_PORT}"
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'reelarr.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def _client(data_dir: Path, database_url: str | None) -> Iterator[TestClient]:
    settings = config.load(data_dir, {"database_url": database_url})
    app = create_app(settings, scheduler_tick_seconds=3600)
    # localhost: the name a browser on this machine uses, and one the host allow-list accepts.
    with TestClient(app, base_url="http://localhost", headers={"X-Api-Key": settings.api_key}) as client:
        yield client


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    """The app on SQLite, authenticated with its API key."""
    yield from _client(data_dir, None)


@pytest.fixture
def storage_client(data_dir: Path, database_url: str) -> Iterator[TestClient]:
    """The app on each database in turn, authenticated with its API key."""
    yield from _client(data_dir, database_url)


@pytest.fixture(scope="session")
def tmdb_server() -> Iterator[FakeTmdb]:
    """A local TMDB (real movies' data in TMDB's JSON shapes), for every test that looks movies up."""
    with fake_tmdb.running() as state:
        yield state


@pytest.fixture
def tmdb(tmdb_server: FakeTmdb) -> FakeTmdb:
    """The local TMDB with its movies as they were: tests may change them."""
    tmdb_server.reset()
    return tmdb_server


@pytest.fixture
def movies_root(tmp_path: Path) -> Path:
    path = tmp_path / "movies"
    path.mkdir()
    return path


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    """Reelarr's shared HTTP client, for tests that drive a provider directly."""
    client = HttpClient()
    yield client
    await client.aclose()
