"""What the security tests share: the app in a chosen authentication mode, a browser-like
client signed in through the real set-up and login pages, and every route the app serves.

A module of its own (not conftest) so tests import it by a name no other folder uses.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, APIWebSocketRoute
from fastapi.testclient import TestClient
from starlette.routing import Route, WebSocketRoute

from reelarr import config
from reelarr.app import create_app

USERNAME, PASSWORD = "admin", "a long secret"
LOOPBACK = ("127.0.0.1", 50000)
STRANGER = ("203.0.113.9", 50000)  # TEST-NET-3: not a local address
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


@contextmanager
def app_in_mode(
    data_dir: Path, method: str = "forms", required: str = "enabled", client: tuple[str, int] = LOOPBACK
) -> Iterator[TestClient]:
    """The app with ``authenticationMethod``/``authenticationRequired`` set, and a client with
    no credentials at all (no API key), talking to ``localhost`` from ``client``."""
    settings = config.load(data_dir)
    settings = dataclasses.replace(settings, authentication_method=method, authentication_required=required)
    config.save(settings)
    app = create_app(settings, scheduler_tick_seconds=3600)
    with TestClient(app, base_url="http://localhost", client=client, follow_redirects=False) as test_client:
        yield test_client


def csrf_token(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def set_up_user(client: TestClient) -> None:
    """Create the user through the set-up page, as the first browser on this machine does."""
    page = client.get("/setup")
    assert page.status_code == 200
    response = client.post(
        "/setup",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "passwordConfirmation": PASSWORD,
            "_csrf": csrf_token(page.text),
        },
    )
    assert response.status_code == 303, response.text


def sign_in(client: TestClient) -> str:
    """Log in through the login page; returns the CSRF token of the signed-in session."""
    page = client.get("/login")
    response = client.post(
        "/login", data={"username": USERNAME, "password": PASSWORD, "_csrf": csrf_token(page.text)}
    )
    assert response.status_code == 303, response.text
    return csrf_token(client.get("/").text)


def every_route(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) for every HTTP route and websocket the app serves."""
    found: list[tuple[str, str]] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            if isinstance(route, APIRoute | Route):
                path = prefix + route.path
                found.extend((method, path) for method in sorted(route.methods or ()) if method != "HEAD")
            elif isinstance(route, APIWebSocketRoute | WebSocketRoute):
                found.append(("WEBSOCKET", prefix + route.path))
            elif hasattr(route, "original_router"):
                # FastAPI keeps an included router as is, with the prefix it was included under.
                walk(route.original_router.routes, prefix + route.include_context.prefix)
            else:
                raise AssertionError(f"a route of a kind this test does not know: {route!r}")

    walk(app.router.routes, "")
    return sorted(set(found))


def concrete(path: str) -> str:
    """A request path for a route template: every parameter filled with a plausible value."""
    return re.sub(r"\{[^}]+\}", "1", path)
