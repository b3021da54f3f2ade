"""Prowl, Simplepush, Pushbullet, Join and Pushsafer against a local receiver checking the request
each real service expects, for every event each supports (their hosts are the modules' ``API_URL``)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from notification_support import MESSAGES, TEXTS, Receiver, deliver, supported_events

from reelarr.errors import ValidationFailed
from reelarr.notifications.base import NotificationError


def _point(monkeypatch: pytest.MonkeyPatch, module: str, url: str) -> None:
    monkeypatch.setattr(f"reelarr.notifications.{module}.API_URL", url)


@pytest.mark.parametrize("event", supported_events("Prowl"))
def test_prowl_posts_its_add_form(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    _point(monkeypatch, "prowl", f"{receiver.base_url}/publicapi/add")
    deliver(client, "Prowl", {"apiKey": "prowl-key", "priority": 1}, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path) == ("POST", "/publicapi/add")
    assert sent.form == {
        "apikey": "prowl-key",
        "application": "Reelarr",
        "event": title,
        "description": body,
        "priority": "1",
    }


@pytest.mark.parametrize("event", supported_events("Simplepush"))
def test_simplepush_posts_key_event_title_and_msg(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    _point(monkeypatch, "simplepush", f"{receiver.base_url}/send")
    deliver(client, "Simplepush", {"key": "HuxgBB", "event": "movies"}, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path) == ("POST", "/send")
    assert sent.form == {"key": "HuxgBB", "event": "movies", "title": title, "msg": body}


@pytest.mark.parametrize("event", supported_events("PushBullet"))
def test_pushbullet_pushes_a_note_to_each_device_with_the_token_as_basic_auth(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    _point(monkeypatch, "pushbullet", f"{receiver.base_url}/v2/pushes")
    fields = {"apiKey": "o.token", "deviceIds": ["123456789", "ujpah72o0"], "senderId": "phone"}
    deliver(client, "PushBullet", fields, MESSAGES[event])
    title, body = TEXTS[event]
    note = {"type": "note", "title": f"Reelarr - {title}", "body": body, "source_device_iden": "phone"}
    assert [r.form for r in receiver.received] == [
        {"device_id": "123456789", **note},
        {"device_iden": "ujpah72o0", **note},
    ]
    assert {r.headers["authorization"] for r in receiver.received} == {"Basic by50b2tlbjo="}  # "o.token:"


def test_pushbullet_channel_tags_win_over_devices_and_nothing_means_all_devices(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    _point(monkeypatch, "pushbullet", f"{receiver.base_url}/v2/pushes")
    deliver(
        client,
        "PushBullet",
        {"apiKey": "t", "channelTags": ["films"], "deviceIds": ["1"]},
        MESSAGES["onGrab"],
    )
    deliver(client, "PushBullet", {"apiKey": "t"}, MESSAGES["onGrab"])
    assert [r.form.get("channel_tag") for r in receiver.received] == ["films", None]
    assert "device_id" not in receiver.received[1].form


@pytest.mark.parametrize("event", supported_events("Join"))
def test_join_sends_the_push_in_the_query(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    _point(monkeypatch, "join", f"{receiver.base_url}/_ah/api/messaging/v1/sendPush")
    receiver.answers["/_ah/api/messaging/v1/sendPush"] = {"success": True}
    deliver(
        client, "Join", {"apiKey": "join-key", "deviceNames": "Pixel,Tablet", "priority": -1}, MESSAGES[event]
    )
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path) == ("GET", "/_ah/api/messaging/v1/sendPush")
    assert sent.query == {
        "deviceNames": "Pixel,Tablet",
        "apikey": "join-key",
        "title": f"Reelarr - {title}",
        "text": body,
        "priority": "-1",
    }


def test_join_reads_its_errors_from_a_200(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    _point(monkeypatch, "join", f"{receiver.base_url}/push")
    receiver.answers["/push"] = {"success": False, "errorMessage": "No device to send message to"}
    with pytest.raises(NotificationError) as refused:
        deliver(client, "Join", {"apiKey": "wrong"}, MESSAGES["onGrab"])
    assert refused.value.field == "apiKey"
    assert receiver.received[0].query["deviceId"] == "group.all"


@pytest.mark.parametrize("event", supported_events("Pushsafer"))
def test_pushsafer_posts_its_one_letter_form(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    _point(monkeypatch, "pushsafer", f"{receiver.base_url}/api")
    fields = {
        "apiKey": "ps-key",
        "deviceIds": ["52", "53"],
        "priority": 2,
        "retry": 60,
        "expire": 600,
        "sound": "8",
        "iconColor": "#FF0000",
    }
    deliver(client, "Pushsafer", fields, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path) == ("POST", "/api")
    assert sent.form == {
        "k": "ps-key",
        "d": "52|53",
        "t": title,
        "m": body,
        "pr": "2",
        "re": "60",
        "ex": "600",
        "s": "8",
        "c": "#FF0000",
    }


def test_pushsafer_refuses_settings_radarr_refuses(client: TestClient) -> None:
    with pytest.raises(ValidationFailed):
        deliver(
            client, "Pushsafer", {"apiKey": "k", "priority": 2, "retry": 5, "expire": 600}, MESSAGES["onGrab"]
        )
    with pytest.raises(ValidationFailed):
        deliver(client, "Pushsafer", {"apiKey": "k", "icon": "999"}, MESSAGES["onGrab"])


@pytest.mark.parametrize("event", supported_events("Pushcut"))
def test_pushcut_posts_to_the_named_notification_with_poster_and_link_actions(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    _point(monkeypatch, "pushcut", f"{receiver.base_url}/v1")
    fields = {
        "notificationName": "Movies",
        "apiKey": "pc-key",
        "timeSensitive": True,
        "includePoster": True,
        "metadataLinks": [1],
    }
    deliver(client, "Pushcut", fields, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    health = event in ("onHealthIssue", "onHealthRestored", "onManualInteractionRequired")
    title = "Movie Upgraded" if event == "onUpgrade" else f"Reelarr - {title}" if health else title
    assert (sent.method, sent.path, sent.headers["api-key"]) == ("POST", "/v1/notifications/Movies", "pc-key")
    expected = {"title": title, "text": body, "isTimeSensitive": True}
    if not health:
        expected["image"] = "https://image.tmdb.org/p.jpg"
    expected["actions"] = [] if health else [{"name": "IMDb", "url": "https://www.imdb.com/title/tt0133093"}]
    assert sent.body == expected
