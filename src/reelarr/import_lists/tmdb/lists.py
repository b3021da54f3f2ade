"""TMDb List: a public TMDB list by its id (``/3/list/{id}``), its movie items page by page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import field_validator

from reelarr.import_lists.base import ListMovie
from reelarr.import_lists.tmdb import TMDbImport
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class TMDbListSettings(ProviderSettings):
    list_id: Annotated[str, Form("ListId", "TMDb Id of List to Follow")] = ""

    @field_validator("list_id")
    @classmethod
    def _number(cls, value: str) -> str:
        if value and not (value.isdigit() and not value.startswith("0")):
            raise ValueError("Must be the list's number, as in themoviedb.org/list/8136")
        return value


class TMDbListImport(TMDbImport):
    implementation = "TMDbListImport"
    implementation_name = "TMDb List"
    settings_model = TMDbListSettings
    results_key = "items"

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, TMDbListSettings)
        return await self.pages(ctx, f"/list/{settings.list_id}")
