"""Telegram, Pushover, Gotify, ntfy, Slack, Notifiarr and Discord, each against a local receiver
that checks the request the real service expects (path, auth, body shape) for every event it supports.

The services' fixed hosts (api.telegram.org...) are the modules' ``API_URL``, pointed here at the receiver.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest
from fastapi.testclient import TestClient
from notification_support import (
    IMDB,
    MATRIX,
    MESSAGES,
    TEXTS,
    Receiver,
    add_notification,
    deliver,
    supported_events,
)

from reelarr.notifications.base import NotificationError
from reelarr.notifications.webhook import payload


def test_each_kind_supports_radarrs_events() -> None:
    assert "onRename" not in supported_events("Telegram")
    assert "onMovieAdded" not in supported_events("Slack")
    assert "onRename" in supported_events("Discord") and "onRename" in supported_events("Notifiarr")


# ---------------------------------------------------------------- Telegram


@pytest.mark.parametrize("event", supported_events("Telegram"))
def test_telegram_posts_radarrs_html_form_to_the_bots_sendmessage(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    monkeypatch.setattr("reelarr.notifications.telegram.API_URL", receiver.base_url)
    fields = {"botToken": "123:ABC", "chatId": "-1001234", "topicId": 42, "metadataLinks": [0, 1]}
    deliver(client, "Telegram", fields, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    title = "Movie Upgraded" if event == "onUpgrade" else title
    links = (
        ""
        if event.startswith("onHealth")
        else (
            '<a href="https://www.themoviedb.org/movie/603">TMDb</a>\n'
            '<a href="https://www.imdb.com/title/tt0133093">IMDb</a>\n'
        )
    )
    assert (sent.method, sent.path) == ("POST", "/bot123:ABC/sendmessage")
    assert sent.form == {
        "chat_id": "-1001234",
        "parse_mode": "HTML",
        "text": f"<b>{title}</b>\n{body}\n{links}",
        "disable_notification": "false",
        "message_thread_id": "42",
    }


def test_telegram_blames_the_chat_id_when_telegram_says_chat_not_found(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reelarr.notifications.telegram.API_URL", receiver.base_url)
    receiver.status = 400
    receiver.answers["/bot1:X/sendmessage"] = {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat not found",
    }
    body = {
        "name": "Telegram",
        "implementation": "Telegram",
        "configContract": "TelegramSettings",
        "fields": [{"name": "botToken", "value": "1:X"}, {"name": "chatId", "value": "nobody"}],
        "onGrab": True,
    }
    response = client.post("/api/v3/notification/test", json=body)
    assert response.status_code == 400
    (problem,) = response.json()
    assert problem["propertyName"] == "chatId" and "chat not found" in problem["errorMessage"]


# ---------------------------------------------------------------- Pushover


@pytest.mark.parametrize("event", supported_events("Pushover"))
def test_pushover_posts_its_message_form(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    monkeypatch.setattr("reelarr.notifications.pushover.API_URL", f"{receiver.base_url}/1/messages.json")
    fields = {"apiKey": "azGDORePK8gMaC0QOYAMyEEuzJnyUi", "userKey": "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"}
    deliver(client, "Pushover", fields | {"devices": ["phone", "tablet"]}, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path) == ("POST", "/1/messages.json")
    assert sent.form == {
        "token": "azGDORePK8gMaC0QOYAMyEEuzJnyUi",
        "user": "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
        "device": "phone,tablet",
        "title": title,
        "message": body,
        "priority": "0",
    }


def test_pushover_emergency_priority_adds_retry_expire_and_the_sound(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reelarr.notifications.pushover.API_URL", f"{receiver.base_url}/1/messages.json")
    fields = {"apiKey": "a", "userKey": "u", "priority": 2, "retry": 60, "expire": 3600, "sound": "siren"}
    deliver(client, "Pushover", fields, MESSAGES["onGrab"])
    (sent,) = receiver.received
    assert {k: sent.form[k] for k in ("priority", "retry", "expire", "sound", "device")} == {
        "priority": "2",
        "retry": "60",
        "expire": "3600",
        "sound": "siren",
        "device": "",
    }


# ---------------------------------------------------------------- Gotify


@pytest.mark.parametrize("event", supported_events("Gotify"))
def test_gotify_posts_the_message_with_its_app_token(
    client: TestClient, receiver: Receiver, event: str
) -> None:
    fields = {"server": f"{receiver.base_url}/gotify/", "appToken": "AbCdEf", "priority": 8}
    deliver(client, "Gotify", fields, MESSAGES[event])
    (sent,) = receiver.received
    title, body = TEXTS[event]
    assert (sent.method, sent.path, sent.query) == ("POST", "/gotify/message", {"token": "AbCdEf"})
    assert sent.body == {
        "title": title,
        "message": body + "\n",
        "priority": 8,
        "extras": {"client::display": {"contentType": "text/plain"}},
    }


def test_gotify_with_poster_and_links_sends_markdown_and_the_preferred_click(
    client: TestClient, receiver: Receiver
) -> None:
    fields = {
        "server": receiver.base_url,
        "appToken": "t",
        "includeMoviePoster": True,
        "metadataLinks": [0, 1],
        "preferredMetadataLink": 1,
    }
    deliver(client, "Gotify", fields, MESSAGES["onGrab"])
    (sent,) = receiver.received
    assert sent.body["message"] == (
        f"The Matrix (1999) [Bluray-1080p] {IMDB}\n\r![](https://image.tmdb.org/p.jpg)\n\n"
        "[TMDb](https://www.themoviedb.org/movie/603)\n[IMDb](https://www.imdb.com/title/tt0133093)\n"
    )
    assert sent.body["extras"] == {
        "client::display": {"contentType": "text/markdown"},
        "client::notification": {
            "bigImageUrl": "https://image.tmdb.org/p.jpg",
            "click": {"url": "https://www.imdb.com/title/tt0133093"},
        },
    }


# ---------------------------------------------------------------- ntfy


@pytest.mark.parametrize("event", supported_events("Ntfy"))
def test_ntfy_posts_to_each_topic_with_everything_in_the_query(
    client: TestClient, receiver: Receiver, event: str
) -> None:
    fields = {
        "serverUrl": receiver.base_url,
        "accessToken": "tk_secret",
        "topics": ["movies", "alerts"],
        "tags": ["warning", "skull"],
        "clickUrl": "https://radarr.example.org",
        "priority": 4,
    }
    deliver(client, "Ntfy", fields, MESSAGES[event])
    title, body = TEXTS[event]
    assert [(r.method, r.path) for r in receiver.received] == [("POST", "/movies"), ("POST", "/alerts")]
    for sent in receiver.received:
        assert sent.headers["authorization"] == "Bearer tk_secret"
        assert sent.query == {
            "title": f"Reelarr - {title}",
            "message": body,
            "priority": "4",
            "tags": "warning,skull",
            "click": "https://radarr.example.org",
        }


def test_ntfy_uses_basic_auth_without_a_token_and_blames_the_user_when_refused(
    client: TestClient, receiver: Receiver
) -> None:
    receiver.status = 403
    fields = {"serverUrl": receiver.base_url, "userName": "phil", "password": "pw", "topics": ["movies"]}
    with pytest.raises(NotificationError) as refused:
        deliver(client, "Ntfy", fields, MESSAGES["onGrab"])
    assert refused.value.field == "userName"
    assert receiver.received[0].headers["authorization"] == "Basic cGhpbDpwdw=="


# ---------------------------------------------------------------- Slack

SLACK_EXPECTED: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "onGrab": (
        f"Grabbed: The Matrix (1999) [Bluray-1080p] {IMDB}",
        [
            {
                "fallback": f"The Matrix (1999) [Bluray-1080p] {IMDB}",
                "title": "The Matrix",
                "text": f"The Matrix (1999) [Bluray-1080p] {IMDB}",
                "color": "warning",
            }
        ],
    ),
    "onDownload": (
        f"Imported: {TEXTS['onDownload'][1]}",
        [
            {
                "fallback": TEXTS["onDownload"][1],
                "title": "The Matrix",
                "text": TEXTS["onDownload"][1],
                "color": "good",
            }
        ],
    ),
    "onUpgrade": (
        f"Imported: {TEXTS['onUpgrade'][1]}",
        [
            {
                "fallback": TEXTS["onUpgrade"][1],
                "title": "The Matrix",
                "text": TEXTS["onUpgrade"][1],
                "color": "good",
            }
        ],
    ),
    "onRename": (
        "Renamed",
        [{"title": "The Matrix", "text": "matrix.mkv renamed to The Matrix (1999).mkv"}],
    ),
    "onMovieFileDelete": (
        "Movie File Deleted",
        [{"title": "The Matrix", "text": "/movies/The Matrix (1999)/The Matrix (1999).mkv"}],
    ),
    "onMovieFileDeleteForUpgrade": (
        "Movie File Deleted",
        [{"title": "The Matrix", "text": "/movies/The Matrix (1999)/The Matrix (1999).mkv"}],
    ),
    "onMovieDelete": (
        "Movie Deleted",
        [{"title": "The Matrix", "text": "Movie removed and all files were deleted"}],
    ),
    "onHealthIssue": (
        "Health Issue",
        [{"title": "IndexerStatusCheck", "text": TEXTS["onHealthIssue"][1], "color": "warning"}],
    ),
    "onHealthRestored": (
        "Health Issue Resolved",
        [{"title": "IndexerStatusCheck", "text": TEXTS["onHealthRestored"][1], "color": "good"}],
    ),
    "onManualInteractionRequired": (
        "Manual Interaction Required",
        [
            {
                "title": socket.gethostname(),
                "text": TEXTS["onManualInteractionRequired"][1],
                "color": "warning",
            }
        ],
    ),
}


@pytest.mark.parametrize("event", supported_events("Slack"))
def test_slack_posts_radarrs_text_and_attachments(client: TestClient, receiver: Receiver, event: str) -> None:
    fields = {
        "webHookUrl": f"{receiver.base_url}/services/T0/B0/x",
        "username": "reelarr",
        "icon": ":movie_camera:",
        "channel": "#films",
    }
    deliver(client, "Slack", fields, MESSAGES[event])
    (sent,) = receiver.received
    assert (sent.method, sent.path) == ("POST", "/services/T0/B0/x")
    assert {k: sent.body[k] for k in ("username", "icon_emoji", "channel")} == {
        "username": "reelarr",
        "icon_emoji": ":movie_camera:",
        "channel": "#films",
    }
    assert set(sent.body) == {"text", "username", "icon_emoji", "channel", "attachments"}
    assert (sent.body["text"], sent.body["attachments"]) == SLACK_EXPECTED[event]


# ---------------------------------------------------------------- Notifiarr


@pytest.mark.parametrize("event", supported_events("Notifiarr"))
def test_notifiarr_posts_radarrs_webhook_payload_with_the_api_key(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, event: str
) -> None:
    monkeypatch.setattr("reelarr.notifications.notifiarr.API_URL", receiver.base_url)
    deliver(client, "Notifiarr", {"aPIKey": "0123-notifiarr-key"}, MESSAGES[event])
    (sent,) = receiver.received
    assert (sent.method, sent.path) == ("POST", "/api/v1/notification/radarr")
    assert sent.headers["x-api-key"] == "0123-notifiarr-key"
    assert sent.body == payload(MESSAGES[event], "Reelarr")


def test_notifiarr_takes_a_400_as_an_unconfigured_event_but_a_401_as_a_bad_key(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reelarr.notifications.notifiarr.API_URL", receiver.base_url)
    receiver.status = 400
    deliver(client, "Notifiarr", {"aPIKey": "k"}, MESSAGES["onGrab"])
    receiver.status = 401
    with pytest.raises(NotificationError) as refused:
        deliver(client, "Notifiarr", {"aPIKey": "k"}, MESSAGES["onGrab"])
    assert refused.value.field == "aPIKey"


def test_a_notifiarr_setting_from_radarr_round_trips_with_its_key_masked(
    client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reelarr.notifications.notifiarr.API_URL", receiver.base_url)
    created = add_notification(client, "Notifiarr", {"aPIKey": "0123-notifiarr-key"}, onGrab=True)
    shown = client.get(f"/api/v3/notification/{created}").json()
    assert shown["fields"] == [
        {**shown["fields"][0], "name": "aPIKey", "value": "********", "privacy": "apiKey"}
    ]


# ---------------------------------------------------------------- Discord

AUTHOR = {"name": "Reelarr"}
LINKS = (
    "[TMDb](https://themoviedb.org/movie/603) / [Trakt](https://trakt.tv/search/tmdb/603?id_type=movie)"
    " / [IMDb](https://imdb.com/title/tt0133093/)"
)


def _field(name: str, value: str, inline: bool = False) -> dict[str, Any]:
    return {"name": name, "value": value, "inline": inline}


def test_discord_sends_a_grab_as_radarrs_rich_embed(client: TestClient, receiver: Receiver) -> None:
    fields = {
        "webHookUrl": f"{receiver.base_url}/api/webhooks/1/tok",
        "username": "Reelarr bot",
        "avatar": "https://a/p.png",
    }
    deliver(client, "Discord", fields, MESSAGES["onGrab"])
    (sent,) = receiver.received
    assert (sent.method, sent.path) == ("POST", "/api/webhooks/1/tok")
    (embed,) = sent.body.pop("embeds")
    assert sent.body == {"username": "Reelarr bot", "avatar_url": "https://a/p.png"}
    assert embed.pop("timestamp").endswith("Z")
    assert embed == {
        "author": AUTHOR,
        "url": "https://www.themoviedb.org/movie/603",
        "description": "Movie Grabbed",
        "title": "The Matrix (1999)",
        "color": 16761392,
        "thumbnail": {"url": "https://image.tmdb.org/p.jpg"},
        "image": {"url": "https://image.tmdb.org/f.jpg"},
        "fields": [
            _field("Overview", MATRIX.overview or ""),
            _field("Genres", "Action, Science Fiction"),
            _field("Quality", "Bluray-1080p", True),
            _field("Group", "GROUP"),
            _field("Size", "1.4 GB", True),
            _field("Links", LINKS),
            _field("Release", "```The.Matrix.1999.1080p.BluRay.x264-GROUP```"),
            _field("Indexer", "Local Torznab"),
            _field("Custom Formats", "x264"),
            _field("Custom Format Score", "10"),
            _field("Tags", "uhd"),
        ],
    }


DISCORD_EMBEDS = {
    "onDownload": ("Movie Imported", 2605644, "The Matrix (1999)"),
    "onUpgrade": ("Movie Upgraded", 4089856, "The Matrix (1999)"),
    "onMovieAdded": ("Movie Added", 2605644, "The Matrix"),
    "onMovieDelete": ("Movie removed and all files were deleted", 15749200, "The Matrix"),
    "onMovieFileDelete": ("Movie File Deleted", 15749200, "The Matrix (1999)"),
    "onMovieFileDeleteForUpgrade": ("Movie File Deleted", 15749200, "The Matrix (1999)"),
    "onHealthIssue": (TEXTS["onHealthIssue"][1], 16753920, "IndexerStatusCheck"),
    "onHealthRestored": (TEXTS["onHealthRestored"][1], 2605644, "Health Issue Resolved: IndexerStatusCheck"),
    "onManualInteractionRequired": ("Manual interaction needed", 16761392, "The Matrix (1999)"),
}


@pytest.mark.parametrize("event", [e for e in supported_events("Discord") if e in DISCORD_EMBEDS])
def test_discord_describes_and_colours_each_event_as_radarr(
    client: TestClient, receiver: Receiver, event: str
) -> None:
    deliver(client, "Discord", {"webHookUrl": f"{receiver.base_url}/hook"}, MESSAGES[event])
    (sent,) = receiver.received
    (embed,) = sent.body["embeds"]
    assert (embed["description"], embed["color"], embed["title"]) == DISCORD_EMBEDS[event]
    assert embed["author"] == AUTHOR


def test_discord_import_fields_carry_codecs_and_the_scene_name(
    client: TestClient, receiver: Receiver
) -> None:
    deliver(client, "Discord", {"webHookUrl": f"{receiver.base_url}/hook"}, MESSAGES["onDownload"])
    (embed,) = receiver.received[0].body["embeds"]
    shown = {f["name"]: f["value"] for f in embed["fields"]}
    assert shown["Codecs"] == "x264 / DTS 5.1"
    assert shown["Release"] == "```The.Matrix.1999.1080p.BluRay.x264-GROUP```"
    assert shown["Languages"] == "eng" and shown["Size"] == "1.4 GB"
    deleted = MESSAGES["onMovieFileDelete"]
    receiver.received.clear()
    deliver(client, "Discord", {"webHookUrl": f"{receiver.base_url}/hook"}, deleted)
    (embed,) = receiver.received[0].body["embeds"]
    assert embed["fields"] == [
        _field("Reason", "Manual"),
        _field("File name", "```/movies/The Matrix (1999)/The Matrix (1999).mkv```"),
    ]


def test_discord_rename_and_test_are_plain_content(client: TestClient, receiver: Receiver) -> None:
    deliver(client, "Discord", {"webHookUrl": f"{receiver.base_url}/hook"}, MESSAGES["onRename"])
    assert receiver.received[0].body == {
        "content": "Renamed",
        "embeds": [{"title": "The Matrix", "description": "matrix.mkv renamed to The Matrix (1999).mkv"}],
    }
    created = add_notification(client, "Discord", {"webHookUrl": f"{receiver.base_url}/hook"}, onGrab=True)
    assert receiver.received[1].body["content"].startswith("Test message from Reelarr posted at ")
    assert client.get(f"/api/v3/notification/{created}").json()["implementationName"] == "Discord"
