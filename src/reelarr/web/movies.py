"""The Movies page: the library as a table, posters or overviews; sorted, filtered, searched and
paged on the server, so that 20,000 movies open as fast as fifty; and the mass editor."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from reelarr import library, paths, qualities
from reelarr.api.base import CtxDep
from reelarr.api.limits import INT64_MAX, INT64_MIN
from reelarr.errors import ValidationFailed
from reelarr.models import (
    CustomFilter,
    Movie,
    MovieFile,
    MovieMetadata,
    MovieVersion,
    QualityProfile,
    RootFolder,
    Tag,
)
from reelarr.web.base import UserDep, page, url
from reelarr.web.welcome import setup_state

log = logging.getLogger(__name__)
router = APIRouter()

PAGE_SIZES = {"table": 50, "posters": 48, "overview": 20}
SORTS = {
    "title": MovieMetadata.sort_title,
    "year": MovieMetadata.year,
    "added": Movie.added,
    "size": func.coalesce(MovieFile.size, 0),
    "formatScore": func.coalesce(MovieFile.custom_format_score, 0),
    "availability": MovieMetadata.status,
}
SORT_LABELS = {
    "title": "Title",
    "year": "Year",
    "added": "Added",
    "size": "Size",
    "formatScore": "Format score",
    "availability": "Availability",
}
FILTERS = {
    "all": "All",
    "monitored": "Monitored",
    "unmonitored": "Unmonitored",
    "missing": "Missing",
    "versionMissing": "Any version missing",
    "downloaded": "Downloaded",
}
AVAILABILITY = {"announced": "Announced", "inCinemas": "In cinemas", "released": "Released", "tba": "TBA"}


@dataclass(frozen=True)
class MovieQuery:
    """What the user asked the Movies page for, from its query string."""

    view: str = "table"
    sort: str = "title"
    direction: str = "asc"
    filter: str = "all"
    profile: int = 0
    tag: int = 0
    availability: str = ""
    collection: int = 0
    custom: int = 0
    search: str = ""
    page: int = 1

    @classmethod
    def of(cls, params: Mapping[str, str]) -> MovieQuery:
        def number(key: str) -> int:
            value = params.get(key, "")
            return int(value) if value.isdigit() else 0

        return cls(
            view=params.get("view", "table") if params.get("view") in PAGE_SIZES else "table",
            sort=params.get("sort", "title") if params.get("sort") in SORTS else "title",
            direction="desc" if params.get("direction") == "desc" else "asc",
            filter=params.get("filter", "all") if params.get("filter") in FILTERS else "all",
            profile=number("profile"),
            tag=number("tag"),
            availability=params.get("availability", "") if params.get("availability") in AVAILABILITY else "",
            collection=number("collection"),
            custom=number("custom"),
            search=params.get("search", "").strip(),
            page=max(number("page"), 1),
        )

    @property
    def page_size(self) -> int:
        return PAGE_SIZES[self.view]

    def link(self, **changes: Any) -> str:
        """The query string for this view with ``changes`` applied (back to page 1 unless paging)."""
        values = {**self.__dict__, "page": 1, **changes}
        defaults = MovieQuery().__dict__
        return "?" + "&".join(f"{k}={v}" for k, v in values.items() if v != defaults[k])


# The columns behind the keys of Radarr's movie list filters (``customfilter`` of type movieIndex),
# with the kind of value each compares with.
CUSTOM_FILTER_COLUMNS: dict[str, tuple[Any, type]] = {
    "monitored": (Movie.monitored, bool),
    "title": (MovieMetadata.title, str),
    "year": (MovieMetadata.year, int),
    "runtime": (MovieMetadata.runtime, int),
    "status": (MovieMetadata.status, str),
    "studio": (func.coalesce(MovieMetadata.studio, ""), str),
    "qualityProfileId": (MovieVersion.quality_profile_id, int),
    "sizeOnDisk": (func.coalesce(MovieFile.size, 0), int),
    "path": (Movie.path, str),
}
_COMPARISONS: dict[str, tuple[type, Any]] = {
    "lessThan": (int, lambda column, value: column < value),
    "lessThanOrEqual": (int, lambda column, value: column <= value),
    "greaterThan": (int, lambda column, value: column > value),
    "greaterThanOrEqual": (int, lambda column, value: column >= value),
    "contains": (str, lambda column, value: func.lower(column).contains(value.lower())),
    "startsWith": (str, lambda column, value: func.lower(column).startswith(value.lower())),
    "endsWith": (str, lambda column, value: func.lower(column).endswith(value.lower())),
}
_NEGATED = {
    "notEqual": "equal",
    "notContains": "contains",
    "notStartsWith": "startsWith",
    "notEndsWith": "endsWith",
}


def _of_kind(value: Any, kind: type) -> bool:
    """Whether a filter value can be compared with a column of this kind (a bool is no number,
    and a number must fit the database's 64 bits)."""
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and INT64_MIN <= value <= INT64_MAX
    return isinstance(value, kind)


def _has_tag(tag: int) -> Any:
    # Tags are a JSON list; a LIKE on its text works on both databases without a JSON operator.
    text = func.cast(Movie.tags, MovieMetadata.title.type)
    return or_(
        text.like(f"[{tag}]"),
        text.like(f"[{tag},%"),
        text.like(f"%, {tag},%"),
        text.like(f"%,{tag},%"),
        text.like(f"%, {tag}]"),
        text.like(f"%,{tag}]"),
    )


def _condition(condition: Any) -> Any:
    """One condition of a saved filter as SQL, or None when this page cannot apply it. A list of
    values means any of them (none of them for the negated types), as in Radarr's filters."""
    if not isinstance(condition, dict):
        return None
    key, kind, value = condition.get("key"), str(condition.get("type", "equal")), condition.get("value")
    values: list[Any] = value if isinstance(value, list) else [value]
    negated = kind in _NEGATED
    kind = _NEGATED.get(kind, kind)
    if not values:
        return None
    if key == "hasFile" and kind == "equal" and all(isinstance(v, bool) for v in values):
        clause = or_(*((MovieFile.id.is_not(None) if v else MovieFile.id.is_(None)) for v in values))
    elif key == "tags" and kind in ("equal", "contains") and all(_of_kind(v, int) for v in values):
        clause = or_(*(_has_tag(v) for v in values))
    elif key in CUSTOM_FILTER_COLUMNS and kind == "equal":
        column, column_kind = CUSTOM_FILTER_COLUMNS[key]
        if not all(_of_kind(v, column_kind) for v in values):
            return None
        clause = column.in_(values)
    elif key in CUSTOM_FILTER_COLUMNS and kind in _COMPARISONS:
        (column, column_kind), (value_kind, compare) = CUSTOM_FILTER_COLUMNS[key], _COMPARISONS[kind]
        if column_kind is not value_kind or not all(_of_kind(v, value_kind) for v in values):
            return None
        clause = or_(*(compare(column, v) for v in values))
    else:
        return None
    return ~clause if negated else clause


def custom_filter_clauses(conditions: list[Any]) -> tuple[list[Any], list[str]]:
    """A saved filter's conditions (all must hold) as SQL, and the keys this page cannot apply."""
    clauses, unapplied = [], []
    for condition in conditions:
        clause = _condition(condition)
        if clause is None:
            unapplied.append(str(condition.get("key", "?") if isinstance(condition, dict) else condition))
        else:
            clauses.append(clause)
    return clauses, unapplied


def _a_monitored_version_is_missing() -> Any:
    """Any monitored version of the movie has no file (the page's own join is to the default one)."""
    version, file = aliased(MovieVersion), aliased(MovieFile)
    monitored = case((version.is_default, Movie.monitored), else_=version.monitored)
    return exists(
        select(version.id)
        .outerjoin(file, file.version_id == version.id)
        .where(version.movie_id == Movie.id, file.id.is_(None), monitored.is_(True))
    )


def _filtered(
    query: Select[Any], q: MovieQuery, *, tag_ids: set[int], custom: list[Any] | None = None
) -> Select[Any]:
    if q.filter == "monitored":
        query = query.where(Movie.monitored.is_(True))
    elif q.filter == "unmonitored":
        query = query.where(Movie.monitored.is_(False))
    elif q.filter == "missing":
        query = query.where(Movie.monitored.is_(True), MovieFile.id.is_(None))
    elif q.filter == "versionMissing":
        query = query.where(_a_monitored_version_is_missing())
    elif q.filter == "downloaded":
        query = query.where(MovieFile.id.is_not(None))
    if q.profile:
        query = query.where(MovieVersion.quality_profile_id == q.profile)
    if q.availability:
        query = query.where(MovieMetadata.status == q.availability)
    if q.collection:
        query = query.where(MovieMetadata.collection_tmdb_id == q.collection)
    if q.tag and q.tag in tag_ids:
        query = query.where(_has_tag(q.tag))
    if custom:
        query = query.where(*custom)
    if q.search:
        words = q.search.lower()
        query = query.where(
            or_(func.lower(MovieMetadata.title).contains(words), MovieMetadata.clean_title.contains(words))
        )
    return query


def _joined(query: Any) -> Select[Any]:
    return (
        query.select_from(Movie)
        .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
        .join(MovieVersion, and_(MovieVersion.movie_id == Movie.id, MovieVersion.is_default.is_(True)))
        .outerjoin(MovieFile, MovieFile.version_id == MovieVersion.id)
    )


async def movie_page(session: AsyncSession, q: MovieQuery) -> dict[str, Any]:
    """One page of the library as the page shows it, and the total, in two indexed queries."""
    tag_rows = list(await session.execute(select(Tag.id, Tag.label).order_by(Tag.label)))
    tag_ids = {row.id for row in tag_rows}
    saved = list(
        await session.scalars(
            select(CustomFilter).where(CustomFilter.type == "movieIndex").order_by(CustomFilter.label)
        )
    )
    chosen = next((f for f in saved if f.id == q.custom), None)
    custom, unapplied = custom_filter_clauses(chosen.filters if chosen else [])
    total = (
        await session.scalar(_filtered(_joined(select(func.count())), q, tag_ids=tag_ids, custom=custom)) or 0
    )
    order = SORTS[q.sort]
    ordered = order.desc() if q.direction == "desc" else order.asc()
    # The page's ids first, from a narrow sort, then only those movies' columns: sorting
    # 20,000 rows that carry overviews and image lists would cost far more than the sort itself.
    page_ids = list(
        await session.scalars(
            _filtered(_joined(select(Movie.id)), q, tag_ids=tag_ids, custom=custom)
            .order_by(ordered, Movie.id)
            .limit(q.page_size)
            .offset((q.page - 1) * q.page_size)
        )
    )
    details = await session.execute(
        _joined(
            select(
                Movie.id,
                Movie.monitored,
                Movie.added,
                Movie.tags,
                MovieMetadata.title,
                MovieMetadata.year,
                MovieMetadata.status,
                MovieMetadata.overview,
                MovieMetadata.runtime,
                MovieMetadata.collection_title,
                MovieVersion.quality_profile_id,
                MovieFile.id.label("file_id"),
                MovieFile.size,
                MovieFile.quality,
                MovieFile.custom_format_score,
            )
        ).where(Movie.id.in_(page_ids))
    )
    by_id = {row.id: row for row in details}
    rows = [by_id[movie_id] for movie_id in page_ids if movie_id in by_id]
    profiles = dict(list(await session.execute(select(QualityProfile.id, QualityProfile.name))))
    # The collections of the movies shown and the one chosen: a library of 100,000 movies has
    # tens of thousands, and listing them all made the page megabytes long.
    collections = list(
        await session.execute(
            select(MovieMetadata.collection_tmdb_id, MovieMetadata.collection_title)
            .join(Movie, Movie.movie_metadata_id == MovieMetadata.id)
            .where(
                MovieMetadata.collection_tmdb_id.is_not(None),
                or_(Movie.id.in_(page_ids), MovieMetadata.collection_tmdb_id == q.collection),
            )
            .distinct()
            .order_by(MovieMetadata.collection_title)
        )
    )
    tag_labels = dict(tag_rows)
    movies = [
        {
            "id": row.id,
            "title": row.title,
            "year": row.year,
            "monitored": row.monitored,
            "status": AVAILABILITY.get(row.status, row.status),
            "overview": row.overview,
            "runtime": row.runtime,
            "profile": profiles.get(row.quality_profile_id, ""),
            "quality": quality_name(row.quality) if row.file_id else "",
            "size": row.size or 0,
            "format_score": row.custom_format_score or 0,
            "tags": [tag_labels.get(t, str(t)) for t in row.tags or []],
            "added": row.added,
            "collection": row.collection_title or "",
            "state": "downloaded" if row.file_id else ("missing" if row.monitored else "unmonitored"),
        }
        for row in rows
    ]
    return {
        "movies": movies,
        "total": total,
        "pages": max(math.ceil(total / q.page_size), 1),
        "q": q,
        "profiles": profiles,
        "tags": tag_rows,
        "collections": collections,
        "custom_filters": [(f.id, f.label) for f in saved],
        "unapplied_conditions": unapplied,
        "root_folders": list(await session.scalars(select(RootFolder.path).order_by(RootFolder.path))),
    }


def quality_name(quality: dict[str, Any] | str | None) -> str:
    if isinstance(quality, str):
        quality = json.loads(quality)
    if not isinstance(quality, dict):
        return ""
    inner = quality.get("quality", quality)
    try:
        return qualities.by_id(int(inner["id"])).name
    except (KeyError, TypeError, ValueError):
        return str(inner.get("name", ""))


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{value:.1f} {unit}" if unit != "B" else f"{int(value)} B"
        value /= 1024
    return f"{value:.1f} TiB"


@router.get("/")
async def movies_index(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    q = MovieQuery.of(request.query_params)

    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            listed = await movie_page(session, q)
        # The whole page (not the list's live refresh) points to the set-up guide while it is needed.
        missing = [] if partial else (await setup_state(ctx)).missing
        return {**listed, "human_size": human_size, "editor_problem": "", "setup_missing": missing}

    partial = request.headers.get("hx-request") and request.headers.get("hx-target") == "movie-list"
    template = "movies/_list.html" if partial else "movies/index.html"
    return await page(request, ctx, template, "Movies", load)


@router.post("/movies/editor")
async def mass_edit(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """The mass editor: one change (monitor, profile, root folder, tags, delete) for the selected."""
    form = await request.form()
    movie_ids = [int(str(v)) for v in form.getlist("movieId") if str(v).isdigit()]
    action = str(form.get("action", ""))
    back = url(ctx, "/") + str(form.get("back", ""))
    if not movie_ids:
        return RedirectResponse(back, status_code=303)
    if action == "delete":
        for movie_id in movie_ids:
            await library.delete_movie(ctx, movie_id, delete_files=False, add_import_exclusion=False)
        return RedirectResponse(back, status_code=303)
    value = str(form.get("value", ""))
    changes = library.EditorChanges(movie_ids=movie_ids)
    if action in ("monitor", "unmonitor"):
        changes.monitored = action == "monitor"
    elif action == "profile" and value.isdigit():
        changes.quality_profile_id = int(value)
    elif action == "rootFolder" and value:
        changes.root_folder_path = value
    elif action in ("addTag", "removeTag") and value.isdigit():
        changes.tags, changes.apply_tags = [int(value)], "add" if action == "addTag" else "remove"
    try:
        async with ctx.db.write() as uow:
            await library.edit_movies(uow, changes, await paths.load_folders(uow.session, ctx.settings))
    except ValidationFailed as exc:
        q = MovieQuery.of(request.query_params)
        problem = str(exc)

        async def load() -> Mapping[str, Any]:
            async with ctx.db.read() as session:
                data = await movie_page(session, q)
            return {**data, "human_size": human_size, "editor_problem": problem}

        return await page(request, ctx, "movies/index.html", "Movies", load)
    return RedirectResponse(back, status_code=303)
