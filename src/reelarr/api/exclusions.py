"""Import exclusions (``/exclusions``): movies that lists and collections must never add."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.api.base import EVERY_RECORD, ApiModel, CtxDep, PagingOrEveryRecordDep, SessionDep, paged
from reelarr.api.limits import Id, Int32, JsonObject
from reelarr.errors import NotFound, ValidationFailed
from reelarr.models import ImportExclusion

router = APIRouter(tags=["ImportListExclusion"])

SORT_KEYS = {
    "movieTitle": ImportExclusion.movie_title,
    "movieYear": ImportExclusion.movie_year,
    "tmdbId": ImportExclusion.tmdb_id,
    "id": ImportExclusion.id,
}


class ExclusionIn(ApiModel):
    id: Id = 0
    tmdb_id: Id = 0
    movie_title: str = ""
    movie_year: Int32 = 0


class BulkIn(ApiModel):
    ids: list[Id] = []


def resource(row: ImportExclusion) -> dict[str, Any]:
    return {"id": row.id, "tmdbId": row.tmdb_id, "movieTitle": row.movie_title, "movieYear": row.movie_year}


def _parse(body: Any) -> ExclusionIn:
    try:
        exclusion = ExclusionIn.model_validate(body)
    except ValidationError as exc:
        raise ValidationFailed(*((".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors())) from None
    if exclusion.tmdb_id <= 0:
        raise ValidationFailed(
            ("tmdbId", "TMDb id must be a positive number"), attempted={"tmdbId": exclusion.tmdb_id}
        )
    return exclusion


async def _check_unique(session: AsyncSession, tmdb_id: int, exclude_id: int = 0) -> None:
    query = select(func.count()).where(ImportExclusion.tmdb_id == tmdb_id, ImportExclusion.id != exclude_id)
    if await session.scalar(query):
        raise ValidationFailed(
            ("tmdbId", "This exclusion has already been added."), attempted={"tmdbId": tmdb_id}
        )


async def _load(session: AsyncSession, exclusion_id: int) -> ImportExclusion:
    row = await session.get(ImportExclusion, exclusion_id)
    if row is None:
        raise NotFound("Exclusion", exclusion_id)
    return row


@router.get("/exclusions")
async def list_exclusions(session: SessionDep) -> list[dict[str, Any]]:
    return [
        resource(row) for row in await session.scalars(select(ImportExclusion).order_by(ImportExclusion.id))
    ]


@router.get("/exclusions/paged")
async def paged_exclusions(session: SessionDep, p: PagingOrEveryRecordDep) -> dict[str, Any]:
    column = SORT_KEYS.get(p.sort_key or "", ImportExclusion.id)
    order = column.desc() if p.sort_direction == "descending" else column.asc()
    total = await session.scalar(select(func.count()).select_from(ImportExclusion)) or 0
    rows = await session.scalars(
        select(ImportExclusion)
        .order_by(order, ImportExclusion.id)
        .offset(0 if p.page_size == EVERY_RECORD else (p.page - 1) * p.page_size)
        .limit(None if p.page_size == EVERY_RECORD else p.page_size)
    )
    return paged(p, [resource(row) for row in rows], total, "id")


@router.get("/exclusions/{exclusion_id}")
async def get_exclusion(exclusion_id: Id, session: SessionDep) -> dict[str, Any]:
    return resource(await _load(session, exclusion_id))


@router.post("/exclusions", status_code=201)
async def create_exclusion(body: JsonObject, ctx: CtxDep) -> dict[str, Any]:
    exclusion = _parse(body)
    async with ctx.db.write() as uow:
        await _check_unique(uow.session, exclusion.tmdb_id)
        row = ImportExclusion(
            tmdb_id=exclusion.tmdb_id, movie_title=exclusion.movie_title, movie_year=exclusion.movie_year
        )
        uow.session.add(row)
        await uow.session.flush()
        return resource(row)


@router.post("/exclusions/bulk")
async def create_exclusions(body: list[dict[str, Any]], ctx: CtxDep) -> list[dict[str, Any]]:
    """Add many at once; movies already excluded are left as they are (Radarr skips them too)."""
    exclusions = [_parse(item) for item in body]
    created = []
    async with ctx.db.write() as uow:
        known = set(await uow.session.scalars(select(ImportExclusion.tmdb_id)))
        for exclusion in exclusions:
            if exclusion.tmdb_id in known:
                continue
            known.add(exclusion.tmdb_id)
            row = ImportExclusion(
                tmdb_id=exclusion.tmdb_id, movie_title=exclusion.movie_title, movie_year=exclusion.movie_year
            )
            uow.session.add(row)
            created.append(row)
        await uow.session.flush()
        return [resource(row) for row in created]


@router.delete("/exclusions/bulk", response_class=Response)
async def delete_exclusions(body: BulkIn, ctx: CtxDep) -> Response:
    async with ctx.db.write() as uow:
        await uow.session.execute(delete(ImportExclusion).where(ImportExclusion.id.in_(body.ids)))
    return Response(status_code=200)


async def update_exclusion(body: JsonObject, ctx: CtxDep, exclusion_id: Id | None = None) -> dict[str, Any]:
    exclusion = _parse(body)
    target = exclusion_id or exclusion.id
    async with ctx.db.write() as uow:
        row = await _load(uow.session, target)
        await _check_unique(uow.session, exclusion.tmdb_id, exclude_id=target)
        row.tmdb_id = exclusion.tmdb_id
        row.movie_title = exclusion.movie_title
        row.movie_year = exclusion.movie_year
        return resource(row)


router.add_api_route("/exclusions", update_exclusion, methods=["PUT"], status_code=202)
router.add_api_route("/exclusions/{exclusion_id}", update_exclusion, methods=["PUT"], status_code=202)


@router.delete("/exclusions/{exclusion_id}")
async def delete_exclusion(exclusion_id: Id, ctx: CtxDep) -> Response:
    async with ctx.db.write() as uow:
        await uow.session.delete(await _load(uow.session, exclusion_id))
    return Response(status_code=200)
