"""``/api/v3/customfilter``: filters users save in a list view, stored as the client sent them.

Radarr's UI sends ``type`` (the view: ``movieIndex``, ``history``...), a ``label`` and a list
of ``{key, value, type}`` conditions; Reelarr keeps them unchanged so the UI that wrote them
can read them back. The Movies page offers the ``movieIndex`` ones and applies their conditions
(``web/movies.py``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field
from sqlalchemy import select

from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import LABEL_LENGTH, NAME_LENGTH, Id
from reelarr.errors import NotFound, ValidationFailed
from reelarr.models import CustomFilter

router = APIRouter(tags=["CustomFilter"])

# A saved filter is a handful of conditions; a thousand is far beyond any real one.
MAX_CONDITIONS = 1_000


class CustomFilterIn(ApiModel):
    id: Id = 0
    type: str = Field(default="", max_length=NAME_LENGTH)
    label: str = Field(default="", max_length=LABEL_LENGTH)
    filters: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_CONDITIONS)


def custom_filter_json(row: CustomFilter) -> dict[str, Any]:
    return {"id": row.id, "type": row.type, "label": row.label, "filters": row.filters}


def _checked(body: CustomFilterIn) -> CustomFilterIn:
    problems = []
    if not body.type.strip():
        problems.append(("type", "The list the filter is for is required"))
    if not body.label.strip():
        problems.append(("label", "A label is required"))
    if problems:
        raise ValidationFailed(*problems)
    return body


@router.get("/customfilter")
async def list_custom_filters(session: SessionDep) -> list[dict[str, Any]]:
    return [
        custom_filter_json(row)
        for row in await session.scalars(select(CustomFilter).order_by(CustomFilter.id))
    ]


@router.get("/customfilter/{filter_id}")
async def get_custom_filter(filter_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(CustomFilter, filter_id)
    if row is None:
        raise NotFound("Custom filter", filter_id)
    return custom_filter_json(row)


@router.post("/customfilter", status_code=201)
async def create_custom_filter(body: CustomFilterIn, ctx: CtxDep) -> dict[str, Any]:
    checked = _checked(body)
    async with ctx.db.write() as uow:
        row = CustomFilter(type=checked.type.strip(), label=checked.label.strip(), filters=checked.filters)
        uow.session.add(row)
        await uow.session.flush()
        return custom_filter_json(row)


@router.put("/customfilter", status_code=202)
@router.put("/customfilter/{filter_id}", status_code=202)
async def update_custom_filter(
    body: CustomFilterIn, ctx: CtxDep, filter_id: Id | None = None
) -> dict[str, Any]:
    target = filter_id or body.id
    checked = _checked(body)
    async with ctx.db.write() as uow:
        row = await uow.session.get(CustomFilter, target) if target else None
        if row is None:
            raise NotFound("Custom filter", target)
        row.type, row.label, row.filters = checked.type.strip(), checked.label.strip(), checked.filters
        return custom_filter_json(row)


@router.delete("/customfilter/{filter_id}")
async def delete_custom_filter(filter_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(CustomFilter, filter_id)
        if row is None:
            raise NotFound("Custom filter", filter_id)
        await uow.session.delete(row)
    return {}
