"""Radarr's API v3, served by FastAPI routers, one module per resource group."""

from __future__ import annotations

from fastapi import APIRouter

from reelarr.api import (
    autotagging,
    calendar,
    collection,
    config,
    customfilter,
    delayprofile,
    downloadclient,
    extrafile,
    filesystem,
    history,
    indexer,
    library,
    logfile,
    manualimport,
    metadata,
    metadata_consumer,
    movie,
    moviefile,
    notification,
    parse,
    profiles,
    queue,
    release,
    remotepathmapping,
    rename,
    system,
    wanted,
)
from reelarr.api.base import ApiKeyDep


def api_v3_router() -> APIRouter:
    router = APIRouter(dependencies=[ApiKeyDep])
    for module in (
        system,
        movie,
        profiles,
        library,
        config,
        parse,
        indexer,
        metadata,
        metadata_consumer,
        collection,
        calendar,
        notification,
        release,
        wanted,
        delayprofile,
        downloadclient,
        queue,
        history,
        remotepathmapping,
        moviefile,
        manualimport,
        rename,
        autotagging,
        customfilter,
        extrafile,
        filesystem,
        logfile,
    ):
        router.include_router(module.router)
    return router
