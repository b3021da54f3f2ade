"""Live updates: domain events fanned out to every connected client as server-sent events.

``GET /stream/events`` (with the API key; the web UI serves the same stream to its signed-in
session at ``/stream/ui``) yields one SSE message per change, named as Radarr's SignalR messages
are (``command``, ``movie``, ``queue``, ``health``), with a JSON body
``{"action": ..., "resource": {...}}``. The same messages go to SignalR clients
(Bazarr) at ``/signalr/messages``. A slow client loses its oldest messages rather than holding
the others back.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import select

from reelarr.api.base import CtxDep
from reelarr.context import Context
from reelarr.events import (
    CommandUpdated,
    DownloadCompleted,
    DownloadFailed,
    HealthChanged,
    MovieAdded,
    MovieDeleted,
    MovieGrabbed,
    MovieImported,
    MovieUpdated,
)
from reelarr.models import Movie, MovieMetadata

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
CLIENT_BACKLOG = 200


class LiveHub:
    """Turns bus events into messages and hands each to every connected client's queue."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._clients: set[asyncio.Queue[dict[str, Any]]] = set()
        bus = ctx.bus
        bus.subscribe(CommandUpdated, self._on_command)
        for movie_event in (MovieAdded, MovieUpdated, MovieImported):
            bus.subscribe(movie_event, self._on_movie_changed)
        bus.subscribe(MovieDeleted, self._on_movie_deleted)
        for queue_event in (MovieGrabbed, DownloadCompleted, DownloadFailed, MovieImported):
            bus.subscribe(queue_event, self._on_queue_changed)
        bus.subscribe(HealthChanged, self._on_health_changed)

    @property
    def client_count(self) -> int:
        return len(self._clients)

    @contextlib.contextmanager
    def connect(self) -> Iterator[asyncio.Queue[dict[str, Any]]]:
        """A queue that receives every message until the ``with`` block ends."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=CLIENT_BACKLOG)
        self._clients.add(queue)
        try:
            yield queue
        finally:
            self._clients.discard(queue)

    def broadcast(self, name: str, action: str, resource: dict[str, Any]) -> None:
        message = {"name": name, "body": {"action": action, "resource": resource}}
        for queue in list(self._clients):
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(message)

    async def _on_command(self, event: CommandUpdated) -> None:
        self.broadcast(
            "command",
            "updated",
            {"id": event.command_id, "name": event.name, "status": event.status, "message": event.message},
        )

    async def _on_movie_changed(self, event: Any) -> None:  # MovieAdded, MovieUpdated or MovieImported
        if not self._clients:
            return
        async with self._ctx.db.read() as session:
            row = (
                await session.execute(
                    select(Movie.id, MovieMetadata.title, MovieMetadata.year, MovieMetadata.tmdb_id)
                    .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
                    .where(Movie.id == event.movie_id)
                )
            ).first()
        if row is not None:
            movie_id, title, year, tmdb_id = row
            self.broadcast(
                "movie", "updated", {"id": movie_id, "title": title, "year": year, "tmdbId": tmdb_id}
            )

    async def _on_movie_deleted(self, event: MovieDeleted) -> None:
        self.broadcast("movie", "deleted", {"id": event.movie_id, "title": event.title})

    async def _on_queue_changed(self, event: Any) -> None:
        self.broadcast("queue", "sync", {"movieId": event.movie_id})

    async def _on_health_changed(self, event: HealthChanged) -> None:
        self.broadcast("health", "sync", {"issues": len(event.issues)})


def sse_format(message: dict[str, Any]) -> str:
    return f"event: {message['name']}\ndata: {json.dumps(message['body'], separators=(',', ':'))}\n\n"


router = APIRouter()


@router.get("/stream/events", include_in_schema=False)
async def event_stream(request: Request, ctx: CtxDep) -> StreamingResponse:
    return event_stream_response(request)


def event_stream_response(request: Request) -> StreamingResponse:
    """The live messages as an SSE response, for whoever the caller has already let in.

    The API lets in the API key; the web UI serves the same stream to its signed-in session.
    """
    hub: LiveHub = request.app.state.live

    async def body() -> AsyncIterator[str]:
        with hub.connect() as queue:
            yield ": connected\n\n"
            while not await request.is_disconnected():
                try:
                    message = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                yield sse_format(message)

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


# ---------------------------------------------------------------- SignalR, for Bazarr
#
# Bazarr follows Radarr's SignalR hub at /signalr/messages: it negotiates, opens a WebSocket
# with the API key as ``access_token``, completes the JSON-protocol handshake, and reads
# ``receiveMessage`` invocations carrying the same messages as the event stream. Each frame
# of the JSON hub protocol ends with the record separator 0x1E.

RECORD_SEPARATOR = "\x1e"
SIGNALR_PING = json.dumps({"type": 6}) + RECORD_SEPARATOR

signalr = APIRouter()


@signalr.post("/signalr/messages/negotiate", include_in_schema=False)
async def signalr_negotiate() -> Response:
    """The API key (``access_token``) was checked by the security gate, as for every API path."""
    connection = uuid.uuid4().hex
    return JSONResponse(
        {
            "negotiateVersion": 1,
            "connectionId": connection,
            "connectionToken": connection,
            "availableTransports": [{"transport": "WebSockets", "transferFormats": ["Text"]}],
        }
    )


@signalr.websocket("/signalr/messages")
async def signalr_messages(websocket: WebSocket) -> None:
    hub: LiveHub = websocket.app.state.live
    await websocket.accept()
    handshake = await websocket.receive_text()
    if '"protocol":"json"' not in handshake.replace(" ", ""):
        await websocket.send_text(
            json.dumps({"error": "Only the JSON protocol is supported"}) + RECORD_SEPARATOR
        )
        await websocket.close()
        return
    await websocket.send_text("{}" + RECORD_SEPARATOR)

    async def drain_client() -> None:
        # Client pings and close messages; nothing the client sends needs an answer.
        while True:
            await websocket.receive_text()

    reader = asyncio.create_task(drain_client())
    try:
        with hub.connect() as queue:
            while not reader.done():
                try:
                    message = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    await websocket.send_text(SIGNALR_PING)
                    continue
                invocation = {"type": 1, "target": "receiveMessage", "arguments": [message]}
                await websocket.send_text(json.dumps(invocation) + RECORD_SEPARATOR)
    except WebSocketDisconnect:
        pass
    finally:
        reader.cancel()
