"""The Test button of each push, chat and mail-API kind, when the service refuses the key: a 400
in Radarr's shape naming the field that holds the credentials, and the service's name in words.

The services' fixed hosts are pointed at the local receiver, which answers 401 to everything."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from notification_support import Receiver

# implementation, its settings (``{url}`` is the receiver), the module constant that holds the
# service's host, the service as the message names it, the field blamed.
KINDS: list[tuple[str, dict[str, Any], str, str, str]] = [
    ("Discord", {"webHookUrl": "{url}/api/webhooks/1/t"}, "", "Discord", "webHookUrl"),
    ("Slack", {"webHookUrl": "{url}/services/T0/B0/x"}, "", "Slack", "webHookUrl"),
    ("Gotify", {"server": "{url}", "appToken": "t"}, "", "Gotify", "appToken"),
    ("Pushover", {"apiKey": "a", "userKey": "u"}, "pushover.API_URL", "Pushover", "apiKey"),
    ("Prowl", {"apiKey": "k"}, "prowl.API_URL", "Prowl", "apiKey"),
    ("Simplepush", {"key": "k"}, "simplepush.API_URL", "Simplepush", "key"),
    ("Pushcut", {"notificationName": "n", "apiKey": "k"}, "pushcut.API_URL", "Pushcut", "apiKey"),
    ("PushBullet", {"apiKey": "k"}, "pushbullet.API_URL", "Pushbullet", "apiKey"),
    ("Pushsafer", {"apiKey": "k"}, "pushsafer.API_URL", "Pushsafer", "apiKey"),
    (
        "SendGrid",
        {"apiKey": "k", "from": "reelarr@example.org", "recipients": ["phil@example.org"]},
        "sendgrid.API_URL",
        "SendGrid",
        "apiKey",
    ),
    (
        "MailGun",
        {
            "apiKey": "k",
            "from": "reelarr@example.org",
            "senderDomain": "mg.example.org",
            "recipients": ["phil@example.org"],
        },
        "mailgun.API_URL_US",
        "Mailgun",
        "apiKey",
    ),
]


@pytest.mark.parametrize(
    ("implementation", "fields", "host_constant", "service", "blamed"), KINDS, ids=[kind[0] for kind in KINDS]
)
def test_a_refused_key_fails_the_test_on_the_field_that_holds_it(
    client: TestClient,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
    implementation: str,
    fields: dict[str, Any],
    host_constant: str,
    service: str,
    blamed: str,
) -> None:
    if host_constant:
        monkeypatch.setattr(f"reelarr.notifications.{host_constant}", receiver.base_url)
    receiver.status = 401
    values = {k: v.format(url=receiver.base_url) if isinstance(v, str) else v for k, v in fields.items()}
    body = {
        "name": implementation,
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "fields": [{"name": k, "value": v} for k, v in values.items()],
        "onGrab": True,
    }
    response = client.post("/api/v3/notification/test", json=body)
    assert response.status_code == 400, response.text
    (problem,) = response.json()
    assert problem["propertyName"] == blamed
    assert problem["errorMessage"] == f"{service} refused the credentials (HTTP 401)"
    assert receiver.received, "the service was asked"
