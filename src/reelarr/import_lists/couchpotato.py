"""CouchPotato: the wanted movies of a CouchPotato instance (``/api/{key}/movie.list/``).

As Radarr reads it: a movie counts unless one of its releases is done or seeding (it is
then already had), and ``Only Wanted`` asks CouchPotato for active movies only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class CouchPotatoSettings(ProviderSettings):
    link: Annotated[str, Form("CouchPotato URL", "URL to access your CouchPotato instance.")] = (
        "http://localhost"
    )
    port: Annotated[int, Form("CouchPotato Port", "Port your CouchPotato instance uses.")] = 5050
    url_base: Annotated[
        str,
        Form(
            "CouchPotato Url Base",
            "If you have CouchPotato configured via reverse proxy put the base path here. e.g. couchpotato. "
            "Leave blank for no base URL.",
        ),
    ] = ""
    api_key: Annotated[
        str,
        Form(
            "CouchPotato API Key",
            "CouchPotato API Key. This can found within Settings > General",
            privacy="apiKey",
        ),
    ] = ""
    only_active: Annotated[bool, Form("Only Wanted", "Only add wanted movies.", type="checkbox")] = True


class CouchPotatoImport(ImportList):
    implementation = "CouchPotatoImport"
    implementation_name = "CouchPotato"
    settings_model = CouchPotatoSettings
    list_type = "program"
    min_refresh_interval = dt.timedelta(minutes=30)

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, CouchPotatoSettings)
        base = f"/{settings.url_base.strip('/')}" if settings.url_base.strip("/") else ""
        url = f"{settings.link.strip().rstrip('/')}:{settings.port}{base}/api/{settings.api_key}/movie.list/"
        params: dict[str, Any] = {"status": "active"} if settings.only_active else {}
        body = await self.get_json(ctx, url, what="CouchPotato", **params)
        if not isinstance(body, dict) or not body.get("success", True):
            raise ListFailed("CouchPotato did not answer its movie list")
        movies = []
        for item in body.get("movies") or ():
            releases = item.get("releases") or []
            if any(release.get("status") in ("done", "seeding") for release in releases):
                continue
            info = item.get("info") or {}
            movies.append(ListMovie(int(info.get("tmdb_id") or 0), info.get("imdb"), item.get("title") or ""))
        return movies
