"""The one check every request passes before any route runs.

Deny by default: a path is public only if it is on ``PUBLIC_PATHS``/``PUBLIC_PREFIXES``; API
paths need the API key (header, ``apikey`` query or Bearer, as Radarr's clients send it);
everything else is the UI, which needs the configured authentication. A route added tomorrow is
therefore protected without anyone remembering to protect it (``tests/security`` enumerates
every route to prove it).

In order:
1. The ``Host`` of a browser's request must be one Reelarr answers to (DNS rebinding); API
   paths need the key, which a rebinding page does not have, so any name may carry them.
2. The body is capped before it is read: a request that is not allowed is answered without
   reading its body at all; an allowed one may send at most its route's cap.
3. Authentication by route class; the caller's identity goes into ``request.state``.
4. A state-changing browser request must come from this site (Origin, else Referer); the
   CSRF token itself is checked by the UI router (``reelarr.web``), which has the parsed form.
5. Every response carries the browser-hardening headers (CSP without inline script, no
   framing, no sniffing, a same-origin referrer).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from sqlalchemy import select
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reelarr import auth
from reelarr.context import Context
from reelarr.models import User
from reelarr.security import sessions
from reelarr.security.hosts import host_allowed, host_name, is_local
from reelarr.security.setup import a_user_exists
from reelarr.security.throttle import LoginThrottle

log = logging.getLogger(__name__)

PUBLIC_PATHS = frozenset({"/ping", "/login", "/setup", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/",)
API_PATHS = frozenset({"/api", "/stream/events"})
API_PREFIXES = ("/api/", "/feed/", "/mediacover/", "/signalr/", "/backup/")

KIB, MIB = 1024, 1024 * 1024
# What an unauthenticated public form (login, set-up) may send.
PUBLIC_BODY_LIMIT = 16 * KIB
# API JSON and UI forms.
BODY_LIMIT = 5 * MIB
# A backup zip being restored is streamed to a temporary file; its own, larger cap.
UPLOAD_BODY_LIMIT = 1024 * MIB
UPLOAD_PATHS = frozenset({"/system/backup/restore/upload", "/api/v3/system/backup/restore/upload"})

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
BASIC_REALM = b'Basic realm="Reelarr", charset="UTF-8"'


@dataclass(frozen=True)
class Caller:
    """Who sent a request, as the routes see it in ``request.state.caller``."""

    by_api_key: bool = False
    username: str | None = None
    user_id: int | None = None
    # What the CSRF token is bound to: the session's digest, or the browser's own cookie.
    csrf_binding: str | None = None


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit


def presented_api_key(headers: Headers, query_string: bytes) -> str | None:
    """The key a client sent: ``X-Api-Key`` header, ``apikey``/``access_token`` query, or Bearer."""
    header = headers.get("x-api-key")
    if header:
        return header
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name.lower() in ("apikey", "access_token"):
            return value
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def api_key_matches(ctx: Context, presented: str | None) -> bool:
    return bool(presented) and secrets.compare_digest(
        str(presented).encode("utf-8", "surrogateescape"), ctx.settings.api_key.encode()
    )


def route_class(path: str) -> str:
    """``public``, ``api`` or ``ui`` for a path below the URL base (any letter case)."""
    lowered = path.lower()
    if lowered in PUBLIC_PATHS or lowered.startswith(PUBLIC_PREFIXES):
        return "public"
    if lowered in API_PATHS or lowered.startswith(API_PREFIXES):
        return "api"
    return "ui"


def body_limit(path: str, route: str) -> int:
    if route == "public":
        return PUBLIC_BODY_LIMIT
    return UPLOAD_BODY_LIMIT if path.lower() in UPLOAD_PATHS else BODY_LIMIT


def _same_site(headers: Headers) -> bool:
    """Whether a state-changing browser request was sent by a page of this site."""
    host = (headers.get("host") or "").lower()
    origin = headers.get("origin")
    if origin is not None:
        return origin != "null" and _netloc(origin) == _strip_default_port(host)
    referer = headers.get("referer")
    if referer is not None:
        return _netloc(referer) == _strip_default_port(host)
    # Neither header: not a browser acting for a foreign page (browsers send Origin on POST);
    # the CSRF token, checked by the UI router, still has to be right.
    return True


def _netloc(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return "\0"
    netloc = parts.netloc.lower()
    if parts.scheme == "http" and netloc.endswith(":80"):
        netloc = netloc[:-3]
    if parts.scheme == "https" and netloc.endswith(":443"):
        netloc = netloc[:-4]
    return netloc


def _strip_default_port(host: str) -> str:
    for suffix in (":80", ":443"):
        if host.endswith(suffix):
            return host[: -len(suffix)]
    return host


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def cookie_header(name: str, value: str, path: str, secure: bool, max_age: int | None = None) -> bytes:
    parts = [f"{name}={value}", f"Path={path}", "HttpOnly", "SameSite=Strict"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode()


def served_over_https(scope: Scope) -> bool:
    """HTTPS itself, or a reverse proxy in front that says the browser used HTTPS."""
    if scope.get("scheme") in ("https", "wss"):
        return True
    return Headers(scope=scope).get("x-forwarded-proto", "").lower() == "https"


class SecurityGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.throttle = LoginThrottle()
        self._a_user_exists = False
        # Basic authentication checks a slow hash: a verified (user, password, stored hash)
        # is remembered by its digest, so only a changed password is checked again.
        self._basic_verified: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        ctx: Context = scope["app"].state.ctx
        headers = Headers(scope=scope)
        base = ctx.settings.url_base
        path = scope["path"]
        below_base = path[len(base) :] if base and path.startswith(base) else path
        route = route_class(below_base)
        by_key = api_key_matches(ctx, presented_api_key(headers, scope.get("query_string", b"")))

        if scope["type"] == "websocket":
            # Websockets serve API clients only (the SignalR hub); the UI uses event streams.
            if route != "api" or not by_key:
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return

        respond = _Responder(scope, send, base)
        if (
            route != "api"
            and not by_key
            and not host_allowed(headers.get("host"), ctx.settings.host, ctx.settings.allowed_hosts)
        ):
            await respond.wrong_host(host_name(headers.get("host") or ""))
            return

        if route != "api" and not by_key and scope["method"] in UNSAFE_METHODS and not _same_site(headers):
            log.warning(
                "refused a cross-site %s %s (Origin %r)", scope["method"], path, headers.get("origin")
            )
            await respond.page(403, "Refused", "This request came from another site, so it was not done.")
            return

        caller: Caller | None
        if route == "public":
            caller = Caller(csrf_binding=await self._browser_binding(ctx, headers, respond))
        elif route == "api":
            caller = Caller(by_api_key=True) if by_key else None
            if caller is None:
                await respond.json(401, {"message": "Unauthorized"})
                return
        elif by_key:
            caller = Caller(by_api_key=True)
        else:
            caller = await self._ui_caller(ctx, scope, headers, respond)
            if caller is None:
                return

        limit = body_limit(below_base, route)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await respond.too_large(route, limit)
            return
        scope.setdefault("state", {})["caller"] = caller
        scope["state"]["login_throttle"] = self.throttle
        await respond.run(self.app, _capped(receive, limit), route, limit)

    async def _browser_binding(self, ctx: Context, headers: Headers, respond: _Responder) -> str:
        """The browser's own id (a cookie, created on its first visit) for its CSRF token."""
        browser = _cookie(headers, sessions.BROWSER_COOKIE)
        if not browser or len(browser) > 64:
            browser = sessions.new_browser_id()
            respond.set_cookie(sessions.BROWSER_COOKIE, browser)
        return f"browser:{browser}"

    async def _a_user(self, ctx: Context) -> bool:
        if not self._a_user_exists:
            self._a_user_exists = await a_user_exists(ctx)
        return self._a_user_exists

    async def _ui_caller(
        self, ctx: Context, scope: Scope, headers: Headers, respond: _Responder
    ) -> Caller | None:
        """The UI's caller under the configured authentication, or None once refused."""
        settings = ctx.settings
        method = settings.authentication_method
        if method != "external" and not await self._a_user(ctx):
            await respond.redirect("/setup", headers)
            return None
        client = (scope.get("client") or ("", 0))[0]
        if method == "external" or (
            settings.authentication_required == "disabledForLocalAddresses" and is_local(client)
        ):
            return Caller(csrf_binding=await self._browser_binding(ctx, headers, respond))
        if method == "basic":
            signed_in = await self._basic_user(ctx, headers, client)
            if signed_in is None:
                await respond.basic_challenge()
                return None
            user_id, username = signed_in
            binding = await self._browser_binding(ctx, headers, respond)
            return Caller(username=username, user_id=user_id, csrf_binding=binding)
        session = await sessions.lookup(ctx, _cookie(headers, sessions.SESSION_COOKIE))
        if session is None:
            target = scope["path"] + (
                f"?{scope['query_string'].decode('latin-1')}" if scope["query_string"] else ""
            )
            await respond.redirect(f"/login?returnUrl={quote(target, safe='')}", headers)
            return None
        return Caller(username=session.username, user_id=session.user_id, csrf_binding=session.token_hash)

    async def _basic_user(self, ctx: Context, headers: Headers, client: str) -> tuple[int, str] | None:
        authorization = headers.get("authorization", "")
        if not authorization.lower().startswith("basic "):
            return None
        try:
            username, _, password = base64.b64decode(authorization[6:].strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        if self.throttle.wait_seconds(client, username) > 0:
            return None
        async with ctx.db.read() as session:
            user = (
                await session.execute(select(User.id, User.password_hash).where(User.username == username))
            ).one_or_none()
        if user is None:
            await auth.check_password(password, None)
            self.throttle.failed(client, username)
            return None
        remembered = hashlib.sha256(f"{username}\0{password}\0{user.password_hash}".encode()).hexdigest()
        if remembered in self._basic_verified:
            return user.id, username
        if not await auth.check_password(password, user.password_hash):
            self.throttle.failed(client, username)
            return None
        self.throttle.succeeded(client, username)
        if len(self._basic_verified) > 1000:
            self._basic_verified.clear()
        self._basic_verified.add(remembered)
        return user.id, username


def _capped(receive: Receive, limit: int) -> Receive:
    received = 0

    async def capped() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return capped


class _Responder:
    """Answers the gate gives itself, and the headers it adds to every response."""

    def __init__(self, scope: Scope, send: Send, base: str) -> None:
        self.scope = scope
        self.send = send
        self.base = base
        self.cookies: list[bytes] = []
        self.started = False

    def set_cookie(self, name: str, value: str) -> None:
        self.cookies.append(cookie_header(name, value, self.base or "/", served_over_https(self.scope)))

    async def _send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            extra = [(b"set-cookie", c) for c in self.cookies]
            message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS, *extra]
        await self.send(message)

    async def run(self, app: ASGIApp, receive: Receive, route: str, limit: int) -> None:
        try:
            await app(self.scope, receive, self._send)
        except BodyTooLarge:
            if self.started:
                raise
            await self.too_large(route, limit)

    async def _answer(
        self, status: int, body: bytes, content_type: bytes, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        await self._send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", content_type), *(headers or [])],
            }
        )
        await self.send({"type": "http.response.body", "body": body})

    async def json(self, status: int, body: Any) -> None:
        await self._answer(status, json.dumps(body).encode(), b"application/json")

    async def page(
        self, status: int, title: str, message: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        body = (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>{html.escape(title)} · Reelarr</title></head><body><main>"
            f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></main></body></html>"
        )
        await self._answer(status, body.encode(), b"text/html; charset=utf-8", headers)

    async def wrong_host(self, name: str) -> None:
        await self.page(
            421,
            "Unknown host name",
            f"Reelarr does not answer to the host name '{name}', so that no other web site can "
            "reach it through a name of its own (DNS rebinding). If this is your own name for "
            "this server, add it to 'allowedHosts' in config.json in Reelarr's data folder (or "
            "to the REELARR_ALLOWED_HOSTS environment variable, comma-separated) and restart, "
            "or open Reelarr by its IP address or as localhost.",
        )

    async def too_large(self, route: str, limit: int) -> None:
        message = f"The request body is larger than the {limit // KIB} KiB this address accepts"
        if limit >= MIB:
            message = f"The request body is larger than the {limit // MIB} MB this address accepts"
        if route == "api":
            # Radarr's validation shape, which its clients show to their users.
            await self.json(
                400,
                [
                    {
                        "propertyName": "body",
                        "errorMessage": message,
                        "attemptedValue": None,
                        "severity": "error",
                        "errorCode": "RequestTooLarge",
                    }
                ],
            )
        else:
            await self.page(413, "Too large", message)

    async def redirect(self, path: str, headers: Headers) -> None:
        location = (self.base + path).encode("latin-1", "replace")
        if headers.get("hx-request"):
            # An XMLHttpRequest follows a 303 by itself; htmx navigates on HX-Redirect instead.
            await self._answer(401, b"", b"text/plain", [(b"hx-redirect", location)])
            return
        await self._answer(303, b"", b"text/plain", [(b"location", location)])

    async def basic_challenge(self) -> None:
        await self.page(
            401,
            "Sign in",
            "Reelarr needs your username and password.",
            [(b"www-authenticate", BASIC_REALM)],
        )
