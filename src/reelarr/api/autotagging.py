"""``/api/v3/autotagging``: automatic tagging rules (Radarr's AutoTaggingResource).

The rules are applied when a movie is added or refreshed (``library.apply_auto_tags``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import autotagging
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import NAME_LENGTH, Id
from reelarr.errors import NotFound, ValidationFailed
from reelarr.models import AutoTag, Tag

router = APIRouter(tags=["AutoTagging"])

# A rule with more specifications than this is not one a person wrote.
MAX_SPECIFICATIONS = 200


class AutoTagIn(ApiModel):
    id: Id = 0
    name: str = Field(default="", max_length=NAME_LENGTH)
    remove_tags_automatically: bool = False
    tags: list[Id] = Field(default_factory=list, max_length=MAX_SPECIFICATIONS)
    specifications: list[Any] = Field(default_factory=list, max_length=MAX_SPECIFICATIONS)


def auto_tag_json(row: AutoTag) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "removeTagsAutomatically": row.remove_tags_automatically,
        "tags": row.tags,
        "specifications": [
            autotagging.specification_json(spec, index) for index, spec in enumerate(row.specifications, 1)
        ],
    }


async def _values(session: AsyncSession, body: AutoTagIn, own_id: Id | None) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    name = body.name.strip()
    if not name:
        problems.append(("name", "Name must not be empty"))
    else:
        clash = select(AutoTag.id).where(func.lower(AutoTag.name) == name.lower())
        if own_id is not None:
            clash = clash.where(AutoTag.id != own_id)
        if await session.scalar(clash) is not None:
            problems.append(("name", "Must be unique"))
    if not body.specifications:
        problems.append(("specifications", "At least one specification is required"))
    known_tags = set(await session.scalars(select(Tag.id).where(Tag.id.in_(body.tags))))
    problems += [("tags", f"Tag {tag} does not exist") for tag in body.tags if tag not in known_tags]
    specifications = []
    for index, raw in enumerate(body.specifications):
        stored, spec_problems = autotagging.normalize_specification(raw, index)
        problems += spec_problems
        if stored is not None:
            specifications.append(stored)
    if problems:
        raise ValidationFailed(*problems)
    return {
        "name": name,
        "remove_tags_automatically": body.remove_tags_automatically,
        "tags": sorted(set(body.tags)),
        "specifications": specifications,
    }


@router.get("/autotagging")
async def list_auto_tags(session: SessionDep) -> list[dict[str, Any]]:
    return [auto_tag_json(row) for row in await session.scalars(select(AutoTag).order_by(AutoTag.id))]


@router.get("/autotagging/schema")
async def auto_tag_schema() -> list[dict[str, Any]]:
    return autotagging.schema_json()


@router.get("/autotagging/{auto_tag_id}")
async def get_auto_tag(auto_tag_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(AutoTag, auto_tag_id)
    if row is None:
        raise NotFound("Auto tag", auto_tag_id)
    return auto_tag_json(row)


@router.post("/autotagging", status_code=201)
async def create_auto_tag(body: AutoTagIn, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = AutoTag(**await _values(uow.session, body, None))
        uow.session.add(row)
        await uow.session.flush()
        return auto_tag_json(row)


@router.put("/autotagging", status_code=202)
@router.put("/autotagging/{auto_tag_id}", status_code=202)
async def update_auto_tag(body: AutoTagIn, ctx: CtxDep, auto_tag_id: Id | None = None) -> dict[str, Any]:
    target = auto_tag_id or body.id
    async with ctx.db.write() as uow:
        row = await uow.session.get(AutoTag, target) if target else None
        if row is None:
            raise NotFound("Auto tag", target)
        for key, value in (await _values(uow.session, body, row.id)).items():
            setattr(row, key, value)
        return auto_tag_json(row)


@router.delete("/autotagging/{auto_tag_id}")
async def delete_auto_tag(auto_tag_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(AutoTag, auto_tag_id)
        if row is None:
            raise NotFound("Auto tag", auto_tag_id)
        await uow.session.delete(row)
    return {}
