"""Custom Lists: any URL that answers a JSON array of TMDB movie results (Radarr's ``RadarrList``).

Each entry is a movie as TMDB's search lists it; only its ``id`` (the TMDB id) matters, and
``title`` and ``release_date`` make the log readable. An object with ``errors`` is the
list's way of failing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class RadarrListSettings(ProviderSettings):
    url: Annotated[str, Form("List URL", "The URL for the movie list", type="url")] = ""


class RadarrListImport(ImportList):
    implementation = "RadarrListImport"
    implementation_name = "Custom Lists"
    settings_model = RadarrListSettings
    list_type = "advanced"

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, RadarrListSettings)
        body = await self.get_json(ctx, settings.url, what=f"the list at {settings.url}")
        if isinstance(body, dict) and body.get("errors"):
            raise ListFailed(f"The list at {settings.url} reported: {body['errors']}")
        if not isinstance(body, list):
            raise ListFailed(f"The list at {settings.url} did not answer a JSON array of movies")
        return [
            ListMovie(
                int(item["id"]),
                title=item.get("title") or "",
                year=int((item.get("release_date") or "0")[:4] or 0),
            )
            for item in body
            if isinstance(item, dict) and item.get("id")
        ]
