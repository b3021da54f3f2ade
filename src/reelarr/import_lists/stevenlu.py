"""StevenLu Custom: Steven Lu's popular-movies JSON (a title and an IMDb id per movie).

The default URL is the feed Radarr uses; the sync finds the TMDB ids from the IMDb ids.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

DEFAULT_LINK = "https://s3.amazonaws.com/popular-movies/movies.json"


class StevenLuSettings(ProviderSettings):
    link: Annotated[str, Form("URL", "Don't change this unless you know what you are doing.", type="url")] = (
        DEFAULT_LINK
    )


class StevenLuImport(ImportList):
    implementation = "StevenLuImport"
    implementation_name = "StevenLu Custom"
    settings_model = StevenLuSettings
    list_type = "advanced"
    min_refresh_interval = dt.timedelta(hours=24)

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, StevenLuSettings)
        body = await self.get_json(ctx, settings.link, what="StevenLu")
        if not isinstance(body, list):
            raise ListFailed("StevenLu did not answer a JSON array of movies")
        return [
            ListMovie(imdb_id=item["imdb_id"], title=item.get("title") or "")
            for item in body
            if isinstance(item, dict) and item.get("imdb_id")
        ]
