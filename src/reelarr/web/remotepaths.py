"""Settings > Remote path mappings: where a download client's folders are on this machine, when the
client runs elsewhere (another host, a container); listed, added, edited and deleted as the API does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from reelarr.api.base import CtxDep
from reelarr.api.limits import Id
from reelarr.api.remotepathmapping import (
    MappingIn,
    create_mapping,
    delete_mapping,
    get_mapping,
    list_mappings,
    update_mapping,
)
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.models import ProviderDefinition
from reelarr.web.base import UserDep, page, problems_by_field, render, url
from reelarr.web.settings import SECTIONS

router = APIRouter()
BASE = "/settings/remotepathmappings"


async def _client_hosts(ctx: Context) -> list[str]:
    """The hosts of the download clients, offered as the mapping's host."""
    async with ctx.db.read() as session:
        rows = await session.scalars(
            select(ProviderDefinition.settings).where(ProviderDefinition.kind == "downloadclient")
        )
        return sorted({str(s["host"]) for s in rows if isinstance(s, dict) and s.get("host")})


def _submitted(form: Mapping[str, Any]) -> dict[str, str]:
    return {key: str(form.get(key, "")) for key in ("host", "remotePath", "localPath")}


def _problems(exc: ValidationFailed | ValidationError) -> dict[str, str]:
    if isinstance(exc, ValidationFailed):
        return problems_by_field(exc)
    return {str(e["loc"][-1]): e["msg"] for e in exc.errors()}


async def _page(
    request: Request, ctx: Context, mapping: dict[str, Any], status: int = 200, **shown: Any
) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            mappings = await list_mappings(session)
        return {
            "mappings": mappings,
            "mapping": mapping,
            "hosts": await _client_hosts(ctx),
            "problems": {},
            "sections": SECTIONS,
            **shown,
        }

    title = "Remote path mappings"
    if status != 200:
        return render(request, ctx, "settings/remotepaths.html", title, status, **await load())
    return await page(request, ctx, "settings/remotepaths.html", title, load)


@router.get(BASE)
async def mappings_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    return await _page(request, ctx, {"id": 0, "host": "", "remotePath": "", "localPath": ""})


@router.get(BASE + "/{mapping_id}")
async def mapping_page(mapping_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async with ctx.db.read() as session:
        mapping = await get_mapping(mapping_id, session)
    return await _page(request, ctx, mapping)


@router.post(BASE)
async def add_mapping(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    submitted = _submitted(await request.form())
    try:
        await create_mapping(MappingIn.model_validate(submitted), ctx)
    except (ValidationFailed, ValidationError) as exc:
        return await _page(request, ctx, {"id": 0, **submitted}, 400, problems=_problems(exc))
    return RedirectResponse(url(ctx, BASE), status_code=303)


@router.post(BASE + "/{mapping_id}")
async def save_mapping(mapping_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    submitted = _submitted(await request.form())
    try:
        await update_mapping(MappingIn.model_validate(submitted), ctx, mapping_id)
    except (ValidationFailed, ValidationError) as exc:
        return await _page(request, ctx, {"id": mapping_id, **submitted}, 400, problems=_problems(exc))
    return RedirectResponse(url(ctx, BASE), status_code=303)


@router.post(BASE + "/{mapping_id}/delete")
async def remove_mapping(mapping_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    await delete_mapping(mapping_id, ctx)
    return RedirectResponse(url(ctx, BASE), status_code=303)
