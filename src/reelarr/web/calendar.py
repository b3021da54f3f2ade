"""Calendar: a month grid or an agenda of in-cinemas, digital and physical releases; the iCal link."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import escape
from sqlalchemy import and_, or_, select

from reelarr import settings as settings_store
from reelarr.api.base import CtxDep
from reelarr.context import Context
from reelarr.models import Movie, MovieFile, MovieMetadata, MovieVersion
from reelarr.settings import UiSettings
from reelarr.web.base import UserDep, page, url

router = APIRouter()

# (column, label, CSS class) of the dates a movie shows on.
RELEASES = (
    (MovieMetadata.in_cinemas, "In cinemas", "cinemas"),
    (MovieMetadata.digital_release, "Digital release", "digital"),
    (MovieMetadata.physical_release, "Physical release", "physical"),
)


@dataclass(frozen=True)
class Release:
    movie_id: int
    title: str
    year: int
    day: dt.date
    label: str
    kind: str
    monitored: bool
    downloaded: bool


def _month_of(value: str, today: dt.date) -> dt.date:
    """``YYYY-MM`` as its first day; this month when absent or not a month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


async def releases_between(
    ctx: Context, first: dt.date, last: dt.date, *, unmonitored: bool
) -> dict[dt.date, list[Release]]:
    """Each day's release dates from ``first`` to ``last``, in one query for the whole range."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(last, dt.time.max, tzinfo=dt.UTC)
    query = (
        select(
            Movie.id,
            Movie.monitored,
            MovieMetadata.title,
            MovieMetadata.year,
            MovieFile.id.label("file_id"),
            *(column for column, _, _ in RELEASES),
        )
        .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
        .join(MovieVersion, and_(MovieVersion.movie_id == Movie.id, MovieVersion.is_default.is_(True)))
        .outerjoin(MovieFile, MovieFile.version_id == MovieVersion.id)
        .where(or_(*(and_(column >= start, column <= end) for column, _, _ in RELEASES)))
    )
    if not unmonitored:
        query = query.where(Movie.monitored.is_(True))
    days: dict[dt.date, list[Release]] = defaultdict(list)
    async with ctx.db.read() as session:
        for row in await session.execute(query):
            for column, label, kind in RELEASES:
                when = getattr(row, column.key)
                if when is None:
                    continue
                day = (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).date()
                if first <= day <= last:
                    days[day].append(
                        Release(
                            row.id, row.title, row.year, day, label, kind, row.monitored, bool(row.file_id)
                        )
                    )
    for listed in days.values():
        listed.sort(key=lambda r: (r.title, r.kind))
    return days


def _weeks(month: dt.date, first_weekday: int) -> list[list[dt.date]]:
    """The month's weeks as full rows of days, starting on the user's first day of the week."""
    # Reelarr's setting counts from Sunday (0); Python's calendar from Monday (0).
    grid = month_calendar.Calendar(firstweekday=(first_weekday - 1) % 7)
    return grid.monthdatescalendar(month.year, month.month)


@router.get("/calendar")
async def calendar_page(
    request: Request,
    ctx: CtxDep,
    user: UserDep,
    view: str = "month",
    month: str = "",
    unmonitored: bool = False,
) -> Response:
    async def load() -> Mapping[str, Any]:
        today = ctx.clock().date()
        shown = _month_of(month, today)
        async with ctx.db.read() as session:
            ui = await settings_store.load(session, UiSettings)
        weeks = _weeks(shown, ui.first_day_of_week)
        first, last = (
            (weeks[0][0], weeks[-1][-1]) if view == "month" else (shown, _next(shown) - dt.timedelta(1))
        )
        days = await releases_between(ctx, first, last, unmonitored=unmonitored)
        return {
            "view": "agenda" if view == "agenda" else "month",
            "month": shown,
            "previous": _previous(shown),
            "next": _next(shown),
            "today": today,
            "weeks": weeks,
            "days": days,
            "agenda": sorted(days.items()),
            "unmonitored": unmonitored,
        }

    return await page(request, ctx, "calendar/index.html", "Calendar", load)


def _next(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _previous(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


@router.get("/calendar/ical")
async def ical_link(request: Request, ctx: CtxDep, user: UserDep, unmonitored: bool = False) -> HTMLResponse:
    """The feed address calendar apps subscribe to; it carries the API key, so only on request."""
    feed = url(ctx, "/feed/v3/calendar/radarr.ics")
    address = f"{request.base_url.scheme}://{request.base_url.netloc}{feed}?apikey={ctx.settings.api_key}"
    if unmonitored:
        address += "&unmonitored=true"
    return HTMLResponse(
        f'<label for="ical-url">iCal feed</label><input id="ical-url" readonly value="{escape(address)}" '
        'onfocus="this.select()"><small>Anyone with this address can read your calendar.</small>'
    )
