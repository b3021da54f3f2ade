"""TMDb Person: the movies of one person (``/3/person/{id}/movie_credits``), as cast and/or by
crew department (directing, production, sound, writing), with Radarr's vote, genre and
language filters. Credits without a release date are skipped, as Radarr does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, field_validator, model_validator

from reelarr import library
from reelarr.import_lists.base import ListFailed, ListMovie
from reelarr.import_lists.tmdb import TMDbImport
from reelarr.metadata import MetadataError
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class TMDbPersonSettings(ProviderSettings):
    person_id: Annotated[str, Form("Person Id", "TMDb Id of Person to Follow")] = ""
    person_cast: Annotated[
        bool, Form("Person Cast", "Select if you want to include Cast credits", type="checkbox")
    ] = False
    person_cast_director: Annotated[
        bool,
        Form("Person Director Credits", "Select if you want to include Director credits", type="checkbox"),
    ] = False
    person_cast_producer: Annotated[
        bool,
        Form("Person Producer Credits", "Select if you want to include Producer credits", type="checkbox"),
    ] = False
    person_cast_sound: Annotated[
        bool, Form("Person Sound Credits", "Select if you want to include Sound credits", type="checkbox")
    ] = False
    person_cast_writing: Annotated[
        bool, Form("Person Writing Credits", "Select if you want to include Writing credits", type="checkbox")
    ] = False
    min_vote_average: Annotated[
        float | None, Form("Minimum Vote Average", "Filter movies by votes (0.0-10.0)"), Field(ge=0, le=10)
    ] = None
    min_votes: Annotated[
        int | None, Form("Minimum Number of Votes", "Filter movies by number of votes"), Field(gt=0)
    ] = None
    genre_ids: Annotated[list[int], Form("Genres", "Filter movies by TMDb Genre Ids", type="tag")] = Field(
        default_factory=list
    )
    language_codes: Annotated[list[str], Form("Original Languages", "Filter by Languages", type="tag")] = (
        Field(default_factory=list)
    )

    @field_validator("person_id")
    @classmethod
    def _number(cls, value: str) -> str:
        if value and not (value.isdigit() and not value.startswith("0")):
            raise ValueError("Must be the person's TMDb number, as in themoviedb.org/person/6384")
        return value

    @model_validator(mode="after")
    def _one_credit_type(self) -> TMDbPersonSettings:
        if self.person_id and not (
            self.person_cast
            or self.person_cast_director
            or self.person_cast_producer
            or self.person_cast_sound
            or self.person_cast_writing
        ):
            raise ValueError("Must Select One Credit Type Option")
        return self


class TMDbPersonImport(TMDbImport):
    implementation = "TMDbPersonImport"
    implementation_name = "TMDb Person"
    settings_model = TMDbPersonSettings

    def _kept(self, credit: dict[str, Any]) -> bool:
        settings = self.settings
        assert isinstance(settings, TMDbPersonSettings)
        if not credit.get("release_date"):
            return False
        if (
            settings.min_vote_average is not None
            and credit.get("vote_average", 0) < settings.min_vote_average
        ):
            return False
        if settings.min_votes is not None and credit.get("vote_count", 0) < settings.min_votes:
            return False
        if settings.genre_ids and not set(settings.genre_ids) & set(credit.get("genre_ids") or ()):
            return False
        return not settings.language_codes or credit.get("original_language") in settings.language_codes

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, TMDbPersonSettings)
        departments = {
            name
            for name, wanted in (
                ("Directing", settings.person_cast_director),
                ("Production", settings.person_cast_producer),
                ("Sound", settings.person_cast_sound),
                ("Writing", settings.person_cast_writing),
            )
            if wanted
        }
        try:
            tmdb = await library.tmdb_client(ctx)
            body = await tmdb.get(f"/person/{settings.person_id}/movie_credits")
        except MetadataError as exc:
            raise ListFailed(str(exc)) from None
        credits = [c for c in body.get("cast") or () if settings.person_cast]
        credits += [c for c in body.get("crew") or () if c.get("department") in departments]
        movies: dict[int, ListMovie] = {}
        for credit in credits:
            if self._kept(credit):
                info = tmdb.summary(credit)
                movies.setdefault(info.tmdb_id, ListMovie(info.tmdb_id, title=info.title, year=info.year))
        return list(movies.values())
