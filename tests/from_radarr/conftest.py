"""Fixtures for moving from Radarr: a Radarr data folder built from Radarr's real schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import radarr_db
from fastapi.testclient import TestClient

from reelarr import config
from reelarr.__main__ import main
from reelarr.app import create_app


@pytest.fixture
def radarr_dir(tmp_path: Path) -> Path:
    """A Radarr 6 data folder with 300 movies."""
    return radarr_db.build(tmp_path / "radarr", "v6", movies=300)


@pytest.fixture
def import_radarr(data_dir: Path) -> Callable[..., int]:
    """Run ``reelarr import-radarr`` into the test's Reelarr data folder."""

    def run(*args: str) -> int:
        return main(["import-radarr", "--data-dir", str(data_dir), *args])

    return run


@pytest.fixture
def imported_client(data_dir: Path) -> Iterator[Callable[[], TestClient]]:
    """The app started on the data folder after the import, authenticated with the key it then holds."""
    clients: list[TestClient] = []

    def start() -> TestClient:
        settings = config.load(data_dir)
        client = TestClient(
            create_app(settings, scheduler_tick_seconds=3600), headers={"X-Api-Key": settings.api_key}
        )
        clients.append(client)
        return client.__enter__()

    yield start
    for client in clients:
        client.__exit__(None, None, None)
