"""TMDb Keyword: the movies TMDB tags with a keyword, from its discover (``with_keywords``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import field_validator

from reelarr.import_lists.base import ListMovie
from reelarr.import_lists.tmdb import TMDbImport
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class TMDbKeywordSettings(ProviderSettings):
    keyword_id: Annotated[str, Form("Keyword Id", "TMDb Id of Keyword to Follow")] = ""

    @field_validator("keyword_id")
    @classmethod
    def _number(cls, value: str) -> str:
        if value and not (value.isdigit() and not value.startswith("0")):
            raise ValueError("Must be the keyword's TMDb number, as in themoviedb.org/keyword/4565")
        return value


class TMDbKeywordImport(TMDbImport):
    implementation = "TMDbKeywordImport"
    implementation_name = "TMDb Keyword"
    settings_model = TMDbKeywordSettings

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, TMDbKeywordSettings)
        return await self.pages(ctx, "/discover/movie", with_keywords=settings.keyword_id)
