"""The calendar: cinema, digital and physical release dates, as JSON and as an iCal feed.

The feed (``/feed/v3/calendar/radarr.ics?apikey=...``) is what calendar apps subscribe to;
they cannot send headers, so it takes the API key in the query.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import and_, or_, select

from reelarr import library, metadata
from reelarr.api.base import CtxDep
from reelarr.api.limits import Days
from reelarr.api.movie import json_response, movie_json
from reelarr.api.version_view import ViewDep
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.models import Movie, MovieMetadata

router = APIRouter(tags=["Calendar"])
feed = APIRouter(tags=["CalendarFeed"])

RELEASE_KINDS = (
    ("cinemaRelease", "in_cinemas", "In Cinemas"),
    ("digitalRelease", "digital_release", "Digital Release"),
    ("physicalRelease", "physical_release", "Physical Release"),
)


def _tag_ids(tags: str | None) -> set[int]:
    try:
        return {int(t) for t in (tags or "").split(",") if t.strip()}
    except ValueError:
        raise ValidationFailed(("tags", "Tags must be a comma-separated list of tag ids")) from None


async def _movies_between(
    ctx: Context,
    start: dt.datetime,
    end: dt.datetime,
    *,
    unmonitored: bool,
    tags: set[int],
    version: str | None = None,
) -> list[library.MovieRecord]:
    """The movies with a release date in the range, each through ``version`` if named (and then
    only the movies that have it, monitored by that version's flag)."""
    dates = (MovieMetadata.in_cinemas, MovieMetadata.digital_release, MovieMetadata.physical_release)
    query = (
        select(Movie.id, Movie.tags)
        .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
        .where(or_(*(and_(d >= start, d <= end) for d in dates)))
    )
    if not unmonitored and version is None:
        query = query.where(Movie.monitored.is_(True))
    async with ctx.db.read() as session:
        ids = [
            movie_id
            for movie_id, movie_tags in await session.execute(query)
            if not tags or tags & set(movie_tags)
        ]
        records = await library.load_movies(session, movie_ids=ids, version=version)
    return [r for r in records if unmonitored or r.row.monitored]


def _day_start(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)


@router.get("/calendar")
async def calendar(
    ctx: CtxDep,
    view: ViewDep,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    unmonitored: bool = False,
    tags: str | None = None,
) -> Response:
    today = _day_start(ctx.clock().date())
    begin = _aware(start) if start else today
    finish = _aware(end) if end else today + dt.timedelta(days=2)
    records = await _movies_between(
        ctx, begin, finish, unmonitored=unmonitored, tags=_tag_ids(tags), version=view
    )
    async with ctx.db.read() as session:
        delay = (await metadata.load_settings(session)).availability_delay
    now = ctx.clock()
    return json_response(
        [movie_json(r, now=now, availability_delay=delay, url_base=ctx.settings.url_base) for r in records]
    )


@feed.get("/feed/v3/calendar/radarr.ics")
async def calendar_feed(
    ctx: CtxDep,
    pastDays: Days = 7,
    futureDays: Days = 28,
    tags: str | None = None,
    unmonitored: bool = False,
    releaseTypes: list[str] = Query(default_factory=list),
) -> Response:
    today = _day_start(ctx.clock().date())
    begin, finish = today - dt.timedelta(days=pastDays), today + dt.timedelta(days=futureDays)
    records = await _movies_between(ctx, begin, finish, unmonitored=unmonitored, tags=_tag_ids(tags))
    wanted = {kind.lower() for kind in releaseTypes}
    body = ical(records, begin, finish, wanted, stamp=ctx.clock())
    return Response(body, media_type="text/calendar; charset=utf-8")


def ical(
    records: list[library.MovieRecord],
    begin: dt.datetime,
    finish: dt.datetime,
    release_kinds: set[str],
    *,
    stamp: dt.datetime,
) -> str:
    """An RFC 5545 calendar with one all-day event per release date in range."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//reelarr//Reelarr//EN",
        "NAME:Movies",
        "X-WR-CALNAME:Movies",
    ]
    stamp_text = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for record in records:
        row = record.row
        for kind, column, label in RELEASE_KINDS:
            when = library.parse_iso(library.iso_utc(getattr(row, column)))
            if when is None or not begin <= when <= finish:
                continue
            if release_kinds and kind.lower() not in release_kinds:
                continue
            day = when.astimezone(dt.UTC).date()
            lines += [
                "BEGIN:VEVENT",
                f"UID:reelarr_movie_{row.id}_{kind}",
                f"DTSTAMP:{stamp_text}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(f'{row.title} ({label})')}",
                f"DESCRIPTION:{_escape(row.overview or '')}",
                f"CATEGORIES:{_escape(row.status)}",
                "STATUS:CONFIRMED",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
