"""What every UI page shares: templates, the login check, and pages that survive a failing service.

Pages are rendered on the server; a page whose backing call fails still renders its frame with
a message a user can read, and the traceback goes to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from reelarr.api.base import CtxDep
from reelarr.context import APP_NAME, RADARR_COMPATIBLE_VERSION, Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.models import User

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).parent
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.globals.update(app_name=APP_NAME, version=RADARR_COMPATIBLE_VERSION)

SESSION_COOKIE = "reelarr_session"
SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600

# The navigation lists only pages whose services exist; (path, label).
NAVIGATION = (
    ("/", "Movies"),
    ("/add", "Add movie"),
    ("/calendar", "Calendar"),
    ("/activity", "Activity"),
    ("/wanted", "Wanted"),
    ("/settings", "Settings"),
    ("/system", "System"),
)


def url(ctx: Context, path: str) -> str:
    """A UI path under the URL base."""
    return f"{ctx.settings.url_base}{path}"


# ---------------------------------------------------------------- sessions and login


def _signer(ctx: Context) -> URLSafeTimedSerializer:
    # Signed with the API key: whoever holds it already has full access, and regenerating
    # the key signs every browser out.
    return URLSafeTimedSerializer(ctx.settings.api_key, salt="reelarr-ui-session")


def session_token(ctx: Context, user_identifier: str) -> str:
    return _signer(ctx).dumps(user_identifier)


def session_user_identifier(ctx: Context, request: Request) -> str | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        value = _signer(ctx).loads(token, max_age=SESSION_MAX_AGE_SECONDS)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def redirect(location: str) -> HTTPException:
    """A 303 to ``location`` that also works for htmx requests (``HX-Redirect``)."""
    return HTTPException(status_code=303, detail="See Other", headers={"Location": location})


async def require_login(request: Request, ctx: CtxDep) -> str | None:
    """The signed-in username when forms authentication is on; a redirect to log in otherwise."""
    if ctx.settings.authentication_method != "forms":
        return None
    async with ctx.db.read() as session:
        users = list(await session.execute(select(User.identifier, User.username)))
    if not users:
        raise redirect(url(ctx, "/setup"))
    identifier = session_user_identifier(ctx, request)
    for user in users:
        if user.identifier == identifier:
            return str(user.username)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise redirect(url(ctx, f"/login?returnUrl={quote(target, safe='')}"))


UserDep = Annotated[str | None, Depends(require_login)]


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
        "signed_in": ctx.settings.authentication_method == "forms",
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
        return render(request, ctx, "error.html", title, 500, message=failure_message(title, exc))
    return render(request, ctx, template, title, **data)


def problems_by_field(exc: ValidationFailed) -> dict[str, str]:
    """Validation problems keyed by field, several messages for one field joined."""
    found: dict[str, str] = {}
    for field, message in exc.problems:
        found[field] = f"{found[field]} {message}" if field in found else message
    return found
