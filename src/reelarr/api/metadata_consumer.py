"""Metadata consumers: Radarr's provider endpoints under ``/metadata`` (list, schema, create, test...).

The TMDB routes own ``api/metadata.py``; these are the NFO and image writers of
:mod:`reelarr.metadata_files`.
"""

from __future__ import annotations

from fastapi import APIRouter

from reelarr.api.providers import provider_router
from reelarr.metadata_files import METADATA_CONSUMERS

router = APIRouter()
router.include_router(provider_router(METADATA_CONSUMERS, "metadata", "Metadata"))
