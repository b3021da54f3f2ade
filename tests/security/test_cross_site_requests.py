"""A page on another site cannot make a signed-in browser change anything: every state-changing
UI route refuses a cross-site request, with or without the session cookie and even with a
valid CSRF token, and the library, the settings and the files are left exactly as they were.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from gatekeeping import app_in_mode, concrete, every_route, set_up_user, sign_in

from reelarr.security.gate import route_class

sys.path.insert(0, str(Path(__file__).parents[1] / "web"))
from web_harness import add_movies

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Tables whose rows a user's data lives in (not commands or tasks, which the app writes itself).
USER_TABLES = (
    "movies", "movie_metadata", "movie_files", "root_folders", "tags", "users", "provider_definitions",
    "settings", "quality_profiles", "custom_formats", "delay_profiles", "release_profiles",
    "import_exclusions", "remote_path_mappings",
)  # fmt: skip
# What an attacker's form would send: a path outside the library, files deleted, auth off.
HOSTILE_FORM = {
    "path": "/",
    "deleteFiles": "true",
    "addImportExclusion": "true",
    "authenticationMethod": "external",
    "bindAddress": "0.0.0.0",
    "username": "mallory",
    "password": "owned owned",
    "rootFolderPath": "/",
    "folder": "/",
    "name": "x",
}


def _snapshot(data_dir: Path, movie_folder: Path) -> tuple[object, ...]:
    connection = sqlite3.connect(data_dir / "reelarr.db")
    try:
        rows = tuple(tuple(connection.execute(f"SELECT * FROM {table} ORDER BY 1")) for table in USER_TABLES)
    finally:
        connection.close()
    files = tuple(sorted(str(p) for p in movie_folder.rglob("*")))
    return rows, (data_dir / "config.json").read_text(), movie_folder.exists(), files


def _state_changing_ui_routes(client: TestClient) -> list[tuple[str, str]]:
    return [
        (method, template)
        for method, template in every_route(client.app)  # type: ignore[arg-type]
        if method in UNSAFE and route_class(template) != "api"
    ]


def test_a_cross_site_request_to_every_state_changing_ui_route_is_refused_and_changes_nothing(
    data_dir: Path, movies_root: Path
) -> None:
    movie_folder = movies_root / "Heat (1995)"
    movie_folder.mkdir()
    (movie_folder / "Heat (1995).mkv").write_bytes(b"video")
    with app_in_mode(data_dir) as client:
        set_up_user(client)
        token = sign_in(client)
        session_cookies = dict(client.cookies)
        add_movies(data_dir / "reelarr.db", [("Heat", 1995, True)])
        connection = sqlite3.connect(data_dir / "reelarr.db")
        with connection:
            connection.execute("UPDATE movies SET path = ?", (str(movie_folder),))
        connection.close()

        before = _snapshot(data_dir, movie_folder)
        routes = _state_changing_ui_routes(client)
        assert len(routes) > 25, routes
        for method, template in routes:
            for signed_in in (True, False):
                client.cookies.clear()
                if signed_in:
                    client.cookies.update(session_cookies)
                response = client.request(
                    method,
                    concrete(template),
                    data={**HOSTILE_FORM, "_csrf": token},
                    headers={"Origin": "http://evil.example", "X-CSRF-Token": token},
                )
                assert response.status_code == 403, (method, template, signed_in, response.status_code)
        assert _snapshot(data_dir, movie_folder) == before
        assert movie_folder.is_dir()


def test_a_request_without_the_pages_token_is_refused_even_from_this_site(data_dir: Path) -> None:
    """Origin can be missing (privacy tools strip it): the token still has to be right."""
    with app_in_mode(data_dir) as client:
        set_up_user(client)
        token = sign_in(client)
        refused = client.post("/system/backup", data={})
        wrong = client.post("/system/backup", data={"_csrf": "0" * 64})
        assert (refused.status_code, wrong.status_code) == (403, 403)
        accepted = client.post(
            "/system/backup", data={"_csrf": token}, headers={"Origin": "http://localhost"}
        )
        assert accepted.status_code == 303


def test_logging_out_ends_the_session_on_the_server(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        set_up_user(client)
        token = sign_in(client)
        stolen = dict(client.cookies)
        assert client.post("/logout", data={"_csrf": token}).status_code == 303
        client.cookies.clear()
        client.cookies.update(stolen)
        response = client.get("/settings/general")
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_a_new_password_or_api_key_signs_every_browser_out(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        set_up_user(client)
        sign_in(client)
        key = client.app.state.ctx.settings.api_key  # type: ignore[attr-defined]
        host = client.get("/api/v3/config/host", headers={"X-Api-Key": key}).json()
        changed = client.put(
            "/api/v3/config/host",
            json={**host, "password": "another long one", "passwordConfirmation": "another long one"},
            headers={"X-Api-Key": key},
        )
        assert changed.status_code == 202
        assert client.get("/settings/general").status_code == 303

        token = sign_in_with(client, "another long one")
        assert client.post("/settings/general/apikey", data={"_csrf": token}).status_code == 303
        assert client.get("/settings/general").status_code == 303


def sign_in_with(client: TestClient, password: str) -> str:
    from gatekeeping import USERNAME, csrf_token

    page = client.get("/login")
    response = client.post(
        "/login", data={"username": USERNAME, "password": password, "_csrf": csrf_token(page.text)}
    )
    assert response.status_code == 303
    return csrf_token(client.get("/").text)
