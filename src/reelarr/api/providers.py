"""One router factory for the four provider kinds' endpoints.

``provider_router(INDEXERS, "indexer")`` serves Radarr's list, get, ``schema``, create,
update, delete, ``test``, ``testall``, ``action/{name}`` and bulk edit/delete for that kind.
Saving runs the implementation's ``test()`` first unless ``forceSave`` is set (Prowlarr
retries a refused save with it).
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, Int32, JsonObject, Name
from reelarr.context import Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.models import ProviderDefinition, ProviderStatus
from reelarr.providers import (
    Definition,
    Provider,
    ProviderKind,
    form_fields,
    settings_from_fields,
)

M = TypeVar("M", bound=BaseModel)


class ProviderIn(ApiModel):
    id: Id = 0
    name: Name = ""
    implementation: Name = ""
    config_contract: Name = ""
    fields: list[dict[str, Any]] = []
    tags: list[Id] = []
    priority: Int32 = 25
    enable: bool = True


class BulkIn(ApiModel):
    ids: list[Id] = []
    tags: list[Id] | None = None
    apply_tags: Literal["add", "remove", "replace"] = "add"


def validated(model: type[M], body: Any) -> M:
    """``body`` read as ``model``, or Radarr's 400 saying which fields are wrong."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise ValidationFailed(
            *((".".join(str(p) for p in e["loc"]) or "body", e["msg"]) for e in exc.errors())
        ) from None


def resource(kind: ProviderKind, provider: Provider) -> dict[str, Any]:
    """Radarr's resource JSON for one provider."""
    definition = provider.definition
    options = kind.options_model.model_validate(definition.options)
    columns = {"enable": definition.enable, "priority": definition.priority}
    return {
        "id": definition.id,
        "name": definition.name,
        "fields": form_fields(provider.settings),
        "implementationName": provider.implementation_name,
        "implementation": provider.implementation,
        "configContract": provider.config_contract,
        "infoLink": provider.info_link,
        "tags": list(definition.tags),
        **{name: columns[name] for name in kind.resource_columns},
        **options.model_dump(mode="json", by_alias=True),
        **provider.resource_extras(),
    }


def implementation_schema(kind: ProviderKind, implementation: type[Provider]) -> dict[str, Any]:
    """A blank resource for ``implementation`` with its presets: what a new form starts from."""

    def blank(name: str, settings: dict[str, Any]) -> dict[str, Any]:
        definition = Definition(0, name, implementation.implementation, settings, {}, True, 25, ())
        return resource(kind, implementation(definition))

    return {
        **blank("", {}),
        "presets": [blank(preset.name, preset.settings) for preset in implementation.presets],
    }


def _parse_options(kind: ProviderKind, body: dict[str, Any], stored: dict[str, Any]) -> BaseModel:
    try:
        return kind.options_model.model_validate({**stored, **body})
    except ValidationError as exc:
        raise ValidationFailed(
            *((".".join(str(p) for p in e["loc"]) or "body", e["msg"]) for e in exc.errors())
        ) from None


def candidate_provider(
    kind: ProviderKind, body: dict[str, Any], row: ProviderDefinition | None
) -> tuple[Provider, BaseModel]:
    """The provider a request describes, on top of the stored one when updating."""
    incoming = validated(ProviderIn, body)
    implementation = kind.implementation(incoming.implementation or (row.implementation if row else ""))
    stored = row.settings if row and row.implementation == implementation.implementation else {}
    settings = settings_from_fields(implementation.settings_model, incoming.fields, stored)
    options = _parse_options(kind, body, row.options if row else {})
    definition = Definition(
        id=row.id if row else 0,
        name=incoming.name.strip(),
        implementation=implementation.implementation,
        settings=settings.model_dump(mode="json", by_alias=True),
        options=options.model_dump(mode="json", by_alias=True),
        enable=kind.is_enabled(options) if "enable" not in body else incoming.enable,
        priority=incoming.priority,
        tags=tuple(dict.fromkeys(incoming.tags)),
    )
    return implementation(definition), options


async def check_definition(
    session: AsyncSession, kind: ProviderKind, provider: Provider, *, exclude_id: Id | None
) -> None:
    """The checks that need no connection: a unique, non-empty name and a priority in range."""
    definition = provider.definition
    problems = []
    if not definition.name:
        problems.append(("name", "Name must not be empty"))
    else:
        same_name = select(func.count()).where(
            ProviderDefinition.kind == kind.kind,
            func.lower(ProviderDefinition.name) == definition.name.lower(),
        )
        if exclude_id is not None:
            same_name = same_name.where(ProviderDefinition.id != exclude_id)
        if await session.scalar(same_name):
            problems.append(("name", f"Should be unique: an {kind.label.lower()} is already named that"))
    if not 1 <= definition.priority <= 50:
        problems.append(("priority", "Must be between 1 and 50"))
    if problems:
        raise ValidationFailed(*problems, attempted={"name": definition.name})


async def run_provider_test(ctx: Context, provider: Provider) -> None:
    """Connect before saving: the provider's own test, its problems raised as validation errors."""
    problems = await provider.test(ctx)
    if problems:
        raise ValidationFailed(*problems)


def apply_definition(row: ProviderDefinition, definition: Definition) -> None:
    """Copy a checked definition onto its stored row."""
    row.name = definition.name
    row.implementation = definition.implementation
    row.settings = definition.settings
    row.options = definition.options
    row.enable = definition.enable
    row.priority = definition.priority
    row.tags = list(definition.tags)


def provider_router(kind: ProviderKind, path: str, tag: str) -> APIRouter:
    """Radarr's endpoints for one provider kind under ``/{path}``."""
    router = APIRouter(tags=[tag])

    async def remove(session: AsyncSession, provider_id: Id) -> None:
        # SQLite may run without foreign keys: the status row goes explicitly.
        await session.execute(delete(ProviderStatus).where(ProviderStatus.provider_id == provider_id))
        await session.delete(await load(session, provider_id))

    async def load(session: AsyncSession, provider_id: Id) -> ProviderDefinition:
        row = await session.get(ProviderDefinition, provider_id)
        if row is None or row.kind != kind.kind:
            raise NotFound(kind.label, provider_id)
        return row

    @router.get(f"/{path}")
    async def list_providers(session: SessionDep) -> list[dict[str, Any]]:
        rows = await session.scalars(
            select(ProviderDefinition)
            .where(ProviderDefinition.kind == kind.kind)
            .order_by(ProviderDefinition.id)
        )
        result = []
        for row in rows:
            try:
                result.append(resource(kind, kind.build(Definition.of(row))))
            except ValidationFailed:
                continue  # an implementation that is gone or settings that no longer validate
        return result

    @router.get(f"/{path}/schema")
    async def schema() -> list[dict[str, Any]]:
        return [implementation_schema(kind, implementation) for implementation in kind.implementations]

    @router.post(f"/{path}/test")
    async def test(body: JsonObject, ctx: CtxDep, forceTest: bool = False) -> Response:
        async with ctx.db.read() as session:
            row = await session.get(ProviderDefinition, validated(ProviderIn, body).id)
            provider, _ = candidate_provider(kind, body, row if row and row.kind == kind.kind else None)
        await run_provider_test(ctx, provider)
        return Response(status_code=200)

    @router.post(f"/{path}/testall")
    async def test_all(ctx: CtxDep) -> list[dict[str, Any]]:
        async with ctx.db.read() as session:
            rows = list(
                await session.scalars(select(ProviderDefinition).where(ProviderDefinition.kind == kind.kind))
            )
        results = []
        for row in rows:
            try:
                problems = await kind.build(Definition.of(row)).test(ctx)
            except ValidationFailed as exc:
                problems = exc.problems
            results.append(
                {
                    "id": row.id,
                    "isValid": not problems,
                    "validationFailures": [
                        {"propertyName": p, "errorMessage": m, "severity": "error"} for p, m in problems
                    ],
                }
            )
        return results

    @router.post(f"/{path}/action/{{name}}")
    async def action(name: str, body: JsonObject, request: Request, ctx: CtxDep) -> dict[str, Any]:
        provider, _ = candidate_provider(kind, body, None)
        return await provider.action(ctx, name, dict(request.query_params))

    @router.put(f"/{path}/bulk")
    async def bulk_edit(body: JsonObject, ctx: CtxDep) -> list[dict[str, Any]]:
        bulk = validated(BulkIn, body)
        option_names = {info.alias or name for name, info in kind.options_model.model_fields.items()}
        switches = {key: value for key, value in body.items() if value is not None and key in option_names}
        updated = []
        async with ctx.db.write() as uow:
            for provider_id in bulk.ids:
                row = await load(uow.session, provider_id)
                options = _parse_options(kind, switches, row.options)
                row.options = options.model_dump(mode="json", by_alias=True)
                row.enable = kind.is_enabled(options) if "enable" not in body else bool(body["enable"])
                if body.get("priority") is not None:
                    row.priority = validated(ProviderIn, {"priority": body["priority"]}).priority
                if bulk.tags is not None:
                    row.tags = _apply_tags(row.tags or [], bulk.tags, bulk.apply_tags)
                updated.append(Definition.of(row))
            uow.publish(ConfigChanged(kind.kind))
        return [resource(kind, kind.build(d)) for d in updated]

    @router.delete(f"/{path}/bulk", response_class=Response)
    async def bulk_delete(body: BulkIn, ctx: CtxDep) -> Response:
        async with ctx.db.write() as uow:
            for provider_id in body.ids:
                await remove(uow.session, provider_id)
            uow.publish(ConfigChanged(kind.kind))
        return Response(status_code=200)

    @router.get(f"/{path}/{{provider_id}}")
    async def get_provider(provider_id: Id, session: SessionDep) -> dict[str, Any]:
        return resource(kind, kind.build(Definition.of(await load(session, provider_id))))

    @router.post(f"/{path}", status_code=201)
    async def create(body: JsonObject, ctx: CtxDep, forceSave: bool = False) -> dict[str, Any]:
        async with ctx.db.read() as session:
            provider, _ = candidate_provider(kind, body, None)
            await check_definition(session, kind, provider, exclude_id=None)
        if not forceSave:
            await run_provider_test(ctx, provider)
        async with ctx.db.write() as uow:
            row = ProviderDefinition(kind=kind.kind, config_contract=provider.config_contract)
            apply_definition(row, provider.definition)
            uow.session.add(row)
            await uow.session.flush()
            definition = Definition.of(row)
            uow.publish(ConfigChanged(kind.kind))
        return resource(kind, kind.build(definition))

    async def update(
        body: JsonObject, ctx: CtxDep, provider_id: Id | None = None, forceSave: bool = False
    ) -> dict[str, Any]:
        target = provider_id or validated(ProviderIn, body).id
        if target <= 0:
            raise ValidationFailed(("id", "An id is required to update"))
        async with ctx.db.read() as session:
            provider, _ = candidate_provider(kind, body, await load(session, target))
            await check_definition(session, kind, provider, exclude_id=target)
        if not forceSave:
            await run_provider_test(ctx, provider)
        async with ctx.db.write() as uow:
            row = await load(uow.session, target)
            apply_definition(row, provider.definition)
            row.config_contract = provider.config_contract
            definition = Definition.of(row)
            uow.publish(ConfigChanged(kind.kind))
        return resource(kind, kind.build(definition))

    router.add_api_route(f"/{path}", update, methods=["PUT"], status_code=202)
    router.add_api_route(f"/{path}/{{provider_id}}", update, methods=["PUT"], status_code=202)

    @router.delete(f"/{path}/{{provider_id}}")
    async def delete_provider(provider_id: Id, ctx: CtxDep) -> Response:
        async with ctx.db.write() as uow:
            await remove(uow.session, provider_id)
            uow.publish(ConfigChanged(kind.kind))
        return Response(status_code=200)

    return router


def _apply_tags(current: list[int], tags: list[int], how: str) -> list[int]:
    if how == "replace":
        return list(dict.fromkeys(tags))
    if how == "remove":
        return [t for t in current if t not in tags]
    return list(dict.fromkeys([*current, *tags]))
