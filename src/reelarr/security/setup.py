"""The first start: until a user exists, only the set-up page answers in the UI, and only a
browser on this machine, or one that knows the one-time set-up token, may create that user.

The token is printed on the console and written to the log when ``reelarr serve`` starts
without a user, so an install bound to 0.0.0.0 cannot be claimed by the first stranger.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import select

from reelarr.context import Context
from reelarr.models import User
from reelarr.security.hosts import is_loopback

log = logging.getLogger(__name__)


async def a_user_exists(ctx: Context) -> bool:
    async with ctx.db.read() as session:
        return await session.scalar(select(User.id).limit(1)) is not None


async def announce_setup(ctx: Context) -> str | None:
    """A fresh set-up token when nobody can log in yet (None once a user exists)."""
    if await a_user_exists(ctx):
        return None
    token = secrets.token_urlsafe(12)
    s = ctx.settings
    where = "localhost" if s.host in ("0.0.0.0", "::", "127.0.0.1") else s.host
    log.warning(
        "No user yet: open http://%s:%d%s/setup to choose a username and password. "
        "From another computer the set-up page asks for the one-time set-up token %s",
        where,
        s.port,
        s.url_base,
        token,
    )
    return token


def may_set_up(client_host: str | None, expected_token: str | None, presented_token: str) -> bool:
    """A browser on this machine may always; any other only with the token."""
    if is_loopback(client_host):
        return True
    return bool(expected_token) and secrets.compare_digest(
        presented_token.strip().encode(), str(expected_token).encode()
    )
