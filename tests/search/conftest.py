"""The ``indexers`` fixture: local Newznab/Torznab indexers on 127.0.0.1 (see ``search_steps``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from search_steps import Indexers
from starlette.applications import Starlette
from starlette.routing import Route

from local_server import serving


@pytest.fixture
def indexers() -> Iterator[Indexers]:
    state = Indexers()
    app = Starlette(routes=[Route("/{name}/api", state.api)])
    with serving(app) as url:
        state.base_url = url
        yield state


@pytest.fixture
def client(storage_client: TestClient) -> TestClient:
    """Every search, RSS sync and wanted test runs on SQLite and on PostgreSQL."""
    return storage_client
