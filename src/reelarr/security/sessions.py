"""Signed-in browsers, kept server-side, and the CSRF token bound to each browser.

The session cookie holds a random token; the database keeps only its SHA-256. A session ends
when the user logs out, after ``IDLE_LIFETIME`` without a request, after ``ABSOLUTE_LIFETIME``
whatever happens, and for everyone when a password changes or the API key is regenerated.

Every browser also gets a CSRF token: an HMAC (keyed by the API key) of what identifies that
browser, its session or, where no login is needed, a random cookie of its own. A page embeds
the token; a state-changing request must send it back, which a foreign site cannot do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from reelarr.context import Context
from reelarr.models import UiSession, User

SESSION_COOKIE = "reelarr_session"
BROWSER_COOKIE = "reelarr_browser"
IDLE_LIFETIME = dt.timedelta(days=7)
ABSOLUTE_LIFETIME = dt.timedelta(days=30)
# last_seen is written at most this often, so browsing does not turn every page into a write.
TOUCH_INTERVAL = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    username: str
    token_hash: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_browser_id() -> str:
    return secrets.token_urlsafe(24)


async def start(ctx: Context, user_id: int) -> str:
    """A new session for ``user_id``; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = ctx.clock()
    async with ctx.db.write() as uow:
        uow.session.add(UiSession(token_hash=_digest(token), user_id=user_id, created=now, last_seen=now))
    return token


async def lookup(ctx: Context, token: str | None) -> SignedIn | None:
    """The user a session cookie belongs to, if the session is alive."""
    if not token or len(token) > 200:
        return None
    digest = _digest(token)
    async with ctx.db.read() as session:
        row = (
            await session.execute(
                select(UiSession.id, UiSession.user_id, UiSession.created, UiSession.last_seen, User.username)
                .join(User, User.id == UiSession.user_id)
                .where(UiSession.token_hash == digest)
            )
        ).one_or_none()
    if row is None:
        return None
    now = ctx.clock()
    if now - row.created > ABSOLUTE_LIFETIME or now - row.last_seen > IDLE_LIFETIME:
        await end(ctx, token)
        return None
    if now - row.last_seen > TOUCH_INTERVAL:
        async with ctx.db.write() as uow:
            stored = await uow.session.get(UiSession, row.id)
            if stored is not None:
                stored.last_seen = now
    return SignedIn(row.user_id, row.username, digest)


async def end(ctx: Context, token: str | None) -> None:
    if not token:
        return
    async with ctx.db.write() as uow:
        await uow.session.execute(delete(UiSession).where(UiSession.token_hash == _digest(token)))


async def end_all(ctx: Context) -> None:
    """Sign every browser out: after a password change or a new API key."""
    async with ctx.db.write() as uow:
        await uow.session.execute(delete(UiSession))


def csrf_token(ctx: Context, binding: str) -> str:
    """The token a page must send back; ``binding`` is the session digest or the browser id."""
    key = hashlib.sha256(b"reelarr-csrf:" + ctx.settings.api_key.encode()).digest()
    return hmac.new(key, binding.encode(), hashlib.sha256).hexdigest()


def csrf_token_matches(ctx: Context, binding: str | None, presented: str | None) -> bool:
    if not binding or not presented:
        return False
    return hmac.compare_digest(csrf_token(ctx, binding), presented)
