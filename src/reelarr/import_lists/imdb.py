"""IMDb Lists: an IMDb list (``ls…``), a user's watchlist (``ur…``), the Top 250 or Popular.

IMDb has no public API; like Radarr, Reelarr reads these through Radarr's list service
(``{base}/list/imdb/{listId}``), which answers a JSON array of movies with their ``TmdbId``.
The service's address is an advanced setting, so a self-hosted mirror can stand in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from pydantic import field_validator

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, Preset, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

LIST_ID = re.compile(r"^top250$|^popular$|^ls\d+$|^ur\d+$")


class IMDbListSettings(ProviderSettings):
    list_id: Annotated[
        str,
        Form(
            "List/User ID",
            "IMDb list ID (e.g ls12345678), IMDb user ID (e.g. ur12345678), 'top250' or 'popular'",
        ),
    ] = ""
    base_url: Annotated[
        str, Form("List service URL", "Radarr's list service, or a mirror of it", type="url", advanced=True)
    ] = "https://api.radarr.video/v1"

    @field_validator("list_id")
    @classmethod
    def _known_form(cls, value: str) -> str:
        if value and not LIST_ID.match(value.strip()):
            raise ValueError(
                "List ID must be 'top250', 'popular', an IMDb List ID of the form 'ls12345678' "
                "or an IMDb user watchlist of the form 'ur12345678'"
            )
        return value.strip()


class IMDbListImport(ImportList):
    implementation = "IMDbListImport"
    implementation_name = "IMDb Lists"
    settings_model = IMDbListSettings
    list_type = "other"
    presets = (
        Preset("IMDb Top 250", {"listId": "top250"}),
        Preset("IMDb Popular Movies", {"listId": "popular"}),
    )

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, IMDbListSettings)
        if not settings.list_id:
            raise ListFailed("Set the IMDb list or user id")
        url = f"{settings.base_url.rstrip('/')}/list/imdb/{settings.list_id}"
        body = await self.get_json(ctx, url, what=f"the IMDb list {settings.list_id}")
        if not isinstance(body, list):
            raise ListFailed(f"The IMDb list {settings.list_id} did not come back as a JSON array of movies")
        return [
            ListMovie(
                int(item.get("TmdbId") or 0),
                item.get("ImdbId"),
                item.get("Title") or "",
                item.get("Year") or 0,
            )
            for item in body
            if isinstance(item, dict)
        ]
