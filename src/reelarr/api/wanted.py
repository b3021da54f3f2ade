"""``/api/v3/wanted/missing`` and ``/wanted/cutoff``: the movies a search would look for, paged.

The database filters, sorts and cuts the page (``search.wanted_page``), so a page costs the
same in a library of 100,000 movies as in one of 100.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import metadata, search
from reelarr.api.base import CtxDep, PagingDep, SessionDep, paged
from reelarr.api.movie import json_response, movie_json

router = APIRouter(tags=["Missing", "Cutoff"])

DEFAULT_SORT_KEY = "movieMetadata.sortTitle"


async def _page(
    ctx: CtxDep, session: AsyncSession, paging: PagingDep, *, cutoff: bool, monitored: bool
) -> Response:
    wanted = await search.wanted_page(
        session,
        cutoff=cutoff,
        monitored=monitored,
        sort_key=paging.sort_key or DEFAULT_SORT_KEY,
        descending=paging.sort_direction == "descending",
        offset=(paging.page - 1) * paging.page_size,
        limit=paging.page_size,
    )
    delay = (await metadata.load_settings(session)).availability_delay
    now, base = ctx.clock(), ctx.settings.url_base
    page = [movie_json(r, now=now, availability_delay=delay, url_base=base) for r in wanted.records]
    return json_response(paged(paging, page, wanted.total, DEFAULT_SORT_KEY))


@router.get("/wanted/missing")
async def wanted_missing(
    ctx: CtxDep, session: SessionDep, paging: PagingDep, monitored: bool = True
) -> Response:
    """Movies without a file (monitored ones unless ``monitored=false``)."""
    return await _page(ctx, session, paging, cutoff=False, monitored=monitored)


@router.get("/wanted/cutoff")
async def wanted_cutoff(
    ctx: CtxDep, session: SessionDep, paging: PagingDep, monitored: bool = True
) -> Response:
    """Movies whose file is below their profile's cutoff."""
    return await _page(ctx, session, paging, cutoff=True, monitored=monitored)
