"""What TMDB says about library movies: credits, alternative titles, cached covers, and the
TMDB settings (``config/metadata``, an extension path: Radarr uses its own metadata proxy)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from reelarr import metadata
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep, SessionDep
from reelarr.api.config import SECRET_MASK
from reelarr.api.limits import Id, JsonObject
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.metadata import MetadataSettings
from reelarr.models import AlternativeTitle, Credit, Movie, MovieMetadata

router = APIRouter()
# ``/MediaCover/{movieId}/poster.jpg``: the ``url`` of every movie image, outside /api/v3 as in Radarr.
covers = APIRouter()

_COVER_FILE = re.compile(r"^(?P<type>poster|fanart|banner|clearlogo|headshot)(?:-(?P<width>\d+))?\.jpg$")
# Widths TMDB serves per image kind; a sized request gets the smallest that is wide enough.
_TMDB_WIDTHS = {"poster": (92, 154, 185, 342, 500, 780), "fanart": (300, 780, 1280)}


# ---------------------------------------------------------------- config/metadata


def _settings_json(value: MetadataSettings) -> dict[str, Any]:
    body = value.model_dump(mode="json", by_alias=True)
    body["tmdbApiKey"] = SECRET_MASK if value.tmdb_api_key else ""
    return {"id": 1, **body}


@router.get("/config/metadata", tags=["MetadataConfig"])
@router.get("/config/metadata/{config_id}", tags=["MetadataConfig"])
async def read_metadata_settings(session: SessionDep, config_id: Id | None = None) -> dict[str, Any]:
    return _settings_json(await metadata.load_settings(session))


@router.put("/config/metadata", status_code=202, tags=["MetadataConfig"])
@router.put("/config/metadata/{config_id}", status_code=202, tags=["MetadataConfig"])
async def write_metadata_settings(
    body: JsonObject, ctx: CtxDep, config_id: Id | None = None
) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        current = await settings_store.load(uow.session, MetadataSettings)
        given = {k: v for k, v in body.items() if k != "id"}
        if given.get("tmdbApiKey") == SECRET_MASK:
            given.pop("tmdbApiKey")
        try:
            value = MetadataSettings.model_validate({**current.model_dump(by_alias=True), **given})
        except ValidationError as exc:
            raise ValidationFailed(
                *((".".join(str(p) for p in e["loc"]) or "body", e["msg"]) for e in exc.errors())
            ) from None
        if value.availability_delay < 0:
            raise ValidationFailed(("availabilityDelay", "Must be 0 or more days"))
        if not value.tmdb_base_url.startswith(("http://", "https://")):
            raise ValidationFailed(("tmdbBaseUrl", "Must be an http:// or https:// URL"))
        value.tmdb_api_key = value.tmdb_api_key.strip()
        await settings_store.save(uow.session, value)
        uow.publish(ConfigChanged(MetadataSettings.section))
    async with ctx.db.read() as session:
        return _settings_json(await metadata.load_settings(session))


# ---------------------------------------------------------------- credits and alternative titles


async def _metadata_id(session: SessionDep, movie_id: Id | None, movie_metadata_id: Id | None) -> int | None:
    if movie_id is None:
        return movie_metadata_id
    found = await session.scalar(select(Movie.movie_metadata_id).where(Movie.id == movie_id))
    if found is None:
        raise NotFound("Movie", movie_id)
    return found


@router.get("/credit", tags=["Credit"])
async def list_credits(
    session: SessionDep, movieId: Id | None = None, movieMetadataId: Id | None = None
) -> list[dict[str, Any]]:
    metadata_id = await _metadata_id(session, movieId, movieMetadataId)
    if metadata_id is None:
        raise ValidationFailed(("movieId", "A movieId or movieMetadataId is required"))
    rows = await session.scalars(
        select(Credit).where(Credit.movie_metadata_id == metadata_id).order_by(Credit.type, Credit.order)
    )
    return [_credit_json(row) for row in rows]


def _credit_json(row: Credit) -> dict[str, Any]:
    return {
        "id": row.id,
        "personName": row.person_name,
        "creditTmdbId": row.credit_tmdb_id,
        "personTmdbId": row.person_tmdb_id,
        "movieMetadataId": row.movie_metadata_id,
        "images": [{"coverType": i["coverType"], "url": i["remoteUrl"], **i} for i in row.images],
        "department": row.department,
        "job": row.job,
        "character": row.character,
        "order": row.order,
        "type": row.type,
    }


@router.get("/credit/{credit_id}", tags=["Credit"])
async def get_credit(credit_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(Credit, credit_id)
    if row is None:
        raise NotFound("Credit", credit_id)
    return _credit_json(row)


@router.get("/alttitle", tags=["AlternativeTitle"])
async def list_alternative_titles(
    session: SessionDep, movieId: Id | None = None, movieMetadataId: Id | None = None
) -> list[dict[str, Any]]:
    metadata_id = await _metadata_id(session, movieId, movieMetadataId)
    query = select(AlternativeTitle).order_by(AlternativeTitle.id)
    if metadata_id is not None:
        query = query.where(AlternativeTitle.movie_metadata_id == metadata_id)
    return [_alternative_title_json(row) for row in await session.scalars(query)]


@router.get("/alttitle/{title_id}", tags=["AlternativeTitle"])
async def get_alternative_title(title_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(AlternativeTitle, title_id)
    if row is None:
        raise NotFound("Alternative title", title_id)
    return _alternative_title_json(row)


def _alternative_title_json(row: AlternativeTitle) -> dict[str, Any]:
    return {
        "id": row.id,
        "sourceType": row.source_type,
        "movieMetadataId": row.movie_metadata_id,
        "title": row.title,
        "cleanTitle": row.clean_title,
    }


# ---------------------------------------------------------------- covers


async def _cover(ctx: CtxDep, movie_id: Id, filename: str) -> Response:
    """A movie's image from the local cache, fetched from TMDB and kept the first time it is asked for."""
    match = _COVER_FILE.match(filename.lower())
    if match is None:
        raise NotFound("Media cover", f"{movie_id}/{filename}")
    async with ctx.db.read() as session:
        images = await session.scalar(select(MovieMetadata.images).join(Movie).where(Movie.id == movie_id))
        hosts = (await metadata.load_settings(session)).image_hosts
    remote = next((i.get("remoteUrl") for i in images or [] if i.get("coverType") == match["type"]), None)
    if not remote:
        raise NotFound("Media cover", f"{movie_id}/{filename}")
    cached = Path(ctx.settings.media_cover_dir) / str(movie_id) / filename.lower()
    if not await asyncio.to_thread(cached.is_file):
        url = _sized(remote, match["type"], int(match["width"]) if match["width"] else None)
        if not await metadata.cache_image(ctx.http, url, cached, hosts):
            raise NotFound("Media cover", f"{movie_id}/{filename}")
    return FileResponse(cached, media_type="image/jpeg")


def _sized(remote_url: str, cover_type: str, width: int | None) -> str:
    """TMDB's URL for the smallest size at least ``width`` wide (the original when none is)."""
    widths = _TMDB_WIDTHS.get(cover_type, ())
    if width is None or "/original/" not in remote_url:
        return remote_url
    chosen = next((w for w in widths if w >= width), None)
    return remote_url.replace("/original/", f"/w{chosen}/") if chosen else remote_url


@router.get("/mediacover/{movie_id}/{filename}", tags=["MediaCover"])
async def media_cover(movie_id: Id, filename: str, ctx: CtxDep) -> Response:
    return await _cover(ctx, movie_id, filename)


@covers.get("/MediaCover/{movie_id}/{filename}", include_in_schema=False)
async def media_cover_file(movie_id: Id, filename: str, ctx: CtxDep) -> Response:
    return await _cover(ctx, movie_id, filename)
