"""Notifications: Radarr's provider endpoints (list, schema, create, test, testall...)."""

from __future__ import annotations

from fastapi import APIRouter

from reelarr.api.providers import provider_router
from reelarr.notifications import NOTIFICATIONS

router = APIRouter()
router.include_router(provider_router(NOTIFICATIONS, "notification", "Notification"))
