"""Mailgun, SendGrid and Signal (signal-cli REST) against a local receiver checking the request the
real service expects, for every event each supports; Synology Indexer against a fake ``synoindex``
on PATH that records its arguments."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from fastapi.testclient import TestClient
from notification_support import IMPORTED, MESSAGES, TEXTS, Receiver, deliver, supported_events

from reelarr.notifications.base import NotificationError


@pytest.mark.parametrize("event", supported_events("MailGun"))
def test_mailgun_posts_one_to_per_recipient_with_basic_auth(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    monkeypatch.setattr("reelarr.notifications.mailgun.API_URL_EU", f"{receiver.base_url}/eu/v3")
    fields = {
        "apiKey": "key-3ax6",
        "useEuEndpoint": True,
        "from": "Reelarr <reelarr@mg.example.org>",
        "senderDomain": "mg.example.org",
        "recipients": ["phil@example.org", "anna@example.org"],
    }
    deliver(client, "MailGun", fields, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path) == ("POST", "/eu/v3/mg.example.org/messages")
    assert sent.headers["authorization"] == "Basic YXBpOmtleS0zYXg2"  # api:key-3ax6
    assert parse_qs(sent.body) == {
        "from": ["Reelarr <reelarr@mg.example.org>"],
        "to": ["phil@example.org", "anna@example.org"],
        "subject": [title],
        "text": [body],
    }


@pytest.mark.parametrize("event", supported_events("SendGrid"))
def test_sendgrid_posts_v3_mail_json_with_a_bearer_key(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    monkeypatch.setattr("reelarr.notifications.sendgrid.API_URL", f"{receiver.base_url}/v3")
    fields = {"apiKey": "SG.key", "from": "reelarr@example.org", "recipients": ["phil@example.org"]}
    deliver(client, "SendGrid", fields, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path, sent.headers["authorization"]) == (
        "POST",
        "/v3/mail/send",
        "Bearer SG.key",
    )
    assert sent.body == {
        "content": [{"type": "text/plain", "value": body}],
        "from": {"email": "reelarr@example.org"},
        "personalizations": [{"to": [{"email": "phil@example.org"}], "subject": title}],
    }


@pytest.mark.parametrize("event", supported_events("Signal"))
def test_signal_posts_to_signal_cli_v2_send(client: TestClient, receiver: Receiver, event: str) -> None:
    port = int(receiver.base_url.rsplit(":", 1)[1])
    fields = {
        "host": "127.0.0.1",
        "port": port,
        "senderNumber": "+4915100000000",
        "receiverId": "group.c2lnbmFs",
        "authUsername": "signal",
        "authPassword": "pw",
    }
    deliver(client, "Signal", fields, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path) == ("POST", "/v2/send")
    assert sent.headers["authorization"] == "Basic c2lnbmFsOnB3"
    assert sent.body == {
        "message": f"{title}\n{body}\n",
        "number": "+4915100000000",
        "recipients": ["group.c2lnbmFs"],
    }


def test_signal_blames_the_receiver_for_an_invalid_group(client: TestClient, receiver: Receiver) -> None:
    receiver.status = 400
    receiver.answers["/v2/send"] = {"error": "Invalid group id"}
    port = int(receiver.base_url.rsplit(":", 1)[1])
    fields = {"host": "127.0.0.1", "port": port, "senderNumber": "+49", "receiverId": "group.x"}
    with pytest.raises(NotificationError) as refused:
        deliver(client, "Signal", fields, MESSAGES["onGrab"])
    assert refused.value.field == "receiverId"


# ---------------------------------------------------------------- Synology Indexer


@pytest.fixture
def synoindex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake synoindex on PATH that records each call's arguments, one per line, then a blank line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "synoindex.log"
    tool = bin_dir / "synoindex"
    tool.write_text(f'#!/bin/sh\nfor a in "$@"; do echo "$a" >> {log}; done\necho >> {log}\n')
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def _runs(log: Path) -> list[list[str]]:
    return [block.splitlines() for block in log.read_text().strip("\n").split("\n\n")] if log.exists() else []


FOLDER = "/movies/The Matrix (1999)"
FILE = f"{FOLDER}/The Matrix (1999).mkv"


@pytest.mark.parametrize(
    ("event", "runs"),
    [
        ("onDownload", [["-a", FILE]]),
        ("onRename", [["-R", FOLDER]]),
        ("onMovieFileDelete", [["-d", FILE]]),
        ("onMovieFileDeleteForUpgrade", [["-d", FILE]]),
        ("onMovieDelete", [["-D", FOLDER]]),
    ],
)
def test_synology_indexer_runs_synoindex_for_each_change(
    client: TestClient, synoindex: Path, event: str, runs: list[list[str]]
) -> None:
    assert event in supported_events("SynologyIndexer")
    deliver(client, "SynologyIndexer", {"updateLibrary": True}, MESSAGES[event])
    assert _runs(synoindex) == runs


def test_synology_indexer_removes_the_replaced_file_before_adding_the_upgrade(
    client: TestClient, synoindex: Path
) -> None:
    old = replace(IMPORTED, relative_path="old.mkv", path=f"{FOLDER}/old.mkv")
    upgrade = replace(MESSAGES["onUpgrade"], replaced_files=(old,))
    deliver(client, "SynologyIndexer", {"updateLibrary": True}, upgrade)
    assert _runs(synoindex) == [["-d", f"{FOLDER}/old.mkv"], ["-a", FILE]]


def test_synology_indexer_test_runs_help_and_reports_stderr(client: TestClient, synoindex: Path) -> None:
    body = {
        "name": "Synology",
        "implementation": "SynologyIndexer",
        "configContract": "SynologyIndexerSettings",
        "fields": [{"name": "updateLibrary", "value": True}],
        "onDownload": True,
    }
    assert client.post("/api/v3/notification/test", json=body).status_code == 200
    assert _runs(synoindex) == [["--help"]]
    tool = Path(synoindex.parent / "bin" / "synoindex")
    tool.write_text("#!/bin/sh\necho 'synoindex: cannot connect to the indexing daemon' >&2\n")
    response = client.post("/api/v3/notification/test", json=body)
    assert response.status_code == 400
    assert "cannot connect to the indexing daemon" in response.json()[0]["errorMessage"]
