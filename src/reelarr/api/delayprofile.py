"""``/api/v3/delayprofile`` and ``/api/v3/releaseprofile``: how long to wait, and which titles to refuse.

Delay profiles follow Radarr's rules: the default one (no tags, last in order) always exists
and cannot be deleted; every other one needs tags, and no tag may belong to two profiles.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from pydantic import Field, field_validator
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import INT32_MAX, Id, Int32
from reelarr.errors import NotFound, ValidationFailed
from reelarr.models import DelayProfile, ReleaseProfile, Tag
from reelarr.profiles import TORRENT, USENET

router = APIRouter()

DEFAULT_ORDER = 2**31 - 1


# ---------------------------------------------------------------- delay profiles


def delay_profile_json(row: DelayProfile) -> dict[str, Any]:
    return {
        "id": row.id,
        "enableUsenet": row.enable_usenet,
        "enableTorrent": row.enable_torrent,
        "preferredProtocol": row.preferred_protocol,
        "usenetDelay": row.usenet_delay,
        "torrentDelay": row.torrent_delay,
        "bypassIfHighestQuality": row.bypass_if_highest_quality,
        "bypassIfAboveCustomFormatScore": row.bypass_if_above_custom_format_score,
        "minimumCustomFormatScore": row.minimum_custom_format_score,
        "order": row.order,
        "tags": list(row.tags or ()),
    }


class DelayProfileIn(ApiModel):
    id: Int32 | None = None
    enable_usenet: bool = True
    enable_torrent: bool = True
    preferred_protocol: str = USENET
    usenet_delay: int = Field(default=0, ge=0, le=INT32_MAX)
    torrent_delay: int = Field(default=0, ge=0, le=INT32_MAX)
    bypass_if_highest_quality: bool = False
    bypass_if_above_custom_format_score: bool = False
    minimum_custom_format_score: Int32 = 0
    order: Int32 | None = None
    tags: list[Int32] = Field(default_factory=list)


async def _ordered(session: AsyncSession) -> list[DelayProfile]:
    return list(await session.scalars(select(DelayProfile).order_by(DelayProfile.order, DelayProfile.id)))


def _is_default(row: DelayProfile) -> bool:
    return row.order == DEFAULT_ORDER and not row.tags


async def _check_delay_profile(session: AsyncSession, body: DelayProfileIn, row: DelayProfile | None) -> None:
    problems: list[tuple[str, str]] = []
    if not body.enable_usenet and not body.enable_torrent:
        problems.append(("enableUsenet", "Either Usenet or Torrent should be enabled"))
    if body.preferred_protocol not in (USENET, TORRENT):
        problems.append(("preferredProtocol", "Preferred protocol must be usenet or torrent"))
    if row is None or not _is_default(row):
        if not body.tags:
            problems.append(("tags", "Non-default profiles require at least one tag"))
        others = [other for other in await _ordered(session) if row is None or other.id != row.id]
        if set(body.tags) & {tag for other in others for tag in other.tags or ()}:
            problems.append(("tags", "One or more tags is used in another profile"))
    known = set(await session.scalars(select(Tag.id)))
    if set(body.tags) - known:
        problems.append(("tags", "One or more tags do not exist"))
    if problems:
        raise ValidationFailed(*problems, attempted={"tags": body.tags})


def _apply_delay_profile(row: DelayProfile, body: DelayProfileIn) -> None:
    row.enable_usenet = body.enable_usenet
    row.enable_torrent = body.enable_torrent
    row.preferred_protocol = body.preferred_protocol
    row.usenet_delay = body.usenet_delay
    row.torrent_delay = body.torrent_delay
    row.bypass_if_highest_quality = body.bypass_if_highest_quality
    row.bypass_if_above_custom_format_score = body.bypass_if_above_custom_format_score
    row.minimum_custom_format_score = body.minimum_custom_format_score
    if not _is_default(row):
        row.tags = sorted(set(body.tags))


@router.get("/delayprofile", tags=["DelayProfile"])
async def list_delay_profiles(session: SessionDep) -> list[dict[str, Any]]:
    return [delay_profile_json(row) for row in await _ordered(session)]


@router.get("/delayprofile/{profile_id}", tags=["DelayProfile"])
async def get_delay_profile(profile_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(DelayProfile, profile_id)
    if row is None:
        raise NotFound("Delay profile", profile_id)
    return delay_profile_json(row)


@router.post("/delayprofile", status_code=201, tags=["DelayProfile"])
async def create_delay_profile(body: DelayProfileIn, ctx: CtxDep) -> dict[str, Any]:
    """A new profile goes just before the default one."""
    async with ctx.db.write() as uow:
        await _check_delay_profile(uow.session, body, None)
        count = await uow.session.scalar(select(func.count()).select_from(DelayProfile))
        row = DelayProfile(order=count or 0, tags=[])
        _apply_delay_profile(row, body)
        uow.session.add(row)
        await uow.session.flush()
    return delay_profile_json(row)


@router.put("/delayprofile", status_code=202, tags=["DelayProfile"])
@router.put("/delayprofile/{profile_id}", status_code=202, tags=["DelayProfile"])
async def update_delay_profile(
    body: DelayProfileIn, ctx: CtxDep, profile_id: Id | None = None
) -> dict[str, Any]:
    target = profile_id or body.id
    async with ctx.db.write() as uow:
        row = await uow.session.get(DelayProfile, target) if target else None
        if row is None:
            raise NotFound("Delay profile", target)
        await _check_delay_profile(uow.session, body, row)
        _apply_delay_profile(row, body)
    return delay_profile_json(row)


@router.delete("/delayprofile/{profile_id}", tags=["DelayProfile"])
async def delete_delay_profile(profile_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(DelayProfile, profile_id)
        if row is None:
            raise NotFound("Delay profile", profile_id)
        if _is_default(row):
            raise ValidationFailed(("id", "The default delay profile cannot be deleted"))
        await uow.session.delete(row)
        await uow.session.flush()
        _renumber([other for other in await _ordered(uow.session) if other.id != row.id])
    return {}


def _renumber(rows: list[DelayProfile]) -> None:
    """Orders 1, 2, 3... with the default profile kept last."""
    for position, row in enumerate((r for r in rows if not _is_default(r)), start=1):
        row.order = position


@router.put("/delayprofile/reorder/{profile_id}", tags=["DelayProfile"])
async def reorder_delay_profile(
    profile_id: Id, ctx: CtxDep, after: int | None = None
) -> list[dict[str, Any]]:
    """Move a profile to just after ``after`` (to the top without it); the default stays last."""
    async with ctx.db.write() as uow:
        rows = await _ordered(uow.session)
        moving = next((row for row in rows if row.id == profile_id), None)
        if moving is None:
            raise NotFound("Delay profile", profile_id)
        if _is_default(moving):
            raise ValidationFailed(("id", "The default delay profile is always last"))
        rows.remove(moving)
        position = next((i + 1 for i, row in enumerate(rows) if row.id == after), 0)
        rows.insert(position, moving)
        _renumber(rows)
        result = [delay_profile_json(row) for row in sorted(rows, key=lambda r: r.order)]
    return result


# ---------------------------------------------------------------- release profiles


def release_profile_json(row: ReleaseProfile) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "enabled": row.enabled,
        "required": list(row.required or ()),
        "ignored": list(row.ignored or ()),
        "indexerId": row.indexer_id,
        "tags": list(row.tags or ()),
    }


_SEPARATORS = re.compile(r"[,\n]")


class ReleaseProfileIn(ApiModel):
    id: Int32 | None = None
    name: str | None = None
    enabled: bool = True
    required: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list)
    indexer_id: Int32 = 0
    tags: list[Int32] = Field(default_factory=list)

    @field_validator("required", "ignored", mode="before")
    @classmethod
    def _terms(cls, value: Any) -> Any:
        """Older clients send the terms as one comma-separated string."""
        if value is None:
            return []
        if isinstance(value, str):
            return [term.strip() for term in _SEPARATORS.split(value) if term.strip()]
        return value


async def _release_profile_values(session: AsyncSession, body: ReleaseProfileIn) -> dict[str, Any]:
    required = [term.strip() for term in body.required if term.strip()]
    ignored = [term.strip() for term in body.ignored if term.strip()]
    problems: list[tuple[str, str]] = []
    if not required and not ignored:
        problems.append(("required", "'Must contain' or 'Must not contain' is required"))
    if set(body.tags) - set(await session.scalars(select(Tag.id))):
        problems.append(("tags", "One or more tags do not exist"))
    if problems:
        raise ValidationFailed(*problems)
    return {
        "name": body.name,
        "enabled": body.enabled,
        "required": required,
        "ignored": ignored,
        "indexer_id": body.indexer_id,
        "tags": sorted(set(body.tags)),
    }


@router.get("/releaseprofile", tags=["ReleaseProfile"])
async def list_release_profiles(session: SessionDep) -> list[dict[str, Any]]:
    rows = await session.scalars(select(ReleaseProfile).order_by(ReleaseProfile.id))
    return [release_profile_json(row) for row in rows]


@router.get("/releaseprofile/{profile_id}", tags=["ReleaseProfile"])
async def get_release_profile(profile_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(ReleaseProfile, profile_id)
    if row is None:
        raise NotFound("Release profile", profile_id)
    return release_profile_json(row)


@router.post("/releaseprofile", status_code=201, tags=["ReleaseProfile"])
async def create_release_profile(body: ReleaseProfileIn, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = ReleaseProfile(**await _release_profile_values(uow.session, body))
        uow.session.add(row)
        await uow.session.flush()
    return release_profile_json(row)


@router.put("/releaseprofile", status_code=202, tags=["ReleaseProfile"])
@router.put("/releaseprofile/{profile_id}", status_code=202, tags=["ReleaseProfile"])
async def update_release_profile(
    body: ReleaseProfileIn, ctx: CtxDep, profile_id: Id | None = None
) -> dict[str, Any]:
    target = profile_id or body.id
    async with ctx.db.write() as uow:
        row = await uow.session.get(ReleaseProfile, target) if target else None
        if row is None:
            raise NotFound("Release profile", target)
        for key, value in (await _release_profile_values(uow.session, body)).items():
            setattr(row, key, value)
    return release_profile_json(row)


@router.delete("/releaseprofile/{profile_id}", tags=["ReleaseProfile"])
async def delete_release_profile(profile_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(ReleaseProfile, profile_id)
        if row is None:
            raise NotFound("Release profile", profile_id)
        await uow.session.delete(row)
    return {}
