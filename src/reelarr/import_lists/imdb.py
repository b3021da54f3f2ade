"""IMDb Lists: an IMDb list (``ls…``), a user's watchlist (``ur…``), the Top 250 or Popular.

IMDb has no public API; like Radarr, Reelarr reads these through Radarr's list service
(``list/imdb/{listId}``, see :mod:`reelarr.import_lists.list_service`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from pydantic import field_validator

from reelarr.import_lists.base import ListFailed, ListMovie
from reelarr.import_lists.list_service import ListServiceImport, ListServiceSettings
from reelarr.providers import Form, Preset

if TYPE_CHECKING:
    from reelarr.context import Context

LIST_ID = re.compile(r"^top250$|^popular$|^ls\d+$|^ur\d+$")


class IMDbListSettings(ListServiceSettings):
    list_id: Annotated[
        str,
        Form(
            "List/User ID",
            "IMDb list ID (e.g ls12345678), IMDb user ID (e.g. ur12345678), 'top250' or 'popular'",
        ),
    ] = ""

    @field_validator("list_id")
    @classmethod
    def _known_form(cls, value: str) -> str:
        if value and not LIST_ID.match(value.strip()):
            raise ValueError(
                "List ID must be 'top250', 'popular', an IMDb List ID of the form 'ls12345678' "
                "or an IMDb user watchlist of the form 'ur12345678'"
            )
        return value.strip()


class IMDbListImport(ListServiceImport):
    implementation = "IMDbListImport"
    implementation_name = "IMDb Lists"
    settings_model = IMDbListSettings
    list_type = "other"
    presets = (
        Preset("IMDb Top 250", {"listId": "top250"}),
        Preset("IMDb Popular Movies", {"listId": "popular"}),
    )

    def route(self) -> str:
        settings = self.settings
        assert isinstance(settings, IMDbListSettings)
        return f"list/imdb/{settings.list_id}"

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, IMDbListSettings)
        if not settings.list_id:
            raise ListFailed("Set the IMDb list or user id")
        return await super().fetch(ctx)
