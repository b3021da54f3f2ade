"""``config/naming``, ``config/mediamanagement``, ``config/ui`` and ``config/host``."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select

from reelarr import config as process_config
from reelarr import settings as settings_store
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, JsonObject
from reelarr.auth import hash_password_off_loop
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.files import MediaManagementConfig
from reelarr.models import User
from reelarr.naming import NamingConfig, validate_formats
from reelarr.security import sessions
from reelarr.settings import UiSettings

router = APIRouter()

# Radarr's placeholder for a secret that is set; sent back unchanged, it means "keep it".
SECRET_MASK = "********"


def _section_router(path: str, model: type[BaseModel], tag: str) -> None:
    async def read(session: SessionDep, config_id: Id | None = None) -> dict[str, Any]:
        value = await settings_store.load(session, model)
        return {"id": 1, **value.model_dump(mode="json", by_alias=True)}

    async def write(body: JsonObject, ctx: CtxDep, config_id: Id | None = None) -> dict[str, Any]:
        async with ctx.db.write() as uow:
            current = await settings_store.load(uow.session, model)
            merged = {**current.model_dump(by_alias=True), **{k: v for k, v in body.items() if k != "id"}}
            try:
                value = model.model_validate(merged)
            except ValidationError as exc:
                raise ValidationFailed(
                    *((".".join(str(p) for p in e["loc"]) or "body", e["msg"]) for e in exc.errors())
                ) from None
            check_section(value)
            await settings_store.save(uow.session, value)
            uow.publish(ConfigChanged(model.section))  # type: ignore[attr-defined]
        return {"id": 1, **value.model_dump(mode="json", by_alias=True)}

    router.add_api_route(f"/config/{path}", read, methods=["GET"], tags=[tag])
    router.add_api_route(f"/config/{path}/{{config_id}}", read, methods=["GET"], tags=[tag])
    router.add_api_route(f"/config/{path}", write, methods=["PUT"], status_code=202, tags=[tag])
    router.add_api_route(f"/config/{path}/{{config_id}}", write, methods=["PUT"], status_code=202, tags=[tag])


def check_section(value: BaseModel) -> None:
    """The checks a section's model cannot express on its own fields."""
    problems: list[tuple[str, str]] = []
    if isinstance(value, NamingConfig):
        problems = validate_formats(value)
    if isinstance(value, MediaManagementConfig) and value.minimum_free_space_when_importing < 0:
        problems = [("minimumFreeSpaceWhenImporting", "Must be 0 or more")]
    if problems:
        raise ValidationFailed(*problems)


_section_router("naming", NamingConfig, "NamingConfig")
_section_router("mediamanagement", MediaManagementConfig, "MediaManagementConfig")
_section_router("ui", UiSettings, "UiConfig")


# ---------------------------------------------------------------- host: the process settings in config.json


class HostConfigIn(ApiModel):
    bind_address: str = "127.0.0.1"
    port: int = Field(default=7878, ge=1, le=65535)
    url_base: str = ""
    instance_name: str = "Reelarr"
    authentication_method: str = "forms"
    authentication_required: str = "enabled"
    username: str | None = None
    password: str | None = None
    password_confirmation: str | None = None
    log_level: str = "info"
    log_size_limit: int = Field(default=1, ge=1, le=10)
    api_key: str | None = None
    backup_folder: str = ""
    backup_interval: int = Field(default=7, ge=1, le=7)
    backup_retention: int = Field(default=28, ge=1, le=90)


async def _host_json(ctx: Context, username: str | None) -> dict[str, Any]:
    s = ctx.settings
    return {
        "id": 1,
        "bindAddress": s.host,
        "port": s.port,
        "sslPort": 9898,
        "enableSsl": False,
        "launchBrowser": False,
        "authenticationMethod": s.authentication_method,
        "authenticationRequired": s.authentication_required,
        "analyticsEnabled": False,
        "username": username or "",
        "password": SECRET_MASK if username else "",
        "passwordConfirmation": "",
        "logLevel": s.log_level,
        "logSizeLimit": s.log_size_limit_mb,
        "consoleLogLevel": "",
        "branch": "main",
        "apiKey": s.api_key,
        "sslCertPath": "",
        "sslCertPassword": "",
        "urlBase": s.url_base,
        "instanceName": s.instance_name,
        "applicationUrl": "",
        "updateAutomatically": False,
        "updateMechanism": "external",
        "updateScriptPath": "",
        "proxyEnabled": False,
        "proxyType": "http",
        "proxyHostname": "",
        "proxyPort": 8080,
        "proxyUsername": "",
        "proxyPassword": "",
        "proxyBypassFilter": "",
        "proxyBypassLocalAddresses": True,
        "certificateValidation": "enabled",
        "backupFolder": s.backup_folder,
        "backupInterval": s.backup_interval_days,
        "backupRetention": s.backup_retention_days,
        "trustCgnatIpAddresses": False,
    }


@router.get("/config/host", tags=["HostConfig"])
@router.get("/config/host/{config_id}", tags=["HostConfig"])
async def read_host(ctx: CtxDep, session: SessionDep, config_id: Id | None = None) -> dict[str, Any]:
    username = await session.scalar(select(User.username).limit(1))
    return await _host_json(ctx, username)


@router.put("/config/host", status_code=202, tags=["HostConfig"])
@router.put("/config/host/{config_id}", status_code=202, tags=["HostConfig"])
async def write_host(body: HostConfigIn, ctx: CtxDep, config_id: Id | None = None) -> dict[str, Any]:
    problems = []
    if body.authentication_method not in ("basic", "forms", "external"):
        problems.append(
            (
                "authenticationMethod",
                "Must be forms, basic or external (external only behind a reverse proxy that "
                "authenticates); Reelarr no longer runs without authentication",
            )
        )
    if body.authentication_required not in ("enabled", "disabledForLocalAddresses"):
        problems.append(("authenticationRequired", "Must be enabled or disabledForLocalAddresses"))
    if body.api_key is not None and body.api_key != ctx.settings.api_key and len(body.api_key) < 20:
        problems.append(("apiKey", "The API key must be at least 20 characters"))
    new_password = body.password if body.password and body.password != SECRET_MASK else None
    if new_password is not None and body.password_confirmation not in (None, "", new_password):
        problems.append(("passwordConfirmation", "The passwords do not match"))
    if problems:
        raise ValidationFailed(*problems)
    async with ctx.db.write() as uow:
        user = await uow.session.scalar(select(User).limit(1))
        if body.username:
            if user is None:
                if new_password is None:
                    raise ValidationFailed(("password", "A password is required"))
                user = User(identifier=str(uuid.uuid4()), username=body.username, password_hash="")
                uow.session.add(user)
            user.username = body.username
            if new_password is not None:
                user.password_hash = await hash_password_off_loop(new_password)
        username = user.username if user else None
    updated = dataclasses.replace(
        ctx.settings,
        host=body.bind_address,
        port=body.port,
        url_base=process_config.normalize_url_base(body.url_base),
        instance_name=body.instance_name,
        authentication_method=body.authentication_method,
        authentication_required=body.authentication_required,
        log_level=body.log_level,
        log_size_limit_mb=body.log_size_limit,
        api_key=body.api_key or ctx.settings.api_key,
        backup_folder=body.backup_folder,
        backup_interval_days=body.backup_interval,
        backup_retention_days=body.backup_retention,
    )
    key_changed = updated.api_key != ctx.settings.api_key
    process_config.save(updated)
    ctx.replace_settings(updated)
    if new_password is not None or key_changed:
        # A new password or API key signs every browser out (sessions and CSRF tokens).
        await sessions.end_all(ctx)
    await ctx.bus.publish(ConfigChanged("host"))
    return await _host_json(ctx, username)
