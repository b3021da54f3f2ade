"""Apprise as Radarr has it: JSON posted to a local Apprise API server stand-in.

The stand-in answers as apprise-api does: ``POST /notify/<key>`` for a stored configuration
(unknown key: 204, nothing sent), ``POST /notify`` with ``urls`` for stateless sending, a JSON
``{"error": ...}`` with 424 when no service took the message, and 401 without the basic-auth
credentials it is set up with. Every request is recorded as sent.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from notification_support import MESSAGES, TEXTS, deliver, supported_events
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving

KEY = "reelarr-movies"
CREDENTIALS = ("apprise", "s3cret")


@dataclass
class AppriseApi:
    url: str = ""
    requests: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)

    async def notify(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append((request.url.path, dict(request.headers), body))
        expected = "Basic " + base64.b64encode(":".join(CREDENTIALS).encode()).decode()
        if request.headers.get("authorization") != expected:
            return Response(status_code=401)
        key = request.path_params.get("key")
        if key is not None and key != KEY:
            return Response(status_code=204)
        if key is None and not body.get("urls"):
            return JSONResponse({"error": "No valid URLs were provided"}, status_code=424)
        return JSONResponse({"success": True})


@pytest.fixture
def apprise_api() -> Iterator[AppriseApi]:
    state = AppriseApi()
    app = Starlette(
        routes=[
            Route("/notify/{key}", state.notify, methods=["POST"]),
            Route("/notify", state.notify, methods=["POST"]),
        ]
    )
    with serving(app) as url:
        state.url = url
        yield state


def settings(api: AppriseApi, **values: Any) -> dict[str, Any]:
    base = {"serverUrl": api.url + "/", "authUsername": CREDENTIALS[0], "authPassword": CREDENTIALS[1]}
    return base | values


def test_every_event_posts_radarrs_json_to_the_stored_configuration(
    client: TestClient, apprise_api: AppriseApi
) -> None:
    events = supported_events("Apprise")
    assert set(events) == set(TEXTS) - {"onRename"}
    for event in events:
        fields = settings(apprise_api, configurationKey=KEY, notificationType=2, tags=["tv", "phone"])
        deliver(client, "Apprise", fields | {"includePoster": True}, MESSAGES[event])
    assert len(apprise_api.requests) == len(events)
    for event, (path, headers, body) in zip(events, apprise_api.requests, strict=True):
        title, text = TEXTS[event]
        if event == "onMovieAdded":
            text = "The Matrix (1999) added to library"  # Radarr's Apprise names the year too
        expected = {"title": title, "body": text, "type": "warning", "tag": "tv,phone"}
        if MESSAGES[event].movie is not None:
            expected["attachment"] = "https://image.tmdb.org/p.jpg"
        assert (path, body) == (f"/notify/{KEY}", expected), event
        assert headers["content-type"] == "application/json"
        assert headers["accept"] == "application/json"


def test_stateless_urls_go_to_notify_with_the_urls(client: TestClient, apprise_api: AppriseApi) -> None:
    urls = "discord://123/abc, ntfys://ntfy.sh/movies"
    deliver(client, "Apprise", settings(apprise_api, statelessUrls=urls), MESSAGES["onGrab"])
    ((path, _, body),) = apprise_api.requests
    assert path == "/notify"
    assert body == {
        "title": "Movie Grabbed",
        "body": TEXTS["onGrab"][1],
        "type": "info",
        "urls": urls,
    }


def test_the_test_button_reports_bad_credentials_against_the_user_name(
    client: TestClient, apprise_api: AppriseApi
) -> None:
    resource = {
        "name": "Apprise",
        "implementation": "Apprise",
        "configContract": "AppriseSettings",
        "fields": [
            {"name": name, "value": value}
            for name, value in settings(apprise_api, configurationKey=KEY, authPassword="wrong").items()
        ],
    }
    refused = client.post("/api/v3/notification/test", json=resource)
    assert refused.status_code == 400
    assert [p["propertyName"] for p in refused.json()] == ["authUsername"]

    password = next(f for f in resource["fields"] if f["name"] == "authPassword")
    password["value"] = CREDENTIALS[1]
    assert client.post("/api/v3/notification/test", json=resource).status_code == 200
    path, _, body = apprise_api.requests[-1]
    assert path == f"/notify/{KEY}"
    assert body == {
        "title": "Reelarr - Test Notification",
        "body": "Success! You have properly configured your apprise notification settings.",
        "type": "info",
    }


def test_a_server_that_could_not_deliver_fails_the_test_with_its_error(
    client: TestClient, apprise_api: AppriseApi
) -> None:
    fields = settings(apprise_api, statelessUrls=" ")
    # A blank URL list is the one thing the settings refuse before anything is sent.
    resource = {
        "name": "Apprise",
        "implementation": "Apprise",
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
    }
    response = client.post("/api/v3/notification/test", json=resource)
    assert response.status_code == 400
    assert "Use either Configuration Key or Stateless URLs" in response.text
    assert apprise_api.requests == []


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"configurationKey": KEY, "statelessUrls": "json://x"}, "Use either Configuration Key"),
        ({"configurationKey": "Movies!"}, "Allowed characters a-z, 0-9 and -"),
        ({"statelessUrls": "json://x", "tags": ["tv"]}, "Stateless URLs do not support tags"),
    ],
)
def test_radarrs_settings_rules_refuse_a_save(
    client: TestClient, apprise_api: AppriseApi, values: dict[str, Any], problem: str
) -> None:
    resource = {
        "name": "Apprise",
        "implementation": "Apprise",
        "configContract": "AppriseSettings",
        "fields": [{"name": k, "value": v} for k, v in settings(apprise_api, **values).items()],
    }
    response = client.post("/api/v3/notification", params={"forceSave": "true"}, json=resource)
    assert response.status_code == 400
    assert problem in response.text
