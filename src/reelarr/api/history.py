"""History (grabs, imports, failures) and the blocklist, paged as Radarr pages them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import delete, func, select
from sqlalchemy.sql.elements import ColumnElement

from reelarr import downloads, history, library
from reelarr.api.base import ApiModel, CtxDep, PagingDep, SessionDep, paged
from reelarr.api.limits import Id, Int32
from reelarr.api.movie import json_response, movie_json
from reelarr.errors import NotFound, ValidationFailed
from reelarr.importing import GRABBED_EVENT
from reelarr.models import BlocklistRecord, HistoryRecord

router = APIRouter()

HISTORY_SORT = {"date": HistoryRecord.date, "sourceTitle": HistoryRecord.source_title, "id": HistoryRecord.id}
BLOCKLIST_SORT = {
    "date": BlocklistRecord.date,
    "sourceTitle": BlocklistRecord.source_title,
    "id": BlocklistRecord.id,
}


def _order(sort: dict[str, Any], key: str | None, direction: str, default: str) -> ColumnElement[Any]:
    column = sort.get(key or default, sort[default])
    return column.asc() if direction == "ascending" else column.desc()


async def _with_movies(ctx: CtxDep, records: list[dict[str, Any]]) -> None:
    ids = sorted({r["movieId"] for r in records})
    async with ctx.db.read() as session:
        movies = {m.row.id: m for m in await library.load_movies(session, movie_ids=ids)}
    for record in records:
        if record["movieId"] in movies:
            record["movie"] = movie_json(
                movies[record["movieId"]], now=ctx.clock(), url_base=ctx.settings.url_base
            )


def _event_name(value: str | None) -> str | None:
    if value is None:
        return None
    if value.isdigit():
        index = int(value)
        if not 0 <= index < len(history.EVENT_TYPES):
            raise ValidationFailed(("eventType", f"Unknown event type {value}"))
        return history.EVENT_TYPES[index]
    return value


@router.get("/history", tags=["History"])
async def list_history(
    ctx: CtxDep,
    session: SessionDep,
    paging: PagingDep,
    includeMovie: bool = False,
    eventType: Annotated[list[str] | None, Query()] = None,
    downloadId: str | None = None,
    movieIds: Annotated[list[Id] | None, Query()] = None,
) -> Response:
    conditions: list[ColumnElement[bool]] = []
    if eventType:
        conditions.append(HistoryRecord.event_type.in_([_event_name(e) for e in eventType]))
    if downloadId:
        conditions.append(HistoryRecord.download_id == downloadId)
    if movieIds:
        conditions.append(HistoryRecord.movie_id.in_(movieIds))
    total = await session.scalar(select(func.count()).select_from(HistoryRecord).where(*conditions)) or 0
    rows = await session.scalars(
        select(HistoryRecord)
        .where(*conditions)
        .order_by(
            _order(HISTORY_SORT, paging.sort_key, paging.sort_direction, "date"), HistoryRecord.id.desc()
        )
        .offset((paging.page - 1) * paging.page_size)
        .limit(paging.page_size)
    )
    records = [history.history_json(row) for row in rows]
    if includeMovie:
        await _with_movies(ctx, records)
    return json_response(paged(paging, records, total, "date"))


@router.get("/history/movie", tags=["History"])
async def movie_history(
    ctx: CtxDep, session: SessionDep, movieId: Id, eventType: str | None = None, includeMovie: bool = False
) -> Response:
    query = select(HistoryRecord).where(HistoryRecord.movie_id == movieId)
    if eventType is not None:
        query = query.where(HistoryRecord.event_type == _event_name(eventType))
    records = [
        history.history_json(r) for r in await session.scalars(query.order_by(HistoryRecord.date.desc()))
    ]
    if includeMovie:
        await _with_movies(ctx, records)
    return json_response(records)


@router.get("/history/since", tags=["History"])
async def history_since(
    ctx: CtxDep,
    session: SessionDep,
    date: dt.datetime,
    eventType: str | None = None,
    includeMovie: bool = False,
) -> Response:
    """Everything recorded from ``date`` on, oldest first: how tools catch up on what they missed."""
    since = date if date.tzinfo else date.replace(tzinfo=dt.UTC)
    query = select(HistoryRecord).where(HistoryRecord.date >= since)
    if eventType is not None:
        query = query.where(HistoryRecord.event_type == _event_name(eventType))
    rows = await session.scalars(query.order_by(HistoryRecord.date, HistoryRecord.id))
    records = [history.history_json(row) for row in rows]
    if includeMovie:
        await _with_movies(ctx, records)
    return json_response(records)


@router.post("/history/failed/{history_id}", tags=["History"])
async def mark_failed(history_id: Id, ctx: CtxDep) -> Response:
    """Mark a grab as failed: out of the client if it is still there, blocklisted, searched again."""
    async with ctx.db.read() as session:
        grab = await session.get(HistoryRecord, history_id)
    if grab is None or grab.event_type != GRABBED_EVENT:
        raise NotFound("Grab history", history_id)
    tracked = next((t for t in await downloads.current(ctx) if t.item.download_id == grab.download_id), None)
    if tracked is not None:
        await downloads.fail(ctx, tracked, "Manually marked as failed")
    else:
        await downloads.fail_grab(ctx, grab, "Manually marked as failed")
    return Response(status_code=200)


@router.get("/blocklist", tags=["Blocklist"])
async def list_blocklist(
    session: SessionDep,
    paging: PagingDep,
    movieIds: Annotated[list[Id] | None, Query()] = None,
    protocols: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    conditions: list[ColumnElement[bool]] = []
    if movieIds:
        conditions.append(BlocklistRecord.movie_id.in_(movieIds))
    if protocols:
        conditions.append(BlocklistRecord.protocol.in_(protocols))
    total = await session.scalar(select(func.count()).select_from(BlocklistRecord).where(*conditions)) or 0
    rows = await session.scalars(
        select(BlocklistRecord)
        .where(*conditions)
        .order_by(
            _order(BLOCKLIST_SORT, paging.sort_key, paging.sort_direction, "date"), BlocklistRecord.id.desc()
        )
        .offset((paging.page - 1) * paging.page_size)
        .limit(paging.page_size)
    )
    return paged(paging, [history.blocklist_json(r) for r in rows], total, "date")


@router.get("/blocklist/movie", tags=["Blocklist"])
async def movie_blocklist(session: SessionDep, movieId: Id) -> list[dict[str, Any]]:
    rows = await session.scalars(select(BlocklistRecord).where(BlocklistRecord.movie_id == movieId))
    return [history.blocklist_json(r) for r in rows]


class BulkIds(ApiModel):
    ids: list[Int32] = []


@router.delete("/blocklist/bulk", tags=["Blocklist"], response_class=Response)
async def delete_blocklist_bulk(body: BulkIds, ctx: CtxDep) -> Response:
    async with ctx.db.write() as uow:
        await uow.session.execute(delete(BlocklistRecord).where(BlocklistRecord.id.in_(body.ids)))
    return Response(status_code=200)


@router.delete("/blocklist/{record_id}", tags=["Blocklist"])
async def delete_blocklist(record_id: Id, ctx: CtxDep) -> Response:
    async with ctx.db.write() as uow:
        row = await uow.session.get(BlocklistRecord, record_id)
        if row is None:
            raise NotFound("Blocklist", record_id)
        await uow.session.delete(row)
    return Response(status_code=200)
