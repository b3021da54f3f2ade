"""Plex Watchlist: the watchlist of the Plex account signed in with a plex.tv PIN.

Signing in is plex.tv's PIN flow: the form calls ``action/startOAuth``, which asks plex.tv
for a PIN and returns the app.plex.tv address where the user approves it, then polls
``action/getOAuthToken`` until plex.tv hands over the account's token (Plex tokens do not
expire; signing in again replaces a revoked one). The watchlist is read from Plex's
discover service page by page; each item names its TMDB and IMDb ids in its ``Guid`` list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

import httpx

from reelarr.errors import ValidationFailed
from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

PRODUCT = "Reelarr"
PAGE_SIZE = 100


class PlexListSettings(ProviderSettings):
    access_token: Annotated[str, Form("Access Token", type="hidden", privacy="apiKey")] = ""
    sign_in: Annotated[str, Form("Authenticate with Plex.tv", type="oAuth")] = "startOAuth"
    plex_tv_url: Annotated[str, Form("plex.tv URL", "Change only for a mirror", advanced=True)] = (
        "https://plex.tv"
    )
    watchlist_url: Annotated[
        str, Form("Watchlist service URL", "Change only for a mirror", advanced=True)
    ] = "https://discover.provider.plex.tv"


def _guid(item: dict[str, Any], scheme: str) -> str | None:
    for guid in item.get("Guid") or ():
        value = str(guid.get("id") or "")
        if value.startswith(f"{scheme}://"):
            return value.removeprefix(f"{scheme}://")
    return None


class PlexImport(ImportList):
    implementation = "PlexImport"
    implementation_name = "Plex Watchlist"
    settings_model = PlexListSettings
    list_type = "plex"
    min_refresh_interval = dt.timedelta(hours=6)

    def _headers(self, ctx: Context) -> dict[str, str]:
        # One stable client identifier per Reelarr install, as plex.tv expects of a device.
        client = uuid.uuid5(uuid.NAMESPACE_URL, f"reelarr:{ctx.settings.api_key}")
        return {
            "X-Plex-Client-Identifier": str(client),
            "X-Plex-Product": PRODUCT,
            "Accept": "application/json",
        }

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, PlexListSettings)
        if not settings.access_token:
            raise ListFailed("Sign in with Plex.tv first")
        movies: list[ListMovie] = []
        start, total = 0, 1
        while start < total:
            body = await self.get_json(
                ctx,
                f"{settings.watchlist_url.rstrip('/')}/library/sections/watchlist/all",
                what="the Plex watchlist",
                headers={**self._headers(ctx), "X-Plex-Token": settings.access_token},
                **{
                    "X-Plex-Container-Start": start,
                    "X-Plex-Container-Size": PAGE_SIZE,
                    "includeFields": "title,type,year,ratingKey",
                    "includeElements": "Guid",
                    "sort": "watchlistedAt:desc",
                    "type": 1,
                },
            )
            container = (body or {}).get("MediaContainer") or {}
            items = container.get("Metadata") or []
            for item in items:
                tmdb = _guid(item, "tmdb")
                movies.append(
                    ListMovie(
                        int(tmdb) if tmdb and tmdb.isdigit() else 0,
                        _guid(item, "imdb"),
                        item.get("title") or "",
                        item.get("year") or 0,
                    )
                )
            total = int(container.get("totalSize") or 0)
            start += len(items)  # the service may send fewer than asked
            if not items:
                break
        return movies

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        settings = self.settings
        assert isinstance(settings, PlexListSettings)
        base = settings.plex_tv_url.rstrip("/")
        try:
            if name == "startOAuth":
                response = await ctx.http.post(
                    f"{base}/api/v2/pins", params={"strong": "true"}, headers=self._headers(ctx)
                )
                if response.status_code not in (200, 201):
                    raise ListFailed(f"plex.tv refused to create a PIN (HTTP {response.status_code})")
                pin = response.json()
                client = self._headers(ctx)["X-Plex-Client-Identifier"]
                auth = urlencode(
                    {"clientID": client, "code": pin["code"], "context[device][product]": PRODUCT}
                )
                return {
                    "pinId": pin["id"],
                    "code": pin["code"],
                    "oauthUrl": f"https://app.plex.tv/auth#?{auth}",
                }
            if name == "getOAuthToken":
                response = await ctx.http.get(
                    f"{base}/api/v2/pins/{query.get('pinId', '')}", headers=self._headers(ctx)
                )
                if response.status_code != 200:
                    raise ListFailed(
                        f"plex.tv does not know that PIN (HTTP {response.status_code}); sign in again"
                    )
                token = response.json().get("authToken")
                return {"pending": True} if not token else {"pending": False, "accessToken": token}
        except httpx.HTTPError as exc:
            raise ValidationFailed(("signIn", f"Cannot reach plex.tv: {type(exc).__name__}")) from None
        except ListFailed as exc:
            raise ValidationFailed(("signIn", str(exc))) from None
        raise ValidationFailed(("action", f"Plex Watchlist has no action named {name!r}"))
