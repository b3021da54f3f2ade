"""Forms login, logout, and the first-run page that sets a username and password."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reelarr import config as process_config
from reelarr.api.base import CtxDep
from reelarr.auth import hash_password, verify_password
from reelarr.context import Context
from reelarr.events import ConfigChanged
from reelarr.models import User
from reelarr.web.base import SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, render, session_token, url

router = APIRouter()

MINIMUM_PASSWORD_LENGTH = 6


def _signed_in(ctx: Context, request: Request, identifier: str, return_url: str) -> Response:
    response = RedirectResponse(_safe_return(ctx, return_url), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_token(ctx, identifier),
        max_age=SESSION_MAX_AGE_SECONDS,
        httponly=True,
        samesite="lax",
        path=ctx.settings.url_base or "/",
    )
    return response


def _safe_return(ctx: Context, return_url: str) -> str:
    """Only paths on this site: a login link must not send the user elsewhere."""
    if return_url.startswith("/") and not return_url.startswith("//"):
        return return_url
    return url(ctx, "/")


async def _has_user(ctx: Context) -> bool:
    async with ctx.db.read() as session:
        return await session.scalar(select(User.id).limit(1)) is not None


@router.get("/login")
async def login_form(request: Request, ctx: CtxDep, returnUrl: str = "") -> Response:
    if not await _has_user(ctx):
        return RedirectResponse(url(ctx, "/setup"), status_code=303)
    return render(request, ctx, "login.html", "Log in", return_url=returnUrl, error=None)


@router.post("/login")
async def login(
    request: Request,
    ctx: CtxDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    returnUrl: Annotated[str, Form()] = "",
) -> Response:
    async with ctx.db.read() as session:
        user = await session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not verify_password(password, user.password_hash):
        return render(
            request,
            ctx,
            "login.html",
            "Log in",
            401,
            return_url=returnUrl,
            error="The username or password is not right",
        )
    return _signed_in(ctx, request, user.identifier, returnUrl)


@router.post("/logout")
async def logout(ctx: CtxDep) -> Response:
    response = RedirectResponse(url(ctx, "/login"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=ctx.settings.url_base or "/")
    return response


@router.get("/setup")
async def setup_form(request: Request, ctx: CtxDep) -> Response:
    if await _has_user(ctx):
        return RedirectResponse(url(ctx, "/login"), status_code=303)
    return render(request, ctx, "setup.html", "Welcome", problems={}, username="")


@router.post("/setup")
async def setup(
    request: Request,
    ctx: CtxDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    passwordConfirmation: Annotated[str, Form()] = "",
) -> Response:
    """First run: create the one user and turn forms authentication on."""
    if await _has_user(ctx):
        return RedirectResponse(url(ctx, "/login"), status_code=303)
    problems = {}
    if not username.strip():
        problems["username"] = "Choose a username"
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        problems["password"] = f"The password needs at least {MINIMUM_PASSWORD_LENGTH} characters"
    elif password != passwordConfirmation:
        problems["passwordConfirmation"] = "The passwords do not match"
    if problems:
        return render(request, ctx, "setup.html", "Welcome", 400, problems=problems, username=username)
    identifier = str(uuid.uuid4())
    async with ctx.db.write() as uow:
        uow.session.add(
            User(identifier=identifier, username=username.strip(), password_hash=hash_password(password))
        )
    updated = dataclasses.replace(ctx.settings, authentication_method="forms")
    process_config.save(updated)
    ctx.replace_settings(updated)
    await ctx.bus.publish(ConfigChanged("host"))
    return _signed_in(ctx, request, identifier, url(ctx, "/"))
