"""Twitter: OAuth 1.0a-signed direct messages and status updates, and the three-legged sign-in,
against a local stand-in that checks each HMAC-SHA1 signature by RFC 5849 (computed here with the
standard library, independently of the signing code)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

import pytest
from fastapi.testclient import TestClient
from notification_support import MESSAGES, deliver, supported_events
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from local_server import serving

CONSUMER = ("ck-123", "cs-456")
ACCESS = ("at-789", "as-012")


def _enc(value: str) -> str:
    return quote(value, safe="~")


def rfc5849_signature(method: str, url: str, params: list[tuple[str, str]], token_secret: str) -> str:
    normalized = "&".join(f"{k}={v}" for k, v in sorted((_enc(k), _enc(v)) for k, v in params))
    base = "&".join((method, _enc(url), _enc(normalized)))
    key = f"{_enc(CONSUMER[1])}&{_enc(token_secret)}"
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()


@dataclass
class FakeTwitter:
    base_url: str = ""
    posts: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)  # path, form, oauth

    async def handle(self, request: Request) -> Response:
        header = request.headers.get("authorization", "")
        assert header.startswith("OAuth ")
        oauth = {k: v.strip('"') for k, v in (p.strip().split("=", 1) for p in header[6:].split(","))}
        oauth = {k: unquote(v) for k, v in oauth.items()}
        form = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        params = [(k, v) for k, v in oauth.items() if k not in ("oauth_signature", "realm")] + list(
            form.items()
        )
        secret = ACCESS[1] if oauth.get("oauth_token") == ACCESS[0] else ""
        url = f"{self.base_url}{request.url.path}"
        if oauth["oauth_signature"] != rfc5849_signature("POST", url, params, secret):
            return Response(
                '{"errors":[{"code":32,"message":"Could not authenticate you."}]}', status_code=401
            )
        self.posts.append((request.url.path, form, oauth))
        if request.url.path == "/oauth/request_token":
            return PlainTextResponse(
                "oauth_token=req-1&oauth_token_secret=rs-1&oauth_callback_confirmed=true"
            )
        if request.url.path == "/oauth/access_token":
            return PlainTextResponse(
                f"oauth_token={ACCESS[0]}&oauth_token_secret={ACCESS[1]}&user_id=1&screen_name=phil"
            )
        return Response("{}", media_type="application/json")


@pytest.fixture
def twitter(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTwitter]:
    state = FakeTwitter()
    with serving(Starlette(routes=[Route("/{path:path}", state.handle, methods=["POST"])])) as url:
        state.base_url = url
        monkeypatch.setattr("reelarr.notifications.twitter.API_URL", url)
        yield state


SETTINGS: dict[str, Any] = {
    "consumerKey": CONSUMER[0],
    "consumerSecret": CONSUMER[1],
    "accessToken": ACCESS[0],
    "accessTokenSecret": ACCESS[1],
    "mention": "phil",
}
TEXTS = {
    "onGrab": "[Reelarr] Grabbed: The Matrix (1999) [Bluray-1080p] https://www.imdb.com/title/tt0133093/",
    "onMovieAdded": "[Reelarr] Added: The Matrix",
    "onHealthRestored": "Health Issue Resolved: Indexers unavailable due to failures: Local Torznab",
}


@pytest.mark.parametrize("event", supported_events("Twitter"))
def test_each_event_is_a_signed_direct_message(client: TestClient, twitter: FakeTwitter, event: str) -> None:
    deliver(client, "Twitter", SETTINGS | {"directMessage": True}, MESSAGES[event])
    ((path, form, oauth),) = twitter.posts
    assert path == "/1.1/direct_messages/new.json"
    assert set(form) == {"text", "screenname"} and form["screenname"] == "phil"
    assert (oauth["oauth_consumer_key"], oauth["oauth_token"], oauth["oauth_signature_method"]) == (
        CONSUMER[0],
        ACCESS[0],
        "HMAC-SHA1",
    )
    if event in TEXTS:
        assert form["text"] == TEXTS[event]


def test_a_public_status_mentions_the_user(client: TestClient, twitter: FakeTwitter) -> None:
    deliver(client, "Twitter", SETTINGS | {"directMessage": False}, MESSAGES["onMovieAdded"])
    ((path, form, _),) = twitter.posts
    assert (path, form) == ("/1.1/statuses/update.json", {"status": "[Reelarr] Added: The Matrix @phil"})


def test_a_wrong_secret_is_refused_on_the_access_token(client: TestClient, twitter: FakeTwitter) -> None:
    body = {
        "name": "Twitter",
        "implementation": "Twitter",
        "configContract": "TwitterSettings",
        "fields": [{"name": k, "value": v} for k, v in (SETTINGS | {"accessTokenSecret": "wrong"}).items()],
        "onGrab": True,
    }
    response = client.post("/api/v3/notification/test", json=body)
    assert response.status_code == 400 and response.json()[0]["propertyName"] == "accessToken"
    assert twitter.posts == []


def test_connecting_gets_a_request_token_then_trades_the_verifier(
    client: TestClient, twitter: FakeTwitter
) -> None:
    fields = {"consumerKey": CONSUMER[0], "consumerSecret": CONSUMER[1], "mention": "phil"}
    body = {
        "name": "Twitter",
        "implementation": "Twitter",
        "configContract": "TwitterSettings",
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
    }
    started = client.post(
        "/api/v3/notification/action/startOAuth?callbackUrl=http%3A%2F%2Fme%2Fcb", json=body
    )
    assert started.json() == {"oauthUrl": f"{twitter.base_url}/oauth/authorize?oauth_token=req-1"}
    assert twitter.posts[0][2]["oauth_callback"] == "http://me/cb"
    token = client.post(
        "/api/v3/notification/action/getOAuthToken?oauth_token=req-1&oauth_verifier=v-9", json=body
    )
    assert token.json() == {"accessToken": ACCESS[0], "accessTokenSecret": ACCESS[1]}
    assert twitter.posts[1][2]["oauth_verifier"] == "v-9" and twitter.posts[1][2]["oauth_token"] == "req-1"
