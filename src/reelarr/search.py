"""Search and RSS sync: releases from the indexers, judged against the library, the best grabbed.

Every path runs the same steps: fetch releases (an indexer's RSS feed, a search for one
movie, or a release another tool pushed), fetch the facts the decision engine reads in one
query per kind (never one per release), decide, hand the best approved release per movie
to a download client, and keep releases that must wait out a delay profile in
``pending_releases`` so the next sync judges them again.

A release no download client takes is kept as pending with the reason "no download
client" (Radarr's "download client unavailable"): it shows in the queue, counts as the
movie's queue for later decisions, and can be grabbed from the queue once a client works.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, and_, delete, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import decisions, downloads, importing, library, metadata
from reelarr import qualities as q
from reelarr import settings as settings_store
from reelarr.commands import CommandRun
from reelarr.context import Context
from reelarr.custom_formats import compile_format
from reelarr.decisions import Decision, DecisionFacts, SearchKind
from reelarr.errors import NotFound, ValidationFailed
from reelarr.files import MediaManagementConfig, disk_usage
from reelarr.importing import GRABBED_EVENT, IMPORTED_EVENT, quality_json
from reelarr.indexers import INDEXERS, IndexerFlag, ReleaseInfo, SearchCriteria
from reelarr.indexers.fetching import IndexerConfig, rss_outcome, search_indexers
from reelarr.library import MovieRecord, iso_utc, parse_iso
from reelarr.models import (
    BlocklistRecord,
    CustomFormat,
    DelayProfile,
    HistoryRecord,
    Movie,
    MovieFile,
    MovieMetadata,
    MovieVersion,
    PendingRelease,
    QualityDefinition,
    QualityProfile,
    ReleaseProfile,
)
from reelarr.parser import parse_title
from reelarr.profiles import Copy, DelayRule, Profile, Propers, ReleaseRule
from reelarr.providers import definitions, statuses
from reelarr.versions import version_of as history_version

log = logging.getLogger(__name__)

# Why a release sits in pending_releases.
WAITING_FOR_DELAY = "delay"
NO_DOWNLOAD_CLIENT = "no download client"


# ---------------------------------------------------------------- releases as stored


def release_of(info: ReleaseInfo) -> decisions.Release:
    """What the decision engine reads of an indexer's release."""
    return decisions.Release(
        guid=info.guid,
        title=info.title,
        size=info.size,
        download_url=info.download_url,
        indexer_id=info.indexer_id,
        indexer=info.indexer,
        indexer_priority=info.indexer_priority,
        protocol=info.protocol,
        publish_date=info.publish_date,
        seeders=info.seeders,
        peers=info.peers,
        info_hash=info.info_hash,
        indexer_flags=int(info.indexer_flags),
        imdb_id=info.imdb_id,
        tmdb_id=info.tmdb_id,
    )


def release_document(info: ReleaseInfo) -> dict[str, Any]:
    """A release as ``pending_releases.release`` keeps it, to be judged again later."""
    document = dataclasses.asdict(info)
    document["publish_date"] = info.publish_date.isoformat() if info.publish_date else None
    document["indexer_flags"] = int(info.indexer_flags)
    document["categories"] = list(info.categories)
    return document


def release_from_document(document: dict[str, Any]) -> ReleaseInfo:
    known = {f.name for f in dataclasses.fields(ReleaseInfo)}
    values = {key: value for key, value in document.items() if key in known}
    published = values.get("publish_date")
    values["publish_date"] = dt.datetime.fromisoformat(published) if published else None
    values["indexer_flags"] = IndexerFlag(int(values.get("indexer_flags") or 0))
    values["categories"] = tuple(values.get("categories") or ())
    return ReleaseInfo(**values)


def _key(info: ReleaseInfo) -> tuple[int, str]:
    return (info.indexer_id, info.guid)


@dataclass(frozen=True)
class Judged:
    """A release as the indexer gave it, and the decision about it."""

    info: ReleaseInfo
    decision: Decision

    @property
    def movie_id(self) -> int | None:
        movie = self.decision.candidate.movie
        return movie.id if movie is not None else None

    @property
    def version_id(self) -> int | None:
        """The movie version the release was judged for."""
        movie = self.decision.candidate.movie
        return movie.version_id if movie is not None else None


def judge(
    infos: Iterable[ReleaseInfo],
    facts: DecisionFacts,
    *,
    search: SearchKind = SearchKind.RSS,
    searched_movie: decisions.Movie | None = None,
) -> list[Judged]:
    """Decide every release (duplicates from one indexer once), ranked as Radarr ranks them."""
    by_release: dict[decisions.Release, ReleaseInfo] = {}
    seen: set[tuple[int, str]] = set()
    for info in infos:
        if _key(info) not in seen:
            seen.add(_key(info))
            by_release[release_of(info)] = info
    decided = decisions.decide(by_release, facts, search=search, searched_movie=searched_movie)
    return [Judged(by_release[d.candidate.release], d) for d in decided]


# ---------------------------------------------------------------- the facts, one query each


def _movie_of(record: MovieRecord, profile: Profile, *, now: dt.datetime, delay_days: int) -> decisions.Movie:
    row = record.row
    file = None
    if row.file_id is not None:
        quality, revision = stored_quality(orjson.loads(row.file_quality) if row.file_quality else None)
        file = decisions.MovieFile(
            quality=quality,
            revision=revision,
            format_score=row.file_custom_format_score or 0,
            release_group=row.file_release_group,
            date_added=parse_iso(iso_utc(row.file_date_added)),
        )
    return decisions.Movie(
        id=row.id,
        title=row.title,
        year=row.year,
        profile=profile,
        monitored=row.monitored,
        available=library.is_available(
            row.minimum_availability,
            parse_iso(iso_utc(row.in_cinemas)),
            parse_iso(iso_utc(row.physical_release)),
            parse_iso(iso_utc(row.digital_release)),
            now=now,
            delay_days=delay_days,
        ),
        tmdb_id=row.tmdb_id,
        imdb_id=row.imdb_id,
        secondary_year=row.secondary_year,
        alternative_titles=tuple(t.title for t in record.alternative_titles),
        clean_titles=(row.clean_title, *(t.clean_title for t in record.alternative_titles)),
        original_language=row.original_language,
        runtime=row.runtime,
        tags=frozenset(orjson.loads(row.tags) if row.tags else ()),
        file=file,
        version_id=row.version_id,
        version_name=row.version_name or "",
        is_default_version=bool(row.version_is_default),
    )


def stored_quality(value: dict[str, Any] | None) -> tuple[q.Quality, q.Revision]:
    """A QualityModel as files and history store it; Unknown when it cannot be read."""
    return importing.stored_quality(value) or (q.UNKNOWN, q.Revision())


def _copy_of_title(title: str, format_score: int) -> Copy:
    parsed = parse_title(title)
    if parsed is None:
        return Copy(q.UNKNOWN, q.Revision(), format_score)
    return Copy(parsed.quality.quality, parsed.quality.revision, format_score)


async def _indexers(session: AsyncSession) -> dict[int, decisions.Indexer]:
    rows = await definitions(session, INDEXERS.kind)
    status = await statuses(session, INDEXERS.kind)
    found = {}
    for row in rows:
        required = 0
        for flag in row.settings.get("requiredFlags") or ():
            required |= int(flag)
        found[row.id] = decisions.Indexer(
            id=row.id,
            name=row.name,
            tags=frozenset(row.tags),
            blocked_until=status[row.id].disabled_till if row.id in status else None,
            minimum_seeders=int(row.settings.get("minimumSeeders") or 0),
            required_flags=required,
        )
    return found


async def _history(session: AsyncSession, movie_ids: list[int] | None) -> dict[int, list[decisions.Grab]]:
    """Grabs in history; a grab whose download was imported is marked so."""
    query = select(
        HistoryRecord.movie_id,
        HistoryRecord.event_type,
        HistoryRecord.source_title,
        HistoryRecord.quality,
        HistoryRecord.custom_format_score,
        HistoryRecord.download_id,
        HistoryRecord.date,
        HistoryRecord.data,
    ).where(HistoryRecord.event_type.in_((GRABBED_EVENT, IMPORTED_EVENT)))
    if movie_ids is not None:
        query = query.where(HistoryRecord.movie_id.in_(movie_ids))
    rows = list(await session.execute(query.order_by(HistoryRecord.date.desc())))
    imported = {(r.movie_id, r.download_id) for r in rows if r.event_type == IMPORTED_EVENT and r.download_id}
    grabs: dict[int, list[decisions.Grab]] = {}
    for row in rows:
        if row.event_type != GRABBED_EVENT:
            continue
        quality, revision = stored_quality(row.quality)
        grabs.setdefault(row.movie_id, []).append(
            decisions.Grab(
                movie_id=row.movie_id,
                copy=Copy(quality, revision, row.custom_format_score),
                source_title=row.source_title,
                download_id=row.download_id,
                date=row.date,
                imported=(row.movie_id, row.download_id) in imported,
                version_id=history_version(row),
            )
        )
    return grabs


async def _blocklist(
    session: AsyncSession, movie_ids: list[int] | None
) -> dict[int, list[decisions.Blocked]]:
    query = select(BlocklistRecord)
    if movie_ids is not None:
        query = query.where(BlocklistRecord.movie_id.in_(movie_ids))
    blocked: dict[int, list[decisions.Blocked]] = {}
    for row in await session.scalars(query):
        blocked.setdefault(row.movie_id, []).append(
            decisions.Blocked(
                row.movie_id, row.source_title, row.protocol, row.indexer, row.torrent_info_hash
            )
        )
    return blocked


async def _free_space(movies: Iterable[tuple[int, str]]) -> dict[int, int]:
    """Free bytes where each movie lives, asking the disk once per root folder."""
    by_folder: dict[str, list[int]] = {}
    for movie_id, path in movies:
        by_folder.setdefault(os.path.dirname(path), []).append(movie_id)
    usages = await asyncio.gather(*(asyncio.to_thread(disk_usage, folder) for folder in by_folder))
    return {
        movie_id: usage.free
        for usage, ids in zip(usages, by_folder.values(), strict=True)
        if usage is not None
        for movie_id in ids
    }


@dataclass
class Snapshot:
    """The facts for one batch, and the releases waiting in ``pending_releases``."""

    facts: DecisionFacts
    waiting: list[PendingRelease]


async def snapshot(ctx: Context, movie_ids: list[int] | None = None) -> Snapshot:
    """Everything the decision engine reads, for the whole library or only ``movie_ids``."""
    now = ctx.clock()
    async with ctx.db.read() as session:
        availability_delay = (await metadata.load_settings(session)).availability_delay
        records = await library.load_movies(session, movie_ids=movie_ids, version=library.ALL_VERSIONS)
        profiles = {row.id: Profile.from_row(row) for row in await session.scalars(select(QualityProfile))}
        formats = [
            compile_format(row.id, row.name, row.specifications)
            for row in await session.scalars(select(CustomFormat).order_by(CustomFormat.id))
        ]
        sizes = {
            row.quality_id: decisions.SizeLimits(row.min_size or 0, row.max_size, row.preferred_size)
            for row in await session.scalars(select(QualityDefinition))
        }
        delay_rules = [DelayRule.from_row(row) for row in await session.scalars(select(DelayProfile))]
        release_rules = [ReleaseRule.from_row(row) for row in await session.scalars(select(ReleaseProfile))]
        indexers = await _indexers(session)
        history = await _history(session, movie_ids)
        blocklist = await _blocklist(session, movie_ids)
        pending_query = select(PendingRelease).order_by(PendingRelease.added)
        if movie_ids is not None:
            pending_query = pending_query.where(PendingRelease.movie_id.in_(movie_ids))
        pending = list(await session.scalars(pending_query))
        indexer_config = await settings_store.load(session, IndexerConfig)
        media = await settings_store.load(session, MediaManagementConfig)
    movies: dict[int, decisions.Movie] = {}
    other_versions: dict[int, list[decisions.Movie]] = {}
    for record in records:
        movie = _movie_of(
            record, profiles[record.row.quality_profile_id], now=now, delay_days=availability_delay
        )
        if movie.is_default_version:
            movies[movie.id] = movie
        else:
            other_versions.setdefault(movie.id, []).append(movie)
    queue: dict[int, list[decisions.Grab]] = {}
    for tracked in await downloads.current(ctx):
        if tracked.movie_id is None or tracked.movie_id not in movies:
            continue
        if tracked.grab is not None:
            quality, revision = stored_quality(tracked.grab.quality)
            copy = Copy(quality, revision, tracked.grab.custom_format_score)
        else:
            copy = _copy_of_title(tracked.item.title, 0)
        queue.setdefault(tracked.movie_id, []).append(
            decisions.Grab(
                tracked.movie_id,
                copy,
                tracked.item.title,
                download_id=tracked.item.download_id,
                version_id=history_version(tracked.grab),
            )
        )
    pending_since: dict[int, dt.datetime] = {}
    for row in pending:
        if row.reason == NO_DOWNLOAD_CLIENT:
            copy = _copy_of_title(row.title, int(row.release.get("custom_format_score", 0)))
            queue.setdefault(row.movie_id, []).append(
                decisions.Grab(
                    row.movie_id,
                    copy,
                    row.title,
                    date=row.added,
                    version_id=row.release.get("movie_version_id"),
                )
            )
        else:
            pending_since.setdefault(row.movie_id, row.added)
    skip_free_space = media.skip_free_space_check_when_importing
    facts = DecisionFacts(
        movies=movies,
        other_versions=other_versions,
        now=now,
        formats=formats,
        settings=decisions.Settings(
            minimum_age=indexer_config.minimum_age,
            maximum_size=indexer_config.maximum_size,
            retention=indexer_config.retention,
            allow_hardcoded_subs=indexer_config.allow_hardcoded_subs,
            whitelisted_hardcoded_subs=indexer_config.whitelisted_hardcoded_subs,
            propers=Propers(media.download_propers_and_repacks),
            prefer_indexer_flags=indexer_config.prefer_indexer_flags,
            skip_free_space_check=skip_free_space,
            minimum_free_space=media.minimum_free_space_when_importing,
        ),
        sizes=sizes,
        delay_rules=delay_rules,
        release_rules=release_rules,
        indexers=indexers,
        queue=queue,
        history=history,
        blocklist=blocklist,
        free_space={}
        if skip_free_space
        else await _free_space((r.row.id, r.row.path) for r in records if r.row.version_is_default),
        pending_since=pending_since,
    )
    return Snapshot(facts, [row for row in pending if row.reason == WAITING_FOR_DELAY])


# ---------------------------------------------------------------- grabbing and waiting


@dataclass
class Processed:
    grabbed: list[Judged] = dataclasses.field(default_factory=list)
    # Grabbed ones no download client took, kept as pending.
    unsent: int = 0
    pending: int = 0


async def grab(ctx: Context, judged: Judged, movie_id: int | None = None) -> bool:
    """Hand one release to a download client, for its mapped movie and version unless
    ``movie_id`` says otherwise (then for that movie's default version). When no client takes
    it, keep it as pending ("no download client") so it shows in the queue and can be grabbed
    from there later; ``False`` then."""
    version_id = judged.version_id if movie_id in (None, judged.movie_id) else None
    movie_id = movie_id or judged.movie_id
    if movie_id is None:
        raise ValidationFailed(("movieId", "The release matches no library movie; say which movie it is for"))
    info, candidate = judged.info, judged.decision.candidate
    try:
        await downloads.grab(
            ctx,
            info,
            movie_id,
            quality=quality_json(candidate.quality, candidate.parsed.quality.revision)
            if candidate.parsed
            else None,
            language_ids=[language.id for language in candidate.parsed.languages] if candidate.parsed else (),
            custom_formats=[custom_format.id for custom_format in candidate.formats],
            custom_format_score=candidate.format_score,
            version_id=None if candidate.movie is None or candidate.movie.is_default_version else version_id,
        )
        return True
    except downloads.GrabFailed as exc:
        log.warning("%s kept as pending: %s", info.title, exc)
    async with ctx.db.write() as uow:
        recorded = await uow.session.scalars(
            select(PendingRelease).where(
                PendingRelease.movie_id == movie_id, PendingRelease.reason == NO_DOWNLOAD_CLIENT
            )
        )
        if any(_key(release_from_document(row.release)) == _key(info) for row in recorded):
            return False
        document = release_document(info)
        document["custom_format_score"] = candidate.format_score
        if candidate.movie is not None and not candidate.movie.is_default_version:
            document["movie_version_id"] = version_id
        uow.session.add(
            PendingRelease(
                movie_id=movie_id,
                title=info.title,
                added=ctx.clock(),
                release=document,
                reason=NO_DOWNLOAD_CLIENT,
            )
        )
    return False


async def process(ctx: Context, judged: Sequence[Judged]) -> Processed:
    """Grab the best approved release per movie; keep the temporarily rejected waiting.

    A movie that got a release forgets what waited for it; a waiting release that is now
    judged otherwise leaves the queue of pending releases.
    """
    outcome = Processed()
    best = decisions.best_per_version(j.decision for j in judged)
    chosen = {id(decision) for decision in best.values()}
    for one in judged:
        if id(one.decision) in chosen:
            if not await grab(ctx, one):
                outcome.unsent += 1
            outcome.grabbed.append(one)
    grabbed_movies = {movie_id for movie_id, _ in best}
    waiting = {
        _key(j.info): j
        for j in judged
        if j.decision.temporarily_rejected and j.movie_id is not None and j.movie_id not in grabbed_movies
    }
    judged_keys = {_key(j.info) for j in judged}
    async with ctx.db.write() as uow:
        session = uow.session
        if grabbed_movies:
            await session.execute(
                delete(PendingRelease).where(
                    PendingRelease.reason == WAITING_FOR_DELAY, PendingRelease.movie_id.in_(grabbed_movies)
                )
            )
        stored = await session.scalars(
            select(PendingRelease).where(PendingRelease.reason == WAITING_FOR_DELAY)
        )
        already = set()
        for row in stored:
            key = _key(release_from_document(row.release))
            if key in judged_keys and key not in waiting:
                await session.delete(row)
            else:
                already.add(key)
        for key, one in waiting.items():
            if key not in already:
                assert one.movie_id is not None
                session.add(
                    PendingRelease(
                        movie_id=one.movie_id,
                        title=one.info.title,
                        added=ctx.clock(),
                        release=release_document(one.info),
                        reason=WAITING_FOR_DELAY,
                    )
                )
    outcome.pending = len(waiting)
    return outcome


def _summary(processed: Processed) -> str:
    grabbed = len(processed.grabbed)
    text = f"{grabbed} release{'s' if grabbed != 1 else ''} grabbed"
    if processed.unsent:
        text += f" ({processed.unsent} kept as pending: no download client took them)"
    if processed.pending:
        text += f"; {processed.pending} waiting for the delay profile"
    return text


# ---------------------------------------------------------------- RSS sync


async def rss_sync(ctx: Context) -> str:
    """Fetch every RSS feed, judge what came with what waited, grab the best per movie."""
    outcome = await rss_outcome(ctx)
    batch = await snapshot(ctx)
    waiting = [release_from_document(row.release) for row in batch.waiting]
    judged = judge([*outcome.releases, *waiting], batch.facts, search=SearchKind.RSS)
    processed = await process(ctx, judged)
    message = (
        f"Fetched {len(outcome.releases)} releases from {outcome.indexers} indexers; "
        f"{len(outcome.failures)} failed"
    )
    if outcome.failures:
        message += ": " + "; ".join(f"{f.indexer}: {f.message}" for f in outcome.failures)
    return f"{message}. {_summary(processed)}"


async def run_rss_sync(ctx: Context, run: CommandRun) -> str:
    await run.progress("Fetching RSS feeds")
    return await rss_sync(ctx)


# ---------------------------------------------------------------- searching for movies


def criteria_for(movie: decisions.Movie) -> SearchCriteria:
    return SearchCriteria(
        title=movie.title,
        year=movie.year,
        imdb_id=movie.imdb_id,
        tmdb_id=movie.tmdb_id or None,
        alternative_titles=movie.alternative_titles,
    )


async def search_movie(
    ctx: Context, facts: DecisionFacts, movie_id: int, *, interactive: bool = False
) -> list[Judged]:
    """Ask the search indexers for one movie and judge what they offer for it."""
    movie = facts.movies.get(movie_id)
    if movie is None:
        raise NotFound("Movie", movie_id)
    found = await search_indexers(ctx, criteria_for(movie), interactive=interactive)
    kind = SearchKind.INTERACTIVE if interactive else SearchKind.AUTOMATIC
    return judge(found, facts, search=kind, searched_movie=movie)


async def search_movies(ctx: Context, movie_ids: Sequence[int]) -> str:
    """The automatic search: each movie in turn, its best release grabbed."""
    facts = (await snapshot(ctx)).facts
    known = [movie_id for movie_id in movie_ids if movie_id in facts.movies]
    total = Processed()
    for movie_id in known:
        processed = await process(ctx, await search_movie(ctx, facts, movie_id))
        total.grabbed += processed.grabbed
        total.unsent += processed.unsent
        total.pending += processed.pending
    if known:
        async with ctx.db.write() as uow:
            await uow.session.execute(
                update(Movie).where(Movie.id.in_(known)).values(last_search_time=ctx.clock())
            )
    searched = len(known)
    return f"Searched {searched} movie{'s' if searched != 1 else ''}: {_summary(total)}"


async def run_movies_search(ctx: Context, run: CommandRun) -> str:
    movie_ids = [int(i) for i in run.body.get("movieIds") or ()]
    return await search_movies(ctx, movie_ids)


async def run_missing_movies_search(ctx: Context, run: CommandRun) -> str:
    """Every available movie with a monitored version that has no file."""
    async with ctx.db.read() as session:
        movie_ids = await _wanting_versions(session, cutoff=False)
    return await search_movies(ctx, await _available(ctx, movie_ids))


async def run_cutoff_unmet_movies_search(ctx: Context, run: CommandRun) -> str:
    """Every available movie with a monitored version whose file is below its profile's cutoff."""
    async with ctx.db.read() as session:
        movie_ids = await _wanting_versions(session, cutoff=True)
    return await search_movies(ctx, await _available(ctx, movie_ids))


async def _wanting_versions(session: AsyncSession, *, cutoff: bool) -> list[int]:
    """Ids of the movies where any monitored version is missing (or, with ``cutoff``, below its
    cutoff): a movie whose 1080p file is fine is still searched for its missing 4K version, and
    the search then judges each release for every version."""
    clause = await wanted_clause(session, cutoff=cutoff, monitored=None)
    query = library.with_movie_joins(select(Movie.id).select_from(Movie), library.ALL_VERSIONS)
    query = query.where(clause, library.VERSION_MONITORED.is_(True)).distinct().order_by(Movie.id)
    return list(await session.scalars(query))


async def _available(ctx: Context, movie_ids: list[int]) -> list[int]:
    now = ctx.clock()
    async with ctx.db.read() as session:
        delay_days = (await metadata.load_settings(session)).availability_delay
        records = await library.load_movies(session, movie_ids=movie_ids)
    return [
        record.row.id
        for record in records
        if library.is_available(
            record.row.minimum_availability,
            parse_iso(iso_utc(record.row.in_cinemas)),
            parse_iso(iso_utc(record.row.physical_release)),
            parse_iso(iso_utc(record.row.digital_release)),
            now=now,
            delay_days=delay_days,
        )
    ]


async def push(ctx: Context, info: ReleaseInfo) -> list[Judged]:
    """A release another tool pushed: judged as RSS sync would, and grabbed when it is approved."""
    facts = (await snapshot(ctx)).facts
    judged = judge([info], facts, search=SearchKind.RSS)
    await process(ctx, judged)
    return judged


# ---------------------------------------------------------------- wanted


# Sort keys of the wanted lists (Radarr's table.column; the column is what counts).
_WANTED_SORT_COLUMNS: dict[str, Any] = {
    "sorttitle": MovieMetadata.sort_title,
    "title": MovieMetadata.sort_title,
    "year": MovieMetadata.year,
    "added": Movie.added,
    "incinemas": MovieMetadata.in_cinemas,
    "digitalrelease": MovieMetadata.digital_release,
    "physicalrelease": MovieMetadata.physical_release,
    "lastsearchtime": Movie.last_search_time,
    "runtime": MovieMetadata.runtime,
}


async def wanted_clause(
    session: AsyncSession, *, cutoff: bool, monitored: bool | None
) -> ColumnElement[bool]:
    """Missing movies (no file), or with ``cutoff`` those whose file is below their profile's
    cutoff in quality or custom format score, as SQL over :func:`library.with_movie_joins`.

    The cutoff is worked out per profile here (the qualities below it), so the database
    filters and pages the library without any row reaching Python."""
    clauses: list[ColumnElement[bool]] = []
    if monitored is not None:
        clauses.append(Movie.monitored.is_(monitored))
    if not cutoff:
        return and_(MovieFile.id.is_(None), *clauses)
    stored_id = MovieFile.quality["quality"]["id"].as_integer()
    known = [quality.id for quality in q.ALL]
    below: list[ColumnElement[bool]] = []
    for row in await session.scalars(select(QualityProfile)):
        profile = Profile.from_row(row)
        unmet = [quality.id for quality in q.ALL if not profile.quality_cutoff_met(quality)]
        quality_unmet = stored_id.in_(unmet)
        if not profile.quality_cutoff_met(q.UNKNOWN):  # an unreadable quality counts as Unknown
            quality_unmet = or_(quality_unmet, stored_id.is_(None), stored_id.not_in(known))
        score = func.coalesce(MovieFile.custom_format_score, 0)
        below.append(
            and_(
                MovieVersion.quality_profile_id == row.id,
                or_(quality_unmet, score < profile.cutoff_format_score),
            )
        )
    return and_(MovieFile.id.is_not(None), or_(false(), *below), *clauses)


async def missing(session: AsyncSession, *, monitored: bool | None) -> list[MovieRecord]:
    """Movies without a file, optionally only the (un)monitored ones."""
    where = await wanted_clause(session, cutoff=False, monitored=monitored)
    return await library.load_movies(session, where=where)


async def cutoff_unmet(session: AsyncSession, *, monitored: bool | None) -> list[MovieRecord]:
    """Movies whose file is below their profile's cutoff in quality or custom format score."""
    where = await wanted_clause(session, cutoff=True, monitored=monitored)
    return await library.load_movies(session, where=where)


@dataclass(frozen=True)
class WantedPage:
    records: list[MovieRecord]
    total: int


async def wanted_page(
    session: AsyncSession,
    *,
    cutoff: bool,
    monitored: bool | None,
    sort_key: str,
    descending: bool,
    offset: int,
    limit: int,
) -> WantedPage:
    """One page of the missing or cutoff-unmet movies, sorted and cut by the database.

    Movies without the sort value go last whichever the direction, ties in id order, as
    Radarr lists them."""
    clause = await wanted_clause(session, cutoff=cutoff, monitored=monitored)
    column = _WANTED_SORT_COLUMNS.get(sort_key.rsplit(".", 1)[-1].lower(), MovieMetadata.sort_title)
    if column is MovieMetadata.sort_title and session.get_bind().dialect.name == "postgresql":
        column = column.collate("C")  # code point order, as SQLite and Python compare text
    ids_query = library.with_movie_joins(select(Movie.id).select_from(Movie)).where(clause)
    total = await session.scalar(select(func.count()).select_from(ids_query.subquery())) or 0
    ordered = ids_query.order_by(column.is_(None), column.desc() if descending else column.asc(), Movie.id)
    page_ids = list(await session.scalars(ordered.offset(offset).limit(limit)))
    by_id = {record.row.id: record for record in await library.load_movies(session, movie_ids=page_ids)}
    return WantedPage([by_id[i] for i in page_ids if i in by_id], total)
