"""``/api/v3/movieversion``: a movie's versions (a 4K and a 1080p copy), each with its file.

Radarr has no such resource; the movie resource keeps showing the default version, so clients
that know nothing of versions are unaffected. See docs/versions.md.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from reelarr import library, paths, versions
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id
from reelarr.api.movie import json_response, movie_file_json
from reelarr.api.moviefile import delete_files
from reelarr.errors import NotFound
from reelarr.library import MovieRecord
from reelarr.versions import VersionFields

router = APIRouter(tags=["MovieVersion"])


class MovieVersionIn(ApiModel):
    id: Id = 0
    movie_id: Id = 0
    name: str = ""
    quality_profile_id: Id = 0
    monitored: bool = True
    path: str | None = None


def version_json(record: MovieRecord) -> dict[str, Any]:
    row = record.row
    resource: dict[str, Any] = {
        "id": row.version_id,
        "movieId": row.id,
        "name": row.version_name,
        "qualityProfileId": row.quality_profile_id,
        "monitored": row.monitored,
        "path": row.path,
        "hasFile": row.file_id is not None,
        "isDefault": bool(row.version_is_default),
    }
    if row.file_id is not None:
        resource["movieFile"] = movie_file_json(row)
    return resource


def _fields(body: MovieVersionIn) -> VersionFields:
    return VersionFields(
        name=body.name.strip(),
        quality_profile_id=body.quality_profile_id,
        monitored=body.monitored,
        path=body.path or None,
    )


async def _one(session: Any, version_id: int) -> dict[str, Any]:
    records = await library.load_movies(session, version=version_id)
    if not records:
        raise NotFound("Movie version", version_id)
    return version_json(records[0])


@router.get("/movieversion")
async def list_versions(session: SessionDep, movieId: Id | None = None) -> Response:
    records = await library.load_movies(
        session, movie_ids=[movieId] if movieId is not None else None, version=library.ALL_VERSIONS
    )
    return json_response([version_json(record) for record in records])


@router.get("/movieversion/{version_id}")
async def get_version(version_id: Id, session: SessionDep) -> Response:
    return json_response(await _one(session, version_id))


@router.post("/movieversion", status_code=201)
async def add_version(body: MovieVersionIn, ctx: CtxDep) -> Response:
    async with ctx.db.write() as uow:
        folders = await paths.load_folders(uow.session, ctx.settings)
        version_id = await versions.add_version(uow, body.movie_id, _fields(body), folders)
    async with ctx.db.read() as session:
        return json_response(await _one(session, version_id), 201)


@router.put("/movieversion/{version_id}", status_code=202)
async def update_version(version_id: Id, body: MovieVersionIn, ctx: CtxDep) -> Response:
    async with ctx.db.write() as uow:
        folders = await paths.load_folders(uow.session, ctx.settings)
        await versions.update_version(uow, version_id, _fields(body), folders)
    async with ctx.db.read() as session:
        return json_response(await _one(session, version_id), 202)


@router.delete("/movieversion/{version_id}")
async def delete_version(version_id: Id, ctx: CtxDep, deleteFiles: bool = False) -> Response:
    """Remove a version (not the default); ``deleteFiles`` sends its file to the recycle bin."""
    async with ctx.db.read() as session:
        _, file = await versions.deletable_version(session, version_id)
    if file is not None and deleteFiles:
        await delete_files(ctx, [file.id])
    async with ctx.db.write() as uow:
        await versions.delete_version(uow, version_id)
    return json_response({})
