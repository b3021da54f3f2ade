"""After the import, the Radarr user logs in to Reelarr's UI with their Radarr password, which
is then stored again as argon2id; pyarr-style clients keep using Radarr's API key."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import radarr_db
from fastapi.testclient import TestClient

from reelarr import config
from reelarr.app import create_app

_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


def test_the_radarr_user_logs_in_with_the_radarr_password(
    radarr_dir: Path, data_dir: Path, import_radarr: Callable[..., int]
) -> None:
    assert import_radarr("--radarr-dir", str(radarr_dir)) == 0
    settings = config.load(data_dir)
    assert settings.api_key == radarr_db.API_KEY
    with TestClient(create_app(settings), base_url="http://localhost", follow_redirects=False) as client:
        assert (
            client.get("/api/v3/system/status", headers={"X-Api-Key": radarr_db.API_KEY}).status_code == 200
        )
        assert client.get("/").headers["location"].startswith("/login")
        page = client.get("/login")
        token = _TOKEN.search(page.text)
        assert token
        form = {"username": "admin", "_csrf": token.group(1)}
        assert client.post("/login", data={**form, "password": "not it"}).status_code == 401
        signed_in = client.post("/login", data={**form, "password": radarr_db.PASSWORD})
        assert signed_in.status_code == 303
        assert client.get("/").status_code == 200
    stored = config.load(data_dir)
    assert stored.authentication_method == "forms"
    connection = sqlite3.connect(data_dir / "reelarr.db")
    [(password_hash,)] = connection.execute("SELECT password_hash FROM users").fetchall()
    connection.close()
    assert password_hash.startswith("$argon2id$")
