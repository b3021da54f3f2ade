"""The first-run guide: TMDB key, root folder, quality profile, indexer, download client.

It is a page of steps, each saying whether it is done; the Movies page points to it while
anything essential is missing, and System lists it. Nothing blocks a user who skips it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select

from reelarr import library, metadata
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep
from reelarr.api.config import check_section
from reelarr.api.filesystem import list_folder
from reelarr.api.library import RootFolderIn, add_root_folder
from reelarr.context import Context
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.errors import ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.indexers import INDEXERS
from reelarr.models import ProviderDefinition, QualityProfile, RootFolder
from reelarr.web.base import UserDep, page, problems_by_field, render, url

router = APIRouter()


@dataclass(frozen=True)
class SetupState:
    tmdb_key: bool
    root_folders: int
    profiles: list[tuple[int, str]]
    indexers: int
    download_clients: int

    @property
    def missing(self) -> list[str]:
        """The essential steps still to do, as the guide names them."""
        steps = {
            "TMDB API key": self.tmdb_key,
            "Root folder": self.root_folders > 0,
            "Indexer": self.indexers > 0,
            "Download client": self.download_clients > 0,
        }
        return [name for name, done in steps.items() if not done]


async def setup_state(ctx: Context) -> SetupState:
    async with ctx.db.read() as session:

        async def providers(kind: str) -> int:
            count = (
                select(func.count()).select_from(ProviderDefinition).where(ProviderDefinition.kind == kind)
            )
            return await session.scalar(count) or 0

        return SetupState(
            tmdb_key=bool((await metadata.load_settings(session)).tmdb_api_key.strip()),
            root_folders=await session.scalar(select(func.count()).select_from(RootFolder)) or 0,
            profiles=[
                (row.id, row.name)
                for row in await session.scalars(select(QualityProfile).order_by(QualityProfile.id))
            ],
            indexers=await providers(INDEXERS.kind),
            download_clients=await providers(DOWNLOAD_CLIENTS.kind),
        )


async def _guide(request: Request, ctx: Context, status_code: int = 200, **extra: Any) -> Response:
    state = await setup_state(ctx)
    return render(request, ctx, "welcome.html", "Set-up guide", status_code, state=state, **extra)


@router.get("/welcome")
async def welcome_page(request: Request, ctx: CtxDep, user: UserDep, tmdb: str = "") -> Response:
    async def load() -> Mapping[str, Any]:
        return {"state": await setup_state(ctx), "tmdb_result": tmdb}

    return await page(request, ctx, "welcome.html", "Set-up guide", load)


@router.post("/welcome/tmdb")
async def save_tmdb_key(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Save the key (and the TMDB address when given), then try it with one search."""
    form = await request.form()
    changes = {"tmdb_api_key": str(form.get("tmdbApiKey", "")).strip()}
    if str(form.get("tmdbBaseUrl", "")).strip():
        changes["tmdb_base_url"] = str(form.get("tmdbBaseUrl")).strip()
    try:
        async with ctx.db.write() as uow:
            value = (await metadata.load_settings(uow.session)).model_copy(update=changes)
            check_section(value)
            await settings_store.save(uow.session, value)
            uow.publish(ConfigChanged(value.section))
    except ValidationFailed as exc:
        return await _guide(request, ctx, 400, tmdb_problem="; ".join(m for _, m in exc.problems))
    try:
        await (await library.tmdb_client(ctx)).search("The Matrix")
    except Exception as exc:  # the user reads why; the guide stays usable
        return await _guide(request, ctx, 400, tmdb_problem=f"TMDB did not accept it: {exc}")
    return RedirectResponse(url(ctx, "/welcome?tmdb=works"), status_code=303)


@router.get("/welcome/folders")
async def folder_picker(request: Request, ctx: CtxDep, user: UserDep, path: str = "/") -> Response:
    """The folder picker: the folder being looked at and its sub-folders, to go into or choose."""
    try:
        listing = await asyncio.to_thread(list_folder, path, include_files=False, allow_without_slash=True)
    except ValidationFailed as exc:
        listing, problem = {"parent": None, "directories": []}, "; ".join(m for _, m in exc.problems)
    else:
        problem = ""
    return render(request, ctx, "_folder_picker.html", "Folders", path=path, listing=listing, problem=problem)


@router.post("/welcome/rootfolder")
async def add_guide_root_folder(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    path = str((await request.form()).get("path", ""))
    try:
        await add_root_folder(RootFolderIn(path=path), ctx)
    except ValidationFailed as exc:
        return await _guide(request, ctx, 400, folder_problems=problems_by_field(exc), path=path)
    return RedirectResponse(url(ctx, "/welcome"), status_code=303)
