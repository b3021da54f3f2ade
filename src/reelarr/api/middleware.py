"""ASGI middleware that makes Reelarr answer the way Radarr's clients expect.

- Route paths match whatever their case (starr sends ``/qualityProfile``, Overseerr
  ``/rootfolder``): a request's path is rewritten to the spelling of the route it matches.
- Query parameter names match whatever their case (pyarr sends ``tmdbid``, starr ``movieID``).
- Every response carries ``X-Application-Version`` (Prowlarr refuses a server without it).
- A bug answers 500 with a short message; its traceback goes to the log only, once.

The routes and their query names are read once from the app's own OpenAPI document, the
public description of what it serves.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
_INTERNAL_ERROR = json.dumps({"message": "Internal error: see the log for details"}).encode()


@dataclass
class _RouteTable:
    # Per segment count: templates as tuples of static segments (None where a parameter goes).
    templates: dict[int, list[tuple[str | None, ...]]] = field(default_factory=dict)
    query_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, app: FastAPI) -> _RouteTable:
        table = cls()
        for path, operations in app.openapi().get("paths", {}).items():
            segments = tuple(None if s.startswith("{") else s for s in path.split("/"))
            table.templates.setdefault(len(segments), []).append(segments)
            for operation in operations.values():
                for param in operation.get("parameters", []):
                    if param.get("in") == "query":
                        table.query_names.setdefault(param["name"].lower(), param["name"])
        for templates in table.templates.values():
            # The most specific first: /movie/lookup before /movie/{id}.
            templates.sort(key=lambda t: sum(s is None for s in t))
        return table

    def canonical_path(self, path: str) -> str:
        segments = path.split("/")
        lowered = [s.lower() for s in segments]
        for template in self.templates.get(len(segments), ()):
            if all(t is None or t.lower() == s for t, s in zip(template, lowered, strict=True)):
                return "/".join(s if t is None else t for t, s in zip(template, segments, strict=True))
        return path


class RadarrCompatibility:
    def __init__(self, app: ASGIApp, version: str) -> None:
        self.app = app
        self.version_header = (b"x-application-version", version.encode())
        self._table: _RouteTable | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._table is None:
            self._table = _RouteTable.of(scope["app"])
        path = scope["path"]
        canonical = self._table.canonical_path(path)
        query = scope.get("query_string", b"")
        canonical_query = self._canonical_query(query) if query else query
        if canonical != path or canonical_query is not query:
            scope = dict(scope, path=canonical, raw_path=canonical.encode(), query_string=canonical_query)

        response_started = False

        async def send_with_version(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                message["headers"] = [*message.get("headers", []), self.version_header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_version)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if response_started:
                raise
            await send_with_version(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": _INTERNAL_ERROR})

    def _canonical_query(self, query: bytes) -> bytes:
        assert self._table is not None
        names = self._table.query_names
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        if all(names.get(k.lower(), k) == k for k, _ in pairs):
            return query
        return urlencode([(names.get(k.lower(), k), v) for k, v in pairs]).encode("latin-1")
