"""The ``ImportListSync`` command: add what the lists offer, and clean what no list still offers.

Every five minutes the scheduler queues it; each list is read only once its own minimum
refresh interval has passed since its last good read, and not while it is backing off. What
a list offered last is kept in its status row (``provider_status.data``), so cleaning compares
the library with every list, not only the ones read this time.

A list that fails never counts as empty: its failure backs it off, it shows in health, and
cleaning is skipped for that run. A list that used to offer movies and suddenly offers none
is believed only when the next read says so again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import library, paths
from reelarr import settings as settings_store
from reelarr.commands import CommandFailed, CommandRun
from reelarr.errors import ValidationFailed
from reelarr.events import MovieUpdated
from reelarr.health import HealthIssue
from reelarr.import_lists import IMPORT_LISTS, ImportList, ImportListOptions, ListFailed, ListMovie
from reelarr.metadata import MetadataError, MovieNotFoundOnTmdb, TmdbClient
from reelarr.models import Collection, ImportExclusion, Movie, MovieMetadata, ProviderStatus, RootFolder
from reelarr.providers import Definition, definitions, is_blocked, record_failure, record_success, status_of
from reelarr.settings import Section

if TYPE_CHECKING:
    from reelarr.context import Context

log = logging.getLogger(__name__)

COMMAND = "ImportListSync"
INTERVAL = dt.timedelta(minutes=5)
LOOKUP_CONCURRENCY = 4

ListSyncLevel = Literal[
    "disabled", "logOnly", "keepAndUnmonitor", "keepAndTag", "removeAndKeep", "removeAndDelete"
]


class ImportListConfig(Section):
    """Radarr's ``config/importlist``: what happens to library movies no list offers any more."""

    section: ClassVar[str] = "importlist"
    list_sync_level: ListSyncLevel = "disabled"
    list_sync_tag: int = 0


@dataclass(frozen=True)
class ConfiguredList:
    provider: ImportList
    options: ImportListOptions
    status: dict[str, Any]  # the stored ``data``: lastSync, movies, problem, emptyOnce
    blocked: bool

    @property
    def definition(self) -> Definition:
        return self.provider.definition

    @property
    def stored_movies(self) -> list[ListMovie]:
        return [ListMovie.from_json(m) for m in self.status.get("movies") or ()]

    def due(self, now: dt.datetime) -> bool:
        last = self.status.get("lastSync")
        return last is None or dt.datetime.fromisoformat(last) + self.provider.min_refresh_interval <= now


@dataclass
class Fetched:
    listed: ConfiguredList
    movies: list[ListMovie] = field(default_factory=list)
    problem: str | None = None  # why this read does not count; None when it does
    suspicious_empty: bool = False  # a failure of sorts, but not one to back off for


@dataclass
class SyncReport:
    fetched: int = 0
    failed: list[str] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    cleaned: int = 0
    cleaning_skipped: str | None = None

    def message(self) -> str:
        text = f"Read {self.fetched} list(s), added {len(self.added)} movie(s)"
        if self.cleaned:
            text += f", cleaned {self.cleaned}"
        if self.cleaning_skipped:
            text += f"; library not cleaned: {self.cleaning_skipped}"
        return text


async def configured_lists(ctx: Context) -> list[ConfiguredList]:
    """Every enabled list with its stored status, in ``listOrder``."""
    now = ctx.clock()
    async with ctx.db.read() as session:
        rows = await definitions(session, IMPORT_LISTS.kind)
        stored = {
            row.provider_id: row
            for row in await session.scalars(
                select(ProviderStatus).where(ProviderStatus.provider_id.in_([d.id for d in rows]))
            )
        }
    lists = []
    for definition in rows:
        try:
            provider = IMPORT_LISTS.build(definition)
        except ValidationFailed:
            continue  # an implementation that is gone, or settings that no longer validate
        assert isinstance(provider, ImportList)
        options = ImportListOptions.model_validate(definition.options)
        if not options.enabled:
            continue
        status = stored.get(definition.id)
        lists.append(
            ConfiguredList(
                provider, options, dict(status.data or {}) if status else {}, is_blocked(status, now)
            )
        )
    return sorted(lists, key=lambda c: (c.options.list_order, c.definition.id))


async def _fetch(ctx: Context, listed: ConfiguredList) -> Fetched:
    try:
        movies = await listed.provider.fetch(ctx)
    except ListFailed as exc:
        return Fetched(listed, problem=str(exc))
    except Exception:  # a bug in one list must not stop the others
        log.exception("import list %s failed", listed.definition.name)
        return Fetched(listed, problem="the list failed unexpectedly; see the log")
    if not movies and listed.stored_movies and not listed.status.get("emptyOnce"):
        return Fetched(
            listed,
            problem=f"it offered no movies although it offered {len(listed.stored_movies)} last time; "
            "an empty answer is believed when the next read repeats it",
            suspicious_empty=True,
        )
    return Fetched(listed, movies)


async def _resolve_imdb_ids(
    ctx: Context, movies: list[ListMovie], known: dict[str, int], tmdb: TmdbClient | None
) -> list[ListMovie]:
    """TMDB ids for movies a list knows only by IMDb id: from the library, else from TMDB."""
    resolved = []
    for movie in movies:
        if not movie.tmdb_id and movie.imdb_id:
            tmdb_id = known.get(movie.imdb_id, 0)
            if not tmdb_id and tmdb is not None:
                try:
                    info = await tmdb.movie_for_imdb(movie.imdb_id)
                except MetadataError as exc:
                    log.warning("could not look up %s on TMDB: %s", movie.imdb_id, exc)
                    info = None
                tmdb_id = info.tmdb_id if info else 0
            movie = ListMovie(tmdb_id, movie.imdb_id, movie.title, movie.year)
        resolved.append(movie)
    return resolved


async def _record(ctx: Context, fetched: list[Fetched], now: dt.datetime) -> None:
    async with ctx.db.write() as uow:
        for result in fetched:
            listed = result.listed
            if result.problem is None:
                status = await record_success(uow.session, listed.definition.id)
                status.data = {
                    "lastSync": now.isoformat(),
                    "movies": [m.as_json() for m in result.movies],
                    "emptyOnce": False,
                }
            else:
                if result.suspicious_empty:
                    status = await status_of(uow.session, listed.definition.id)
                else:
                    status = await record_failure(uow.session, listed.definition.id, now)
                status.data = {
                    **listed.status,
                    "problem": result.problem,
                    "emptyOnce": result.suspicious_empty,
                }


async def sync(ctx: Context, definition_id: int | None = None, *, force: bool = False) -> SyncReport:
    """Read the lists that are due (all of them when ``force``, the one given), add new movies, clean.

    A forced run (the user asked) reads lists that are backing off too: it is the retry they want.
    """
    now = ctx.clock()
    report = SyncReport()
    lists = await configured_lists(ctx)
    if definition_id is not None:
        due = [c for c in lists if c.definition.id == definition_id]
    else:
        due = [c for c in lists if force or (not c.blocked and c.due(now))]
    if not due:
        return report
    tmdb = await library.optional_tmdb_client(ctx)
    async with ctx.db.read() as session:
        config = await settings_store.load(session, ImportListConfig)
        in_library = list(
            await session.execute(
                select(
                    Movie.id, MovieMetadata.tmdb_id, MovieMetadata.imdb_id, Movie.monitored, Movie.tags
                ).join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
            )
        )
        excluded = set(await session.scalars(select(ImportExclusion.tmdb_id)))
    imdb_to_tmdb = {row.imdb_id: row.tmdb_id for row in in_library if row.imdb_id}
    fetched = list(await asyncio.gather(*(_fetch(ctx, listed) for listed in due)))
    for result in fetched:
        if result.problem is None:
            result.movies = await _resolve_imdb_ids(ctx, result.movies, imdb_to_tmdb, tmdb)
    await _record(ctx, fetched, now)
    report.fetched = sum(1 for r in fetched if r.problem is None)
    for result in fetched:
        if result.problem is not None:
            report.failed.append(result.listed.definition.name)
            log.warning("import list %s: %s", result.listed.definition.name, result.problem)

    report.added = await _add_new(ctx, fetched, {row.tmdb_id for row in in_library}, excluded, tmdb)

    reason = _why_not_clean(config, lists, fetched, definition_id)
    if reason is None:
        offered: set[int] = set()
        offered_imdb: set[str] = set()
        fresh = {r.listed.definition.id: r.movies for r in fetched if r.problem is None}
        for listed in lists:
            for movie in fresh.get(listed.definition.id, listed.stored_movies):
                offered.add(movie.tmdb_id)
                if movie.imdb_id:
                    offered_imdb.add(movie.imdb_id)
        stale = [
            row
            for row in in_library
            if row.tmdb_id not in offered and not (row.imdb_id and row.imdb_id in offered_imdb)
        ]
        report.cleaned = await clean(ctx, config, stale)
    elif config.list_sync_level != "disabled":
        report.cleaning_skipped = reason
        log.warning("import list sync did not clean the library: %s", reason)
    await ctx.health.run(ctx)
    return report


def _why_not_clean(
    config: ImportListConfig, lists: list[ConfiguredList], fetched: list[Fetched], definition_id: int | None
) -> str | None:
    """Why this run must not clean the library, or None when it may."""
    if config.list_sync_level == "disabled":
        return "list sync level is disabled"
    if definition_id is not None:
        return "only one list was read"
    problems = [f"{r.listed.definition.name}: {r.problem}" for r in fetched if r.problem is not None]
    if problems:
        return "; ".join(problems)
    fetched_ids = {r.listed.definition.id for r in fetched}
    unread = [
        c.definition.name
        for c in lists
        if c.definition.id not in fetched_ids and (c.blocked or "lastSync" not in c.status)
    ]
    if unread:
        return f"not every list could be read ({', '.join(unread)})"
    return None


async def _add_new(
    ctx: Context, fetched: list[Fetched], present: set[int], excluded: set[int], tmdb: TmdbClient | None
) -> list[int]:
    """Add each new, not excluded movie once, with the settings of the first list offering it."""
    wanted: dict[int, tuple[ListMovie, ConfiguredList]] = {}
    for result in fetched:
        if result.problem is not None or not result.listed.options.enable_auto:
            continue
        for movie in result.movies:
            if movie.tmdb_id > 0 and movie.tmdb_id not in present and movie.tmdb_id not in excluded:
                wanted.setdefault(movie.tmdb_id, (movie, result.listed))
    if not wanted:
        return []
    if tmdb is None:
        log.warning("import lists offer %d new movie(s) but TMDB is not configured", len(wanted))
        return []
    semaphore = asyncio.Semaphore(LOOKUP_CONCURRENCY)
    added: list[int] = []
    collections: list[int] = []

    async def add_one(movie: ListMovie, listed: ConfiguredList) -> None:
        async with semaphore:
            try:
                info = await tmdb.movie(movie.tmdb_id)
            except MovieNotFoundOnTmdb:
                log.info(
                    "%s (TMDB %d) from %s is not on TMDB", movie.title, movie.tmdb_id, listed.definition.name
                )
                return
            except MetadataError as exc:
                log.warning("could not look up %s (TMDB %d): %s", movie.title, movie.tmdb_id, exc)
                return
        options = listed.options
        monitored = options.monitor != "none"
        fields = library.MovieFields(
            tmdb_id=movie.tmdb_id,
            title=info.title,
            quality_profile_id=options.quality_profile_id,
            root_folder_path=options.root_folder_path,
            monitored=monitored,
            minimum_availability=options.minimum_availability,
            tags=list(listed.definition.tags),
            add_options={
                "searchForMovie": monitored and options.search_on_add,
                "monitor": options.monitor,
                "addMethod": "list",
            },
        )
        try:
            async with ctx.db.write() as uow:
                folders = await paths.load_folders(uow.session, ctx.settings)
                movie_id = await library.add_movie(
                    uow, fields, info, folders=folders, commands=ctx.commands, now=ctx.clock()
                )
                if options.monitor == "movieAndCollection" and info.collection_tmdb_id:
                    collection_id = await _monitor_collection(uow.session, info.collection_tmdb_id, options)
                    if collection_id is not None:
                        collections.append(collection_id)
        except ValidationFailed as exc:
            log.warning("could not add %s from list %s: %s", info.title, listed.definition.name, exc)
            return
        added.append(movie_id)

    await asyncio.gather(*(add_one(movie, listed) for movie, listed in wanted.values()))
    if collections:  # the collections just monitored add their other movies now, not in a day
        await ctx.commands.enqueue(
            "RefreshCollections", {"collectionIds": collections}, trigger="unspecified"
        )
    return sorted(added)


async def _monitor_collection(
    session: AsyncSession, collection_tmdb_id: int, options: ImportListOptions
) -> int | None:
    """``movieAndCollection``: the movie's collection becomes monitored with the list's settings.

    Returns its id when it was not monitored before."""
    collection = await session.scalar(select(Collection).where(Collection.tmdb_id == collection_tmdb_id))
    if collection is None or collection.monitored:
        return None
    collection.monitored = True
    collection.quality_profile_id = options.quality_profile_id
    collection.root_folder_path = options.root_folder_path
    collection.minimum_availability = options.minimum_availability
    collection.search_on_add = options.search_on_add
    collection_id: int = collection.id
    return collection_id


async def clean(ctx: Context, config: ImportListConfig, stale: list[Any]) -> int:
    """Apply the list sync level to library movies no list offers; returns how many changed."""
    level = config.list_sync_level
    if level == "logOnly":
        for row in stale:
            log.info("movie %d (TMDB %d) is in the library but on no list", row.id, row.tmdb_id)
        return 0
    if level == "keepAndUnmonitor":
        ids = [row.id for row in stale if row.monitored]
        if ids:
            async with ctx.db.write() as uow:
                await uow.session.execute(update(Movie).where(Movie.id.in_(ids)).values(monitored=False))
                for movie_id in ids:
                    uow.publish(MovieUpdated(movie_id))
        return len(ids)
    if level == "keepAndTag":
        tag = config.list_sync_tag
        untagged = [row for row in stale if tag and tag not in (row.tags or ())]
        if untagged:
            async with ctx.db.write() as uow:
                for row in untagged:
                    await uow.session.execute(
                        update(Movie).where(Movie.id == row.id).values(tags=sorted({*(row.tags or ()), tag}))
                    )
                    uow.publish(MovieUpdated(row.id))
        return len(untagged)
    if level in ("removeAndKeep", "removeAndDelete"):
        for row in stale:
            await library.delete_movie(
                ctx, row.id, delete_files=level == "removeAndDelete", add_import_exclusion=False
            )
        return len(stale)
    return 0


async def run_import_list_sync(ctx: Context, run: CommandRun) -> str:
    """The ImportListSync command: ``{"definitionId": n}`` reads that list now; otherwise the due ones."""
    definition_id = run.body.get("definitionId")
    report = await sync(ctx, definition_id, force=run.trigger == "manual")
    if definition_id is not None and report.failed:
        raise CommandFailed(f"Import list {report.failed[0]} failed; see health")
    return report.message()


# ---------------------------------------------------------------- health


async def check_import_lists(ctx: Context) -> list[HealthIssue]:
    """Lists failing (backing off), lists whose last read did not count, lists' missing root folders."""
    issues = []
    async with ctx.db.read() as session:
        folders = set(await session.scalars(select(RootFolder.path)))
    lists = await configured_lists(ctx)
    failing = [c.definition.name for c in lists if c.status.get("problem") and not c.status.get("emptyOnce")]
    if failing:
        everything = len(failing) == len(lists)
        issues.append(
            HealthIssue(
                "ImportListStatusCheck",
                "error" if everything else "warning",
                "All lists are unavailable due to failures"
                if everything
                else f"Lists unavailable due to failures: {', '.join(failing)}",
                "lists-are-unavailable-due-to-failures",
            )
        )
    for listed in lists:
        if listed.status.get("emptyOnce"):
            issues.append(
                HealthIssue(
                    "ImportListStatusCheck",
                    "warning",
                    f"Import list {listed.definition.name}: {listed.status.get('problem')}; "
                    "the library was not cleaned",
                )
            )
    missing = sorted({c.options.root_folder_path for c in lists if c.options.root_folder_path not in folders})
    if missing:
        issues.append(
            HealthIssue(
                "ImportListRootFolderCheck",
                "error",
                f"Missing root folder for import list(s): {', '.join(missing)}",
                "import-list-missing-root-folder",
            )
        )
    return issues
