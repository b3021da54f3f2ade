"""The database: engine, sessions, and the unit of work that commits before side effects go out.

SQLite is the default and PostgreSQL is chosen by URL. On SQLite only one writer may hold
the database at a time; rather than let "database is locked" reach a user, every write goes
through :meth:`Database.write`, which serialises writers in-process and leaves a busy timeout
of many seconds as the backstop for other processes (a backup, a second ``reelarr`` command).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import NullPool

from reelarr.events import Event, EventBus

SQLITE_BUSY_TIMEOUT_SECONDS = 30

# Stable constraint names, so migrations can refer to them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# JSON documents (quality, languages, media info, provider settings), on both databases.
JSONDocument = JSON(none_as_null=True)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _configure_sqlite(engine: AsyncEngine) -> None:
    database = engine.url.database

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if database and database != ":memory:":
            _make_private(database)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _make_private(database: str) -> None:
    """The database holds password hashes and every provider's secrets: 0600 whatever the umask.

    Called as each connection opens, before WAL mode is set: SQLite creates the ``-wal`` and
    ``-shm`` files with the database file's own mode, so they are 0600 from their creation.
    """
    for path in (database, f"{database}-wal", f"{database}-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, 0o600)


def make_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, pool_size=5, max_overflow=5
        )
        _configure_sqlite(engine)
        return engine
    # PostgreSQL: connections are cheap to reopen and tests drop databases, so no long-lived pool
    # across event loops is kept beyond the engine's life.
    return create_async_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def make_null_pool_engine(url: str) -> AsyncEngine:
    """An engine that holds no connection between uses: for one-off tools and migrations."""
    engine = create_async_engine(url, poolclass=NullPool)
    if url.startswith("sqlite"):
        _configure_sqlite(engine)
    return engine


class UnitOfWork:
    """A write transaction that collects what must happen only once it has committed."""

    def __init__(self, session: AsyncSession, bus: EventBus | None) -> None:
        self.session = session
        self._bus = bus
        self._after_commit: list[Callable[[], Any]] = []

    def publish(self, event: Event) -> None:
        """Publish ``event`` once the transaction has committed (never if it rolls back)."""
        if self._bus is not None:
            bus = self._bus
            self._after_commit.append(lambda: bus.publish(event))

    def after_commit(self, action: Callable[[], Any]) -> None:
        """Run ``action`` (sync, or returning an awaitable) after a successful commit."""
        self._after_commit.append(action)


class Database:
    def __init__(self, url: str, bus: EventBus | None = None) -> None:
        self.url = url
        self.bus = bus
        self.engine = make_engine(url)
        self.is_sqlite = url.startswith("sqlite")
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        self._writer = asyncio.Lock()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def write(self) -> AsyncIterator[UnitOfWork]:
        """One write transaction; commit on success, then release the after-commit actions."""
        async with self._writer if self.is_sqlite else _no_lock(), self.sessions() as session:
            uow = UnitOfWork(session, self.bus)
            async with session.begin():
                yield uow
        for action in uow._after_commit:
            result = action()
            if asyncio.iscoroutine(result):
                await result

    async def dispose(self) -> None:
        await self.engine.dispose()


@asynccontextmanager
async def _no_lock() -> AsyncIterator[None]:
    yield
