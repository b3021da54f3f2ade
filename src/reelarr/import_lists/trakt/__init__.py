"""Trakt lists: what the Trakt list types share: the user's Trakt application, the sign-in, the reads.

The device-code sign-in and the token refresh are :mod:`reelarr.trakt`'s, shared with the Trakt
notification; here the application's client id and secret are the list's own settings.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from reelarr import trakt
from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


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
        trakt.API_URL
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
    def trakt_settings(self) -> TraktSettingsBase:
        settings = self.settings
        assert isinstance(settings, TraktSettingsBase)
        return settings

    @property
    def app(self) -> trakt.TraktApp:
        settings = self.trakt_settings
        return trakt.TraktApp(settings.client_id, settings.client_secret, settings.base_url)

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.trakt_settings
        if not settings.access_token:
            raise ListFailed("Sign in with Trakt first")
        if trakt.needs_refresh(settings.expires, ctx.clock()):
            await self.refresh(ctx)
        return await self._read(ctx)

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        settings = self.trakt_settings
        problem = trakt.sign_in_problem(settings.access_token, settings.expires, ctx.clock())
        if problem:
            return [("signIn", problem)]
        try:
            await self._read(ctx)
        except ListFailed as exc:
            return [("", str(exc))]
        return []

    async def _read(self, ctx: Context) -> list[ListMovie]:
        app = self.app
        body = await self.get_json(
            ctx, app.url(self.path()), what="Trakt", headers=app.headers(self.trakt_settings.access_token)
        )
        if not isinstance(body, list):
            raise ListFailed("Trakt did not answer a list of movies")
        return [movie for item in body if isinstance(item, dict) and (movie := movie_of(item))]

    async def refresh(self, ctx: Context) -> None:
        """New tokens for the refresh token, kept in the settings and stored for the next read."""
        try:
            tokens = await trakt.refreshed_tokens(ctx, self.app, self.trakt_settings.refresh_token)
        except trakt.TraktFailed as exc:
            raise ListFailed(str(exc)) from None
        self.settings = self.trakt_settings.model_copy(update=tokens)
        await trakt.store_settings(ctx, self.definition.id, self.settings)

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        return await trakt.sign_in_action(ctx, self.app, name, query)
