"""Settings > Profiles: quality profiles (ordered items, groups, cutoff, format scores), delay
profiles and release profiles, each saved through the same service as the API.

A quality profile's items are edited as one row per quality, highest first as Radarr shows
them: drag a row (or use its move buttons) to reorder, and give neighbouring qualities the
same group name to group them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData

from reelarr import qualities
from reelarr.api.base import CtxDep
from reelarr.api.delayprofile import (
    DelayProfileIn,
    ReleaseProfileIn,
    create_delay_profile,
    create_release_profile,
    delete_delay_profile,
    delete_release_profile,
    get_delay_profile,
    get_release_profile,
    list_delay_profiles,
    list_release_profiles,
    update_delay_profile,
    update_release_profile,
)
from reelarr.api.limits import Id
from reelarr.api.profiles import (
    QualityProfileIn,
    create_quality_profile,
    delete_quality_profile,
    get_quality_profile,
    list_quality_profiles,
    quality_profile_schema,
    update_quality_profile,
)
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.models import ProviderDefinition, Tag
from reelarr.web.base import UserDep, page, problems_by_field, render, url
from reelarr.web.settings import SECTIONS

router = APIRouter()

FIRST_GROUP_ID = 1001  # Radarr numbers quality groups from 1000 up


def _problems(exc: ValidationFailed | ValidationError) -> dict[str, str]:
    if isinstance(exc, ValidationFailed):
        return problems_by_field(exc)
    return {str(e["loc"][0]): e["msg"] for e in exc.errors()}


async def _tags(ctx: Context) -> list[Any]:
    async with ctx.db.read() as session:
        return list(await session.execute(select(Tag.id, Tag.label).order_by(Tag.label)))


@router.get("/settings/profiles")
async def profiles_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            return {
                "profiles": await list_quality_profiles(session),
                "delay_profiles": await list_delay_profiles(session),
                "release_profiles": await list_release_profiles(session),
                "tag_labels": {tag.id: tag.label for tag in await _tags(ctx)},
                "sections": SECTIONS,
            }

    return await page(request, ctx, "settings/profiles.html", "Profiles", load)


# ---------------------------------------------------------------- quality profiles


def _rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per quality, highest first, each with its group's name and allowed flag."""
    rows = []
    for item in items:
        if item.get("items"):
            for child in item["items"]:
                quality = qualities.by_id(child["quality"]["id"])
                rows.append(
                    {
                        "id": quality.id,
                        "name": quality.name,
                        "allowed": item["allowed"],
                        "group": item["name"],
                    }
                )
        else:
            quality = qualities.by_id(item["quality"]["id"])
            rows.append({"id": quality.id, "name": quality.name, "allowed": item["allowed"], "group": ""})
    return list(reversed(rows))


def _cutoff_choices(items: list[dict[str, Any]], cutoff: int) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for every item, highest first; groups by name, qualities by id."""
    choices = []
    for item in reversed(items):
        if item.get("items"):
            choices.append((f"g:{item['name']}", item["name"], item["id"] == cutoff))
        else:
            quality_id = item["quality"]["id"]
            choices.append((f"q:{quality_id}", qualities.by_id(quality_id).name, quality_id == cutoff))
    return choices


def _items_from(form: FormData, current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The profile's items (lowest first, as the API keeps them) from the rows as submitted."""
    known_groups = {item["name"]: item["id"] for item in current if item.get("items")}
    next_id = max([FIRST_GROUP_ID - 1, *known_groups.values()]) + 1
    items: list[dict[str, Any]] = []
    used_ids: set[int] = set()
    for raw in reversed(form.getlist("quality")):
        quality_id = int(str(raw))
        quality = {"quality": {"id": quality_id}, "allowed": f"allowed-{quality_id}" in form, "items": []}
        group = str(form.get(f"group-{quality_id}", "")).strip()
        last = items[-1] if items else None
        if group and last is not None and last.get("items") and last["name"] == group:
            last["items"].append(quality)
            last["allowed"] = last["allowed"] or quality["allowed"]
        elif group:
            group_id = known_groups.get(group, 0)
            if not group_id or group_id in used_ids:
                group_id, next_id = next_id, next_id + 1
            used_ids.add(group_id)
            items.append({"id": group_id, "name": group, "allowed": quality["allowed"], "items": [quality]})
        else:
            items.append(quality)
    for item in items:
        for child in item["items"]:
            child["allowed"] = item["allowed"]
    return items


def _cutoff_from(value: str, items: list[dict[str, Any]]) -> int:
    """The chosen cutoff's id in the new items: a group by name, or the item holding a quality."""
    kind, _, key = value.partition(":")
    for item in items:
        if item.get("items"):
            if (kind == "g" and item["name"] == key) or (
                kind == "q" and key in {str(c["quality"]["id"]) for c in item["items"]}
            ):
                return int(item["id"])
        elif kind == "q" and str(item["quality"]["id"]) == key:
            return int(item["quality"]["id"])
    return 0


def _number(form: FormData, key: str, default: int = 0) -> int:
    raw = str(form.get(key, "")).strip()
    try:
        return int(raw)
    except ValueError:
        return default


def _quality_form(
    request: Request, ctx: Context, profile: dict[str, Any], problems: dict[str, str], status_code: int = 200
) -> Response:
    title = f"Quality profile {profile['name']}" if profile.get("id") else "New quality profile"
    return render(
        request,
        ctx,
        "settings/quality_profile.html",
        title,
        status_code,
        profile=profile,
        rows=_rows(profile["items"]),
        cutoffs=_cutoff_choices(profile["items"], profile["cutoff"]),
        problems=problems,
        sections=SECTIONS,
    )


async def _stored_profile(ctx: Context, profile_id: int) -> dict[str, Any]:
    async with ctx.db.read() as session:
        if profile_id:
            return await get_quality_profile(profile_id, session)
        return await quality_profile_schema(session)


@router.get("/settings/profiles/quality/{profile_id}")
async def quality_profile_page(profile_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        profile = await _stored_profile(ctx, profile_id)
        return {
            "profile": profile,
            "rows": _rows(profile["items"]),
            "cutoffs": _cutoff_choices(profile["items"], profile["cutoff"]),
            "problems": {},
            "sections": SECTIONS,
        }

    return await page(request, ctx, "settings/quality_profile.html", "Quality profile", load)


@router.post("/settings/profiles/quality/{profile_id}")
async def save_quality_profile(profile_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    current = await _stored_profile(ctx, profile_id)
    items = _items_from(form, current["items"])
    submitted = {
        **current,
        "name": str(form.get("name", "")),
        "upgradeAllowed": "upgradeAllowed" in form,
        "cutoff": _cutoff_from(str(form.get("cutoff", "")), items),
        "items": items,
        "minFormatScore": _number(form, "minFormatScore"),
        "cutoffFormatScore": _number(form, "cutoffFormatScore"),
        "minUpgradeFormatScore": _number(form, "minUpgradeFormatScore", 1),
        "formatItems": [
            {**f, "score": _number(form, f"score-{f['format']}", f["score"])} for f in current["formatItems"]
        ],
    }
    try:
        body = QualityProfileIn.model_validate(submitted)
        if profile_id:
            await update_quality_profile(body, ctx, profile_id)
        else:
            await create_quality_profile(body, ctx)
    except (ValidationFailed, ValidationError) as exc:
        return _quality_form(request, ctx, submitted, _problems(exc), 400)
    return RedirectResponse(url(ctx, "/settings/profiles"), status_code=303)


@router.post("/settings/profiles/quality/{profile_id}/delete")
async def remove_quality_profile(profile_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    try:
        await delete_quality_profile(profile_id, ctx)
    except ValidationFailed as exc:
        profile = await _stored_profile(ctx, profile_id)
        return _quality_form(request, ctx, profile, problems_by_field(exc), 400)
    return RedirectResponse(url(ctx, "/settings/profiles"), status_code=303)


# ---------------------------------------------------------------- delay and release profiles


def _tag_ids(form: FormData) -> list[int]:
    return [int(str(v)) for v in form.getlist("tags") if str(v).isdigit()]


async def _delay_form(
    request: Request, ctx: Context, profile: dict[str, Any], problems: dict[str, str], status_code: int = 200
) -> Response:
    return render(
        request,
        ctx,
        "settings/delay_profile.html",
        "Delay profile",
        status_code,
        profile=profile,
        tags=await _tags(ctx),
        problems=problems,
        sections=SECTIONS,
    )


@router.get("/settings/profiles/delay/{profile_id}")
async def delay_profile_page(profile_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        if profile_id:
            async with ctx.db.read() as session:
                profile = await get_delay_profile(profile_id, session)
        else:
            profile = {"id": 0, **DelayProfileIn().model_dump(by_alias=True, exclude={"id"})}
        return {"profile": profile, "tags": await _tags(ctx), "problems": {}, "sections": SECTIONS}

    return await page(request, ctx, "settings/delay_profile.html", "Delay profile", load)


@router.post("/settings/profiles/delay/{profile_id}")
async def save_delay_profile(profile_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    submitted = {
        "id": profile_id,
        "enableUsenet": "enableUsenet" in form,
        "enableTorrent": "enableTorrent" in form,
        "preferredProtocol": str(form.get("preferredProtocol", "usenet")),
        "usenetDelay": _number(form, "usenetDelay", -1),
        "torrentDelay": _number(form, "torrentDelay", -1),
        "bypassIfHighestQuality": "bypassIfHighestQuality" in form,
        "bypassIfAboveCustomFormatScore": "bypassIfAboveCustomFormatScore" in form,
        "minimumCustomFormatScore": _number(form, "minimumCustomFormatScore"),
        "tags": _tag_ids(form),
    }
    try:
        body = DelayProfileIn.model_validate(submitted)
        if profile_id:
            await update_delay_profile(body, ctx, profile_id)
        else:
            await create_delay_profile(body, ctx)
    except (ValidationFailed, ValidationError) as exc:
        return await _delay_form(request, ctx, submitted, _problems(exc), 400)
    return RedirectResponse(url(ctx, "/settings/profiles"), status_code=303)


@router.post("/settings/profiles/delay/{profile_id}/delete")
async def remove_delay_profile(profile_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    await delete_delay_profile(profile_id, ctx)
    return RedirectResponse(url(ctx, "/settings/profiles"), status_code=303)


async def _release_form(
    request: Request, ctx: Context, profile: dict[str, Any], problems: dict[str, str], status_code: int = 200
) -> Response:
    async with ctx.db.read() as session:
        indexers = list(
            await session.execute(
                select(ProviderDefinition.id, ProviderDefinition.name)
                .where(ProviderDefinition.kind == "indexer")
                .order_by(ProviderDefinition.name)
            )
        )
    return render(
        request,
        ctx,
        "settings/release_profile.html",
        "Release profile",
        status_code,
        profile=profile,
        tags=await _tags(ctx),
        indexers=indexers,
        problems=problems,
        sections=SECTIONS,
    )


@router.get("/settings/profiles/release/{profile_id}")
async def release_profile_page(profile_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    if profile_id:
        async with ctx.db.read() as session:
            profile = await get_release_profile(profile_id, session)
    else:
        profile = {"id": 0, **ReleaseProfileIn().model_dump(by_alias=True, exclude={"id"})}
    return await _release_form(request, ctx, profile, {})


@router.post("/settings/profiles/release/{profile_id}")
async def save_release_profile(profile_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    submitted = {
        "id": profile_id,
        "name": str(form.get("name", "")).strip() or None,
        "enabled": "enabled" in form,
        "required": str(form.get("required", "")),
        "ignored": str(form.get("ignored", "")),
        "indexerId": _number(form, "indexerId"),
        "tags": _tag_ids(form),
    }
    try:
        body = ReleaseProfileIn.model_validate(submitted)
        if profile_id:
            await update_release_profile(body, ctx, profile_id)
        else:
            await create_release_profile(body, ctx)
    except (ValidationFailed, ValidationError) as exc:
        return await _release_form(request, ctx, submitted, _problems(exc), 400)
    return RedirectResponse(url(ctx, "/settings/profiles"), status_code=303)


@router.post("/settings/profiles/release/{profile_id}/delete")
async def remove_release_profile(profile_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    await delete_release_profile(profile_id, ctx)
    return RedirectResponse(url(ctx, "/settings/profiles"), status_code=303)
