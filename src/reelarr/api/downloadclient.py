"""Download clients: the provider endpoints, their back-off status, completed and failed handling."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError

from reelarr import settings as settings_store
from reelarr.api.base import CtxDep, SessionDep
from reelarr.api.limits import Id, JsonObject
from reelarr.api.providers import provider_router
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.downloads import DownloadClientConfig
from reelarr.errors import ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.history import iso
from reelarr.providers import is_blocked, statuses

router = APIRouter()
router.include_router(provider_router(DOWNLOAD_CLIENTS, "downloadclient", "DownloadClient"))


@router.get("/downloadclientstatus", tags=["DownloadClientStatus"])
async def download_client_status(ctx: CtxDep, session: SessionDep) -> list[dict[str, Any]]:
    """Download clients in back-off now."""
    now = ctx.clock()
    return [
        {
            "id": row.id,
            "downloadClientId": row.provider_id,
            "disabledTill": iso(row.disabled_till),
            "mostRecentFailure": iso(row.most_recent_failure),
            "initialFailure": iso(row.initial_failure),
        }
        for row in (await statuses(session, DOWNLOAD_CLIENTS.kind)).values()
        if is_blocked(row, now)
    ]


@router.get("/config/downloadclient", tags=["DownloadClientConfig"])
@router.get("/config/downloadclient/{config_id}", tags=["DownloadClientConfig"])
async def read_config(session: SessionDep, config_id: Id | None = None) -> dict[str, Any]:
    value = await settings_store.load(session, DownloadClientConfig)
    return {"id": 1, **value.model_dump(mode="json", by_alias=True)}


@router.put("/config/downloadclient", status_code=202, tags=["DownloadClientConfig"])
@router.put("/config/downloadclient/{config_id}", status_code=202, tags=["DownloadClientConfig"])
async def write_config(body: JsonObject, ctx: CtxDep, config_id: Id | None = None) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        current = await settings_store.load(uow.session, DownloadClientConfig)
        merged = {**current.model_dump(by_alias=True), **{k: v for k, v in body.items() if k != "id"}}
        try:
            value = DownloadClientConfig.model_validate(merged)
        except ValidationError as exc:
            raise ValidationFailed(
                *((".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors())
            ) from None
        if not 1 <= value.check_for_finished_download_interval <= 120:
            raise ValidationFailed(("checkForFinishedDownloadInterval", "Must be between 1 and 120 minutes"))
        await settings_store.save(uow.session, value)
        uow.publish(ConfigChanged(DownloadClientConfig.section))
    return {"id": 1, **value.model_dump(mode="json", by_alias=True)}
