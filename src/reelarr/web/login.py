"""Forms login, logout, and the first-run page that sets the username, password and method.

Passwords are checked off the event loop (``auth.check_password``) after the login throttle
has had its say, so a flood of guesses is refused before any hashing is done.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reelarr import auth
from reelarr import config as process_config
from reelarr.api.base import CtxDep
from reelarr.context import Context
from reelarr.events import ConfigChanged
from reelarr.models import User
from reelarr.security import sessions
from reelarr.security.gate import cookie_header, served_over_https
from reelarr.security.setup import a_user_exists, may_set_up
from reelarr.security.throttle import LoginThrottle
from reelarr.web.base import render, url

router = APIRouter()

MINIMUM_PASSWORD_LENGTH = 8
MAXIMUM_FIELD_LENGTH = 256
METHODS = (("forms", "Forms (a login page)"), ("basic", "Basic (the browser asks)"))
REQUIREMENTS = (
    ("enabled", "Always"),
    ("disabledForLocalAddresses", "Not for addresses on my local network"),
)


def _signed_in(ctx: Context, request: Request, token: str, return_url: str) -> Response:
    response = RedirectResponse(_safe_return(ctx, return_url), status_code=303)
    secure = served_over_https(request.scope)
    path = ctx.settings.url_base or "/"
    max_age = int(sessions.ABSOLUTE_LIFETIME.total_seconds())
    response.raw_headers.append(
        (b"set-cookie", cookie_header(sessions.SESSION_COOKIE, token, path, secure, max_age))
    )
    return response


def _safe_return(ctx: Context, return_url: str) -> str:
    """Only paths on this site: a login link must not send the user elsewhere."""
    if return_url.startswith("/") and not return_url.startswith(("//", "/\\")):
        return return_url
    return url(ctx, "/")


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


@router.get("/login")
async def login_form(request: Request, ctx: CtxDep, returnUrl: str = "") -> Response:
    if not await a_user_exists(ctx):
        return RedirectResponse(url(ctx, "/setup"), status_code=303)
    return render(request, ctx, "login.html", "Log in", return_url=returnUrl, error=None)


@router.post("/login")
async def login(
    request: Request,
    ctx: CtxDep,
    username: Annotated[str, Form(max_length=MAXIMUM_FIELD_LENGTH)] = "",
    password: Annotated[str, Form(max_length=MAXIMUM_FIELD_LENGTH)] = "",
    returnUrl: Annotated[str, Form(max_length=2048)] = "",
) -> Response:
    throttle: LoginThrottle = request.state.login_throttle
    address, username = _client(request), username.strip()

    def refused(status: int, error: str) -> Response:
        return render(request, ctx, "login.html", "Log in", status, return_url=returnUrl, error=error)

    wait = throttle.wait_seconds(address, username)
    if wait > 0:
        response = refused(429, f"Too many failed attempts. Try again in {int(wait) + 1} seconds.")
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    async with ctx.db.read() as session:
        user = await session.scalar(select(User).where(User.username == username))
    if not await auth.check_password(password, user.password_hash if user else None):
        throttle.failed(address, username)
        return refused(401, "The username or password is not right")
    assert user is not None
    throttle.succeeded(address, username)
    if auth.needs_rehash(user.password_hash):
        new_hash = await auth.hash_password_off_loop(password)
        async with ctx.db.write() as uow:
            stored = await uow.session.get(User, user.id)
            if stored is not None:
                stored.password_hash = new_hash
    return _signed_in(ctx, request, await sessions.start(ctx, user.id), returnUrl)


@router.post("/logout")
async def logout(request: Request, ctx: CtxDep) -> Response:
    await sessions.end(ctx, request.cookies.get(sessions.SESSION_COOKIE))
    response = RedirectResponse(url(ctx, "/login"), status_code=303)
    response.delete_cookie(sessions.SESSION_COOKIE, path=ctx.settings.url_base or "/")
    return response


def _setup_page(request: Request, ctx: Context, status: int = 200, **data: object) -> Response:
    defaults: dict[str, object] = {
        "problems": {},
        "username": "",
        "method": "forms",
        "required": "enabled",
        "methods": METHODS,
        "requirements": REQUIREMENTS,
        "needs_token": not may_set_up(_client(request), None, ""),
    }
    return render(request, ctx, "setup.html", "Welcome", status, **{**defaults, **data})


@router.get("/setup")
async def setup_form(request: Request, ctx: CtxDep) -> Response:
    if await a_user_exists(ctx):
        return RedirectResponse(url(ctx, "/login"), status_code=303)
    return _setup_page(request, ctx)


@router.post("/setup")
async def setup(
    request: Request,
    ctx: CtxDep,
    username: Annotated[str, Form(max_length=MAXIMUM_FIELD_LENGTH)] = "",
    password: Annotated[str, Form(max_length=MAXIMUM_FIELD_LENGTH)] = "",
    passwordConfirmation: Annotated[str, Form(max_length=MAXIMUM_FIELD_LENGTH)] = "",
    authenticationMethod: Annotated[str, Form()] = "forms",
    authenticationRequired: Annotated[str, Form()] = "enabled",
    setupToken: Annotated[str, Form(max_length=MAXIMUM_FIELD_LENGTH)] = "",
) -> Response:
    """First run: create the one user and choose how the UI asks for it."""
    if await a_user_exists(ctx):
        return RedirectResponse(url(ctx, "/login"), status_code=303)
    form = {"username": username, "method": authenticationMethod, "required": authenticationRequired}
    if not may_set_up(_client(request), request.app.state.setup_token, setupToken):
        problem = "From another computer, enter the set-up token that Reelarr printed when it started"
        return _setup_page(request, ctx, 403, problems={"setupToken": problem}, **form)
    problems = {}
    if not username.strip():
        problems["username"] = "Choose a username"
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        problems["password"] = f"The password needs at least {MINIMUM_PASSWORD_LENGTH} characters"
    elif password != passwordConfirmation:
        problems["passwordConfirmation"] = "The passwords do not match"
    if authenticationMethod not in dict(METHODS):
        problems["authenticationMethod"] = "Choose forms or basic"
    if authenticationRequired not in dict(REQUIREMENTS):
        problems["authenticationRequired"] = "Choose when authentication is required"
    if problems:
        return _setup_page(request, ctx, 400, problems=problems, **form)
    password_hash = await auth.hash_password_off_loop(password)
    async with ctx.db.write() as uow:
        if await uow.session.scalar(select(User.id).limit(1)) is not None:
            return RedirectResponse(url(ctx, "/login"), status_code=303)
        user = User(identifier=str(uuid.uuid4()), username=username.strip(), password_hash=password_hash)
        uow.session.add(user)
        await uow.session.flush()
        user_id = user.id
    request.app.state.setup_token = None
    updated = dataclasses.replace(
        ctx.settings,
        authentication_method=authenticationMethod,
        authentication_required=authenticationRequired,
    )
    process_config.save(updated)
    ctx.replace_settings(updated)
    await ctx.bus.publish(ConfigChanged("host"))
    if authenticationMethod == "basic":
        return RedirectResponse(url(ctx, "/"), status_code=303)
    return _signed_in(ctx, request, await sessions.start(ctx, user_id), url(ctx, "/"))
