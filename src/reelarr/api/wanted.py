"""``/api/v3/wanted/missing`` and ``/wanted/cutoff``: the movies a search would look for, paged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import metadata, search
from reelarr.api.base import CtxDep, PagingDep, SessionDep, paged
from reelarr.api.movie import json_response, movie_json
from reelarr.library import MovieRecord, iso_utc

router = APIRouter(tags=["Missing", "Cutoff"])

DEFAULT_SORT_KEY = "movieMetadata.sortTitle"
# Radarr's sort keys name table.column; the column is what counts.
_SORT_VALUES: dict[str, Callable[[Any], Any]] = {
    "sorttitle": lambda row: row.sort_title,
    "title": lambda row: row.sort_title,
    "year": lambda row: row.year,
    "added": lambda row: iso_utc(row.added),
    "incinemas": lambda row: iso_utc(row.in_cinemas),
    "digitalrelease": lambda row: iso_utc(row.digital_release),
    "physicalrelease": lambda row: iso_utc(row.physical_release),
    "lastsearchtime": lambda row: iso_utc(row.last_search_time),
    "runtime": lambda row: row.runtime,
}


def _sorted(records: list[MovieRecord], sort_key: str | None, descending: bool) -> list[MovieRecord]:
    column = (sort_key or DEFAULT_SORT_KEY).rsplit(".", 1)[-1].lower()
    value = _SORT_VALUES.get(column, _SORT_VALUES["sorttitle"])
    # Movies without the value go last whichever the direction, as Radarr lists them.
    present = [r for r in records if value(r.row) is not None]
    absent = [r for r in records if value(r.row) is None]
    return sorted(present, key=lambda r: value(r.row), reverse=descending) + absent


async def _page(
    ctx: CtxDep,
    session: AsyncSession,
    paging: PagingDep,
    wanted: Callable[[AsyncSession], Awaitable[list[MovieRecord]]],
) -> Response:
    records = _sorted(await wanted(session), paging.sort_key, paging.sort_direction == "descending")
    start = (paging.page - 1) * paging.page_size
    delay = (await metadata.load_settings(session)).availability_delay
    now, base = ctx.clock(), ctx.settings.url_base
    page = [
        movie_json(r, now=now, availability_delay=delay, url_base=base)
        for r in records[start : start + paging.page_size]
    ]
    return json_response(paged(paging, page, len(records), DEFAULT_SORT_KEY))


@router.get("/wanted/missing")
async def wanted_missing(
    ctx: CtxDep, session: SessionDep, paging: PagingDep, monitored: bool = True
) -> Response:
    """Movies without a file (monitored ones unless ``monitored=false``)."""
    return await _page(ctx, session, paging, lambda s: search.missing(s, monitored=monitored))


@router.get("/wanted/cutoff")
async def wanted_cutoff(
    ctx: CtxDep, session: SessionDep, paging: PagingDep, monitored: bool = True
) -> Response:
    """Movies whose file is below their profile's cutoff."""
    return await _page(ctx, session, paging, lambda s: search.cutoff_unmet(s, monitored=monitored))
