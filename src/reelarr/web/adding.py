"""Add movie: search TMDB, choose root folder, profile, monitoring, availability, tags, search on add."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reelarr import library
from reelarr.api.base import CtxDep
from reelarr.api.movie import AddOptionsIn, MovieIn, add_one, lookup
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.models import QualityProfile, RootFolder, Tag
from reelarr.web.base import UserDep, page, render, url
from reelarr.web.covers import poster_file

router = APIRouter()

MINIMUM_AVAILABILITY = (("announced", "Announced"), ("inCinemas", "In cinemas"), ("released", "Released"))


async def choices(ctx: Context) -> dict[str, Any]:
    async with ctx.db.read() as session:
        return {
            "root_folders": list(await session.scalars(select(RootFolder.path).order_by(RootFolder.path))),
            "profiles": list(await session.execute(select(QualityProfile.id, QualityProfile.name))),
            "tags": list(await session.execute(select(Tag.id, Tag.label).order_by(Tag.label))),
            "availabilities": MINIMUM_AVAILABILITY,
        }


async def _search(ctx: Context, term: str) -> dict[str, Any]:
    """TMDB's results for ``term``, or the reason there are none a user can act on."""
    if not term.strip():
        return {"results": [], "search_problem": ""}
    try:
        response = await lookup(ctx, view=None, term=term)
    except ValidationFailed as exc:
        return {"results": [], "search_problem": "; ".join(m for _, m in exc.problems)}
    except HTTPException as exc:
        return {"results": [], "search_problem": f"TMDB did not answer: {exc.detail}"}
    results = [{**movie, "poster": poster_file(movie)} for movie in json.loads(bytes(response.body))]
    return {"results": results, "search_problem": ""}


@router.get("/add")
async def add_page(request: Request, ctx: CtxDep, user: UserDep, term: str = "") -> Response:
    async def load() -> Mapping[str, Any]:
        return {"term": term, **await choices(ctx), **await _search(ctx, term), "problem": ""}

    if request.headers.get("hx-target") == "add-results":
        return render(request, ctx, "movies/_add_results.html", "Add movie", **await load())
    return await page(request, ctx, "movies/add.html", "Add movie", load)


@router.post("/add")
async def add(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    tags = [int(str(v)) for v in form.getlist("tags") if str(v).isdigit()]
    profile = str(form.get("qualityProfileId", ""))
    body = MovieIn(
        tmdb_id=int(str(form.get("tmdbId", "0") or 0)),
        title=str(form.get("title", "")),
        year=int(str(form.get("year", "0") or 0)),
        quality_profile_id=int(profile) if profile.isdigit() else 0,
        root_folder_path=str(form.get("rootFolderPath", "")) or None,
        monitored="monitored" in form,
        minimum_availability=str(form.get("minimumAvailability", "released")),
        tags=tags,
        add_options=AddOptionsIn(search_for_movie="searchForMovie" in form),
    )
    try:
        if not body.root_folder_path:
            raise ValidationFailed(("rootFolderPath", "Choose a root folder (add one under Settings first)"))
        tmdb = await library.optional_tmdb_client(ctx)
        await add_one(ctx, tmdb, body)
    except (ValidationFailed, HTTPException) as exc:
        problem = (
            "; ".join(m for _, m in exc.problems) if isinstance(exc, ValidationFailed) else str(exc.detail)
        )
        term = str(form.get("term", ""))
        data = {"term": term, **await choices(ctx), **await _search(ctx, term), "problem": problem}
        return render(request, ctx, "movies/add.html", "Add movie", 400, **data)
    return RedirectResponse(url(ctx, f"/?search={body.title}"), status_code=303)
