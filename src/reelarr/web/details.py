"""Movie details: metadata, poster, file, history; edit; interactive and automatic search; rename; delete."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reelarr import history, importing, library
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep
from reelarr.api.limits import Id
from reelarr.api.movie import save_movie_changes
from reelarr.api.moviefile import list_movie_files
from reelarr.api.release import ReleaseIn, grab_release, interactive_search, release_cache
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.files import MediaManagementConfig
from reelarr.library import MovieChanges
from reelarr.models import Credit, HistoryRecord, QualityProfile
from reelarr.web.adding import choices
from reelarr.web.base import UserDep, page, problems_by_field, render, url
from reelarr.web.movies import human_size

router = APIRouter()

CAST_SHOWN = 12
LEADING_JOBS = (
    "Director",
    "Screenplay",
    "Writer",
    "Novel",
    "Story",
    "Producer",
    "Original Music Composer",
    "Director of Photography",
    "Editor",
)


async def _details(ctx: Context, movie_id: int) -> dict[str, Any]:
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
        media = await settings_store.load(session, MediaManagementConfig)
        files = await list_movie_files(session, movie_id=[movie_id])
        versions = await library.load_movies(session, movie_ids=[movie_id], version=library.ALL_VERSIONS)
        profile_names = dict((await session.execute(select(QualityProfile.id, QualityProfile.name))).all())
        credits = list(
            await session.scalars(
                select(Credit)
                .where(Credit.movie_metadata_id == record.row.movie_metadata_id)
                .order_by(Credit.order, Credit.id)
            )
        )
    movie = record.row
    tags = _listed(movie.tags)
    return {
        "movie": movie,
        "profile": profile or "",
        "human_size": human_size,
        "has_fanart": any(i.get("coverType") == "fanart" for i in _listed(movie.images)),
        "files": files,
        "versions": _versions_shown(versions, files, profile_names),
        "version_names": version_names(versions),
        "file_versions": {
            r.row.file_id: r.row.version_name or "Default" for r in versions if r.row.file_id is not None
        },
        "cast": [c for c in credits if c.type == "cast"][:CAST_SHOWN],
        "crew": _leading_crew(credits),
        "genres": _listed(movie.genres),
        "history": records,
        "movie_tags": tags,
        **await choices(ctx),
        # The edit form starts from what is stored; after a refused save, from what was typed.
        "edit": MovieChanges(
            monitored=bool(movie.monitored),
            quality_profile_id=movie.quality_profile_id,
            minimum_availability=movie.minimum_availability,
            tags=tags,
            path=movie.path,
        ),
        "move_files": False,
        "problems": {},
        "recycle_bin": media.recycle_bin,
    }


def _versions_shown(
    versions: list[library.MovieRecord], files: list[dict[str, Any]], profile_names: dict[int, str]
) -> list[dict[str, Any]]:
    """Each version of a movie with several: its name, profile, folder and file; none for one."""
    if len(versions) < 2:
        return []
    by_id = {f["id"]: f for f in files}
    return [
        {
            "name": row.version_name or "Default",
            "is_default": bool(row.version_is_default),
            "profile": profile_names.get(row.quality_profile_id, ""),
            "monitored": bool(row.monitored),
            "path": row.path,
            "file": by_id.get(row.file_id) if row.file_id is not None else None,
        }
        for row in (record.row for record in versions)
    ]


def version_names(versions: list[library.MovieRecord]) -> dict[int | None, str]:
    """Version names by id, the default's also under None as history names it; empty for a movie
    with one version, whose tables need no Version column."""
    if len(versions) < 2:
        return {}
    names: dict[int | None, str] = {r.row.version_id: r.row.version_name or "Default" for r in versions}
    names[None] = next(r.row.version_name or "Default" for r in versions if r.row.version_is_default)
    return names


def _leading_crew(credits: list[Credit]) -> list[tuple[str, list[str]]]:
    """(job, names) for the jobs people look for first, in that order."""
    by_job: dict[str, list[str]] = {}
    for credit in credits:
        if credit.type == "crew" and credit.job in LEADING_JOBS:
            names = by_job.setdefault(credit.job, [])
            if credit.person_name not in names:
                names.append(credit.person_name)
    return [(job, by_job[job]) for job in LEADING_JOBS if job in by_job]


@router.get("/movie/{movie_id}")
async def movie_page(movie_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    return await page(
        request, ctx, "movies/details.html", f"Movie {movie_id}", lambda: _details(ctx, movie_id)
    )


@router.post("/movie/{movie_id}/edit")
async def edit(movie_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Save the edit form as ``PUT /api/v3/movie/{id}`` would, moving the folder if asked."""
    form = await request.form()
    profile = str(form.get("qualityProfileId", ""))
    changes = MovieChanges(
        monitored="monitored" in form,
        quality_profile_id=int(profile) if profile.isdigit() else 0,
        minimum_availability=str(form.get("minimumAvailability", "")),
        tags=[int(str(v)) for v in form.getlist("tags") if str(v).isdigit()],
        path=str(form.get("path", "")).strip() or None,
    )
    move_files = "moveFiles" in form
    try:
        await save_movie_changes(ctx, movie_id, changes, move_files=move_files)
    except (ValidationFailed, OSError) as exc:
        problems = (
            problems_by_field(exc)
            if isinstance(exc, ValidationFailed)
            else {"path": f"The folder could not be moved: {exc}"}
        )
        data = await _details(ctx, movie_id)
        data |= {"edit": changes, "move_files": move_files, "problems": problems}
        return render(request, ctx, "movies/details.html", f"Movie {movie_id}", 400, **data)
    return RedirectResponse(url(ctx, f"/movie/{movie_id}?saved=true"), status_code=303)


def _listed(value: Any) -> list[Any]:
    """A JSON list column as a list: the library's flat rows leave JSON documents as stored text."""
    if isinstance(value, str | bytes):
        value = json.loads(value or "[]")
    return value if isinstance(value, list) else []


@router.get("/movie/{movie_id}/releases")
async def releases_part(movie_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Interactive search: every release with its quality, formats, score and rejections."""
    try:
        async with ctx.db.read() as session:
            releases = await interactive_search(ctx, session, release_cache(request), movieId=movie_id)
            versions = await library.load_movies(session, movie_ids=[movie_id], version=library.ALL_VERSIONS)
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
        version_names=version_names(versions),
        human_size=human_size,
    )


@router.post("/movie/{movie_id}/releases/grab")
async def grab(
    movie_id: Id,
    request: Request,
    ctx: CtxDep,
    user: UserDep,
    indexerId: Annotated[int, Form()],
    guid: Annotated[str, Form()],
    movieVersionId: Annotated[Id | None, Form()] = None,
) -> Response:
    """Grab a result of the interactive search, for the version it was judged for."""
    try:
        async with ctx.db.read() as session:
            grabbed = await grab_release(
                ReleaseIn(
                    indexer_id=indexerId, guid=guid, movie_id=movie_id, movie_version_id=movieVersionId
                ),
                ctx,
                session,
                release_cache(request),
            )
    except (HTTPException, ValidationFailed) as exc:
        message = str(exc.detail) if isinstance(exc, HTTPException) else str(exc)
        return render(request, ctx, "movies/_grab_result.html", "Grab", ok=False, message=message)
    return render(request, ctx, "movies/_grab_result.html", "Grab", ok=True, message=grabbed["title"])


@router.get("/movie/{movie_id}/rename")
async def rename_part(movie_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """What renaming would change, with the current naming format."""
    renames = await importing.preview_renames(ctx, [movie_id])
    return render(request, ctx, "movies/_rename.html", "Rename", renames=renames, movie_id=movie_id)


@router.post("/movie/{movie_id}/rename")
async def rename(movie_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    file_ids = [int(str(v)) for v in (await request.form()).getlist("fileId") if str(v).isdigit()]
    if file_ids:
        body = {"name": "RenameFiles", "movieId": movie_id, "files": file_ids}
        await ctx.commands.enqueue("RenameFiles", body, user_agent="Reelarr UI")
    return RedirectResponse(url(ctx, f"/movie/{movie_id}?queued=RenameFiles"), status_code=303)


@router.post("/movie/{movie_id}/command/{name}")
async def movie_command(movie_id: Id, name: str, ctx: CtxDep, user: UserDep) -> Response:
    """Automatic search or refresh for this movie."""
    if name not in ("MoviesSearch", "RefreshMovie"):
        raise HTTPException(status_code=404, detail="Not Found")
    await ctx.commands.enqueue(name, {"name": name, "movieIds": [movie_id]}, user_agent="Reelarr UI")
    return RedirectResponse(url(ctx, f"/movie/{movie_id}?queued={name}"), status_code=303)


@router.post("/movie/{movie_id}/delete")
async def delete(
    movie_id: Id,
    request: Request,
    ctx: CtxDep,
    user: UserDep,
    deleteFiles: Annotated[bool, Form()] = False,
    addImportExclusion: Annotated[bool, Form()] = False,
) -> Response:
    try:
        await library.delete_movie(
            ctx, movie_id, delete_files=deleteFiles, add_import_exclusion=addImportExclusion
        )
    except ValidationFailed as exc:
        # The folder is not one Reelarr may delete (outside the root folders, say): say why.
        message = "; ".join(text for _, text in exc.problems)
        return render(request, ctx, "error.html", "Not deleted", 400, message=message)
    return RedirectResponse(url(ctx, "/"), status_code=303)
