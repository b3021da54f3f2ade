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
    exclusions,
    extrafile,
    filesystem,
    history,
    importlist,
    indexer,
    library,
    logfile,
    manualimport,
    metadata,
    metadata_consumer,
    movie,
    movie_list,
    moviefile,
    movieversion,
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


def api_v3_router() -> APIRouter:
    router = APIRouter()
    for module in (
        system,
        movie,
        movie_list,
        profiles,
        library,
        # /config/naming/examples before config's /config/naming/{id}.
        rename,
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
        movieversion,
        manualimport,
        importlist,
        exclusions,
        autotagging,
        customfilter,
        extrafile,
        filesystem,
        logfile,
    ):
        router.include_router(module.router)
    return router
