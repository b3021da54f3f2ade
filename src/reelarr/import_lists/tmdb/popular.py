"""TMDb Popular: TMDB's discover feed as In Theaters, Popular, Top Rated or Upcoming, with filters.

The filters are Radarr's (``filterCriteria.*``): minimum vote average and count, a US
certification, genres to include or exclude, and the original language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, field_validator

from reelarr.import_lists.base import ListMovie
from reelarr.import_lists.tmdb import TMDbImport
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

LIST_TYPES = {1: "In Theaters", 2: "Popular", 3: "Top Rated", 4: "Upcoming"}
CERTIFICATIONS = ("NR", "G", "PG", "PG-13", "R", "NC-17")
GENRE_IDS = re.compile(r"^\d+([,|]\d+)*$")


class TMDbPopularSettings(ProviderSettings):
    tmdb_list_type: Annotated[
        int,
        Form(
            "List Type",
            "Type of list your seeking to import from",
            type="select",
            select_options=tuple(LIST_TYPES.items()),
        ),
        Field(alias="tMDbListType"),
    ] = 2
    min_vote_average: Annotated[
        str,
        Form("Minimum Vote Average", "Filter movies by votes (0.0-10.0)"),
        Field(alias="filterCriteria.minVoteAverage"),
    ] = "5"
    min_votes: Annotated[
        str,
        Form("Minimum Number of Votes", "Filter movies by number of votes"),
        Field(alias="filterCriteria.minVotes"),
    ] = "1"
    certification: Annotated[
        str,
        Form("Certification", "Filter movies by a single certification (NR,G,PG,PG-13,R,NC-17)"),
        Field(alias="filterCriteria.certification"),
    ] = ""
    include_genre_ids: Annotated[
        str,
        Form("Include Genre Ids", "Filter movies by TMDb Genre Ids (Comma Separated)"),
        Field(alias="filterCriteria.includeGenreIds"),
    ] = ""
    exclude_genre_ids: Annotated[
        str,
        Form("Exclude Genre Ids", "Filter movies by TMDb Genre Ids (Comma Separated)"),
        Field(alias="filterCriteria.excludeGenreIds"),
    ] = ""
    language_code: Annotated[
        str,
        Form("Original Language", "Filter by Language (ISO 639-1, such as en)"),
        Field(alias="filterCriteria.languageCode"),
    ] = "en"

    @field_validator("tmdb_list_type")
    @classmethod
    def _known_type(cls, value: int) -> int:
        if value not in LIST_TYPES:
            raise ValueError("Must be 1 (In Theaters), 2 (Popular), 3 (Top Rated) or 4 (Upcoming)")
        return value

    @field_validator("min_vote_average")
    @classmethod
    def _vote_average(cls, value: str) -> str:
        if value and not (re.fullmatch(r"(?!0\d)\d*(\.\d)?", value) and float(value) <= 10):
            raise ValueError("Minimum vote average must be between 0 and 10")
        return value

    @field_validator("min_votes")
    @classmethod
    def _votes(cls, value: str) -> str:
        if value and not re.fullmatch(r"[1-9][0-9]*", value):
            raise ValueError("Minimum votes must be greater than 0")
        return value

    @field_validator("certification")
    @classmethod
    def _certification(cls, value: str) -> str:
        if value and value.upper() not in CERTIFICATIONS:
            raise ValueError("Not a valid certification")
        return value.upper()

    @field_validator("include_genre_ids", "exclude_genre_ids")
    @classmethod
    def _genres(cls, value: str) -> str:
        if value and not GENRE_IDS.match(value):
            raise ValueError("Genre Ids must be comma (,) or pipe (|) separated number ids")
        return value


class TMDbPopularImport(TMDbImport):
    implementation = "TMDbPopularImport"
    implementation_name = "TMDb Popular"
    settings_model = TMDbPopularSettings
    max_pages = 3

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, TMDbPopularSettings)
        today = ctx.clock().date()
        params: dict[str, Any] = {}
        if settings.tmdb_list_type == 1:
            params |= {
                "primary_release_date.gte": today - dt.timedelta(days=91),
                "primary_release_date.lte": today,
            }
        elif settings.tmdb_list_type == 2:
            params["sort_by"] = "popularity.desc"
        elif settings.tmdb_list_type == 3:
            params["sort_by"] = "vote_average.desc"
        else:
            params |= {
                "primary_release_date.gte": today,
                "primary_release_date.lte": today + dt.timedelta(days=91),
            }
        if settings.certification:
            params |= {"certification": settings.certification, "certification_country": "US"}
        optional = {
            "vote_count.gte": settings.min_votes,
            "vote_average.gte": settings.min_vote_average,
            "with_genres": settings.include_genre_ids,
            "without_genres": settings.exclude_genre_ids,
            "with_original_language": settings.language_code,
        }
        params |= {name: value for name, value in optional.items() if value}
        return await self.pages(ctx, "/discover/movie", **{k: str(v) for k, v in params.items()})
