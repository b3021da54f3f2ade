"""The web UI: server-rendered pages (Jinja2 + htmx) on the same port as the API.

Pages call the same service functions the API calls; nothing here goes through the HTTP API.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from reelarr.api.live import event_stream_response
from reelarr.web import (
    activity,
    adding,
    calendar,
    covers,
    details,
    icons,
    importing,
    importlists,
    login,
    movies,
    navigation,
    profiles,
    remotepaths,
    settings,
    system,
    tags,
    welcome,
)
from reelarr.web.base import WEB_DIR, UserDep, load_ui_settings, require_csrf_token

STATIC_DIR = WEB_DIR / "static"
ICON_HEADERS = {"Cache-Control": "public, max-age=86400"}
GENERATED_ICONS: dict[str, Callable[[], tuple[bytes | str, str]]] = {
    "icon.svg": lambda: (icons.icon_svg(), "image/svg+xml"),
    "icon-192.png": lambda: (icons.icon_png(192), "image/png"),
}


def ui_router() -> APIRouter:
    # Every state-changing UI request must carry its page's CSRF token: checked here, once.
    router = APIRouter(
        include_in_schema=False, dependencies=[Depends(require_csrf_token), Depends(load_ui_settings)]
    )
    for module in (
        login,
        navigation,
        welcome,
        system,
        importlists,
        settings,
        tags,
        remotepaths,
        profiles,
        activity,
        calendar,
        importing,
        adding,
        covers,
        details,
        movies,
    ):
        router.include_router(module.router)

    @router.get("/favicon.ico")
    async def favicon() -> Response:
        return Response(
            await asyncio.to_thread(icons.icon_ico),
            media_type="image/vnd.microsoft.icon",
            headers=ICON_HEADERS,
        )

    @router.get("/static/{path:path}")
    async def static(path: str) -> Response:
        """The UI's own CSS and script, the npm packages copied into ``static/vendor``, and the
        app icons, drawn by :mod:`reelarr.web.icons`."""
        if path in GENERATED_ICONS:
            # Drawn once, in a thread: a PNG drawn pixel by pixel takes a moment the first time.
            body, media_type = await asyncio.to_thread(GENERATED_ICONS[path])
            return Response(body, media_type=media_type, headers=ICON_HEADERS)
        if "\x00" in path:  # no file name holds a NUL; resolving one raises
            raise HTTPException(status_code=404, detail="Not Found")
        target = (STATIC_DIR / path).resolve()
        if not target.is_relative_to(STATIC_DIR.resolve()) or not target.is_file():
            raise HTTPException(status_code=404, detail="Not Found")
        return FileResponse(target, headers={"Cache-Control": "public, max-age=3600"})

    @router.get("/stream/ui")
    async def live_messages(request: Request, user: UserDep) -> StreamingResponse:
        """The API's live messages for the signed-in browser, which holds no API key."""
        return event_stream_response(request)

    return router
