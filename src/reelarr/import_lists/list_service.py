"""Radarr's list service (``RadarrList2``): IMDb lists and the StevenLu list are read through it.

It answers ``{base}/list/...`` with a JSON array of SkyHook movie resources (PascalCase,
``TmdbId`` first of all). Its address is an advanced setting, so a mirror can stand in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class ListServiceSettings(ProviderSettings):
    base_url: Annotated[
        str, Form("List service URL", "Radarr's list service, or a mirror of it", type="url", advanced=True)
    ] = "https://api.radarr.video/v1"


class ListServiceImport(ImportList):
    """Base of the lists read through the service: ``route()`` names the list."""

    def route(self) -> str:
        raise NotImplementedError

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, ListServiceSettings)
        url = f"{settings.base_url.rstrip('/')}/{self.route()}"
        body = await self.get_json(ctx, url, what=f"{self.implementation_name} ({self.route()})")
        if not isinstance(body, list):
            raise ListFailed(f"{self.implementation_name} did not come back as a JSON array of movies")
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
