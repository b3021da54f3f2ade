"""Email against a real local SMTP server (aiosmtpd): plain, STARTTLS, TLS on 465, login, recipients.

The server's certificate comes from a throwaway CA (trustme) that the sender trusts through
``SSL_CERT_FILE``, the way a system trust store would, so the certificate check is real.
"""

from __future__ import annotations

import email
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message as MailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from fastapi.testclient import TestClient
from notification_support import MESSAGES, TEXTS, deliver, supported_events

from local_server import free_port
from reelarr.notifications.base import NotificationError


@dataclass
class Mailbox:
    port: int = 0
    mails: list[tuple[Envelope, MailMessage]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    tls_seen: list[bool] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.tls_seen.append(session.ssl is not None)
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        self.mails.append((envelope, email.message_from_bytes(content)))
        return "250 OK"


def _authenticator(box: Mailbox) -> Any:
    def check(server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        box.logins.append((data.login.decode(), data.password.decode()))
        ok = data.login == b"phil" and data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    return check


@pytest.fixture
def ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    authority = trustme.CA()
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return authority


def _server_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def starttls_server(ca: trustme.CA) -> Iterator[Mailbox]:
    """Requires STARTTLS, then a login, as most providers' port 587 does."""
    box = Mailbox(port=free_port())
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=box.port,
        tls_context=_server_context(ca),
        require_starttls=True,
        authenticator=_authenticator(box),
        auth_require_tls=True,
    )
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def plain_server() -> Iterator[Mailbox]:
    box = Mailbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


def _settings(port: int, **extra: Any) -> dict[str, Any]:
    return {
        "server": "127.0.0.1",
        "port": port,
        "username": "phil",
        "password": "s3cret",
        "from": "reelarr@example.org",
        "to": ["phil@example.org", "anna@example.org"],
        "cc": ["cc@example.org"],
        "bcc": ["hidden@example.org"],
        **extra,
    }


BODY_SUFFIX = {
    "onGrab": " sent to queue.",
    "onDownload": " Downloaded and sorted.",
    "onUpgrade": " Downloaded and sorted.",
    "onMovieFileDelete": " deleted.",
    "onMovieFileDeleteForUpgrade": " deleted.",
    "onManualInteractionRequired": " requires manual interaction.",
    "onMovieAdded": ".",
}


@pytest.mark.parametrize("event", supported_events("Email"))
def test_each_event_is_mailed_over_starttls_after_login(
    client: TestClient, starttls_server: Mailbox, event: str
) -> None:
    deliver(client, "Email", _settings(starttls_server.port), MESSAGES[event])
    ((envelope, mail),) = starttls_server.mails
    assert starttls_server.tls_seen == [True]
    assert starttls_server.logins == [("phil", "s3cret")]
    assert envelope.mail_from == "reelarr@example.org"
    assert envelope.rcpt_tos == [
        "phil@example.org",
        "anna@example.org",
        "cc@example.org",
        "hidden@example.org",
    ]
    title, body = TEXTS[event]
    assert mail["Subject"] == f"Reelarr - {title}"
    assert mail["To"] == "phil@example.org, anna@example.org" and mail["Cc"] == "cc@example.org"
    assert mail["Bcc"] is None
    assert mail.get_content_type() == "text/plain"
    assert mail.get_payload(decode=True).decode().strip() == body + BODY_SUFFIX.get(event, "")


def test_preferred_encryption_sends_plainly_to_a_server_without_tls(
    client: TestClient, plain_server: Mailbox
) -> None:
    deliver(client, "Email", _settings(plain_server.port, username="", password=""), MESSAGES["onGrab"])
    assert plain_server.tls_seen == [False] and len(plain_server.mails) == 1


def test_always_encrypt_refuses_a_server_without_starttls(client: TestClient, plain_server: Mailbox) -> None:
    with pytest.raises(NotificationError) as refused:
        deliver(client, "Email", _settings(plain_server.port, useEncryption=1), MESSAGES["onGrab"])
    assert refused.value.field == "server" and plain_server.mails == []


def test_port_465_speaks_tls_from_the_first_byte(client: TestClient, ca: trustme.CA) -> None:
    box = Mailbox(port=465)
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=465,
        ssl_context=_server_context(ca),
        authenticator=_authenticator(box),
        auth_require_tls=False,  # aiosmtpd counts only STARTTLS as TLS; this server speaks nothing else
    )
    controller.start()
    try:
        deliver(client, "Email", _settings(465, useEncryption=1), MESSAGES["onHealthIssue"])
    finally:
        controller.stop()
    # The server speaks only TLS, so a delivered mail is one sent over TLS.
    assert len(box.mails) == 1 and box.logins == [("phil", "s3cret")]


def test_a_wrong_password_blames_the_username(client: TestClient, starttls_server: Mailbox) -> None:
    with pytest.raises(NotificationError) as refused:
        deliver(client, "Email", _settings(starttls_server.port, password="nope"), MESSAGES["onGrab"])
    assert refused.value.field == "username", str(refused.value)
    assert starttls_server.mails == []


def test_the_test_button_mails_radarrs_test_message_and_the_password_stays_masked(
    client: TestClient, starttls_server: Mailbox
) -> None:
    fields = _settings(starttls_server.port)
    body = {
        "name": "Mail",
        "implementation": "Email",
        "configContract": "EmailSettings",
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
        "onGrab": True,
    }
    created = client.post("/api/v3/notification", json=body)
    assert created.status_code == 201, created.text
    ((_, mail),) = starttls_server.mails
    assert mail["Subject"] == "Reelarr - Test Notification"
    shown = {
        f["name"]: f["value"]
        for f in client.get(f"/api/v3/notification/{created.json()['id']}").json()["fields"]
    }
    assert shown == {**fields, "password": "********", "useEncryption": 0}
