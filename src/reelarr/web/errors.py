"""Error pages: a bad address or id in the UI gets a page in the app's layout that says what is
wrong and links back, never the API's JSON or a bare "Not Found".

The API's handlers (``reelarr.api.base``) still answer every API path in Radarr's shapes; these
wrap them and take over only for UI paths.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reelarr.api.base import EXCEPTION_HANDLERS as API_EXCEPTION_HANDLERS
from reelarr.context import Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.security.gate import route_class
from reelarr.web import settings, system
from reelarr.web.base import NAVIGATION, render

log = logging.getLogger(__name__)

Handler = Callable[[Request, Exception], Awaitable[Response]]

# Where a visitor may be sent back to: the pages every other page hangs below.
PAGE_LABELS = dict(
    (
        *((item.path, item.label) for item in NAVIGATION),
        *(child for item in NAVIGATION for child in item.children),
        *settings.SECTIONS,
        *system.SECTIONS,
    )
)
KNOWN_PAGES = tuple(sorted(PAGE_LABELS, key=len, reverse=True))


def _below_base(request: Request, ctx: Context) -> str:
    path = request.url.path
    base = ctx.settings.url_base
    return path[len(base) :] or "/" if base and path.startswith(base) else path


def back_link(path: str) -> tuple[str, str]:
    """The nearest page above ``path`` that surely exists, and its name."""
    for known in KNOWN_PAGES:
        if known != "/" and path.startswith(known + "/") and path != known:
            return known, PAGE_LABELS[known]
    return "/", "Movies"


def _what_went_wrong(path: str, exc: Exception) -> tuple[int, str, str]:
    """(status, page title, message) for an error met on the UI path ``path``."""
    if isinstance(exc, RequestValidationError):
        where = {str(part) for error in exc.errors() for part in error.get("loc", ())[:1]}
        if "path" in where:
            return (
                404,
                "Page not found",
                f"There is no page at {path}: part of the address is not a valid id.",
            )
        problems = "; ".join(
            f"{error.get('loc', ('',))[-1]}: {error.get('msg', '')}" for error in exc.errors()
        )
        return 400, "Not accepted", f"The request was not accepted ({problems})."
    if isinstance(exc, NotFound):
        return 404, "Not found", f"{exc}. It may have been deleted."
    if isinstance(exc, ValidationFailed):
        return 400, "Not accepted", "; ".join(message for _, message in exc.problems)
    if isinstance(exc, HTTPException):
        if exc.status_code == 404:
            detail = exc.detail if exc.detail != "Not Found" else f"There is no page at {path}."
            return 404, "Page not found", str(detail)
        if exc.status_code == 405:
            return 405, "Not allowed", f"{path} cannot be opened this way."
        return exc.status_code, "Something went wrong", str(exc.detail)
    return 500, "Something went wrong", "The page could not be shown. Details are in the log."


def _styled(api_handler: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        ctx: Context | None = getattr(request.app.state, "ctx", None)
        if ctx is None or not hasattr(request.state, "caller"):
            return await api_handler(request, exc)
        path = _below_base(request, ctx)
        if route_class(path) != "ui":
            return await api_handler(request, exc)
        status, title, message = _what_went_wrong(path, exc)
        back, back_label = back_link(path)
        template = "_error.html" if request.headers.get("hx-request") else "error.html"
        return render(
            request,
            ctx,
            template,
            title,
            status,
            message=message,
            back=back,
            back_label=back_label,
            retry=status >= 500,
        )

    return handle


EXCEPTION_HANDLERS = {kind: _styled(handler) for kind, handler in API_EXCEPTION_HANDLERS.items()}
