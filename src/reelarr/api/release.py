"""``/api/v3/release``: interactive search, grabbing one of its results, and releases pushed by other tools.

A search's results stay in a short-lived cache, as in Radarr: ``POST /release`` names a
result by guid and indexer id and grabs exactly what the user was shown.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import qualities as q
from reelarr import search
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, Int32
from reelarr.api.movie import iso, language_json
from reelarr.api.profiles import custom_format_json
from reelarr.context import Context
from reelarr.decisions import SearchKind
from reelarr.errors import ValidationFailed
from reelarr.importing import quality_json
from reelarr.indexers import INDEXERS, IndexerFlag, ReleaseInfo
from reelarr.indexers.base import normalize_imdb_id
from reelarr.indexers.fetching import fetch_rss
from reelarr.models import CustomFormat
from reelarr.providers import definitions

router = APIRouter(tags=["Release"])


class ReleaseCache:
    """The last searches' results by (indexer id, guid), kept for 30 minutes as Radarr does; a
    release judged for several versions of a movie is kept once per version."""

    lifetime_seconds = 30 * 60

    def __init__(self) -> None:
        self._entries: dict[tuple[int, str], tuple[float, list[search.Judged]]] = {}

    def keep(self, judged: list[search.Judged]) -> None:
        now = time.monotonic()
        self._entries = {k: v for k, v in self._entries.items() if now - v[0] < self.lifetime_seconds}
        fresh: dict[tuple[int, str], list[search.Judged]] = {}
        for one in judged:
            fresh.setdefault((one.info.indexer_id, one.info.guid), []).append(one)
        self._entries.update({key: (now, ones) for key, ones in fresh.items()})

    def find(self, indexer_id: Id, guid: str, version_id: int | None = None) -> search.Judged | None:
        """The result for the movie version asked for; without one, for the default version."""
        entry = self._entries.get((indexer_id, guid))
        if entry is None or time.monotonic() - entry[0] >= self.lifetime_seconds:
            return None
        for one in entry[1]:
            movie = one.decision.candidate.movie
            if version_id is not None and one.version_id == version_id:
                return one
            if version_id is None and (movie is None or movie.is_default_version):
                return one
        return None


def release_cache(request: Request) -> ReleaseCache:
    cache: ReleaseCache | None = getattr(request.app.state, "release_cache", None)
    if cache is None:
        cache = request.app.state.release_cache = ReleaseCache()
    return cache


CacheDep = Annotated[ReleaseCache, Depends(release_cache)]


def _flag_names(flags: int) -> list[str]:
    return [flag.name or "" for flag in IndexerFlag if flags & flag]


def _imdb_number(imdb_id: str | None) -> int:
    return int(imdb_id[2:]) if imdb_id and imdb_id[2:].isdigit() else 0


def release_json(
    judged: search.Judged, formats: dict[int, dict[str, Any]], weight: int, now: dt.datetime
) -> dict[str, Any]:
    """Radarr's ReleaseResource for one judged release."""
    info, decision = judged.info, judged.decision
    candidate = decision.candidate
    parsed, movie = candidate.parsed, candidate.movie
    age = now - info.publish_date if info.publish_date else dt.timedelta(0)
    quality_weight = 0
    if parsed is not None and movie is not None:
        revision = parsed.quality.revision
        quality_weight = movie.profile.rank(candidate.quality) * 100 + revision.real * 10 + revision.version
    seeders = info.seeders if info.protocol == "torrent" else None
    return {
        "guid": info.guid,
        "quality": quality_json(candidate.quality, parsed.quality.revision if parsed else q.Revision()),
        "customFormats": [formats[f.id] for f in candidate.formats if f.id in formats],
        "customFormatScore": candidate.format_score,
        "qualityWeight": quality_weight,
        "age": age.days,
        "ageHours": age.total_seconds() / 3600,
        "ageMinutes": age.total_seconds() / 60,
        "size": info.size,
        "indexerId": info.indexer_id,
        "indexer": info.indexer,
        "releaseGroup": parsed.release_group if parsed else None,
        "subGroup": None,
        "releaseHash": parsed.release_hash if parsed else None,
        "title": info.title,
        "sceneSource": False,
        "movieTitles": list(parsed.movie_titles) if parsed else [],
        "languages": [language_json(language.id) for language in parsed.languages] if parsed else [],
        "mappedMovieId": movie.id if movie else None,
        "approved": decision.approved,
        "temporarilyRejected": decision.temporarily_rejected,
        "rejected": not decision.approved,
        "tmdbId": info.tmdb_id or (parsed.tmdb_id if parsed else 0) or 0,
        "imdbId": _imdb_number(info.imdb_id or (parsed.imdb_id if parsed else None)),
        "rejections": [rejection.reason for rejection in decision.rejections],
        "publishDate": iso(info.publish_date),
        "commentUrl": info.comments_url or None,
        "downloadUrl": info.download_url or None,
        "infoUrl": info.info_url or None,
        "movieRequested": movie is not None and movie.id == candidate.searched_movie_id,
        "downloadAllowed": movie is not None,
        "releaseWeight": weight,
        "edition": parsed.edition if parsed else None,
        "magnetUrl": info.magnet_url,
        "infoHash": info.info_hash,
        "seeders": seeders,
        "leechers": (info.peers or 0) - (seeders or 0) if seeders is not None else None,
        "protocol": info.protocol,
        "indexerFlags": _flag_names(int(info.indexer_flags)),
        "movieId": movie.id if movie else None,
        "movieVersionId": movie.version_id if movie else None,
        "downloadClientId": info.download_client_id or None,
        "downloadClient": None,
        "shouldOverride": None,
    }


async def _resources(
    session: AsyncSession, judged: list[search.Judged], now: dt.datetime
) -> list[dict[str, Any]]:
    formats = {row.id: custom_format_json(row) for row in await session.scalars(select(CustomFormat))}
    return [release_json(one, formats, weight, now) for weight, one in enumerate(judged, 1)]


@router.get("/release")
async def interactive_search(
    ctx: CtxDep, session: SessionDep, cache: CacheDep, movieId: Id | None = None
) -> list[dict[str, Any]]:
    """Every release the interactive-search indexers offer for a movie, judged and ranked;
    without a movie, what the RSS feeds offer now."""
    facts = (await search.snapshot(ctx)).facts
    if movieId is not None:
        judged = await search.search_movie(ctx, facts, movieId, interactive=True)
    else:
        judged = search.judge(await fetch_rss(ctx), facts, search=SearchKind.RSS)
    cache.keep(judged)
    return await _resources(session, judged, ctx.clock())


class ReleaseIn(ApiModel):
    """A release as clients send it: a result to grab, or a whole release pushed by another tool."""

    guid: str | None = None
    indexer_id: Int32 = 0
    movie_id: Int32 | None = None
    movie_version_id: Id | None = None
    title: str | None = None
    size: int = 0
    download_url: str | None = None
    magnet_url: str | None = None
    info_url: str | None = None
    comment_url: str | None = None
    indexer: str | None = None
    protocol: str = "unknown"
    publish_date: dt.datetime | None = None
    seeders: Int32 | None = None
    leechers: Int32 | None = None
    info_hash: str | None = None
    imdb_id: Int32 | str | None = None
    tmdb_id: Int32 | None = None
    indexer_flags: Int32 | list[str] | None = Field(default=None)
    download_client_id: Int32 | None = None


@router.post("/release")
async def grab_release(body: ReleaseIn, ctx: CtxDep, session: SessionDep, cache: CacheDep) -> dict[str, Any]:
    """Grab one result of a recent search, even a rejected one: the user chose it."""
    judged = cache.find(body.indexer_id, body.guid or "", body.movie_version_id)
    if judged is None:
        raise HTTPException(
            status_code=404,
            detail="Couldn't find requested release in cache, cache timeout probably expired.",
        )
    await search.grab(ctx, judged, body.movie_id)
    return (await _resources(session, [judged], ctx.clock()))[0]


def _flags(value: int | list[str] | None) -> IndexerFlag:
    if isinstance(value, int):
        return IndexerFlag(value)
    flags = IndexerFlag(0)
    for name in value or ():
        flags |= IndexerFlag.__members__.get(name, IndexerFlag(0))
    return flags


async def _pushed(ctx: Context, body: ReleaseIn) -> ReleaseInfo:
    problems = []
    if not (body.title or "").strip():
        problems.append(("title", "'Title' must not be empty."))
    if not (body.download_url or body.magnet_url):
        problems.append(("downloadUrl", "'Download Url' must not be empty."))
    if body.protocol not in ("usenet", "torrent"):
        problems.append(("protocol", "'Protocol' must be usenet or torrent."))
    if body.publish_date is None:
        problems.append(("publishDate", "'Publish Date' must not be empty."))
    if problems:
        raise ValidationFailed(*problems, attempted={"title": body.title})
    assert body.title is not None and body.publish_date is not None
    indexer_id, priority = body.indexer_id, 25
    async with ctx.db.read() as session:
        for definition in await definitions(session, INDEXERS.kind):
            named = body.indexer and definition.name.lower() == body.indexer.lower()
            if definition.id == indexer_id or (not indexer_id and named):
                indexer_id, priority = definition.id, definition.priority
                break
    published = body.publish_date
    download_url = body.download_url or body.magnet_url or ""
    return ReleaseInfo(
        guid=body.guid or f"PUSH-{download_url}",
        title=body.title.strip(),
        size=body.size,
        download_url=download_url,
        info_url=body.info_url or "",
        comments_url=body.comment_url or "",
        indexer_id=indexer_id,
        indexer=body.indexer or "",
        indexer_priority=priority,
        protocol=body.protocol,
        publish_date=published if published.tzinfo else published.replace(tzinfo=dt.UTC),
        seeders=body.seeders,
        peers=(body.seeders or 0) + (body.leechers or 0) if body.seeders is not None else None,
        info_hash=body.info_hash,
        magnet_url=body.magnet_url,
        imdb_id=normalize_imdb_id(body.imdb_id or None),
        tmdb_id=body.tmdb_id or None,
        indexer_flags=_flags(body.indexer_flags),
        download_client_id=body.download_client_id or 0,
    )


@router.post("/release/push")
async def push_release(body: ReleaseIn, ctx: CtxDep, session: SessionDep) -> list[dict[str, Any]]:
    """A release found elsewhere (Prowlarr, autobrr): judged as RSS sync would and grabbed if approved."""
    judged = await search.push(ctx, await _pushed(ctx, body))
    return await _resources(session, judged, ctx.clock())
