"""Settings > Tags: every tag with what uses it (movies, profiles, providers, auto tagging), added,
renamed and deleted the way the API does it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.api.base import CtxDep
from reelarr.api.library import TagIn, create_tag, delete_tag, list_tag_details, update_tag
from reelarr.api.limits import Id
from reelarr.context import Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.models import AutoTag, DelayProfile, ProviderDefinition, ReleaseProfile
from reelarr.web.base import UserDep, page, render, url
from reelarr.web.settings import SECTIONS

router = APIRouter()

# What a tag's details list, in the order shown: (detail key, heading, page of one user).
USERS = (
    ("indexerIds", "Indexers", "/settings/indexers/{}"),
    ("downloadClientIds", "Download clients", "/settings/downloadclients/{}"),
    ("notificationIds", "Connections", "/settings/notifications/{}"),
    ("importListIds", "Import lists", "/settings/importlists/{}"),
    ("delayProfileIds", "Delay profiles", "/settings/profiles/delay/{}"),
    ("releaseProfileIds", "Release profiles", "/settings/profiles/release/{}"),
    ("autoTagIds", "Auto tagging", ""),
)


async def _names(session: AsyncSession) -> dict[str, dict[int, str]]:
    """The display name of everything a tag can be used by, per details key."""
    providers = list(await session.execute(select(ProviderDefinition.id, ProviderDefinition.name)))
    by_provider = {row.id: row.name for row in providers}
    delay = {
        row.id: f"Delay profile {n}"
        for n, row in enumerate(
            await session.execute(select(DelayProfile.id).order_by(DelayProfile.order)), 1
        )
    }
    release = {
        row.id: row.name or f"Release profile {row.id}"
        for row in await session.execute(select(ReleaseProfile.id, ReleaseProfile.name))
    }
    auto = {row.id: row.name for row in await session.execute(select(AutoTag.id, AutoTag.name))}
    names = {key: by_provider for key, _, _ in USERS[:4]}
    return {**names, "delayProfileIds": delay, "releaseProfileIds": release, "autoTagIds": auto}


def _usage(detail: dict[str, Any], names: dict[str, dict[int, str]]) -> list[dict[str, Any]]:
    """Each kind of user the tag has: heading, and (name, link) of each."""
    return [
        {
            "heading": heading,
            "users": [
                (names[key].get(user_id, f"#{user_id}"), url_pattern.format(user_id) if url_pattern else "")
                for user_id in detail[key]
            ],
        }
        for key, heading, url_pattern in USERS
        if detail.get(key)
    ]


async def _tags(ctx: Context) -> list[dict[str, Any]]:
    async with ctx.db.read() as session:
        details = await list_tag_details(session)
        names = await _names(session)
    shown = [
        {**detail, "usage": _usage(detail, names), "movies": len(detail["movieIds"])} for detail in details
    ]
    return sorted(shown, key=lambda tag: tag["label"])


async def _tags_page(request: Request, ctx: Context, status: int = 200, **shown: Any) -> Response:
    async def load() -> Mapping[str, Any]:
        return {"tags": await _tags(ctx), "sections": SECTIONS, "problem": "", "label": "", **shown}

    if status != 200:
        return render(request, ctx, "settings/tags.html", "Tags", status, **await load())
    return await page(request, ctx, "settings/tags.html", "Tags", load)


def _problem(exc: ValidationFailed | ValidationError) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(message for _, message in exc.problems)
    return "A tag's label is at most 100 characters"


@router.get("/settings/tags")
async def tags_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    return await _tags_page(request, ctx)


@router.post("/settings/tags")
async def add_tag(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    label = str((await request.form()).get("label", ""))
    try:
        await create_tag(TagIn(label=label), ctx)
    except (ValidationFailed, ValidationError) as exc:
        return await _tags_page(request, ctx, 400, problem=_problem(exc), label=label)
    return RedirectResponse(url(ctx, "/settings/tags"), status_code=303)


async def _tag_page(request: Request, ctx: Context, tag_id: int, status: int = 200, **shown: Any) -> Response:
    async def load() -> Mapping[str, Any]:
        tag = next((t for t in await _tags(ctx) if t["id"] == tag_id), None)
        if tag is None:
            raise NotFound("Tag", tag_id)
        return {"tag": tag, "sections": SECTIONS, "problem": "", "label": tag["label"], **shown}

    if status != 200:
        return render(request, ctx, "settings/tag.html", "Tag", status, **await load())
    return await page(request, ctx, "settings/tag.html", "Tag", load)


@router.get("/settings/tags/{tag_id}")
async def tag_page(tag_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    return await _tag_page(request, ctx, tag_id)


@router.post("/settings/tags/{tag_id}")
async def rename_tag(tag_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    label = str((await request.form()).get("label", ""))
    try:
        await update_tag(TagIn(label=label), ctx, tag_id)
    except (ValidationFailed, ValidationError) as exc:
        return await _tag_page(request, ctx, tag_id, 400, problem=_problem(exc), label=label)
    return RedirectResponse(url(ctx, "/settings/tags"), status_code=303)


@router.post("/settings/tags/{tag_id}/delete")
async def remove_tag(tag_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    await delete_tag(tag_id, ctx)
    return RedirectResponse(url(ctx, "/settings/tags"), status_code=303)
