"""``GET /parse?title=``: what the parser makes of a release name, in Radarr's ParseResource shape."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from sqlalchemy import select

from reelarr import search
from reelarr.api.base import CtxDep
from reelarr.api.limits import TITLE_LENGTH
from reelarr.api.movie import movie_resources
from reelarr.api.profiles import custom_format_json
from reelarr.custom_formats import matching_formats, release_facts, score
from reelarr.decisions import Release
from reelarr.languages import Language
from reelarr.models import CustomFormat
from reelarr.parser import ParsedMovie, ParsedQuality, parse_title

router = APIRouter()


class _CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class LanguageResource(_CamelModel):
    id: int
    name: str | None

    @classmethod
    def of(cls, language: Language) -> LanguageResource:
        return cls(id=language.id, name=language.name)


class QualityResource(_CamelModel):
    id: int
    name: str | None
    source: str
    resolution: int
    modifier: str


class RevisionResource(_CamelModel):
    version: int
    real: int
    is_repack: bool


class QualityModelResource(_CamelModel):
    quality: QualityResource
    revision: RevisionResource

    @classmethod
    def of(cls, parsed: ParsedQuality) -> QualityModelResource:
        quality, revision = parsed.quality, parsed.revision
        return cls(
            quality=QualityResource(
                id=quality.id,
                name=quality.name,
                source=str(quality.source),
                resolution=quality.resolution,
                modifier=str(quality.modifier),
            ),
            revision=RevisionResource(
                version=revision.version, real=revision.real, is_repack=revision.is_repack
            ),
        )


class ParsedMovieInfoResource(_CamelModel):
    movie_titles: list[str]
    original_title: str | None
    release_title: str | None
    simple_release_title: str | None
    quality: QualityModelResource
    languages: list[LanguageResource]
    release_group: str | None
    release_hash: str | None
    edition: str | None
    year: int
    imdb_id: str | None
    tmdb_id: int
    hardcoded_subs: str | None
    movie_title: str | None
    primary_movie_title: str | None

    @classmethod
    def of(cls, movie: ParsedMovie) -> ParsedMovieInfoResource:
        return cls(
            movie_titles=list(movie.movie_titles),
            original_title=movie.original_title,
            release_title=movie.release_title,
            simple_release_title=movie.simple_release_title,
            quality=QualityModelResource.of(movie.quality),
            languages=[LanguageResource.of(language) for language in movie.languages],
            release_group=movie.release_group,
            release_hash=movie.release_hash,
            edition=movie.edition,
            year=movie.year,
            imdb_id=movie.imdb_id,
            tmdb_id=movie.tmdb_id,
            hardcoded_subs=movie.hardcoded_subs,
            movie_title=movie.movie_title,
            primary_movie_title=movie.movie_title,
        )


class ParseResource(_CamelModel):
    id: int = 0
    title: str | None
    parsed_movie_info: ParsedMovieInfoResource | None = None
    movie: dict[str, Any] | None = None
    languages: list[LanguageResource] | None = None
    custom_formats: list[dict[str, Any]] = []
    custom_format_score: int = 0


@router.get(
    "/parse", response_model=ParseResource, response_model_by_alias=True, response_model_exclude_none=True
)
async def parse(ctx: CtxDep, title: Annotated[str, Query(max_length=TITLE_LENGTH)] = "") -> ParseResource:
    """Parse a release name, map it to a library movie as a search result would be mapped, and
    say which custom formats match it and what they score under that movie's profile. With no
    movie the formats still match (judged by the release alone) and score 0, as in Radarr.
    An unparseable name comes back with ``parsedMovieInfo`` null."""
    parsed = parse_title(title)
    if parsed is None:
        return ParseResource(title=title)
    facts = (await search.snapshot(ctx)).facts
    movie = facts.find_movie(parsed, Release(guid=title, title=title))
    if movie is not None:
        format_facts = release_facts(parsed, movie_year=movie.year, original_language=movie.original_language)
    else:
        format_facts = release_facts(parsed)
    matched = matching_formats(facts.formats, format_facts)
    async with ctx.db.read() as session:
        rows = {row.id: row for row in await session.scalars(select(CustomFormat))}
    resource = await movie_resources(ctx, [movie.id]) if movie is not None else []
    return ParseResource(
        title=title,
        parsed_movie_info=ParsedMovieInfoResource.of(parsed),
        movie=orjson.loads(orjson.dumps(resource[0])) if resource else None,
        languages=[LanguageResource.of(language) for language in parsed.languages],
        custom_formats=[custom_format_json(rows[f.id]) for f in matched if f.id in rows],
        custom_format_score=score(movie.profile.format_scores, matched) if movie is not None else 0,
    )
