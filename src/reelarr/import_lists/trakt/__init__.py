"""Trakt lists: what the Trakt list types share: the device-code sign-in, token refresh, the API.

Trakt needs a registered application: create one at https://trakt.tv/oauth/applications
(redirect URI ``urn:ietf:wg:oauth:2.0:oob``) and paste its client id and secret into the
list's settings. Signing in is Trakt's device flow: the form calls ``action/startOAuth``,
shows the code to enter at the verification URL, then polls ``action/getOAuthToken`` until
the user has approved; the tokens it returns are the hidden fields it saves. An access
token close to expiry is refreshed before a read and the new tokens are stored.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import httpx

from reelarr.errors import ValidationFailed
from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.models import ProviderDefinition
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

OOB = "urn:ietf:wg:oauth:2.0:oob"
REFRESH_MARGIN = dt.timedelta(minutes=5)


class TraktSettingsBase(ProviderSettings):
    client_id: Annotated[
        str,
        Form(
            "Client ID",
            "From your application at trakt.tv/oauth/applications (redirect URI urn:ietf:wg:oauth:2.0:oob)",
            help_link="https://trakt.tv/oauth/applications",
        ),
    ] = ""
    client_secret: Annotated[
        str, Form("Client Secret", "From the same Trakt application", type="password", privacy="password")
    ] = ""
    access_token: Annotated[str, Form("Access Token", type="hidden", privacy="apiKey")] = ""
    refresh_token: Annotated[str, Form("Refresh Token", type="hidden", privacy="apiKey")] = ""
    expires: Annotated[dt.datetime | None, Form("Expires", type="hidden")] = None
    auth_user: Annotated[str, Form("Auth User", type="hidden")] = ""
    limit: Annotated[int, Form("Limit", "Limit the number of movies to get")] = 100
    sign_in: Annotated[str, Form("Authenticate with Trakt", type="oAuth")] = "startOAuth"
    base_url: Annotated[str, Form("API URL", "Trakt's API; change only for a mirror", advanced=True)] = (
        "https://api.trakt.tv"
    )


def movie_of(item: dict[str, Any]) -> ListMovie | None:
    """A Trakt item (``{"movie": {...}}`` in lists and feeds, the movie itself in ``popular``)."""
    movie = item.get("movie", item)
    ids = movie.get("ids") or {}
    if not isinstance(movie, dict) or not (ids.get("tmdb") or ids.get("imdb")):
        return None
    return ListMovie(
        int(ids.get("tmdb") or 0), ids.get("imdb"), movie.get("title") or "", movie.get("year") or 0
    )


class TraktImport(ImportList):
    """Base of the Trakt list types: ``path()`` names what to read."""

    list_type = "trakt"

    def path(self) -> str:
        raise NotImplementedError

    @property
    def trakt(self) -> TraktSettingsBase:
        settings = self.settings
        assert isinstance(settings, TraktSettingsBase)
        return settings

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.trakt
        if not settings.access_token:
            raise ListFailed("Sign in with Trakt first")
        if settings.expires is None or settings.expires - REFRESH_MARGIN <= ctx.clock():
            await self.refresh(ctx)
        return await self._read(ctx)

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        """Read with the token as it is: a refresh here would rotate the refresh token, and the
        form, which saves the settings it sent, would then store the spent one."""
        settings = self.trakt
        if not settings.access_token:
            return [("signIn", "Must authenticate with Trakt")]
        if settings.expires is not None and settings.expires <= ctx.clock():
            return [("signIn", "The Trakt sign-in has expired; sign in again")]
        try:
            await self._read(ctx)
        except ListFailed as exc:
            return [("", str(exc))]
        return []

    async def _read(self, ctx: Context) -> list[ListMovie]:
        settings = self.trakt
        headers = {
            "trakt-api-version": "2",
            "trakt-api-key": settings.client_id,
            "Authorization": f"Bearer {settings.access_token}",
        }
        body = await self.get_json(
            ctx, f"{settings.base_url.rstrip('/')}/{self.path()}", what="Trakt", headers=headers
        )
        if not isinstance(body, list):
            raise ListFailed("Trakt did not answer a list of movies")
        return [movie for item in body if isinstance(item, dict) and (movie := movie_of(item))]

    async def _post(self, ctx: Context, path: str, body: dict[str, Any]) -> httpx.Response:
        try:
            return await ctx.http.post(f"{self.trakt.base_url.rstrip('/')}{path}", json=body)
        except httpx.HTTPError as exc:
            raise ListFailed(f"Cannot reach Trakt: {type(exc).__name__}") from exc

    async def refresh(self, ctx: Context) -> None:
        """New tokens for the refresh token, kept in the settings and stored for the next read."""
        settings = self.trakt
        response = await self._post(
            ctx,
            "/oauth/token",
            {
                "refresh_token": settings.refresh_token,
                "client_id": settings.client_id,
                "client_secret": settings.client_secret,
                "redirect_uri": OOB,
                "grant_type": "refresh_token",
            },
        )
        if response.status_code != 200:
            raise ListFailed(
                f"Trakt refused to refresh the sign-in (HTTP {response.status_code}); sign in again"
            )
        tokens = _tokens(response.json(), ctx.clock())
        self.settings = settings.model_copy(update=tokens)
        if self.definition.id:
            async with ctx.db.write() as uow:
                row = await uow.session.get(ProviderDefinition, self.definition.id)
                if row is not None:
                    row.settings = {**row.settings, **self.settings.model_dump(mode="json", by_alias=True)}

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        settings = self.trakt
        if not settings.client_id or not settings.client_secret:
            raise ValidationFailed(("clientId", "Enter your Trakt application's client id and secret first"))
        try:
            if name == "startOAuth":
                response = await self._post(ctx, "/oauth/device/code", {"client_id": settings.client_id})
                if response.status_code != 200:
                    raise ListFailed(f"Trakt refused the client id (HTTP {response.status_code})")
                code = response.json()
                return {
                    "deviceCode": code["device_code"],
                    "userCode": code["user_code"],
                    "verificationUrl": code["verification_url"],
                    "expiresIn": code["expires_in"],
                    "interval": code["interval"],
                }
            if name == "getOAuthToken":
                return await self._poll(ctx, query.get("deviceCode", ""))
        except ListFailed as exc:
            raise ValidationFailed(("signIn", str(exc))) from None
        raise ValidationFailed(("action", f"Trakt has no action named {name!r}"))

    async def _poll(self, ctx: Context, device_code: str) -> dict[str, Any]:
        """One poll of the device flow: pending until the user approves, then the tokens."""
        settings = self.trakt
        response = await self._post(
            ctx,
            "/oauth/device/token",
            {"code": device_code, "client_id": settings.client_id, "client_secret": settings.client_secret},
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
            raise ListFailed(
                f"Trakt sign-in failed: {reasons.get(response.status_code, response.status_code)}"
            )
        tokens = _tokens(response.json(), ctx.clock())
        self.settings = settings.model_copy(update=tokens)
        headers = {
            "trakt-api-version": "2",
            "trakt-api-key": settings.client_id,
            "Authorization": f"Bearer {tokens['access_token']}",
        }
        me = await self.get_json(
            ctx, f"{settings.base_url.rstrip('/')}/users/settings", what="Trakt", headers=headers
        )
        return {
            "pending": False,
            "accessToken": tokens["access_token"],
            "refreshToken": tokens["refresh_token"],
            "expires": tokens["expires"].isoformat(),
            "authUser": ((me or {}).get("user") or {}).get("username", ""),
        }


def _tokens(body: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {
        "access_token": body["access_token"],
        "refresh_token": body["refresh_token"],
        "expires": now + dt.timedelta(seconds=int(body.get("expires_in") or 0)),
    }
