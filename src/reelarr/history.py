"""History and blocklist records: what was grabbed, imported, failed or ignored, and what not to grab again.

Rows are written inside the caller's unit of work; the JSON helpers give Radarr's
HistoryResource and BlocklistResource shapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import languages
from reelarr.importing import GRABBED_EVENT, IMPORTED_EVENT
from reelarr.indexers import ReleaseInfo
from reelarr.models import BlocklistRecord, HistoryRecord
from reelarr.parser import parse_release_group
from reelarr.versions import VERSION_KEY, version_of

DOWNLOAD_FAILED_EVENT = "downloadFailed"
DOWNLOAD_IGNORED_EVENT = "downloadIgnored"
EVENT_TYPES = (
    "unknown",
    GRABBED_EVENT,
    IMPORTED_EVENT,
    DOWNLOAD_FAILED_EVENT,
    "movieFileDeleted",
    "movieFolderImported",
    "movieFileRenamed",
    DOWNLOAD_IGNORED_EVENT,
)
# Events after which a download no longer belongs in the queue.
FINISHED_EVENTS = (IMPORTED_EVENT, DOWNLOAD_IGNORED_EVENT)


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def grabbed(
    release: ReleaseInfo,
    movie_id: int,
    download_id: str,
    *,
    client_name: str,
    quality: dict[str, Any],
    language_ids: list[int],
    custom_formats: list[int],
    custom_format_score: int,
    date: dt.datetime,
    version_id: int | None = None,
) -> HistoryRecord:
    """The ``grabbed`` record, with what Radarr keeps in its data (and the movie version it is for)."""
    data = {
        "indexer": release.indexer,
        "indexerId": str(release.indexer_id),
        "nzbInfoUrl": release.info_url,
        "releaseGroup": parse_release_group(release.title) or "",
        "size": str(release.size),
        "downloadUrl": release.download_url,
        "guid": release.guid,
        "protocol": release.protocol,
        "downloadClient": client_name,
        "downloadClientName": client_name,
        "publishedDate": iso(release.publish_date),
        "torrentInfoHash": release.info_hash or "",
        "indexerFlags": str(int(release.indexer_flags)),
    }
    if version_id is not None:
        data[VERSION_KEY] = str(version_id)
    return HistoryRecord(
        movie_id=movie_id,
        event_type=GRABBED_EVENT,
        source_title=release.title,
        quality=quality,
        languages=language_ids,
        custom_formats=custom_formats,
        custom_format_score=custom_format_score,
        date=date,
        download_id=download_id,
        data=data,
    )


def follow_up(grab: HistoryRecord, event_type: str, date: dt.datetime, **data: Any) -> HistoryRecord:
    """A later event about a grabbed download (failed, ignored), carrying the grab's facts."""
    return HistoryRecord(
        movie_id=grab.movie_id,
        event_type=event_type,
        source_title=grab.source_title,
        quality=grab.quality,
        languages=grab.languages,
        custom_formats=grab.custom_formats,
        custom_format_score=grab.custom_format_score,
        date=date,
        download_id=grab.download_id,
        data={
            "downloadClient": grab.data.get("downloadClient"),
            "downloadClientName": grab.data.get("downloadClientName"),
            "indexer": grab.data.get("indexer"),
            "protocol": grab.data.get("protocol"),
            **({VERSION_KEY: grab.data[VERSION_KEY]} if VERSION_KEY in grab.data else {}),
            **data,
        },
    )


def blocklisted(grab: HistoryRecord, message: str, date: dt.datetime) -> BlocklistRecord:
    data = grab.data or {}
    published = data.get("publishedDate")
    protocol = str(data.get("protocol") or "unknown")
    return BlocklistRecord(
        movie_id=grab.movie_id,
        movie_version_id=version_of(grab),
        source_title=grab.source_title,
        quality=grab.quality,
        languages=grab.languages,
        custom_formats=grab.custom_formats,
        date=date,
        published_date=dt.datetime.fromisoformat(published.replace("Z", "+00:00")) if published else None,
        size=int(data.get("size") or 0) or None,
        protocol=protocol,
        indexer=data.get("indexer"),
        indexer_flags=int(data.get("indexerFlags") or 0),
        message=message,
        torrent_info_hash=(data.get("torrentInfoHash") or grab.download_id)
        if protocol == "torrent"
        else None,
    )


async def by_download_id(session: AsyncSession, download_ids: list[str]) -> dict[str, list[HistoryRecord]]:
    """Every history row of these downloads, oldest first."""
    if not download_ids:
        return {}
    rows = await session.scalars(
        select(HistoryRecord)
        .where(HistoryRecord.download_id.in_(download_ids))
        .order_by(HistoryRecord.date, HistoryRecord.id)
    )
    found: dict[str, list[HistoryRecord]] = {}
    for row in rows:
        found.setdefault(row.download_id or "", []).append(row)
    return found


def language_list(ids: list[int] | None) -> list[dict[str, Any]]:
    found = (languages.by_id(i) for i in ids or [])
    return [{"id": lang.id, "name": lang.name} for lang in found if lang is not None]


def history_json(row: HistoryRecord) -> dict[str, Any]:
    return {
        "id": row.id,
        "movieId": row.movie_id,
        # None: the movie's default version.
        "movieVersionId": version_of(row),
        "sourceTitle": row.source_title,
        "languages": language_list(row.languages),
        "quality": row.quality,
        "customFormats": [],
        "customFormatScore": row.custom_format_score,
        "qualityCutoffNotMet": False,
        "date": iso(row.date),
        "downloadId": row.download_id,
        "eventType": row.event_type,
        "data": {k: (v if v is None or isinstance(v, str) else str(v)) for k, v in (row.data or {}).items()},
    }


def blocklist_json(row: BlocklistRecord) -> dict[str, Any]:
    return {
        "id": row.id,
        "movieId": row.movie_id,
        "movieVersionId": row.movie_version_id,
        "sourceTitle": row.source_title,
        "languages": language_list(row.languages),
        "quality": row.quality,
        "customFormats": [],
        "date": iso(row.date),
        "protocol": row.protocol,
        "indexer": row.indexer,
        "message": row.message,
    }
