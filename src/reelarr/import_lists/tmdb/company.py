"""TMDb Company: the movies a production company made, from TMDB's discover (``with_companies``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import field_validator

from reelarr.import_lists.base import ListMovie
from reelarr.import_lists.tmdb import TMDbImport
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class TMDbCompanySettings(ProviderSettings):
    company_id: Annotated[str, Form("Company Id", "TMDb Id of Company to Follow")] = ""

    @field_validator("company_id")
    @classmethod
    def _number(cls, value: str) -> str:
        if value and not (value.isdigit() and not value.startswith("0")):
            raise ValueError("Must be the company's TMDb number, as in themoviedb.org/company/79")
        return value


class TMDbCompanyImport(TMDbImport):
    implementation = "TMDbCompanyImport"
    implementation_name = "TMDb Company"
    settings_model = TMDbCompanySettings

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, TMDbCompanySettings)
        return await self.pages(ctx, "/discover/movie", with_companies=settings.company_id)
