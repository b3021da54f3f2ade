"""Every route of the running app, asked without any credentials in every authentication mode,
is refused unless it is on the short allow-list below. A route added without thought for who
may call it is refused by default; one that answers anyway makes this test fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from gatekeeping import STRANGER, app_in_mode, concrete, every_route, set_up_user
from starlette.websockets import WebSocketDisconnect

# What answers a visitor with no credentials, whatever the mode: the health probe, the login
# and set-up pages (set-up only until a user exists), and the UI's static files.
ALLOWED_WITHOUT_CREDENTIALS = {
    ("GET", "/ping"),
    ("GET", "/favicon.ico"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/setup"),
    ("POST", "/setup"),
    ("GET", "/static/{path:path}"),
}


def _refused(client: TestClient, method: str, template: str, mode: str) -> bool:
    """Whether the gate turned the request away for want of credentials."""
    path = concrete(template)
    if method == "WEBSOCKET":
        try:
            with client.websocket_connect(path):
                return False
        except WebSocketDisconnect:
            return True
    response = client.request(method, path)
    if template.startswith(("/api", "/feed", "/MediaCover", "/signalr", "/backup", "/stream/events")):
        return response.status_code == 401 and response.json() == {"message": "Unauthorized"}
    if mode == "basic" and response.status_code == 401:
        return response.headers.get("www-authenticate", "").startswith("Basic")
    return response.status_code == 303 and response.headers["location"].startswith(("/login", "/setup"))


def _answering(
    client: TestClient, mode: str, unasked: frozenset[tuple[str, str]] = frozenset()
) -> set[tuple[str, str]]:
    app = client.app
    assert hasattr(app, "routes")
    return {
        (method, template)
        for method, template in every_route(app)  # type: ignore[arg-type]
        if (method, template) not in unasked and not _refused(client, method, template, mode)
    }


@pytest.mark.parametrize(
    ("method", "required", "client_address"),
    [
        ("forms", "enabled", ("127.0.0.1", 50000)),
        ("basic", "enabled", ("127.0.0.1", 50000)),
        ("forms", "disabledForLocalAddresses", STRANGER),
        ("basic", "disabledForLocalAddresses", STRANGER),
    ],
    ids=["forms", "basic", "forms-local-exempt-from-afar", "basic-local-exempt-from-afar"],
)
def test_only_the_allow_list_answers_without_credentials(
    data_dir: Path, method: str, required: str, client_address: tuple[str, int]
) -> None:
    with app_in_mode(data_dir, method, required) as setup_client:
        set_up_user(setup_client)
    with app_in_mode(data_dir, method, required, client=client_address) as client:
        routes = every_route(client.app)  # type: ignore[arg-type]
        assert len(routes) > 150, "the app's routes were not found"
        # Once a user exists, the set-up page only sends visitors on to the login page.
        assert _answering(client, method) == ALLOWED_WITHOUT_CREDENTIALS - {("GET", "/setup")}


def test_before_a_user_exists_every_page_leads_to_set_up(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        # Before a user exists, the login page sends visitors on to the set-up page.
        assert _answering(client, "forms") == ALLOWED_WITHOUT_CREDENTIALS - {("GET", "/login")}
        assert client.get("/").headers["location"] == "/setup"
        assert client.get("/settings/general").headers["location"] == "/setup"


def test_behind_an_authenticating_proxy_the_pages_are_open_and_the_api_still_needs_its_key(
    data_dir: Path,
) -> None:
    """``external`` trusts the reverse proxy in front to have asked for a login."""
    with app_in_mode(data_dir, "external") as client:
        # The UI's event stream never ends, so it is not asked here; it is a UI route like the rest.
        answering = _answering(client, "external", frozenset({("GET", "/stream/ui")}))
        api = {(m, t) for m, t in every_route(client.app) if t.startswith("/api")}  # type: ignore[arg-type]
        assert api and not api & answering
        assert ("GET", "/settings/general") in answering
        assert client.get("/").status_code == 200


def test_a_local_address_needs_no_login_when_so_configured_but_a_distant_one_does(data_dir: Path) -> None:
    with app_in_mode(data_dir, "forms", "disabledForLocalAddresses") as client:
        set_up_user(client)
    for address, expected in [(("192.168.1.20", 1), 200), (("10.1.2.3", 1), 200), (STRANGER, 303)]:
        with app_in_mode(data_dir, "forms", "disabledForLocalAddresses", client=address) as client:
            assert client.get("/settings/general").status_code == expected, address
            assert client.get("/api/v3/system/status").status_code == 401
