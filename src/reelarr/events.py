"""The in-process event bus and the catalog of domain events.

Events are frozen dataclasses named in the past tense. Publishers never wait on or fail
because of a subscriber: each handler runs on its own, and one that raises is logged.
Events raised inside a unit of work are published only after it commits
(``uow.after_commit(lambda: bus.publish(event))``).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    pass


# ---------------------------------------------------------------- the catalog


@dataclass(frozen=True)
class MovieAdded(Event):
    movie_id: int
    search_for_movie: bool = False


@dataclass(frozen=True)
class MovieUpdated(Event):
    movie_id: int


@dataclass(frozen=True)
class MovieDeleted(Event):
    movie_id: int
    title: str
    delete_files: bool = False
    # What is left to name the movie to services by (Trakt's collection) once its row is gone.
    year: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None


@dataclass(frozen=True)
class MovieGrabbed(Event):
    movie_id: int
    download_id: str
    release_title: str


@dataclass(frozen=True)
class DownloadCompleted(Event):
    movie_id: int
    download_id: str


@dataclass(frozen=True)
class DownloadFailed(Event):
    movie_id: int
    download_id: str
    message: str


@dataclass(frozen=True)
class MovieImported(Event):
    movie_id: int
    movie_file_id: int
    is_upgrade: bool = False


@dataclass(frozen=True)
class FileRename:
    movie_file_id: int
    previous_relative_path: str


@dataclass(frozen=True)
class MovieRenamed(Event):
    """Files of a movie got the names the naming format now makes."""

    movie_id: int
    files: tuple[FileRename, ...]


@dataclass(frozen=True)
class MovieFileDeleted(Event):
    movie_id: int
    movie_file_id: int
    reason: str


@dataclass(frozen=True)
class CommandUpdated(Event):
    """A command changed status or progress message (the live event stream follows these)."""

    command_id: int
    name: str
    status: str
    message: str | None = None


@dataclass(frozen=True)
class HealthChanged(Event):
    issues: tuple[tuple[str, str, str], ...] = field(default=())  # (source, type, message)


@dataclass(frozen=True)
class ConfigChanged(Event):
    section: str


# ---------------------------------------------------------------- the bus

E = TypeVar("E", bound=Event)
Handler = Callable[[Any], Awaitable[None] | None]


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[type[Event], list[Handler]] = defaultdict(list)

    def subscribe(self, event_type: type[E], handler: Callable[[E], Awaitable[None] | None]) -> None:
        self._handlers[event_type].append(handler)

    async def publish(self, event: Event) -> None:
        """Run every handler of the event's type; a handler that fails is logged and skipped."""
        for handler in list(self._handlers.get(type(event), ())):
            try:
                result = handler(event)
                if asyncio.iscoroutine(result):
                    await result
            except Exception:
                log.exception("event handler %s failed on %s", _name(handler), type(event).__name__)


def _name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", repr(handler))
