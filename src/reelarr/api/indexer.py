"""Indexers: the provider endpoints, their back-off status, their config and Radarr's flags."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError

from reelarr import settings as settings_store
from reelarr.api.base import CtxDep, SessionDep
from reelarr.api.limits import Id, JsonObject
from reelarr.api.providers import provider_router
from reelarr.errors import ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.indexers import INDEXERS, IndexerFlag
from reelarr.indexers.fetching import IndexerConfig
from reelarr.providers import is_blocked, statuses

router = APIRouter()
router.include_router(provider_router(INDEXERS, "indexer", "Indexer"))


@router.get("/indexerstatus", tags=["IndexerStatus"])
async def indexer_status(ctx: CtxDep, session: SessionDep) -> list[dict[str, Any]]:
    """Indexers in back-off now (Radarr lists only those)."""
    now = ctx.clock()
    rows = await statuses(session, INDEXERS.kind)
    return [
        {
            "id": row.id,
            "indexerId": row.provider_id,
            "disabledTill": row.disabled_till.isoformat().replace("+00:00", "Z")
            if row.disabled_till
            else None,
            "mostRecentFailure": _iso(row.most_recent_failure),
            "initialFailure": _iso(row.initial_failure),
        }
        for row in rows.values()
        if is_blocked(row, now)
    ]


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


@router.get("/indexerflag", tags=["IndexerFlag"])
async def indexer_flags() -> list[dict[str, Any]]:
    return [
        {"id": flag.value, "name": flag.name, "nameLower": (flag.name or "").lower()} for flag in IndexerFlag
    ]


@router.get("/config/indexer", tags=["IndexerConfig"])
@router.get("/config/indexer/{config_id}", tags=["IndexerConfig"])
async def read_indexer_config(session: SessionDep, config_id: Id | None = None) -> dict[str, Any]:
    value = await settings_store.load(session, IndexerConfig)
    return {"id": 1, **value.model_dump(mode="json", by_alias=True)}


@router.put("/config/indexer", status_code=202, tags=["IndexerConfig"])
@router.put("/config/indexer/{config_id}", status_code=202, tags=["IndexerConfig"])
async def write_indexer_config(body: JsonObject, ctx: CtxDep, config_id: Id | None = None) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        current = await settings_store.load(uow.session, IndexerConfig)
        merged = {**current.model_dump(by_alias=True), **{k: v for k, v in body.items() if k != "id"}}
        try:
            value = IndexerConfig.model_validate(merged)
        except ValidationError as exc:
            raise ValidationFailed(
                *((".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors())
            ) from None
        problems = [
            (name, "Must be 0 or more")
            for name in ("minimumAge", "maximumSize", "retention", "rssSyncInterval", "availabilityDelay")
            if merged.get(name, 0) < 0
        ]
        if value.rss_sync_interval > 120:
            problems.append(("rssSyncInterval", "Must be 120 minutes or less (0 turns RSS sync off)"))
        if problems:
            raise ValidationFailed(*problems)
        await settings_store.save(uow.session, value)
        uow.publish(ConfigChanged(IndexerConfig.section))
    return {"id": 1, **value.model_dump(mode="json", by_alias=True)}
