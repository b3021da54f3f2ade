"""TMDb User: the signed-in TMDB user's watchlist, recommendations, rated or favorite movies.

These live behind TMDB's v4 API, which needs the user's own access token. Getting one takes
an application's *API Read Access Token* (themoviedb.org/settings/api), pasted into the
list's settings: ``action/startOAuth`` asks TMDB for a request token and returns the address
where the user approves it; ``action/getOAuthToken`` trades the approved request token for
the user's access token and account id (pending until the user has approved). The list is
read page by page up to TMDB's ``total_pages``, as Radarr does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

import httpx

from reelarr.errors import ValidationFailed
from reelarr.import_lists.base import ListFailed, ListMovie
from reelarr.import_lists.tmdb import TMDbImport
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

APPROVE_URL = "https://www.themoviedb.org/auth/access"
LIST_TYPES = {1: "Watchlist", 2: "Recommendations", 3: "Rated", 4: "Favorite"}
PATHS = {1: "watchlist", 2: "recommendations", 3: "rated", 4: "favorites"}


class TMDbUserSettings(ProviderSettings):
    app_token: Annotated[
        str,
        Form(
            "API Read Access Token",
            "Your TMDB application's API Read Access Token, from themoviedb.org/settings/api",
            type="password",
            privacy="apiKey",
            help_link="https://www.themoviedb.org/settings/api",
        ),
    ] = ""
    account_id: Annotated[str, Form("Account Id", type="hidden")] = ""
    access_token: Annotated[str, Form("Access Token", type="hidden", privacy="apiKey")] = ""
    list_type: Annotated[
        int,
        Form(
            "List Type",
            "Type of list your seeking to import from",
            type="select",
            select_options=tuple(LIST_TYPES.items()),
        ),
    ] = 1
    sign_in: Annotated[str, Form("Authenticate with TMDB", type="oAuth")] = "startOAuth"
    base_url: Annotated[str, Form("API URL", "TMDB's API; change only for a mirror", advanced=True)] = (
        "https://api.themoviedb.org"
    )


class TMDbUserImport(TMDbImport):
    implementation = "TMDbUserImport"
    implementation_name = "TMDb User"
    settings_model = TMDbUserSettings

    @property
    def user(self) -> TMDbUserSettings:
        settings = self.settings
        assert isinstance(settings, TMDbUserSettings)
        return settings

    def _url(self, path: str) -> str:
        return f"{self.user.base_url.rstrip('/')}/4{path}"

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.user
        if not settings.access_token or not settings.account_id:
            raise ListFailed("Sign in with TMDB first")
        url = self._url(f"/account/{settings.account_id}/movie/{PATHS.get(settings.list_type, 'watchlist')}")
        headers = {"Authorization": f"Bearer {settings.access_token}"}
        movies: list[ListMovie] = []
        page, last = 1, 1
        while page <= last:
            body = await self.get_json(ctx, url, what="TMDB", headers=headers, page=page)
            if not isinstance(body, dict):
                raise ListFailed("TMDB did not answer a page of movies")
            for item in body.get("results") or ():
                if item.get("id"):
                    year = str(item.get("release_date") or "")[:4]
                    movies.append(
                        ListMovie(int(item["id"]), title=item.get("title") or "", year=int(year or 0))
                    )
            last = int(body.get("total_pages") or 1)
            page += 1
        return movies

    async def _post(self, ctx: Context, path: str, body: dict[str, str]) -> httpx.Response:
        if not self.user.app_token:
            raise ValidationFailed(("appToken", "Enter your TMDB application's API Read Access Token first"))
        try:
            return await ctx.http.post(
                self._url(path), json=body, headers={"Authorization": f"Bearer {self.user.app_token}"}
            )
        except httpx.HTTPError as exc:
            raise ValidationFailed(("signIn", f"Cannot reach TMDB: {type(exc).__name__}")) from None

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        if name == "startOAuth":
            redirect = {"redirect_to": query["callbackUrl"]} if query.get("callbackUrl") else {}
            response = await self._post(ctx, "/auth/request_token", redirect)
            token = response.json().get("request_token") if response.status_code == 200 else None
            if not token:
                raise ValidationFailed(
                    ("appToken", f"TMDB refused the API Read Access Token (HTTP {response.status_code})")
                )
            return {
                "oauthUrl": f"{APPROVE_URL}?{urlencode({'request_token': token})}",
                "requestToken": token,
            }
        if name == "getOAuthToken":
            response = await self._post(
                ctx, "/auth/access_token", {"request_token": query.get("requestToken", "")}
            )
            if response.status_code == 401:  # not approved yet
                return {"pending": True}
            answer = response.json() if response.status_code == 200 else {}
            if not answer.get("access_token"):
                raise ValidationFailed(
                    ("signIn", f"TMDB did not grant access (HTTP {response.status_code}); sign in again")
                )
            return {
                "pending": False,
                "accountId": answer["account_id"],
                "accessToken": answer["access_token"],
            }
        raise ValidationFailed(("action", f"TMDb User has no action named {name!r}"))
