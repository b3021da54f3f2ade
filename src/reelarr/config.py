"""Process settings: where the data lives, where to listen, the API key, the database URL.

These are read once at start-up from, in order of precedence, the command line, the
environment (``REELARR_*``) and ``config.json`` in the data folder. Settings a user changes
while Reelarr runs (naming, media management, intervals) live in the database instead.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

CONFIG_FILE_NAME = "config.json"
DATABASE_FILE_NAME = "reelarr.db"
DEFAULT_PORT = 7878
DEFAULT_HOST = "127.0.0.1"


def default_data_dir() -> Path:
    return Path.home() / ".config" / "reelarr"


def new_api_key() -> str:
    """A random 32-character key, as Radarr issues (hex, so it is safe in URLs and headers)."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    api_key: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    url_base: str = ""
    log_level: str = "info"
    database_url: str | None = None
    instance_name: str = "Reelarr"
    # forms, basic or external. "none" is no longer offered: a config.json that still says so
    # is read as forms, and the first visit then sets up credentials (see ``load``).
    authentication_method: str = "forms"
    authentication_required: str = "enabled"
    # Host names the UI answers to besides localhost, IP addresses and this machine's own names.
    allowed_hosts: tuple[str, ...] = ()
    backup_folder: str = ""
    backup_interval_days: int = 7
    backup_retention_days: int = 28
    log_size_limit_mb: int = 1
    # Keys found in config.json that this version does not know, kept so a save never drops them.
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def config_path(self) -> Path:
        return self.data_dir / CONFIG_FILE_NAME

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def backup_dir(self) -> Path:
        return Path(self.backup_folder) if self.backup_folder else self.data_dir / "Backups"

    @property
    def media_cover_dir(self) -> Path:
        return self.data_dir / "MediaCover"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / DATABASE_FILE_NAME}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


# config.json uses Radarr's camelCase names for the keys it shares with config/host.
_FILE_KEYS = {
    "api_key": "apiKey",
    "host": "bindAddress",
    "port": "port",
    "url_base": "urlBase",
    "log_level": "logLevel",
    "database_url": "databaseUrl",
    "instance_name": "instanceName",
    "authentication_method": "authenticationMethod",
    "authentication_required": "authenticationRequired",
    "backup_folder": "backupFolder",
    "backup_interval_days": "backupInterval",
    "backup_retention_days": "backupRetention",
    "log_size_limit_mb": "logSizeLimit",
    "allowed_hosts": "allowedHosts",
}

_ENV_KEYS = {
    "host": "REELARR_HOST",
    "port": "REELARR_PORT",
    "url_base": "REELARR_URL_BASE",
    "log_level": "REELARR_LOG_LEVEL",
    "database_url": "REELARR_DATABASE_URL",
    "api_key": "REELARR_API_KEY",
    "allowed_hosts": "REELARR_ALLOWED_HOSTS",
}


class ConfigError(Exception):
    """A setting a user can fix: the message says which and how."""


def normalize_url_base(url_base: str) -> str:
    url_base = url_base.strip().strip("/")
    return f"/{url_base}" if url_base else ""


def parse_host_names(text: str) -> tuple[str, ...]:
    """Host names from a comma- or space-separated list, lower case, without duplicates."""
    names = (n.strip().lower().rstrip(".") for n in text.replace(",", " ").split())
    return tuple(dict.fromkeys(n for n in names if n))


_INT_SETTINGS = {"port", "backup_interval_days", "backup_retention_days", "log_size_limit_mb"}


def _coerce(name: str, value: Any) -> Any:
    if name in _INT_SETTINGS:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if name == "url_base":
        return normalize_url_base(str(value))
    if name == "allowed_hosts":
        if isinstance(value, str):
            return parse_host_names(value)
        if not isinstance(value, list | tuple) or not all(isinstance(n, str) for n in value):
            raise ConfigError(f"allowedHosts must be a list of host names, not {value!r}")
        return parse_host_names(",".join(value))
    if name == "authentication_method" and value == "none":
        return "forms"
    return value


def load(data_dir: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Read the settings, writing ``config.json`` with a fresh API key on first start."""
    env_dir = os.environ.get("REELARR_DATA_DIR")
    data_dir = Path(data_dir or env_dir or default_data_dir()).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    # The data folder holds the database, config.json (the API key) and logs: Reelarr's user only.
    os.chmod(data_dir, 0o700)
    config_path = data_dir / CONFIG_FILE_NAME

    stored: dict[str, Any] = {}
    if config_path.exists():
        try:
            stored = json.loads(config_path.read_text() or "{}")
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{config_path} is not valid JSON ({exc}); fix or remove it") from None
        if not isinstance(stored, dict):
            raise ConfigError(f"{config_path} must hold a JSON object")

    values: dict[str, Any] = {}
    known_file_keys = set(_FILE_KEYS.values())
    for name, key in _FILE_KEYS.items():
        if stored.get(key) not in (None, ""):
            values[name] = _coerce(name, stored[key])
    for name, env in _ENV_KEYS.items():
        if os.environ.get(env):
            values[name] = _coerce(name, os.environ[env])
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = _coerce(name, value)

    first_start = not stored.get("apiKey")
    api_key = values.pop("api_key", None) or stored.get("apiKey") or new_api_key()
    settings = Settings(
        data_dir=data_dir,
        api_key=api_key,
        extra={k: v for k, v in stored.items() if k not in known_file_keys},
        **values,
    )
    if first_start:
        # Only what the user chose lands in the file; run-time overrides stay run-time.
        save(replace(Settings(data_dir=data_dir, api_key=api_key), extra=settings.extra))
    return settings


def save(settings: Settings) -> None:
    """Write ``config.json`` atomically, readable by its owner only (it holds the API key)."""
    data = dict(settings.extra)
    as_dict = asdict(settings)
    for name, key in _FILE_KEYS.items():
        data[key] = list(as_dict[name]) if isinstance(as_dict[name], tuple) else as_dict[name]
    path = settings.config_path
    tmp = path.with_suffix(".json.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
