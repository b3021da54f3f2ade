"""Posters and fanart for the pages, never a broken image.

A library movie's image comes from the local cache (``MediaCover``); one not cached yet is
fetched in the background, and meanwhile the page gets a placeholder drawn here with the title.
Posters of movies not in the library (Add and Discover) are TMDB files the server fetches by
name from the configured image base through the same image-host allow-list, with the same
placeholder when that fails.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response
from sqlalchemy import select

from reelarr import library, metadata
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep
from reelarr.api.limits import Id
from reelarr.api.metadata import media_cover
from reelarr.context import Context
from reelarr.errors import NotFound
from reelarr.metadata import MetadataSettings
from reelarr.models import Movie, MovieMetadata
from reelarr.web.base import UserDep

log = logging.getLogger(__name__)
router = APIRouter()

# TMDB poster files as its image server names them; nothing else is fetched for Add or Discover.
TMDB_POSTER_FILE = re.compile(r"^[A-Za-z0-9_-]{1,64}\.(jpg|png)$")
TMDB_POSTER_SIZE = "w342"
COVER_FILE = re.compile(r"^(?P<type>poster|fanart)(?:-(?P<width>\d+))?\.jpg$")
CACHED_HEADERS = {"Cache-Control": "max-age=86400"}
# A placeholder stands in only until the real image is cached: the browser must ask again.
PLACEHOLDER_HEADERS = {"Cache-Control": "no-store"}

# Covers are fetched in the background, two at a time, so that no page waits on TMDB for an
# image and an unreachable TMDB cannot tie up the server; a failed cover is not retried for a while.
_FETCHING: dict[Path, asyncio.Task[None]] = {}
_FAILED_AT: dict[Path, float] = {}
_FETCH_SLOTS = asyncio.Semaphore(2)
RETRY_FAILED_COVER_AFTER_SECONDS = 15 * 60


# ---------------------------------------------------------------- the placeholder


def _wrapped(title: str, width: int) -> list[str]:
    """The title in lines of at most ``width`` characters, at most four lines."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word[: width - 1] + "…" if len(word) > width else word)
    if len(lines) > 4:
        lines = [*lines[:3], lines[3][: width - 1] + "…"]
    return lines or ["No poster"]


def placeholder_svg(title: str, year: int | None = None, cover_type: str = "poster") -> str:
    """A poster-shaped (or, for fanart, wide) image with the title written on it, escaped."""
    width, height, columns = (1280, 720, 40) if cover_type == "fanart" else (500, 750, 16)
    lines = _wrapped(title, columns)
    size = 44 if cover_type == "poster" else 56
    top = height / 2 - (len(lines) - 1) * size * 0.6
    text = "".join(
        f'<tspan x="{width / 2:.0f}" y="{top + n * size * 1.2:.0f}">{html.escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    year_line = (
        f'<text x="{width / 2:.0f}" y="{top + len(lines) * size * 1.2 + 10:.0f}" '
        f'font-size="{size * 0.7:.0f}" '
        f'fill="#9aa7b8" text-anchor="middle" font-family="sans-serif">{year}</text>'
        if year
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">'
        f'<rect width="{width}" height="{height}" fill="#27303d"/>'
        f'<rect x="12" y="12" width="{width - 24}" height="{height - 24}" fill="none" '
        f'stroke="#3c4a5c" stroke-width="4" rx="12"/>'
        f'<text font-size="{size}" fill="#e8edf3" text-anchor="middle" font-family="sans-serif" '
        f'font-weight="bold">{text}</text>{year_line}</svg>'
    )


def placeholder(title: str, year: int | None, cover_type: str) -> Response:
    return Response(
        placeholder_svg(title, year, cover_type), media_type="image/svg+xml", headers=PLACEHOLDER_HEADERS
    )


# ---------------------------------------------------------------- library movies


async def _fetch_cover(ctx: Context, movie_id: int, filename: str, cached: Path) -> None:
    try:
        async with _FETCH_SLOTS:
            await media_cover(movie_id, filename, ctx)
    except NotFound:
        _FAILED_AT[cached] = time.monotonic()
    except Exception:
        _FAILED_AT[cached] = time.monotonic()
        log.exception("could not cache cover %s of movie %s", filename, movie_id)
    finally:
        _FETCHING.pop(cached, None)


def _recently_failed(cached: Path) -> bool:
    failed_at = _FAILED_AT.get(cached)
    return failed_at is not None and time.monotonic() - failed_at < RETRY_FAILED_COVER_AFTER_SECONDS


@router.get("/covers/{movie_id}/{filename}")
async def cover(movie_id: Id, filename: str, ctx: CtxDep, user: UserDep) -> Response:
    """A movie's poster or fanart from the local cache, else a placeholder while it is fetched."""
    match = COVER_FILE.match(filename.lower())
    if match is None:
        raise NotFound("Cover", f"{movie_id}/{filename}")
    cached = Path(ctx.settings.media_cover_dir) / str(movie_id) / filename.lower()
    if await asyncio.to_thread(cached.is_file):
        return FileResponse(cached, media_type="image/jpeg", headers=CACHED_HEADERS)
    if cached not in _FETCHING and not _recently_failed(cached):
        _FETCHING[cached] = asyncio.create_task(_fetch_cover(ctx, movie_id, filename, cached))
    async with ctx.db.read() as session:
        found = (
            await session.execute(
                select(MovieMetadata.title, MovieMetadata.year).join(Movie).where(Movie.id == movie_id)
            )
        ).first()
    title, year = (found.title, found.year) if found else ("No poster", None)
    return placeholder(title, year, match["type"])


# ---------------------------------------------------------------- movies not in the library


def poster_file(movie: dict[str, Any]) -> str | None:
    """The TMDB file name of a search result's poster, served through :func:`tmdb_poster`."""
    for image in movie.get("images") or ():
        if image.get("coverType") == "poster":
            name = str(image.get("remoteUrl") or image.get("url") or "").rsplit("/", 1)[-1]
            if TMDB_POSTER_FILE.match(name):
                return name
    return None


async def _cache_tmdb_poster(ctx: Context, filename: str, cached: Path) -> bool:
    """Fetch a TMDB poster file into the cache, only from the image hosts allowed in Settings >
    Metadata; False when it cannot be had."""
    async with ctx.db.read() as session:
        tmdb = await settings_store.load(session, MetadataSettings)
    address = f"{tmdb.image_base_url.rstrip('/')}/{TMDB_POSTER_SIZE}/{filename}"
    return await metadata.cache_image(ctx.http, address, cached, tmdb.image_hosts)


@router.get("/discover/posters/tmdb/{tmdb_id}")
async def tmdb_poster_by_id(
    tmdb_id: Id, ctx: CtxDep, user: UserDep, title: Annotated[str, Query(max_length=300)] = ""
) -> Response:
    """The poster of a movie its lists name only by id (Trakt, Plex, IMDb...): its file name is
    asked of TMDB when a card first shows it, then served from the cache like any other."""
    cached = Path(ctx.settings.media_cover_dir) / "discover" / f"tmdb-{tmdb_id}.jpg"
    if await asyncio.to_thread(cached.is_file):
        return FileResponse(cached, headers=CACHED_HEADERS)
    tmdb = await library.optional_tmdb_client(ctx)
    if tmdb is None:
        return placeholder(title or "No poster", None, "poster")
    try:
        found = await tmdb.get(f"/movie/{tmdb_id}")
    except metadata.MetadataError:
        return placeholder(title or "No poster", None, "poster")
    filename = str(found.get("poster_path") or "").lstrip("/")
    if not TMDB_POSTER_FILE.match(filename) or not await _cache_tmdb_poster(ctx, filename, cached):
        return placeholder(title or "No poster", None, "poster")
    return FileResponse(cached, headers=CACHED_HEADERS)


@router.get("/discover/posters/{filename}")
async def tmdb_poster(
    filename: str, ctx: CtxDep, user: UserDep, title: Annotated[str, Query(max_length=300)] = ""
) -> Response:
    """A TMDB poster for a movie not in the library, cached (the CSP allows only our images);
    the placeholder with ``title`` when TMDB's image server does not give it."""
    if not TMDB_POSTER_FILE.match(filename):
        return placeholder(title or "No poster", None, "poster")
    cached = Path(ctx.settings.media_cover_dir) / "discover" / filename
    if not await asyncio.to_thread(cached.is_file) and not await _cache_tmdb_poster(ctx, filename, cached):
        return placeholder(title or "No poster", None, "poster")
    return FileResponse(cached, headers=CACHED_HEADERS)
