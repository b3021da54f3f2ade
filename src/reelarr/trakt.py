"""Trakt's API as the Trakt import lists and the Trakt notification share it: sign-in, refresh, requests.

Trakt needs a registered application: create one at https://trakt.tv/oauth/applications
(redirect URI ``urn:ietf:wg:oauth:2.0:oob``); its client id is sent as ``trakt-api-key`` with
every request and its secret signs the token requests. Signing in is Trakt's device flow: the
form calls ``action/startOAuth``, shows the code to enter at the verification URL, then polls
``action/getOAuthToken`` until the user has approved; the tokens it returns are the hidden
fields the form saves. An access token close to expiry is refreshed before use, and the new
tokens are stored with the definition, because Trakt spends the old refresh token.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from reelarr.errors import ValidationFailed
from reelarr.models import ProviderDefinition

if TYPE_CHECKING:
    from reelarr.context import Context
    from reelarr.providers import ProviderSettings

API_URL = "https://api.trakt.tv"
OOB = "urn:ietf:wg:oauth:2.0:oob"
REFRESH_MARGIN = dt.timedelta(minutes=5)
NOT_SIGNED_IN = "Must authenticate with Trakt"


class TraktFailed(Exception):
    """Trakt could not be reached or refused; the message is meant for the user."""


@dataclass(frozen=True)
class TraktApp:
    """The registered application requests go out as, and where Trakt's API is."""

    client_id: str
    client_secret: str
    base_url: str = API_URL

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{path.lstrip('/')}"

    def headers(self, access_token: str) -> dict[str, str]:
        """What every API call carries: the API version, the application, the user's token."""
        return {
            "trakt-api-version": "2",
            "trakt-api-key": self.client_id,
            "Authorization": f"Bearer {access_token}",
        }


def needs_refresh(expires: dt.datetime | None, now: dt.datetime) -> bool:
    return expires is None or expires - REFRESH_MARGIN <= now


def sign_in_problem(access_token: str, expires: dt.datetime | None, now: dt.datetime) -> str | None:
    """Why a test cannot use the sign-in as it is, if it cannot.

    A test never refreshes: that would spend the refresh token, and the form, which saves the
    settings it sent, would then store the spent one."""
    if not access_token:
        return NOT_SIGNED_IN
    if expires is not None and expires <= now:
        return "The Trakt sign-in has expired; sign in again"
    return None


async def post(ctx: Context, app: TraktApp, path: str, body: dict[str, Any]) -> httpx.Response:
    """A token request (never retried: a refresh spends the refresh token it sends)."""
    try:
        return await ctx.http.post(app.url(path), json=body, retry_transient=False)
    except httpx.HTTPError as exc:
        raise TraktFailed(f"Cannot reach Trakt: {type(exc).__name__}") from exc


async def refreshed_tokens(ctx: Context, app: TraktApp, refresh_token: str) -> dict[str, Any]:
    """New tokens for the refresh token, as settings values: access_token, refresh_token, expires."""
    response = await post(
        ctx,
        app,
        "/oauth/token",
        {
            "refresh_token": refresh_token,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "redirect_uri": OOB,
            "grant_type": "refresh_token",
        },
    )
    if response.status_code != 200:
        status = response.status_code
        raise TraktFailed(f"Trakt refused to refresh the sign-in (HTTP {status}); sign in again")
    return _tokens(response.json(), ctx.clock())


async def store_settings(ctx: Context, definition_id: int, settings: ProviderSettings) -> None:
    """Keep refreshed tokens with a saved definition (one being tested has no row yet)."""
    if not definition_id:
        return
    async with ctx.db.write() as uow:
        row = await uow.session.get(ProviderDefinition, definition_id)
        if row is not None:
            row.settings = {**row.settings, **settings.model_dump(mode="json", by_alias=True)}


async def user_name(ctx: Context, app: TraktApp, access_token: str) -> str:
    """The signed-in user's name (``GET /users/settings``): proof that the token works."""
    try:
        response = await ctx.http.get(app.url("/users/settings"), headers=app.headers(access_token))
    except httpx.HTTPError as exc:
        raise TraktFailed(f"Cannot reach Trakt: {type(exc).__name__}") from exc
    if response.status_code in (401, 403):
        raise TraktFailed(
            f"Trakt refused the credentials (HTTP {response.status_code}); sign in with Trakt again"
        )
    if response.status_code != 200:
        raise TraktFailed(f"Trakt answered HTTP {response.status_code}")
    try:
        return str(((response.json() or {}).get("user") or {}).get("username", ""))
    except (ValueError, AttributeError):
        raise TraktFailed("Trakt answered something that is not its user settings") from None


async def sign_in_action(ctx: Context, app: TraktApp, name: str, query: dict[str, str]) -> dict[str, Any]:
    """Answer the form's ``startOAuth`` and ``getOAuthToken`` actions; failures name ``signIn``."""
    if not app.client_id or not app.client_secret:
        raise ValidationFailed(("clientId", "Enter your Trakt application's client id and secret first"))
    try:
        if name == "startOAuth":
            response = await post(ctx, app, "/oauth/device/code", {"client_id": app.client_id})
            if response.status_code != 200:
                raise TraktFailed(f"Trakt refused the client id (HTTP {response.status_code})")
            code = response.json()
            return {
                "deviceCode": code["device_code"],
                "userCode": code["user_code"],
                "verificationUrl": code["verification_url"],
                "expiresIn": code["expires_in"],
                "interval": code["interval"],
            }
        if name == "getOAuthToken":
            return await _poll(ctx, app, query.get("deviceCode", ""))
    except TraktFailed as exc:
        raise ValidationFailed(("signIn", str(exc))) from None
    raise ValidationFailed(("action", f"Trakt has no action named {name!r}"))


async def _poll(ctx: Context, app: TraktApp, device_code: str) -> dict[str, Any]:
    """One poll of the device flow: pending until the user approves, then the tokens."""
    response = await post(
        ctx,
        app,
        "/oauth/device/token",
        {"code": device_code, "client_id": app.client_id, "client_secret": app.client_secret},
    )
    if response.status_code in (400, 429):  # pending, or polling too fast
        return {"pending": True}
    if response.status_code != 200:
        reasons = {
            404: "the code is unknown",
            409: "the code was used already",
            410: "the code expired",
            418: "the user denied access",
        }
        raise TraktFailed(f"Trakt sign-in failed: {reasons.get(response.status_code, response.status_code)}")
    tokens = _tokens(response.json(), ctx.clock())
    return {
        "pending": False,
        "accessToken": tokens["access_token"],
        "refreshToken": tokens["refresh_token"],
        "expires": tokens["expires"].isoformat(),
        "authUser": await user_name(ctx, app, tokens["access_token"]),
    }


def _tokens(body: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {
        "access_token": body["access_token"],
        "refresh_token": body["refresh_token"],
        "expires": now + dt.timedelta(seconds=int(body.get("expires_in") or 0)),
    }
