"""StevenLu List: Steven Lu's popular movies through Radarr's list service (``list/stevenlu``),
optionally only those scoring at least a minimum on IMDb, Metacritic or Rotten Tomatoes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from reelarr.import_lists.list_service import ListServiceImport, ListServiceSettings
from reelarr.providers import Form

SOURCES = {0: "Standard", 1: "Imdb", 2: "Metacritic", 3: "RottenTomatoes"}


class StevenLu2Settings(ListServiceSettings):
    source: Annotated[
        int,
        Form(
            "Rating source", "StevenLu ratings source", type="select", select_options=tuple(SOURCES.items())
        ),
    ] = 0
    min_score: Annotated[
        int,
        Form("Minimum Score", "Only applies if 'Rating source' is not 'Standard'", type="number"),
        Field(ge=5, le=8),
    ] = 5


class StevenLu2Import(ListServiceImport):
    implementation = "StevenLu2Import"
    implementation_name = "StevenLu List"
    settings_model = StevenLu2Settings
    list_type = "other"

    def route(self) -> str:
        settings = self.settings
        assert isinstance(settings, StevenLu2Settings)
        if settings.source not in SOURCES or settings.source == 0:
            return "list/stevenlu"
        # IMDb scores are out of 10, the others out of 100.
        score = settings.min_score if settings.source == 1 else settings.min_score * 10
        return f"list/stevenlu/{SOURCES[settings.source].lower()}/{score}"
