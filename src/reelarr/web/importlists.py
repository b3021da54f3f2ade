"""Import lists in the UI: the list-sync options and exclusions beside Settings > Import Lists,
the sign-in of the lists that need one, and Discover, where what the lists offer and TMDB
recommends is added or excluded in one click.

The provider pages themselves (add from schema, test, edit, delete) are the generic ones in
:mod:`reelarr.web.settings`; this module gives them the import lists' choices and the "Sign in"
button of their ``oAuth`` field, which runs the list's own ``startOAuth`` / ``getOAuthToken``
actions (Plex PIN, Trakt device code, Simkl PIN, TMDB v4) from the form being edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from reelarr import library
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep
from reelarr.api.exclusions import create_exclusion, delete_exclusion, list_exclusions
from reelarr.api.importlist import list_movies, write_config
from reelarr.api.limits import Id
from reelarr.api.movie import AddOptionsIn, MovieIn, add_one
from reelarr.api.providers import candidate_provider, implementation_schema
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.import_lists import IMPORT_LISTS, Availability, MonitorType
from reelarr.import_lists.sync import ImportListConfig, ListSyncLevel
from reelarr.models import ProviderDefinition, Tag
from reelarr.providers import SECRET_PRIVACY, Provider
from reelarr.web.adding import choices
from reelarr.web.base import UserDep, page, render, url
from reelarr.web.covers import poster_file
from reelarr.web.forms import label_of, provider_field_values

router = APIRouter()


def _labelled(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, label_of(value)) for value in values]


async def list_page_data(ctx: Context) -> dict[str, Any]:
    """What the import-list settings pages show beside the generic provider ones."""
    found = await choices(ctx)
    async with ctx.db.read() as session:
        config = await settings_store.load(session, ImportListConfig)
        exclusions = await list_exclusions(session)
        tags = list(await session.execute(select(Tag.id, Tag.label).order_by(Tag.label)))
    return {
        "choices": [
            ("rootFolderPath", "Root folder", [(path, path) for path in found["root_folders"]]),
            ("qualityProfileId", "Quality profile", [(str(p.id), p.name) for p in found["profiles"]]),
            ("minimumAvailability", "Minimum availability", _labelled(get_args(Availability))),
            ("monitor", "Monitor", _labelled(get_args(MonitorType))),
        ],
        "sync_config": config,
        "sync_levels": _labelled(get_args(ListSyncLevel)),
        "tags": tags,
        "exclusions": exclusions,
        "sign_in_url": url(ctx, "/settings/importlists/signin"),
    }


# ---------------------------------------------------------------- list-sync options and exclusions


def _problem_page(request: Request, ctx: Context, exc: ValidationFailed) -> Response:
    message = "; ".join(m for _, m in exc.problems)
    return render(request, ctx, "error.html", "Import lists", 400, message=message)


@router.post("/settings/importlists/options")
async def save_sync_options(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    tag = str(form.get("listSyncTag", "0"))
    body = {
        "listSyncLevel": str(form.get("listSyncLevel", "")),
        "listSyncTag": int(tag) if tag.isdigit() else 0,
    }
    try:
        await write_config(body, ctx)
    except ValidationFailed as exc:
        return _problem_page(request, ctx, exc)
    return RedirectResponse(url(ctx, "/settings/importlists"), status_code=303)


@router.post("/settings/importlists/exclusions")
async def add_exclusion(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    try:
        await create_exclusion(_exclusion_body(form), ctx)
    except ValidationFailed as exc:
        return _problem_page(request, ctx, exc)
    return RedirectResponse(url(ctx, "/settings/importlists#exclusions"), status_code=303)


@router.post("/settings/importlists/exclusions/{exclusion_id}/delete")
async def remove_exclusion(exclusion_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    await delete_exclusion(exclusion_id, ctx)
    return RedirectResponse(url(ctx, "/settings/importlists#exclusions"), status_code=303)


def _number(form: Mapping[str, Any], key: str) -> int:
    raw = str(form.get(key, "")).strip()
    return int(raw) if raw.isdigit() else 0


def _exclusion_body(form: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "tmdbId": _number(form, "tmdbId"),
        "movieTitle": str(form.get("title", "")),
        "movieYear": _number(form, "year"),
    }


# ---------------------------------------------------------------- sign-in from the form

# What a sign-in's start answers, carried through the polls as ``oauth-<key>`` hidden inputs
# (Plex's pinId, Trakt's deviceCode, Simkl's userCode, TMDB's requestToken...).
_STATE_PREFIX = "oauth-"
SLOWEST_POLL_SECONDS = 10


async def _form_list(ctx: Context, form: FormData) -> Provider:
    """The list the form describes, on top of the stored one when editing (masked secrets kept)."""
    list_id = _number(form, "id")
    async with ctx.db.read() as session:
        row = await session.get(ProviderDefinition, list_id) if list_id else None
    if row is not None and row.kind != IMPORT_LISTS.kind:
        row = None
    implementation = IMPORT_LISTS.implementation(str(form.get("implementation", "")))
    schema = implementation_schema(IMPORT_LISTS, implementation)
    body = {
        "implementation": implementation.implementation,
        "fields": provider_field_values(schema["fields"], form),
    }
    provider, _ = candidate_provider(IMPORT_LISTS, body, row)
    return provider


def _sign_in_part(request: Request, ctx: Context, **data: Any) -> Response:
    return render(request, ctx, "settings/_list_sign_in.html", "Sign in", **data)


def _waiting(request: Request, ctx: Context, state: dict[str, str]) -> Response:
    """The code to enter and where (or only where to approve), polled at the service's interval."""
    interval = int(state["interval"]) if state.get("interval", "").isdigit() else 2
    return _sign_in_part(
        request,
        ctx,
        problems=[],
        pending=True,
        code=state.get("userCode"),
        link=state.get("verificationUrl") or state.get("oauthUrl"),
        state=state,
        interval=min(max(interval, 1), SLOWEST_POLL_SECONDS),
    )


@router.post("/settings/importlists/signin")
async def start_sign_in(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Start the list's sign-in: show the code and address, and poll until it is approved."""
    form = await request.form()
    try:
        started = await (await _form_list(ctx, form)).action(ctx, "startOAuth", {})
    except ValidationFailed as exc:
        return _sign_in_part(request, ctx, problems=exc.problems)
    return _waiting(request, ctx, {k: str(v) for k, v in started.items() if isinstance(v, str | int)})


@router.post("/settings/importlists/signin/poll")
async def poll_sign_in(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """One poll: waiting again, or the tokens, which replace the form's fields of the same names."""
    form = await request.form()
    state = {
        key.removeprefix(_STATE_PREFIX): str(value)
        for key, value in form.items()
        if key.startswith(_STATE_PREFIX)
    }
    try:
        provider = await _form_list(ctx, form)
        answer = await provider.action(ctx, "getOAuthToken", state)
    except ValidationFailed as exc:
        return _sign_in_part(request, ctx, problems=exc.problems)
    if answer.get("pending"):
        return _waiting(request, ctx, state)
    fields = implementation_schema(IMPORT_LISTS, type(provider))["fields"]
    tokens = [
        (field["name"], answer[field["name"]], field.get("privacy") in SECRET_PRIVACY)
        for field in fields
        if field["name"] in answer
    ]
    return _sign_in_part(request, ctx, problems=[], pending=False, tokens=tokens, who=answer.get("authUser"))


# ---------------------------------------------------------------- Discover


@router.get("/discover")
async def discover_page(
    request: Request,
    ctx: CtxDep,
    user: UserDep,
    rootFolderPath: str = "",
    qualityProfileId: int = 0,
    problem: str = "",
) -> Response:
    """The root folder and profile to add with are chosen once for the page (the first by default)."""

    async def load() -> Mapping[str, Any]:
        found = await choices(ctx)
        profile_ids = [p.id for p in found["profiles"]]
        async with ctx.db.read() as session:
            offered = await list_movies(ctx, session, includeRecommendations=True)
        shown = [
            {**movie, "poster": poster_file(movie)}
            for movie in sorted(offered, key=lambda m: (m["isRecommendation"], m["title"]))
            if not movie["isExcluded"]
        ]
        return {
            "movies": shown,
            **found,
            "chosen_root": rootFolderPath
            if rootFolderPath in found["root_folders"]
            else next(iter(found["root_folders"]), ""),
            "chosen_profile": qualityProfileId
            if qualityProfileId in profile_ids
            else next(iter(profile_ids), 0),
            "problem": problem,
        }

    return await page(request, ctx, "movies/discover.html", "Discover", load)


@router.post("/discover/add")
async def add_from_discover(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    body = MovieIn(
        tmdb_id=_number(form, "tmdbId"),
        title=str(form.get("title", "")),
        year=_number(form, "year"),
        quality_profile_id=_number(form, "qualityProfileId"),
        root_folder_path=str(form.get("rootFolderPath", "")) or None,
        monitored=True,
        minimum_availability=str(form.get("minimumAvailability", "released")),
        add_options=AddOptionsIn(search_for_movie="searchForMovie" in form),
    )
    try:
        if not body.root_folder_path:
            raise ValidationFailed(("rootFolderPath", "Choose a root folder (add one under Settings first)"))
        await add_one(ctx, await library.optional_tmdb_client(ctx), body)
    except (ValidationFailed, HTTPException) as exc:
        problem = (
            "; ".join(m for _, m in exc.problems) if isinstance(exc, ValidationFailed) else str(exc.detail)
        )
        return await discover_page(request, ctx, user, problem=problem)
    return RedirectResponse(url(ctx, "/discover"), status_code=303)


@router.post("/discover/exclude")
async def exclude_from_discover(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    try:
        await create_exclusion(_exclusion_body(await request.form()), ctx)
    except ValidationFailed as exc:
        return await discover_page(request, ctx, user, problem="; ".join(m for _, m in exc.problems))
    return RedirectResponse(url(ctx, "/discover"), status_code=303)
