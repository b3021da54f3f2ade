"""The sidebar's live badges: downloads in the queue, monitored movies missing, health issues.

Every page asks for them once it has loaded and again whenever the event stream says the queue,
the library or the health changed, so the page itself renders without waiting on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import and_, exists, func, select

from reelarr.api.base import CtxDep
from reelarr.api.queue import queue_records
from reelarr.context import Context
from reelarr.models import Movie, MovieFile, MovieVersion
from reelarr.web.base import UserDep, render

router = APIRouter()


@dataclass(frozen=True)
class Badge:
    count: int
    meaning: str  # read after the number by a screen reader: "3 in the queue"
    tone: str  # info, warning or danger


async def missing_count(ctx: Context) -> int:
    """Monitored movies whose default version has no file, as Wanted > Missing lists them."""
    has_file = exists().where(MovieFile.version_id == MovieVersion.id)
    async with ctx.db.read() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Movie)
            .join(MovieVersion, and_(MovieVersion.movie_id == Movie.id, MovieVersion.is_default.is_(True)))
            .where(Movie.monitored.is_(True), ~has_file)
        )
    return count or 0


async def badges(ctx: Context) -> dict[str, Badge]:
    issues = ctx.health.issues
    return {
        "queue": Badge(len(await queue_records(ctx)), "in the queue", "info"),
        "missing": Badge(await missing_count(ctx), "missing", "danger"),
        "health": Badge(
            len(issues),
            "health issues",
            "danger" if any(issue.type == "error" for issue in issues) else "warning",
        ),
    }


@router.get("/navigation/counts")
async def navigation_counts(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """The badges as out-of-band swaps, one per sidebar entry that carries one."""
    return render(request, ctx, "_navigation_counts.html", "Counts", badges=await badges(ctx))
