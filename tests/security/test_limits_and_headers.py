"""Limits enforced before work is done, the host allow-list, and the browser-hardening headers."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from gatekeeping import app_in_mode, csrf_token

from local_server import free_port
from reelarr_process import Reelarr


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Reelarr]:
    instance = Reelarr(tmp_path / "data", free_port())
    instance.start()
    yield instance
    instance.stop()


def _rss(reelarr: Reelarr) -> int:
    assert reelarr.process is not None
    return int(psutil.Process(reelarr.process.pid).memory_info().rss)


def test_a_200_mb_unauthenticated_post_is_refused_without_the_server_growing(served: Reelarr) -> None:
    before = _rss(served)
    chunk = b"x" * (1024 * 1024)

    def body() -> Iterator[bytes]:
        for _ in range(200):
            yield chunk

    for path in ("/api/v3/movie", "/settings/general", "/login"):
        try:
            response = httpx.post(
                f"{served.url}{path}", content=body(), headers={"Content-Length": str(200 * len(chunk))}
            )
            status = response.status_code
        except httpx.HTTPError:
            status = 0  # the server closed the connection on an upload it would not read
        # Refused before a byte of the body is read: no key (401), no login (303 to it), too large.
        assert status in (0, 303, 401, 413), (path, status)
    assert _rss(served) - before < 20 * 1024 * 1024


def test_an_authenticated_10_mb_title_is_a_400_and_nothing_is_stored(served: Reelarr) -> None:
    with served.api() as api:
        response = api.post("/tag", json={"label": "x" * (10 * 1024 * 1024)})
        assert response.status_code == 400
        assert response.json()[0]["propertyName"] == "body"
        assert api.get("/tag").json() == []


def test_a_request_for_a_foreign_host_name_is_refused_with_the_setting_to_change(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        rebound = client.get("/setup", headers={"Host": "attacker.example:7878"})
        assert rebound.status_code == 421
        assert "allowedHosts" in rebound.text
        assert client.get("/setup", headers={"Host": "127.0.0.1:7878"}).status_code == 200
        assert client.get("/setup", headers={"Host": f"{socket.gethostname()}:7878"}).status_code == 200
        # The API needs its key, which a rebinding page does not have: any name may carry it.
        key = client.app.state.ctx.settings.api_key  # type: ignore[attr-defined]
        api = client.get("/api/v3/system/status", headers={"Host": "radarr:7878", "X-Api-Key": key})
        assert api.status_code == 200


def test_configured_host_names_are_answered(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REELARR_ALLOWED_HOSTS", "reelarr.example.org, nas.home")
    with app_in_mode(data_dir) as client:
        assert client.get("/setup", headers={"Host": "reelarr.example.org"}).status_code == 200
        assert client.get("/setup", headers={"Host": "NAS.home:7878"}).status_code == 200


def test_every_page_forbids_inline_script_and_framing(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        for path in ("/setup", "/ping", "/static/app.js", "/api/v3/system/status"):
            headers = client.get(path).headers
            policy = headers["content-security-policy"]
            assert "script-src 'self';" in policy and "unsafe-inline" not in policy
            assert "frame-ancestors 'none'" in policy
            assert headers["x-frame-options"] == "DENY"
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "same-origin"


def test_templates_have_no_inline_script_or_event_handlers() -> None:
    templates = Path(__file__).parents[2] / "src" / "reelarr" / "web" / "templates"
    offending = [
        (path.name, attribute)
        for path in templates.rglob("*.html")
        for attribute in (
            " onsubmit=",
            " onclick=",
            " onchange=",
            " oninput=",
            " onload=",
            "<script>",
            "hx-on",
        )
        if attribute in path.read_text()
    ]
    assert offending == []


def test_the_session_cookie_is_http_only_and_strict(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        page = client.get("/setup")
        form = {"username": "admin", "password": "a long secret", "passwordConfirmation": "a long secret"}
        response = client.post("/setup", data={**form, "_csrf": csrf_token(page.text)})
        session = next(c for c in response.headers.get_list("set-cookie") if c.startswith("reelarr_session="))
        assert "HttpOnly" in session and "SameSite=Strict" in session and "Secure" not in session
        # Behind a proxy that says the browser used HTTPS, the cookie is only sent over HTTPS.
        client.cookies.clear()
        login = client.get("/login")
        over_https = client.post(
            "/login",
            data={"username": "admin", "password": "a long secret", "_csrf": csrf_token(login.text)},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert "Secure" in next(
            c for c in over_https.headers.get_list("set-cookie") if c.startswith("reelarr_session=")
        )
