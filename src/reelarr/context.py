"""The one object that carries the process's shared parts, built once in ``app.py``.

Passed explicitly to whatever needs it; there is no global state and no container.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reelarr import logs
from reelarr.commands import CommandQueue
from reelarr.config import Settings
from reelarr.db import Database, utcnow
from reelarr.events import EventBus
from reelarr.http import HttpClient

if TYPE_CHECKING:
    from reelarr.health import HealthMonitor

APP_NAME = "Reelarr"
# Reelarr's own version, from the installed package's metadata (pyproject.toml is the one place).
VERSION = importlib.metadata.version("reelarr")
# Radarr-compatible version: Prowlarr refuses anything below 4.0.4 on the v4+ line.
RADARR_COMPATIBLE_VERSION = "5.26.2.10099"


@dataclass(frozen=True)
class Context:
    settings: Settings
    db: Database
    bus: EventBus
    commands: CommandQueue
    health: HealthMonitor
    http: HttpClient
    clock: Callable[[], dt.datetime] = utcnow
    started_at: dt.datetime = field(default_factory=utcnow)

    def replace_settings(self, settings: Settings) -> None:
        """Swap in saved host settings (API key, backups, logging) without a restart.

        The one change a Context allows: everything else is fixed for the process's life. A new
        API key is redacted from the logs from this moment on.
        """
        logs.redact(settings.api_key)
        object.__setattr__(self, "settings", settings)
