"""``GET /api/v3/movie``: the whole library, served from a read model kept current movie by movie.

Home Assistant, Homepage and Overseerr poll the full list every few seconds, so it is never
built per request. The list is held as buckets of movies by id range (``BUCKET_SIZE`` ids each),
every bucket its movies' JSON joined by commas and deflated on its own with a sync flush, so the
buckets' bytes chain into one valid deflate stream. A gzip body is then a header, the buckets'
bytes as they are, and a trailer whose CRC is combined from the buckets' own.

Database triggers log every changed movie in ``movie_changes`` (migration 0004), whoever wrote
it; each request first re-serializes just those movies and re-deflates their buckets. A movie
whose ``isAvailable`` is about to turn true marks its bucket with that moment, so the clock needs
no periodic rebuild either. Serializing and deflating run in a worker thread, a bucket at a
time, so even the first build does not stall the event loop; bodies are streamed, and a client
that does not accept gzip gets the buckets inflated one at a time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import delete, func, select

from reelarr import library, metadata
from reelarr.api.base import CtxDep
from reelarr.api.limits import Int32
from reelarr.api.movie import movie_json
from reelarr.api.version_view import ViewDep
from reelarr.context import Context
from reelarr.db import Database
from reelarr.library import MovieRecord, iso_utc, parse_iso
from reelarr.models import Movie, MovieChange

router = APIRouter(tags=["Movie"])

BUCKET_SIZE = 256
_DEFLATE_LEVEL = 1
_RAW_DEFLATE = -15
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def _deflated(data: bytes) -> bytes:
    """``data`` as a byte-aligned, not final, stand-alone stretch of a raw deflate stream."""
    compressor = zlib.compressobj(_DEFLATE_LEVEL, zlib.DEFLATED, _RAW_DEFLATE)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _inflated(data: bytes) -> bytes:
    return zlib.decompressobj(_RAW_DEFLATE).decompress(data)


_OPEN, _COMMA, _CLOSE = _deflated(b"["), _deflated(b","), _deflated(b"]")
_FINAL_BLOCK = zlib.compressobj(_DEFLATE_LEVEL, zlib.DEFLATED, _RAW_DEFLATE).flush()
_COMMA_CRC = zlib.crc32(b",")

# ---------------------------------------------------------------- CRC-32 of concatenations
# zlib's crc32_combine, which Python's zlib module does not expose: the CRC of A + B from the CRCs
# of A and B and the length of B, by multiplying in GF(2) modulo the CRC polynomial.
_POLYNOMIAL = 0xEDB88320


def _multiply_mod_p(a: int, b: int) -> int:
    product, bit = 0, 1 << 31
    while True:
        if a & bit:
            product ^= b
            if a & (bit - 1) == 0:
                return product
        bit >>= 1
        b = (b >> 1) ^ _POLYNOMIAL if b & 1 else b >> 1


def _powers() -> list[int]:
    powers, power = [], 1 << 30  # x^1
    for _ in range(32):
        powers.append(power)
        power = _multiply_mod_p(power, power)
    return powers


_X_TO_2_TO_N = _powers()


def _x_to_8n_mod_p(length: int) -> int:
    """x^(8 * length) modulo the polynomial."""
    product, k = 1 << 31, 3
    while length:
        if length & 1:
            product = _multiply_mod_p(_X_TO_2_TO_N[k & 31], product)
        length >>= 1
        k += 1
    return product


def crc32_combine(crc_a: int, crc_b: int, length_b: int) -> int:
    return _multiply_mod_p(_x_to_8n_mod_p(length_b), crc_a) ^ crc_b


# ---------------------------------------------------------------- buckets


@dataclass(frozen=True)
class Bucket:
    """Up to ``BUCKET_SIZE`` movies (ids ascending): their JSON joined by commas, deflated."""

    ids: tuple[int, ...]
    lengths: tuple[int, ...]
    # When each movie's isAvailable turns true (None: never changes with the clock).
    turns_available: tuple[dt.datetime | None, ...]
    deflated: bytes
    size: int
    crc: int
    crc_after_comma: int

    @property
    def due(self) -> dt.datetime | None:
        return min((t for t in self.turns_available if t is not None), default=None)

    def movies(self) -> dict[int, tuple[bytes, dt.datetime | None]]:
        content, start, movies = _inflated(self.deflated), 0, {}
        for movie_id, length, turns in zip(self.ids, self.lengths, self.turns_available, strict=True):
            movies[movie_id] = (content[start : start + length], turns)
            start += length + 1
        return movies


def _turns_available(record: MovieRecord, delay: int, now: dt.datetime) -> dt.datetime | None:
    row = record.row
    start = library.available_from(
        row.minimum_availability,
        parse_iso(iso_utc(row.in_cinemas)),
        parse_iso(iso_utc(row.physical_release)),
        parse_iso(iso_utc(row.digital_release)),
    )
    if start is True or start is None:
        return None
    moment = start + dt.timedelta(days=delay)
    return moment if moment > now else None


@dataclass(frozen=True)
class _Serializing:
    now: dt.datetime
    delay: int
    url_base: str


def _bucket(
    old: Bucket | None, fresh: list[MovieRecord], changed: set[int], how: _Serializing
) -> Bucket | None:
    """``old`` with the ``changed`` movies replaced by their ``fresh`` records (a changed movie
    without one is gone). Runs in a worker thread."""
    movies = {i: m for i, m in (old.movies() if old else {}).items() if i not in changed}
    for record in fresh:
        resource = movie_json(record, now=how.now, availability_delay=how.delay, url_base=how.url_base)
        movies[record.row.id] = (orjson.dumps(resource), _turns_available(record, how.delay, how.now))
    if not movies:
        return None
    ids = tuple(sorted(movies))
    content = b",".join(movies[i][0] for i in ids)
    crc = zlib.crc32(content)
    return Bucket(
        ids=ids,
        lengths=tuple(len(movies[i][0]) for i in ids),
        turns_available=tuple(movies[i][1] for i in ids),
        deflated=_deflated(content),
        size=len(content),
        crc=crc,
        crc_after_comma=zlib.crc32(content, _COMMA_CRC),
    )


@dataclass(frozen=True)
class Snapshot:
    """The list as it stood when a request asked: buckets are immutable, so streaming it is safe
    while later changes replace buckets."""

    buckets: tuple[Bucket, ...]
    crc: int
    size: int

    @classmethod
    def of(cls, buckets: tuple[Bucket, ...]) -> Snapshot:
        crc, size = zlib.crc32(b"["), 1
        for index, bucket in enumerate(buckets):
            if index:
                crc = crc32_combine(crc, bucket.crc_after_comma, bucket.size + 1)
                size += bucket.size + 1
            else:
                crc = crc32_combine(crc, bucket.crc, bucket.size)
                size += bucket.size
        return cls(buckets, zlib.crc32(b"]", crc), size + 1)

    @property
    def gzip_length(self) -> int:
        pieces = sum(len(b.deflated) for b in self.buckets) + len(_COMMA) * max(len(self.buckets) - 1, 0)
        return len(_GZIP_HEADER) + len(_OPEN) + pieces + len(_CLOSE) + len(_FINAL_BLOCK) + 8

    def gzipped(self) -> Iterator[bytes]:
        yield _GZIP_HEADER + _OPEN
        for index, bucket in enumerate(self.buckets):
            yield _COMMA + bucket.deflated if index else bucket.deflated
        yield _CLOSE + _FINAL_BLOCK + struct.pack("<II", self.crc, self.size & 0xFFFFFFFF)

    def plain(self) -> Iterator[bytes]:
        """Inflated one bucket at a time (Starlette iterates this in a worker thread)."""
        yield b"["
        for index, bucket in enumerate(self.buckets):
            yield b"," + _inflated(bucket.deflated) if index else _inflated(bucket.deflated)
        yield b"]"


class MovieList:
    """The read model behind ``GET /api/v3/movie``: buckets kept current from ``movie_changes``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._buckets: dict[int, Bucket] = {}
        self._snapshot: Snapshot | None = None
        self._delay: int | None = None
        self._lock = asyncio.Lock()

    async def current(self, ctx: Context) -> Snapshot:
        async with self._lock:
            async with self.db.read() as session:
                delay = (await metadata.load_settings(session)).availability_delay
                changes = (await session.execute(select(MovieChange.id, MovieChange.movie_id))).all()
            how = _Serializing(now=ctx.clock(), delay=delay, url_base=ctx.settings.url_base)
            if delay != self._delay:
                await self._build_all(how)
            else:
                await self._apply(changes, how)
            if changes:
                await self._forget(sorted(change.id for change in changes))
            if self._snapshot is None:
                self._snapshot = Snapshot.of(tuple(self._buckets[k] for k in sorted(self._buckets)))
            return self._snapshot

    async def _build_all(self, how: _Serializing) -> None:
        async with self.db.read() as session:
            first, last = (await session.execute(select(func.min(Movie.id), func.max(Movie.id)))).one()
        self._buckets, self._snapshot, self._delay = {}, None, how.delay
        if first is None:
            return
        for key in range(first // BUCKET_SIZE, last // BUCKET_SIZE + 1):
            await self._rebuild(key, set(range(key * BUCKET_SIZE, (key + 1) * BUCKET_SIZE)), how)

    async def _apply(self, changes: Any, how: _Serializing) -> None:
        changed: dict[int, set[int]] = {}
        for change in changes:
            changed.setdefault(change.movie_id // BUCKET_SIZE, set()).add(change.movie_id)
        for key, bucket in self._buckets.items():
            if (due := bucket.due) is not None and due <= how.now:
                changed.setdefault(key, set()).update(bucket.ids)
        for key in sorted(changed):
            await self._rebuild(key, changed[key], how)

    async def _rebuild(self, key: int, changed: set[int], how: _Serializing) -> None:
        async with self.db.read() as session:
            fresh = await library.load_movies(session, movie_ids=sorted(changed))
        bucket = await asyncio.to_thread(_bucket, self._buckets.get(key), fresh, changed, how)
        if bucket is None:
            self._buckets.pop(key, None)
        else:
            self._buckets[key] = bucket
        self._snapshot = None

    async def _forget(self, change_ids: list[int]) -> None:
        """Delete the change rows read (by runs of ids: a slower transaction may still add a
        lower id on PostgreSQL, and that one must stay for the next request)."""
        runs: list[list[int]] = []
        for change_id in change_ids:
            if runs and runs[-1][1] == change_id - 1:
                runs[-1][1] = change_id
            else:
                runs.append([change_id, change_id])
        async with self.db.write() as uow:
            for first, last in runs:
                await uow.session.execute(delete(MovieChange).where(MovieChange.id.between(first, last)))


def movie_list(request: Request, ctx: CtxDep) -> MovieList:
    model: MovieList | None = getattr(request.app.state, "movie_list", None)
    if model is None or model.db is not ctx.db:
        model = request.app.state.movie_list = MovieList(ctx.db)
    return model


@router.get("/movie")
async def list_movies(
    ctx: CtxDep,
    request: Request,
    model: Annotated[MovieList, Depends(movie_list)],
    view: ViewDep,
    tmdbId: Annotated[Int32 | None, Query()] = None,
    excludeLocalCovers: bool = False,
) -> Response:
    if tmdbId is not None or view is not None:
        # One movie, or the library seen through a version: read as it is, not from the cache.
        async with ctx.db.read() as session:
            delay = (await metadata.load_settings(session)).availability_delay
            tmdb_ids = [tmdbId] if tmdbId is not None else None
            records = await library.load_movies(session, tmdb_ids=tmdb_ids, version=view)
        now, base = ctx.clock(), ctx.settings.url_base
        resources = [movie_json(r, now=now, availability_delay=delay, url_base=base) for r in records]
        return Response(orjson.dumps(resources), media_type="application/json")
    snapshot = await model.current(ctx)
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        headers = {
            "Content-Encoding": "gzip",
            "Vary": "Accept-Encoding",
            "Content-Length": str(snapshot.gzip_length),
        }
        return StreamingResponse(snapshot.gzipped(), media_type="application/json", headers=headers)
    headers = {"Vary": "Accept-Encoding", "Content-Length": str(snapshot.size)}
    return StreamingResponse(snapshot.plain(), media_type="application/json", headers=headers)
