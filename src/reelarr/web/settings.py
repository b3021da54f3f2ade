"""Settings pages: media management, naming, UI, general, qualities, profiles, custom formats, indexers.

Section forms are generated from the section's model and saved the way the API saves them;
provider forms are generated from the implementation's schema, tested, then saved.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, select

from reelarr import config as process_config
from reelarr import custom_formats
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep
from reelarr.api.config import SECRET_MASK, HostConfigIn, check_section, read_host, write_host
from reelarr.api.library import RootFolderIn, add_root_folder, delete_root_folder, list_root_folders
from reelarr.api.limits import Id
from reelarr.api.profiles import (
    CustomFormatIn,
    QualityDefinitionIn,
    create_custom_format,
    custom_format_json,
    delete_custom_format,
    list_custom_formats,
    list_quality_definitions,
    update_quality_definitions,
)
from reelarr.api.providers import (
    apply_definition,
    candidate_provider,
    check_definition,
    implementation_schema,
    resource,
    run_provider_test,
)
from reelarr.context import Context
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.files import MediaManagementConfig
from reelarr.import_lists import IMPORT_LISTS
from reelarr.indexers import INDEXERS
from reelarr.metadata import MetadataSettings
from reelarr.models import CustomFormat, ProviderDefinition, ProviderStatus
from reelarr.naming import NamingConfig, naming_examples, validate_formats
from reelarr.notifications import NOTIFICATIONS
from reelarr.providers import SECRET_PRIVACY, Definition, ProviderKind
from reelarr.security import sessions
from reelarr.settings import UiSettings
from reelarr.web.base import UserDep, page, problems_by_field, render, url
from reelarr.web.forms import label_of, provider_field_values, provider_fields, section_fields, section_values
from reelarr.web.importlists import list_page_data

router = APIRouter()

SECTIONS = (
    ("/settings/mediamanagement", "Media management"),
    ("/settings/naming", "Naming"),
    ("/settings/rootfolders", "Root folders"),
    ("/settings/metadata", "Metadata"),
    ("/settings/quality", "Quality"),
    ("/settings/profiles", "Profiles"),
    ("/settings/customformats", "Custom formats"),
    ("/settings/indexers", "Indexers"),
    ("/settings/downloadclients", "Download clients"),
    ("/settings/notifications", "Connect"),
    ("/settings/importlists", "Import lists"),
    ("/settings/tags", "Tags"),
    ("/settings/remotepathmappings", "Remote path mappings"),
    ("/settings/general", "General"),
    ("/settings/ui", "UI"),
)

# The section forms: path, title, model.
SECTION_MODELS: dict[str, tuple[str, type[BaseModel]]] = {
    "mediamanagement": ("Media management", MediaManagementConfig),
    "naming": ("Naming", NamingConfig),
    "ui": ("UI", UiSettings),
    "metadata": ("Metadata", MetadataSettings),
}


@router.get("/settings")
async def settings_home(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    return render(request, ctx, "settings/index.html", "Settings", sections=SECTIONS)


# ---------------------------------------------------------------- sections stored in the database


def _naming_preview(value: NamingConfig) -> dict[str, Any]:
    problems = validate_formats(value)
    return {
        "examples": naming_examples(value),
        "format_problems": problems_by_field(ValidationFailed(*problems)),
    }


async def section_page(name: str, request: Request, ctx: Context, saved: bool) -> Response:
    title, model = SECTION_MODELS[name]

    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            value = await settings_store.load(session, model)
        extra = _naming_preview(value) if isinstance(value, NamingConfig) else {}
        return {"name": name, "fields": section_fields(value), "problems": {}, "saved": saved, **extra}

    return await page(request, ctx, "settings/section.html", title, _with_sections(load))


@router.post("/settings/naming/examples")
async def naming_examples_part(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """The live examples under the naming form, for the formats being typed."""
    form = await request.form()
    try:
        value = NamingConfig.model_validate(section_values(NamingConfig, form))
    except ValidationError:
        value = NamingConfig()
    return render(request, ctx, "settings/_naming_examples.html", "Naming", **_naming_preview(value))


async def save_section(name: str, request: Request, ctx: Context) -> Response:
    title, model = SECTION_MODELS[name]
    submitted = section_values(model, await request.form())
    try:
        async with ctx.db.write() as uow:
            current = await settings_store.load(uow.session, model)
            merged = {**current.model_dump(by_alias=True), **submitted}
            try:
                value = model.model_validate(merged)
            except ValidationError as exc:
                raise ValidationFailed(
                    *((".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors())
                ) from None
            check_section(value)
            if isinstance(value, NamingConfig) and (problems := validate_formats(value)):
                raise ValidationFailed(*problems)
            await settings_store.save(uow.session, value)
            uow.publish(ConfigChanged(model.section))  # type: ignore[attr-defined]
    except ValidationFailed as exc:
        shown = model.model_construct(**{**model().model_dump(by_alias=True), **submitted})
        fields = section_fields(shown)
        extra = _naming_preview(shown) if isinstance(shown, NamingConfig) else {}
        return render(
            request,
            ctx,
            "settings/section.html",
            title,
            400,
            name=name,
            fields=fields,
            problems=problems_by_field(exc),
            saved=False,
            sections=SECTIONS,
            **extra,
        )
    return RedirectResponse(url(ctx, f"/settings/{name}?saved=true"), status_code=303)


def _section_routes(name: str) -> None:
    async def show(request: Request, ctx: CtxDep, user: UserDep, saved: bool = False) -> Response:
        return await section_page(name, request, ctx, saved)

    async def save(request: Request, ctx: CtxDep, user: UserDep) -> Response:
        return await save_section(name, request, ctx)

    router.add_api_route(f"/settings/{name}", show, methods=["GET"])
    router.add_api_route(f"/settings/{name}", save, methods=["POST"])


for _name in SECTION_MODELS:
    _section_routes(_name)


def _with_sections(load: Any) -> Any:
    async def loaded() -> Mapping[str, Any]:
        return {**await load(), "sections": SECTIONS}

    return loaded


# ---------------------------------------------------------------- root folders


@router.get("/settings/rootfolders")
async def root_folders_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            return {"folders": await list_root_folders(session), "problems": {}, "path": ""}

    return await page(request, ctx, "settings/rootfolders.html", "Root folders", _with_sections(load))


@router.post("/settings/rootfolders")
async def add_root_folder_from_form(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    path = str((await request.form()).get("path", ""))
    try:
        await add_root_folder(RootFolderIn(path=path), ctx)
    except ValidationFailed as exc:
        async with ctx.db.read() as session:
            folders = await list_root_folders(session)
        return render(
            request,
            ctx,
            "settings/rootfolders.html",
            "Root folders",
            400,
            folders=folders,
            problems=problems_by_field(exc),
            path=path,
            sections=SECTIONS,
        )
    return RedirectResponse(url(ctx, "/settings/rootfolders"), status_code=303)


@router.post("/settings/rootfolders/{folder_id}/delete")
async def remove_root_folder(folder_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    await delete_root_folder(folder_id, ctx)
    return RedirectResponse(url(ctx, "/settings/rootfolders"), status_code=303)


# ---------------------------------------------------------------- general: the host settings


@router.get("/settings/general")
async def general_page(request: Request, ctx: CtxDep, user: UserDep, saved: bool = False) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            host = await read_host(ctx, session)
        return {"host": host, "problems": {}, "saved": saved, "allowed_hosts": _allowed_hosts(ctx)}

    return await page(request, ctx, "settings/general.html", "General", _with_sections(load))


@router.post("/settings/general")
async def save_general(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    submitted = {key: str(value) for key, value in form.items() if key != "_csrf"}
    try:
        body = HostConfigIn.model_validate(
            {**submitted, "apiKey": ctx.settings.api_key, "passwordConfirmation": submitted.get("password")}
        )
        if body.password == "":
            body.password = SECRET_MASK
        await write_host(body, ctx)
        hosts = process_config.parse_host_names(submitted.get("allowedHosts", ""))
        if hosts != ctx.settings.allowed_hosts:
            updated = dataclasses.replace(ctx.settings, allowed_hosts=hosts)
            process_config.save(updated)
            ctx.replace_settings(updated)
    except (ValidationFailed, ValidationError) as exc:
        problems = (
            problems_by_field(exc)
            if isinstance(exc, ValidationFailed)
            else {str(e["loc"][-1]): e["msg"] for e in exc.errors()}
        )
        async with ctx.db.read() as session:
            host = {**await read_host(ctx, session), **submitted, "password": SECRET_MASK}
        return render(
            request,
            ctx,
            "settings/general.html",
            "General",
            400,
            host=host,
            problems=problems,
            saved=False,
            sections=SECTIONS,
            allowed_hosts=submitted.get("allowedHosts", ""),
        )
    return RedirectResponse(url(ctx, "/settings/general?saved=true"), status_code=303)


def _allowed_hosts(ctx: Context) -> str:
    return ", ".join(ctx.settings.allowed_hosts)


@router.post("/settings/general/apikey")
async def regenerate_api_key(ctx: CtxDep, user: UserDep) -> Response:
    """A new API key: every client must be given it, and every browser logs in again."""
    updated = dataclasses.replace(ctx.settings, api_key=process_config.new_api_key())
    process_config.save(updated)
    ctx.replace_settings(updated)
    await sessions.end_all(ctx)
    await ctx.bus.publish(ConfigChanged("host"))
    return RedirectResponse(url(ctx, "/settings/general?saved=true"), status_code=303)


# ---------------------------------------------------------------- quality definitions and profiles


@router.get("/settings/quality")
async def quality_page(request: Request, ctx: CtxDep, user: UserDep, saved: bool = False) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            return {"definitions": await list_quality_definitions(session), "problems": {}, "saved": saved}

    return await page(request, ctx, "settings/quality.html", "Quality", _with_sections(load))


@router.post("/settings/quality")
async def save_quality(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    form = await request.form()
    ids = [int(str(value)) for value in form.getlist("id")]

    def size(key: str, index: int) -> float | None:
        raw = str(form.getlist(key)[index]).strip()
        return float(raw) if raw else None

    try:
        body = [
            QualityDefinitionIn(
                id=definition_id,
                title=str(form.getlist("title")[i]),
                min_size=size("minSize", i),
                max_size=size("maxSize", i),
                preferred_size=size("preferredSize", i),
            )
            for i, definition_id in enumerate(ids)
        ]
        await update_quality_definitions(body, ctx)
    except (ValidationFailed, ValidationError, ValueError) as exc:
        message = str(exc) if not isinstance(exc, ValidationError) else "Sizes must be between 0 and 2000"
        async with ctx.db.read() as session:
            definitions = await list_quality_definitions(session)
        return render(
            request,
            ctx,
            "settings/quality.html",
            "Quality",
            400,
            definitions=definitions,
            problems={"sizes": message},
            saved=False,
            sections=SECTIONS,
        )
    return RedirectResponse(url(ctx, "/settings/quality?saved=true"), status_code=303)


# ---------------------------------------------------------------- custom formats


@router.get("/settings/customformats")
async def custom_formats_page(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    async def load() -> Mapping[str, Any]:
        async with ctx.db.read() as session:
            return {"formats": await list_custom_formats(session), "problems": {}, "imported": ""}

    return await page(request, ctx, "settings/customformats.html", "Custom formats", _with_sections(load))


@router.post("/settings/customformats/import")
async def import_custom_format(request: Request, ctx: CtxDep, user: UserDep) -> Response:
    """Radarr's (or the TRaSH guides') exported JSON: one format, or a list of them."""
    text = str((await request.form()).get("json", ""))
    try:
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(("json", f"This is not JSON: {exc.msg} at line {exc.lineno}")) from None
        items = parsed if isinstance(parsed, list) else [parsed]
        if not all(isinstance(item, dict) for item in items):
            raise ValidationFailed(("json", "Expected a custom format object or a list of them"))
        for item in items:
            await create_custom_format(CustomFormatIn.model_validate(item), ctx)
    except (ValidationFailed, ValidationError) as exc:
        message = (
            "; ".join(m for _, m in exc.problems)
            if isinstance(exc, ValidationFailed)
            else "The custom format JSON does not have the expected fields"
        )
        async with ctx.db.read() as session:
            formats = await list_custom_formats(session)
        return render(
            request,
            ctx,
            "settings/customformats.html",
            "Custom formats",
            400,
            formats=formats,
            problems={"json": message},
            imported=text,
            sections=SECTIONS,
        )
    return RedirectResponse(url(ctx, "/settings/customformats"), status_code=303)


@router.get("/settings/customformats/{format_id}/export")
async def export_custom_format(format_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    async with ctx.db.read() as session:
        row = await session.get(CustomFormat, format_id)
        if row is None:
            raise NotFound("Custom format", format_id)
        exported = custom_formats.exported(custom_format_json(row))
    return JSONResponse(exported, headers={"Content-Disposition": f'attachment; filename="{row.name}.json"'})


@router.post("/settings/customformats/{format_id}/delete")
async def remove_custom_format(format_id: Id, ctx: CtxDep, user: UserDep) -> Response:
    await delete_custom_format(format_id, ctx)
    return RedirectResponse(url(ctx, "/settings/customformats"), status_code=303)


# ---------------------------------------------------------------- providers, from their schema


def _switches(kind: ProviderKind) -> tuple[tuple[str, str], ...]:
    """The kind's on/off options (enable RSS, on grab...), from its options model."""
    return tuple(
        (info.alias or name, label_of(info.alias or name))
        for name, info in kind.options_model.model_fields.items()
        if info.annotation is bool
    )


# A kind's extra page data: its ``choices`` (option key, label, (value, text) pairs) become
# selects on the form; anything else is for its own listing template.
ExtraData = Callable[[Context], Awaitable[dict[str, Any]]]


async def _no_extras(ctx: Context) -> dict[str, Any]:
    return {}


def _provider_pages(
    kind: ProviderKind,
    slug: str,
    title: str,
    extras: ExtraData = _no_extras,
    listing_template: str = "settings/providers.html",
) -> None:
    """List, add (from each implementation's schema), edit, test, save and delete one kind's providers."""
    base_path = f"/settings/{slug}"
    switches = _switches(kind)

    async def listing(request: Request, ctx: CtxDep, user: UserDep) -> Response:
        async def load() -> Mapping[str, Any]:
            async with ctx.db.read() as session:
                rows = await session.scalars(
                    select(ProviderDefinition)
                    .where(ProviderDefinition.kind == kind.kind)
                    .order_by(ProviderDefinition.name)
                )
                definitions = [Definition.of(row) for row in rows]
            return {
                "providers": definitions,
                "implementations": [
                    implementation_schema(kind, implementation) for implementation in kind.implementations
                ],
                "slug": slug,
                "label": kind.label.lower(),
                **await extras(ctx),
            }

        return await page(request, ctx, listing_template, title, _with_sections(load))

    def blank(implementation: str, preset: str) -> dict[str, Any]:
        schema = implementation_schema(kind, kind.implementation(implementation))
        chosen = next((p for p in schema["presets"] if p["name"] == preset), None)
        return {**(chosen or schema), "name": preset if chosen else ""}

    async def stored(ctx: Context, provider_id: int) -> dict[str, Any]:
        async with ctx.db.read() as session:
            row = await session.get(ProviderDefinition, provider_id)
            if row is None or row.kind != kind.kind:
                raise NotFound(kind.label, provider_id)
            return resource(kind, kind.build(Definition.of(row)))

    async def form_page(
        request: Request, ctx: Context, current: dict[str, Any], status_code: int = 200, **extra: Any
    ) -> Response:
        return render(
            request,
            ctx,
            "settings/provider.html",
            f"{current['implementationName']} {kind.label.lower()}",
            status_code,
            **_form_data(current),
            **await extras(ctx),
            sections=SECTIONS,
            **{"problems": {}, **extra},
        )

    def _form_data(current: dict[str, Any]) -> dict[str, Any]:
        return {
            "provider": current,
            "fields": provider_fields(current["fields"]),
            "switches": switches,
            "slug": slug,
            "label": kind.label.lower(),
        }

    async def new(
        implementation: str, request: Request, ctx: CtxDep, user: UserDep, preset: str = ""
    ) -> Response:
        try:
            current = blank(implementation, preset)
        except ValidationFailed:
            detail = f"There is no {kind.label.lower()} type called “{implementation}”."
            raise HTTPException(status_code=404, detail=detail) from None
        return await form_page(request, ctx, current)

    async def edit(provider_id: Id, request: Request, ctx: CtxDep, user: UserDep) -> Response:
        async def load() -> Mapping[str, Any]:
            return {**_form_data(await stored(ctx, provider_id)), **await extras(ctx), "problems": {}}

        return await page(request, ctx, "settings/provider.html", title, _with_sections(load))

    async def submitted(request: Request, ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
        """The API body a submitted form describes, and the resource to show it again."""
        form = await request.form()
        provider_id = int(str(form.get("id") or 0))
        current = (
            await stored(ctx, provider_id) if provider_id else blank(str(form.get("implementation", "")), "")
        )
        priority = str(form.get("priority", current.get("priority", 25))).strip()
        body = {
            "id": provider_id,
            "name": str(form.get("name", "")),
            "implementation": current["implementation"],
            "fields": provider_field_values(current["fields"], form),
            "priority": int(priority) if priority.isdigit() else 0,
            "tags": current.get("tags", []),
            **{key: key in form for key, _ in switches},
            **{
                key: str(form[key])
                for key, _, _ in (await extras(ctx)).get("choices", ())
                if isinstance(form.get(key), str)
            },
        }
        values = {f["name"]: f["value"] for f in body["fields"]}
        shown = {
            **current,
            **{k: v for k, v in body.items() if k != "fields"},
            "fields": [
                f if f.get("privacy") in SECRET_PRIVACY else {**f, "value": values.get(f["name"], f["value"])}
                for f in current["fields"]
            ],
        }
        return body, shown

    async def candidate(ctx: Context, body: dict[str, Any]) -> Any:
        async with ctx.db.read() as session:
            row = await session.get(ProviderDefinition, body["id"]) if body["id"] else None
            provider, _ = candidate_provider(kind, body, row)
            await check_definition(session, kind, provider, exclude_id=body["id"] or None)
        return provider

    async def test(request: Request, ctx: CtxDep, user: UserDep) -> Response:
        """Test the settings being edited; the answer replaces the form's result line."""
        body, _ = await submitted(request, ctx)
        try:
            await run_provider_test(ctx, await candidate(ctx, body))
        except ValidationFailed as exc:
            return render(request, ctx, "settings/_test_result.html", "Test", problems=exc.problems)
        return render(request, ctx, "settings/_test_result.html", "Test", problems=[])

    async def save(request: Request, ctx: CtxDep, user: UserDep) -> Response:
        body, shown = await submitted(request, ctx)
        try:
            provider = await candidate(ctx, body)
            await run_provider_test(ctx, provider)
        except ValidationFailed as exc:
            return await form_page(request, ctx, shown, 400, problems=problems_by_field(exc))
        async with ctx.db.write() as uow:
            row = await uow.session.get(ProviderDefinition, body["id"]) if body["id"] else None
            if row is None:
                row = ProviderDefinition(kind=kind.kind, config_contract=provider.config_contract)
                uow.session.add(row)
            apply_definition(row, provider.definition)
            row.config_contract = provider.config_contract
        return RedirectResponse(url(ctx, base_path), status_code=303)

    async def remove(provider_id: Id, ctx: CtxDep, user: UserDep) -> Response:
        async with ctx.db.write() as uow:
            row = await uow.session.get(ProviderDefinition, provider_id)
            if row is None or row.kind != kind.kind:
                raise NotFound(kind.label, provider_id)
            await uow.session.execute(delete(ProviderStatus).where(ProviderStatus.provider_id == provider_id))
            await uow.session.delete(row)
        return RedirectResponse(url(ctx, base_path), status_code=303)

    router.add_api_route(base_path, listing, methods=["GET"])
    router.add_api_route(f"{base_path}/new/{{implementation}}", new, methods=["GET"])
    router.add_api_route(f"{base_path}/test", test, methods=["POST"])
    router.add_api_route(f"{base_path}/save", save, methods=["POST"])
    router.add_api_route(f"{base_path}/{{provider_id}}", edit, methods=["GET"])
    router.add_api_route(f"{base_path}/{{provider_id}}/delete", remove, methods=["POST"])


_provider_pages(INDEXERS, "indexers", "Indexers")
_provider_pages(DOWNLOAD_CLIENTS, "downloadclients", "Download clients")
_provider_pages(NOTIFICATIONS, "notifications", "Connect")
_provider_pages(IMPORT_LISTS, "importlists", "Import lists", list_page_data, "settings/importlists.html")
