"""The ``indexers`` fixture: local Newznab/Torznab indexers on 127.0.0.1 (see ``search_steps``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from search_steps import Indexers, free_port
from starlette.applications import Starlette
from starlette.routing import Route


@pytest.fixture
def indexers() -> Iterator[Indexers]:
    state = Indexers()
    app = Starlette(routes=[Route("/{name}/api", state.api)])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the local indexers did not start")
        time.sleep(0.01)
    state.base_url = f"http://127.0.0.1:{port}"
    yield state
    server.should_exit = True
    thread.join(timeout=10)
