"""Library import of existing movie folders, and manual import of video files from any folder.

Library import proposes a TMDB movie for each folder of a root folder that no movie uses yet;
the user confirms (or corrects the TMDB id) before anything is added. Manual import lists a
folder's video files with the movie, quality and rejections Reelarr sees; the user may pick
another movie (or the movie for a file Reelarr could not match) and quality for each, and the
ticked files are imported with the ``ManualImport`` command.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reelarr import importing, library, qualities
from reelarr.api.base import CtxDep
from reelarr.api.movie import MovieIn, import_movies, tmdb_errors
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.models import Movie, MovieMetadata
from reelarr.qualities import Revision
from reelarr.web.activity import ACTIVITY
from reelarr.web.adding import choices
from reelarr.web.base import UserDep, page, render, url
from reelarr.web.movies import human_size, quality_name

router = APIRouter()


def _problem(exc: ValidationFailed | HTTPException) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(message for _, message in exc.problems)
    return f"TMDB did not answer: {exc.detail}"


async def _proposals(ctx: Context, root_folder: str) -> dict[str, Any]:
    if not root_folder:
        return {"folders": [], "problem": ""}
    try:
        with tmdb_errors():
            matches = await library.match_unmapped_folders(ctx, root_folder)
    except (ValidationFailed, HTTPException) as exc:
        return {"folders": [], "problem": _problem(exc)}
    return {"folders": matches, "problem": ""}


@router.get("/add/import")
async def library_import_page(request: Request, ctx: CtxDep, user: UserDep, rootFolder: str = "") -> Response:
    async def load() -> Mapping[str, Any]:
        return {"root_folder": rootFolder, **await choices(ctx), **await _proposals(ctx, rootFolder)}

    return await page(request, ctx, "movies/import.html", "Library import", load)


@router.post("/add/import")
async def library_import(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Add the ticked folders as the movies the user confirmed, with the settings chosen once for all."""
    form = await request.form()
    root_folder = str(form.get("rootFolder", ""))
    profile = str(form.get("qualityProfileId", ""))
    chosen = []
    for index in form.getlist("import"):
        tmdb_id = str(form.get(f"tmdbId-{index}", "")).strip()
        if not tmdb_id.isdigit():
            continue
        chosen.append(
            MovieIn(
                tmdb_id=int(tmdb_id),
                title=str(form.get(f"title-{index}", "")),
                path=str(form.get(f"path-{index}", "")),
                root_folder_path=root_folder,
                quality_profile_id=int(profile) if profile.isdigit() else 0,
                monitored="monitored" in form,
                minimum_availability=str(form.get("minimumAvailability", "released")),
            )
        )
    try:
        if not chosen:
            raise ValidationFailed(("import", "Tick the folders to import, each with a TMDB id"))
        await import_movies(chosen, ctx)
    except (ValidationFailed, HTTPException) as exc:
        data = {"root_folder": root_folder, **await choices(ctx), **await _proposals(ctx, root_folder)}
        return render(
            request, ctx, "movies/import.html", "Library import", 400, **{**data, "problem": _problem(exc)}
        )
    return RedirectResponse(url(ctx, "/"), status_code=303)


# ---------------------------------------------------------------- manual import


def _file_row(task: importing.ImportTask) -> dict[str, Any]:
    movie = task.movie.row if task.movie else None
    return {
        "path": str(task.path),
        "name": task.path.name,
        "size": human_size(task.size),
        "movie_id": movie.id if movie else 0,
        "movie": f"{movie.title} ({movie.year})" if movie else "",
        "quality": quality_name(importing.quality_json(task.quality.quality, task.quality.revision)),
        "quality_id": task.quality.quality.id,
        "format_score": task.format_score,
        "rejections": [r.reason for r in task.rejections],
    }


async def _library_movies(ctx: Context) -> list[tuple[int, str]]:
    """Every library movie as (id, "Title (year)"), for rows the user matches by hand."""
    async with ctx.db.read() as session:
        rows = await session.execute(
            select(Movie.id, MovieMetadata.title, MovieMetadata.year)
            .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
            .order_by(MovieMetadata.sort_title)
        )
        return [(row.id, f"{row.title} ({row.year})") for row in rows]


@router.get("/activity/manualimport")
async def manual_import_page(request: Request, ctx: CtxDep, user: UserDep, folder: str = "") -> Response:
    async def load() -> Mapping[str, Any]:
        files: list[dict[str, Any]] = []
        problem = ""
        if folder:
            if not Path(folder).is_absolute() or not Path(folder).is_dir():
                problem = f"{folder} is not a folder Reelarr can read"
            else:
                files = [_file_row(task) for task in await importing.propose_imports(ctx, Path(folder))]
        return {
            "folder": folder,
            "files": files,
            "problem": problem,
            "sections": ACTIVITY,
            "library": await _library_movies(ctx) if files else [],
            "qualities": [(quality.id, quality.name) for quality in qualities.ALL],
        }

    return await page(request, ctx, "activity/manualimport.html", "Manual import", load)


@router.post("/activity/manualimport")
async def manual_import(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Queue ``ManualImport`` for the ticked files, each with the movie and quality the user left
    or chose; a quality is sent only when changed, so a detected proper keeps its revision."""
    form = await request.form()
    files = []
    for index in form.getlist("import"):
        movie_id = str(form.get(f"movieId-{index}", ""))
        if not (movie_id.isdigit() and int(movie_id)):
            continue
        chosen: dict[str, Any] = {"path": str(form.get(f"path-{index}", "")), "movieId": int(movie_id)}
        quality_id = str(form.get(f"quality-{index}", ""))
        if quality_id.isdigit() and quality_id != str(form.get(f"detectedQuality-{index}", "")):
            chosen["quality"] = importing.quality_json(qualities.by_id(int(quality_id)), Revision())
        files.append(chosen)
    if not files:
        return RedirectResponse(
            url(ctx, f"/activity/manualimport?folder={form.get('folder', '')}"), status_code=303
        )
    body = {"name": "ManualImport", "files": files, "importMode": str(form.get("importMode", "auto"))}
    await ctx.commands.enqueue("ManualImport", body, user_agent="Reelarr UI")
    return RedirectResponse(url(ctx, "/system/tasks"), status_code=303)
