"""The API v3 seen through one version of every movie, at ``/version/{name}/api/v3/…``.

Overseerr and Jellyseerr keep a separate "4K server". Pointed at ``http://host:7878/version/4k``
with the same API key, they find it in this instance: each movie is seen through its version
named ``4k`` (any case), with that version's profile, monitored flag, folder and file; movies
without such a version are not there; the queue and the calendar hold that version's items only.
Adding a movie adds the version (and the movie itself, unmonitored, when it is new, so the
instance's standard view still asks for it), editing edits the version, deleting deletes it.
Everything else (profiles, root folders, tags, system status...) is the instance's own.

:class:`VersionView` rewrites the path before anything else sees it, so the security gate
and the routes treat the request as the plain API call it is, and leaves the name for
:data:`ViewDep`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send

from reelarr import versions
from reelarr.models import MovieVersion

_STATE_KEY = "version_view"


class VersionView:
    """ASGI middleware: ``{url_base}/version/{name}/api/…`` is served as ``{url_base}/api/…``
    with ``name`` remembered in the request's state."""

    def __init__(self, app: ASGIApp, url_base: str) -> None:
        self.app = app
        self._path = re.compile(rf"^{re.escape(url_base)}/version/(?P<name>[^/]+)(?P<rest>/api(?:/.*)?)$")
        self._url_base = url_base

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            found = self._path.match(scope["path"])
            if found and versions.name_problem(found["name"]) is None:
                path = self._url_base + found["rest"]
                state = {**scope.get("state", {}), _STATE_KEY: found["name"]}
                scope = dict(scope, path=path, raw_path=path.encode(), state=state)
        await self.app(scope, receive, send)


def view_of(request: Request) -> str | None:
    """The version the request sees movies through; None for the plain API."""
    name: str | None = getattr(request.state, _STATE_KEY, None)
    return name


ViewDep = Annotated[str | None, Depends(view_of)]


async def view_versions(session: AsyncSession, name: str) -> dict[int, tuple[int, bool]]:
    """movie id -> (id, is default) of its version called ``name``, for the movies that have one."""
    rows = await session.execute(
        select(MovieVersion.movie_id, MovieVersion.id, MovieVersion.is_default).where(
            func.lower(MovieVersion.name) == name.lower()
        )
    )
    return {movie_id: (version_id, bool(is_default)) for movie_id, version_id, is_default in rows}


def in_view(record: dict[str, Any], seen: dict[int, tuple[int, bool]]) -> bool:
    """Whether a queue or history record (``movieId``, ``movieVersionId``: None for the default
    version) is for the viewed version of its movie."""
    version = seen.get(record.get("movieId") or 0)
    if version is None:
        return False
    version_id, is_default = version
    return record.get("movieVersionId") == version_id or (record.get("movieVersionId") is None and is_default)
