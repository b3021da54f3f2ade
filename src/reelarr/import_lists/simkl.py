"""Simkl User: the movies of one of the signed-in Simkl user's lists (watching, plan to watch, ...).

Simkl needs a registered application: create one at https://simkl.com/settings/developer/
(any redirect URI) and paste its client id into the list's settings. Signing in is Simkl's
PIN flow: the form calls ``action/startOAuth``, shows the code to enter at simkl.com/pin,
then polls ``action/getOAuthToken`` until Simkl hands over the token (Simkl tokens do not
expire). The list is one read of ``/sync/all-items/movies/{status}``, Radarr's request; Simkl
answers ``null`` for a list with nothing on it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import httpx

from reelarr.errors import ValidationFailed
from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

# Radarr's SimklUserListType, by value; the request names the status in lower case.
LIST_TYPES = {0: "Watching", 1: "Plan To Watch", 2: "Hold", 3: "Completed", 4: "Dropped"}
STATUSES = {0: "watching", 1: "plantowatch", 2: "hold", 3: "completed", 4: "dropped"}


class SimklUserSettings(ProviderSettings):
    client_id: Annotated[
        str,
        Form(
            "Client ID",
            "From your application at simkl.com/settings/developer",
            help_link="https://simkl.com/settings/developer/",
        ),
    ] = ""
    access_token: Annotated[str, Form("Access Token", type="hidden", privacy="apiKey")] = ""
    auth_user: Annotated[str, Form("Auth User", type="hidden")] = ""
    list_type: Annotated[
        int,
        Form(
            "List Type",
            "Type of list you're seeking to import from",
            type="select",
            select_options=tuple(LIST_TYPES.items()),
        ),
    ] = 0
    sign_in: Annotated[str, Form("Authenticate with Simkl", type="oAuth")] = "startOAuth"
    base_url: Annotated[str, Form("API URL", "Simkl's API; change only for a mirror", advanced=True)] = (
        "https://api.simkl.com"
    )


class SimklUserImport(ImportList):
    implementation = "SimklUserImport"
    implementation_name = "Simkl User Watchlist"
    settings_model = SimklUserSettings
    list_type = "simkl"
    min_refresh_interval = dt.timedelta(hours=6)

    @property
    def simkl(self) -> SimklUserSettings:
        settings = self.settings
        assert isinstance(settings, SimklUserSettings)
        return settings

    def _url(self, path: str) -> str:
        return f"{self.simkl.base_url.rstrip('/')}{path}"

    def _headers(self, token: str) -> dict[str, str]:
        return {"simkl-api-key": self.simkl.client_id, "Authorization": f"Bearer {token}"}

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.simkl
        if not settings.access_token:
            raise ListFailed("Sign in with Simkl first")
        status = STATUSES.get(settings.list_type, "watching")
        body = await self.get_json(
            ctx,
            self._url(f"/sync/all-items/movies/{status}"),
            what="Simkl",
            headers=self._headers(settings.access_token),
        )
        if body is None:
            return []
        if not isinstance(body, dict):
            raise ListFailed("Simkl did not answer a list of movies")
        movies = []
        for item in body.get("movies") or ():
            movie = (item or {}).get("movie") or {}
            ids = movie.get("ids") or {}
            tmdb = str(ids.get("tmdb") or "")
            if tmdb.isdigit() or ids.get("imdb"):
                movies.append(
                    ListMovie(
                        int(tmdb) if tmdb.isdigit() else 0,
                        ids.get("imdb"),
                        movie.get("title") or "",
                        movie.get("year") or 0,
                    )
                )
        return movies

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        settings = self.simkl
        if not settings.client_id:
            raise ValidationFailed(("clientId", "Enter your Simkl application's client id first"))
        try:
            if name == "startOAuth":
                pin = await self.get_json(
                    ctx, self._url("/oauth/pin"), what="Simkl", client_id=settings.client_id
                )
                return {
                    "userCode": pin["user_code"],
                    "verificationUrl": pin["verification_url"],
                    "expiresIn": pin["expires_in"],
                    "interval": pin["interval"],
                }
            if name == "getOAuthToken":
                return await self._poll(ctx, query.get("userCode", ""))
        except (KeyError, TypeError):
            raise ValidationFailed(("signIn", "Simkl answered a PIN without its code")) from None
        except ListFailed as exc:
            raise ValidationFailed(("signIn", str(exc))) from None
        raise ValidationFailed(("action", f"Simkl has no action named {name!r}"))

    async def _poll(self, ctx: Context, user_code: str) -> dict[str, Any]:
        """One poll of the PIN: pending until the user has entered it, then the token and user."""
        settings = self.simkl
        try:
            response = await ctx.http.get(
                self._url(f"/oauth/pin/{user_code}"), params={"client_id": settings.client_id}
            )
        except httpx.HTTPError as exc:
            raise ListFailed(f"Cannot reach Simkl: {type(exc).__name__}") from exc
        answer = response.json() if response.status_code == 200 else {}
        token = answer.get("access_token")
        if not token:
            if answer.get("result") == "KO":
                return {"pending": True}
            raise ListFailed(f"Simkl does not know that code (HTTP {response.status_code}); sign in again")
        me = await self.get_json(
            ctx, self._url("/users/settings"), what="Simkl", headers=self._headers(token)
        )
        return {
            "pending": False,
            "accessToken": token,
            "authUser": str(((me or {}).get("account") or {}).get("id", "")),
        }
