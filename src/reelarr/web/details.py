"""Movie details: metadata, poster, file, history; interactive and automatic search; rename; delete."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reelarr import history, importing, library
from reelarr.api.base import CtxDep
from reelarr.api.release import ReleaseIn, grab_release, interactive_search, release_cache
from reelarr.errors import ValidationFailed
from reelarr.models import HistoryRecord, QualityProfile
from reelarr.web.base import UserDep, page, render, url
from reelarr.web.movies import human_size, quality_name

router = APIRouter()


@router.get("/movie/{movie_id}")
async def movie_page(movie_id: int, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            record = await library.get_movie(session, movie_id)
            profile = await session.scalar(
                select(QualityProfile.name).where(QualityProfile.id == record.row.quality_profile_id)
            )
            events = await session.scalars(
                select(HistoryRecord)
                .where(HistoryRecord.movie_id == movie_id)
                .order_by(HistoryRecord.date.desc())
                .limit(50)
            )
            records = [history.history_json(row) for row in events]
        movie = record.row
        return {
            "movie": movie,
            "profile": profile or "",
            "quality": quality_name(movie.file_quality) if movie.file_id else "",
            "size": human_size(movie.file_size or 0),
            "has_poster": any(i.get("coverType") == "poster" for i in _listed(movie.images)),
            "genres": _listed(movie.genres),
            "history": records,
        }

    record_title = f"Movie {movie_id}"
    return await page(request, ctx, "movies/details.html", record_title, load)


def _listed(value: Any) -> list[Any]:
    """A JSON list column as a list: the library's flat rows leave JSON documents as stored text."""
    if isinstance(value, str | bytes):
        value = json.loads(value or "[]")
    return value if isinstance(value, list) else []


@router.get("/movie/{movie_id}/releases")
async def releases_part(movie_id: int, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Interactive search: every release with its quality, formats, score and rejections."""
    try:
        async with ctx.db.read() as session:
            releases = await interactive_search(ctx, session, release_cache(request), movieId=movie_id)
    except ValidationFailed as exc:
        return render(request, ctx, "movies/_releases.html", "Releases", releases=[], problem=str(exc))
    releases.sort(key=lambda r: (not r["approved"], -r.get("releaseWeight", 0)))
    return render(
        request,
        ctx,
        "movies/_releases.html",
        "Releases",
        releases=releases,
        problem="",
        movie_id=movie_id,
        human_size=human_size,
    )


@router.post("/movie/{movie_id}/releases/grab")
async def grab(
    movie_id: int,
    request: Request,
    ctx: CtxDep,
    user: UserDep,
    indexerId: Annotated[int, Form()],
    guid: Annotated[str, Form()],
) -> Response:
    try:
        async with ctx.db.read() as session:
            grabbed = await grab_release(
                ReleaseIn(indexer_id=indexerId, guid=guid, movie_id=movie_id),
                ctx,
                session,
                release_cache(request),
            )
    except (HTTPException, ValidationFailed) as exc:
        message = str(exc.detail) if isinstance(exc, HTTPException) else str(exc)
        return render(request, ctx, "movies/_grab_result.html", "Grab", ok=False, message=message)
    return render(request, ctx, "movies/_grab_result.html", "Grab", ok=True, message=grabbed["title"])


@router.get("/movie/{movie_id}/rename")
async def rename_part(movie_id: int, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """What renaming would change, with the current naming format."""
    renames = await importing.preview_renames(ctx, [movie_id])
    return render(request, ctx, "movies/_rename.html", "Rename", renames=renames, movie_id=movie_id)


@router.post("/movie/{movie_id}/rename")
async def rename(movie_id: int, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    file_ids = [int(str(v)) for v in (await request.form()).getlist("fileId") if str(v).isdigit()]
    if file_ids:
        body = {"name": "RenameFiles", "movieId": movie_id, "files": file_ids}
        await ctx.commands.enqueue("RenameFiles", body, user_agent="Reelarr UI")
    return RedirectResponse(url(ctx, f"/movie/{movie_id}?queued=RenameFiles"), status_code=303)


@router.post("/movie/{movie_id}/command/{name}")
async def movie_command(movie_id: int, name: str, ctx: CtxDep, user: UserDep) -> Response:
    """Automatic search or refresh for this movie."""
    if name not in ("MoviesSearch", "RefreshMovie"):
        raise HTTPException(status_code=404, detail="Not Found")
    await ctx.commands.enqueue(name, {"name": name, "movieIds": [movie_id]}, user_agent="Reelarr UI")
    return RedirectResponse(url(ctx, f"/movie/{movie_id}?queued={name}"), status_code=303)


@router.post("/movie/{movie_id}/delete")
async def delete(
    movie_id: int,
    ctx: CtxDep,
    user: UserDep,
    deleteFiles: Annotated[bool, Form()] = False,
    addImportExclusion: Annotated[bool, Form()] = False,
) -> Response:
    await library.delete_movie(
        ctx, movie_id, delete_files=deleteFiles, add_import_exclusion=addImportExclusion
    )
    return RedirectResponse(url(ctx, "/"), status_code=303)
