"""Activity (queue with live progress, history, blocklist) and Wanted (missing, cutoff unmet)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select

from reelarr import history, search
from reelarr.api.base import CtxDep, Paging
from reelarr.api.history import list_blocklist
from reelarr.api.limits import Id
from reelarr.api.queue import queue_records, remove_queue_item
from reelarr.context import Context
from reelarr.models import HistoryRecord, Movie, MovieMetadata
from reelarr.web.base import UserDep, page, render, url

router = APIRouter()

PAGE_SIZE = 50
ACTIVITY = (
    ("/activity/queue", "Queue"),
    ("/activity/history", "History"),
    ("/activity/blocklist", "Blocklist"),
    ("/activity/manualimport", "Manual import"),
)
WANTED = (("/wanted/missing", "Missing"), ("/wanted/cutoffunmet", "Cutoff unmet"))


async def _titles(ctx: Context, movie_ids: set[int]) -> dict[int, str]:
    if not movie_ids:
        return {}
    async with ctx.db.read() as session:
        rows = await session.execute(
            select(Movie.id, MovieMetadata.title, MovieMetadata.year)
            .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
            .where(Movie.id.in_(movie_ids))
        )
        return {row.id: f"{row.title} ({row.year})" for row in rows}


def _progress(record: dict[str, Any]) -> int:
    size = record.get("size") or 0
    return round(100 * (size - (record.get("sizeleft") or 0)) / size) if size else 0


async def _queue(ctx: Context) -> list[dict[str, Any]]:
    records = await queue_records(ctx)
    titles = await _titles(ctx, {r["movieId"] for r in records if r.get("movieId")})
    return [
        {**r, "movie": titles.get(r.get("movieId") or 0, ""), "progress": _progress(r)}
        for r in sorted(records, key=lambda r: r.get("timeleft") or "")
    ]


@router.get("/activity")
async def activity_home(ctx: CtxDep, user: UserDep) -> Response:
    return RedirectResponse(url(ctx, "/activity/queue"), status_code=303)


@router.get("/activity/queue")
async def queue_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        return {"queue": await _queue(ctx), "sections": ACTIVITY}

    return await page(request, ctx, "activity/queue.html", "Queue", load)


@router.get("/activity/queue/items")
async def queue_items(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """The queue's rows alone, polled by the queue page for live progress."""
    return render(request, ctx, "activity/_queue.html", "Queue", queue=await _queue(ctx))


@router.post("/activity/queue/{queue_id}/remove")
async def remove_from_queue(
    queue_id: Id,
    ctx: CtxDep,
    user: UserDep,
    blocklist: Annotated[bool, Form()] = False,
    removeFromClient: Annotated[bool, Form()] = False,
) -> Response:
    await remove_queue_item(
        ctx,
        queue_id,
        remove_from_client=removeFromClient,
        blocklist=blocklist,
        skip_redownload=False,
        change_category=False,
    )
    return RedirectResponse(url(ctx, "/activity/queue"), status_code=303)


@router.get("/activity/history")
async def history_page(request: Request, ctx: CtxDep, user: UserDep, page_number: int = 1) -> Response:
    async def load() -> Mapping[str, Any]:
        number = max(page_number, 1)
        async with ctx.db.read() as session:
            total = await session.scalar(select(func.count()).select_from(HistoryRecord)) or 0
            rows = await session.scalars(
                select(HistoryRecord)
                .order_by(HistoryRecord.date.desc(), HistoryRecord.id.desc())
                .offset((number - 1) * PAGE_SIZE)
                .limit(PAGE_SIZE)
            )
            records = [history.history_json(row) for row in rows]
        titles = await _titles(ctx, {r["movieId"] for r in records if r.get("movieId")})
        return {
            "records": [{**r, "movie": titles.get(r["movieId"], "")} for r in records],
            "page_number": number,
            "has_more": number * PAGE_SIZE < total,
            "sections": ACTIVITY,
        }

    return await page(request, ctx, "activity/history.html", "History", load)


@router.get("/activity/blocklist")
async def blocklist_page(request: Request, ctx: CtxDep, user: UserDep, page_number: int = 1) -> Response:
    async def load() -> Mapping[str, Any]:
        number = max(page_number, 1)
        async with ctx.db.read() as session:
            listed = await list_blocklist(session, Paging(page=number, page_size=PAGE_SIZE))
        records = listed["records"]
        titles = await _titles(ctx, {r["movieId"] for r in records if r.get("movieId")})
        return {
            "records": [{**r, "movie": titles.get(r["movieId"], "")} for r in records],
            "page_number": number,
            "has_more": number * PAGE_SIZE < listed["totalRecords"],
            "sections": ACTIVITY,
        }

    return await page(request, ctx, "activity/blocklist.html", "Blocklist", load)


# ---------------------------------------------------------------- wanted


async def _wanted(ctx: Context, which: str, number: int) -> dict[str, Any]:
    async with ctx.db.read() as session:
        if which == "missing":
            records = await search.missing(session, monitored=True)
        else:
            records = await search.cutoff_unmet(session, monitored=True)
    records.sort(key=lambda r: r.row.sort_title)
    shown = records[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return {
        "movies": [
            {"id": r.row.id, "title": r.row.title, "year": r.row.year, "status": r.row.status} for r in shown
        ],
        "total": len(records),
        "page_number": number,
        "has_more": number * PAGE_SIZE < len(records),
        "which": which,
        "sections": WANTED,
    }


@router.get("/wanted")
async def wanted_home(ctx: CtxDep, user: UserDep) -> Response:
    return RedirectResponse(url(ctx, "/wanted/missing"), status_code=303)


@router.get("/wanted/missing")
async def missing_page(request: Request, ctx: CtxDep, user: UserDep, page_number: int = 1) -> Response:
    return await page(
        request, ctx, "activity/wanted.html", "Missing", lambda: _wanted(ctx, "missing", max(page_number, 1))
    )


@router.get("/wanted/cutoffunmet")
async def cutoff_page(request: Request, ctx: CtxDep, user: UserDep, page_number: int = 1) -> Response:
    return await page(
        request,
        ctx,
        "activity/wanted.html",
        "Cutoff unmet",
        lambda: _wanted(ctx, "cutoffunmet", max(page_number, 1)),
    )


@router.post("/wanted/{which}/search")
async def search_wanted(which: str, request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Search the selected movies, or all of them when the form asks for all."""
    form = await request.form()
    if "all" in form:
        name = "MissingMoviesSearch" if which == "missing" else "CutOffUnmetMoviesSearch"
        await ctx.commands.enqueue(name, {"name": name}, user_agent="Reelarr UI")
    else:
        movie_ids = [int(str(v)) for v in form.getlist("movieId") if str(v).isdigit()]
        if movie_ids:
            await ctx.commands.enqueue(
                "MoviesSearch", {"name": "MoviesSearch", "movieIds": movie_ids}, user_agent="Reelarr UI"
            )
    return RedirectResponse(url(ctx, "/system/tasks"), status_code=303)
