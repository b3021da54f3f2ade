"""What every UI page shares: templates, who is calling, the CSRF check, and pages that survive
a failing service.

Pages are rendered on the server; a page whose backing call fails still renders its frame with
a message a user can read, and the traceback goes to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from reelarr import settings as settings_store
from reelarr.api.base import CtxDep
from reelarr.context import APP_NAME, RADARR_COMPATIBLE_VERSION, Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.security import sessions
from reelarr.security.gate import Caller
from reelarr.settings import UiSettings
from reelarr.web import dates

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).parent
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.globals.update(app_name=APP_NAME, version=RADARR_COMPATIBLE_VERSION)
templates.env.filters.update(dates.FILTERS)


@dataclass(frozen=True)
class NavigationItem:
    """One entry of the sidebar. ``count`` names the live badge it carries (see
    :mod:`reelarr.web.navigation`); ``children`` are always listed below it, other groups list
    the ``sections`` of the page being shown when it is theirs."""

    path: str
    label: str
    icon: str
    count: str = ""
    children: tuple[tuple[str, str], ...] = ()
    also_under: tuple[str, ...] = ()  # other paths that belong to this group

    def holds(self, path: str) -> bool:
        """Whether the page at ``path`` (below the URL base) belongs to this group."""
        prefixes = (*(child for child, _ in self.children), *self.also_under)
        if self.path != "/" and path.startswith(self.path):
            return True
        return path == self.path or any(path.startswith(prefix) for prefix in prefixes)


# The navigation lists only pages whose services exist.
NAVIGATION = (
    NavigationItem(
        "/",
        "Movies",
        "film",
        children=(("/add", "Add new"), ("/add/import", "Library import"), ("/discover", "Discover")),
        also_under=("/movie/",),
    ),
    NavigationItem("/calendar", "Calendar", "calendar"),
    NavigationItem("/activity", "Activity", "activity", count="queue"),
    NavigationItem("/wanted", "Wanted", "wanted", count="missing"),
    NavigationItem("/settings", "Settings", "settings"),
    NavigationItem("/system", "System", "system", count="health", also_under=("/welcome",)),
)


def url(ctx: Context, path: str) -> str:
    """A UI path under the URL base."""
    return f"{ctx.settings.url_base}{path}"


# ---------------------------------------------------------------- who is calling


def caller_of(request: Request) -> Caller:
    """Who sent the request, as the security gate established before any route ran."""
    caller: Caller = request.state.caller
    return caller


def signed_in_user(request: Request) -> str | None:
    """The signed-in username (None where no login is needed, e.g. behind an authenticating proxy)."""
    return caller_of(request).username


UserDep = Annotated[str | None, Depends(signed_in_user)]


def csrf_token_of(request: Request, ctx: Context) -> str:
    binding = caller_of(request).csrf_binding
    return sessions.csrf_token(ctx, binding) if binding else ""


async def require_csrf_token(request: Request, ctx: CtxDep) -> None:
    """Every state-changing UI request sends back its page's token (header or ``_csrf`` field).

    A dependency of the whole UI router, so no route can forget it; callers with the API key
    send no token (a foreign page cannot add that header).
    """
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    caller = caller_of(request)
    if caller.by_api_key:
        return
    presented = request.headers.get("x-csrf-token")
    if presented is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        field = (await request.form()).get("_csrf")
        presented = field if isinstance(field, str) else None
    if not sessions.csrf_token_matches(ctx, caller.csrf_binding, presented):
        log.warning("refused %s %s: missing or wrong CSRF token", request.method, request.url.path)
        raise HTTPException(
            status_code=403,
            detail="This form has expired or came from another site. Reload the page and try again.",
        )


async def load_ui_settings(request: Request, ctx: CtxDep) -> None:
    """Settings > UI for this request's pages, read once: every date on them follows it."""
    if request.url.path.startswith(f"{ctx.settings.url_base}/static/"):
        return
    async with ctx.db.read() as session:
        request.state.ui = await settings_store.load(session, UiSettings)


# ---------------------------------------------------------------- rendering


def render(
    request: Request,
    ctx: Context,
    template: str,
    title: str,
    status_code: int = 200,
    **data: Any,
) -> HTMLResponse:
    context = {
        "request": request,
        "title": title,
        "base": ctx.settings.url_base,
        "instance_name": ctx.settings.instance_name,
        "navigation": NAVIGATION,
        "current_path": request.url.path.removeprefix(ctx.settings.url_base) or "/",
        "signed_in": ctx.settings.authentication_method == "forms" and signed_in_user(request) is not None,
        "csrf_token": csrf_token_of(request, ctx),
        **data,
    }
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def failure_message(what: str, exc: BaseException) -> str:
    """What a user reads when a page's data could not be loaded."""
    if isinstance(exc, ValidationFailed):
        return f"Could not load {what}: " + "; ".join(message for _, message in exc.problems)
    if isinstance(exc, NotFound):
        return str(exc)
    return f"Could not load {what}: {type(exc).__name__}: {exc}. Details are in the log."


async def page(
    request: Request,
    ctx: Context,
    template: str,
    title: str,
    load: Callable[[], Awaitable[Mapping[str, Any]]],
) -> Response:
    """Render ``template`` with what ``load`` returns, or the frame with a message if it fails."""
    try:
        data = await load()
    except HTTPException:
        raise
    except Exception as exc:
        if isinstance(exc, NotFound):
            return render(request, ctx, "error.html", title, 404, message=failure_message(title, exc))
        log.exception("the %s page could not load its data", title)
        return render(request, ctx, "error.html", title, 500, message=failure_message(title, exc), retry=True)
    return render(request, ctx, template, title, **data)


def problems_by_field(exc: ValidationFailed) -> dict[str, str]:
    """Validation problems keyed by field, several messages for one field joined."""
    found: dict[str, str] = {}
    for field, message in exc.problems:
        found[field] = f"{found[field]} {message}" if field in found else message
    return found
