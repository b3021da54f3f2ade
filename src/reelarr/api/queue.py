"""The activity queue: tracked downloads and releases waiting out a delay, in Radarr's QueueResource."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import select

from reelarr import downloads, library, versions
from reelarr.api.base import ApiModel, CtxDep, PagingDep, paged
from reelarr.api.limits import Id, Int32
from reelarr.api.movie import json_response, movie_json
from reelarr.api.version_view import ViewDep, in_view, view_versions
from reelarr.context import Context
from reelarr.download_clients import DownloadClientError, ItemStatus
from reelarr.errors import NotFound, ValidationFailed
from reelarr.history import iso, language_list
from reelarr.importing import quality_json
from reelarr.models import PendingRelease, RemotePathMapping
from reelarr.parser import parse_title
from reelarr.qualities import UNKNOWN, Revision
from reelarr.search import NO_DOWNLOAD_CLIENT, WAITING_FOR_DELAY, release_from_document

router = APIRouter(tags=["Queue"])

SORT_KEYS = {
    "title": lambda r: r["title"].lower(),
    "status": lambda r: r["status"],
    "timeleft": lambda r: r["timeleft"] or "99:99:99",
    "estimatedCompletionTime": lambda r: r["estimatedCompletionTime"] or "9999",
    "added": lambda r: r["added"] or "",
    "size": lambda r: r["size"],
    "sizeleft": lambda r: r["sizeleft"],
    "progress": lambda r: (r["size"] - r["sizeleft"]) / r["size"] if r["size"] else 0,
    "protocol": lambda r: r["protocol"],
    "downloadClient": lambda r: r["downloadClient"] or "",
    "indexer": lambda r: r["indexer"] or "",
}


def _timeleft(value: dt.timedelta | None) -> str | None:
    if value is None:
        return None
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    clock = f"{hours:02d}:{seconds // 60:02d}:{seconds % 60:02d}"
    return f"{days}.{clock}" if days else clock


def _tracked_json(
    one: downloads.Tracked, now: dt.datetime, mappings: Sequence[RemotePathMapping]
) -> dict[str, Any]:
    item, grab = one.item, one.grab
    data = grab.data if grab is not None else {}
    status = "downloadClientUnavailable" if one.client_unavailable else item.status.value
    if grab is not None:
        quality: dict[str, Any] = grab.quality
    else:
        parsed = parse_title(item.title)
        quality = quality_json(
            *(parsed.quality.quality, parsed.quality.revision) if parsed else (UNKNOWN, Revision())
        )
    return {
        "id": one.id,
        "movieId": one.movie_id,
        # None: the movie's default version.
        "movieVersionId": versions.version_of(grab),
        "languages": language_list(grab.languages if grab is not None else []),
        "quality": quality,
        "customFormats": [],
        "customFormatScore": grab.custom_format_score if grab is not None else 0,
        "size": item.total_size,
        "title": item.title,
        "sizeleft": item.remaining_size,
        "timeleft": _timeleft(item.remaining_time),
        "estimatedCompletionTime": iso(now + item.remaining_time) if item.remaining_time else None,
        "added": iso(grab.date) if grab is not None else None,
        "status": status,
        "trackedDownloadStatus": one.status,
        "trackedDownloadState": one.state,
        "statusMessages": [{"title": item.title, "messages": one.messages}] if one.messages else [],
        "errorMessage": item.message if item.status == ItemStatus.failed else None,
        "downloadId": item.download_id,
        "protocol": one.protocol,
        "downloadClient": one.client.name,
        "downloadClientHasPostImportCategory": bool(one.client.settings.get("movieImportedCategory")),
        "indexer": data.get("indexer"),
        # As this machine sees it, through the remote path mappings, as Radarr shows it.
        "outputPath": downloads.local_path(
            mappings, str(one.client.settings.get("host", "")), item.output_path
        )
        if item.output_path
        else None,
    }


# A pending release's queue status by why it waits, as Radarr names them.
_PENDING_STATUS = {WAITING_FOR_DELAY: "delay", NO_DOWNLOAD_CLIENT: "downloadClientUnavailable"}


def _pending_json(row: PendingRelease, delay_minutes: int | None = None) -> dict[str, Any]:
    release = release_from_document(row.release)
    parsed = parse_title(release.title)
    return {
        "id": row.id,
        "movieId": row.movie_id,
        "movieVersionId": row.release.get("movie_version_id"),
        "languages": [],
        "quality": quality_json(
            *(parsed.quality.quality, parsed.quality.revision) if parsed else (UNKNOWN, Revision())
        ),
        "customFormats": [],
        "customFormatScore": int(row.release.get("custom_format_score") or 0),
        "size": release.size,
        "title": release.title,
        "sizeleft": release.size,
        "timeleft": None,
        "estimatedCompletionTime": None,
        "added": iso(row.added),
        "status": _PENDING_STATUS[row.reason],
        "trackedDownloadStatus": "ok",
        "trackedDownloadState": "downloading",
        "statusMessages": [],
        "errorMessage": None,
        "downloadId": None,
        "protocol": release.protocol,
        "downloadClient": None,
        "downloadClientHasPostImportCategory": False,
        "indexer": release.indexer,
        "outputPath": None,
    }


async def queue_records(ctx: Context, view: str | None = None) -> list[dict[str, Any]]:
    """Every queue item as Radarr's resource: tracked downloads, releases waiting out a delay and
    releases no download client took; with ``view``, only those for the movies' version so named."""
    now = ctx.clock()
    tracked = await downloads.current(ctx)
    async with ctx.db.read() as session:
        mappings = list(await session.scalars(select(RemotePathMapping)))
        records = [_tracked_json(one, now, mappings) for one in tracked]
        pending = await session.scalars(
            select(PendingRelease).where(PendingRelease.reason.in_(_PENDING_STATUS))
        )
        records += [_pending_json(row) for row in pending]
        if view is not None:
            seen = await view_versions(session, view)
            records = [record for record in records if in_view(record, seen)]
    return records


async def _with_movies(ctx: Context, records: list[dict[str, Any]]) -> None:
    ids = sorted({r["movieId"] for r in records if r["movieId"]})
    async with ctx.db.read() as session:
        movies = {m.row.id: m for m in await library.load_movies(session, movie_ids=ids)}
    for record in records:
        if record["movieId"] in movies:
            record["movie"] = movie_json(
                movies[record["movieId"]], now=ctx.clock(), url_base=ctx.settings.url_base
            )


@router.get("/queue")
async def list_queue(
    ctx: CtxDep,
    paging: PagingDep,
    view: ViewDep,
    includeMovie: bool = False,
    includeUnknownMovieItems: bool = False,
    movieIds: Annotated[list[Id] | None, Query()] = None,
    protocol: str | None = None,
    status: Annotated[list[str] | None, Query()] = None,
) -> Response:
    records = await queue_records(ctx, view)
    if not includeUnknownMovieItems:
        records = [r for r in records if r["movieId"]]
    if movieIds:
        records = [r for r in records if r["movieId"] in movieIds]
    if protocol:
        records = [r for r in records if r["protocol"] == protocol]
    if status:
        records = [r for r in records if r["status"] in status]
    key = SORT_KEYS.get(paging.sort_key or "timeleft", SORT_KEYS["timeleft"])
    records.sort(key=key, reverse=paging.sort_direction == "descending")
    page = records[(paging.page - 1) * paging.page_size : paging.page * paging.page_size]
    if includeMovie:
        await _with_movies(ctx, page)
    return json_response(paged(paging, page, len(records), "timeleft"))


@router.get("/queue/details")
async def queue_details(
    ctx: CtxDep, view: ViewDep, movieId: Id | None = None, includeMovie: bool = False
) -> Response:
    records = [r for r in await queue_records(ctx, view) if movieId is None or r["movieId"] == movieId]
    if includeMovie:
        await _with_movies(ctx, records)
    return json_response(records)


@router.get("/queue/status")
async def queue_status(ctx: CtxDep, view: ViewDep) -> dict[str, Any]:
    records = await queue_records(ctx, view)
    known = [r for r in records if r["movieId"]]
    unknown = [r for r in records if not r["movieId"]]

    def flagged(rows: list[dict[str, Any]], which: str) -> bool:
        return any(r["trackedDownloadStatus"] == which for r in rows)

    return {
        "id": 1,
        "totalCount": len(records),
        "count": len(known),
        "unknownCount": len(unknown),
        "errors": flagged(known, "error"),
        "warnings": flagged(known, "warning"),
        "unknownErrors": flagged(unknown, "error"),
        "unknownWarnings": flagged(unknown, "warning"),
    }


async def remove_queue_item(
    ctx: Context,
    queue_id: Id,
    *,
    remove_from_client: bool,
    blocklist: bool,
    skip_redownload: bool,
    change_category: bool,
) -> None:
    if queue_id < downloads.TRACKED_ID_BASE:
        async with ctx.db.write() as uow:
            row = await uow.session.get(PendingRelease, queue_id)
            if row is None:
                raise NotFound("Queue item", queue_id)
            await uow.session.delete(row)
        return
    one = next((t for t in await downloads.current(ctx) if t.id == queue_id), None)
    if one is None:
        raise NotFound("Queue item", queue_id)
    client = downloads.client_for(one.client, ctx)
    try:
        if change_category and one.client.settings.get("movieImportedCategory"):
            await client.mark_imported(one.item.download_id)
        elif remove_from_client:
            await client.remove(one.item.download_id, delete_data=True)
    except DownloadClientError as exc:
        raise ValidationFailed(("downloadClient", str(exc))) from None
    if blocklist and one.grab is not None:
        await downloads.fail(ctx, one, "Manually marked as failed", search=not skip_redownload, remove=False)
    else:
        await downloads.ignore(ctx, one)
    if remove_from_client or change_category:
        await downloads.forget_item(ctx, one)


class BulkIds(ApiModel):
    ids: list[Int32] = []


@router.delete("/queue/bulk", response_class=Response)
async def delete_queue_bulk(
    body: BulkIds,
    ctx: CtxDep,
    removeFromClient: bool = True,
    blocklist: bool = False,
    skipRedownload: bool = False,
    changeCategory: bool = False,
) -> Response:
    for queue_id in body.ids:
        await remove_queue_item(
            ctx,
            queue_id,
            remove_from_client=removeFromClient,
            blocklist=blocklist,
            skip_redownload=skipRedownload,
            change_category=changeCategory,
        )
    return Response(status_code=200)


@router.delete("/queue/{queue_id}")
async def delete_queue_item(
    queue_id: Id,
    ctx: CtxDep,
    removeFromClient: bool = True,
    blocklist: bool = False,
    skipRedownload: bool = False,
    changeCategory: bool = False,
) -> Response:
    await remove_queue_item(
        ctx,
        queue_id,
        remove_from_client=removeFromClient,
        blocklist=blocklist,
        skip_redownload=skipRedownload,
        change_category=changeCategory,
    )
    return Response(status_code=200)


async def _grab_pending(ctx: Context, pending_id: Id) -> None:
    async with ctx.db.read() as session:
        row = await session.get(PendingRelease, pending_id)
        if row is None:
            raise NotFound("Queue item", pending_id)
        release, movie_id = release_from_document(row.release), row.movie_id
        score = int(row.release.get("custom_format_score") or 0)
    try:
        await downloads.grab(ctx, release, movie_id, custom_format_score=score)
    except downloads.GrabFailed as exc:
        raise ValidationFailed(("downloadClient", str(exc))) from None
    async with ctx.db.write() as uow:
        stored = await uow.session.get(PendingRelease, pending_id)
        if stored is not None:
            await uow.session.delete(stored)


# Radarr answers a grab with an empty JSON object; pyarr's force_grab_queue_item expects JSON.
@router.post("/queue/grab/bulk")
async def grab_pending_bulk(body: BulkIds, ctx: CtxDep) -> dict[str, Any]:
    for pending_id in body.ids:
        await _grab_pending(ctx, pending_id)
    return {}


@router.post("/queue/grab/{pending_id}")
async def grab_pending(pending_id: Id, ctx: CtxDep) -> dict[str, Any]:
    await _grab_pending(ctx, pending_id)
    return {}
