"""Logging: readable lines on the console, JSON lines in a rotating file the API pages through.

Secrets never reach either: the API key and every value registered with :func:`redact`
are masked, and so are ``apikey=``/``password=``/``token=`` pairs in URLs and messages.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.handlers
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LOG_FILE_NAME = "reelarr.txt"
_MASK = "(removed)"
_SECRET_PAIRS = re.compile(
    r"(?P<key>(?:api[_-]?key|x-api-key|apikey|passkey|password|pass|token|access_token|secret)"
    r"[\"']?\s*[=:]\s*[\"']?)(?P<value>[^&\s\"',}]+)",
    re.IGNORECASE,
)
_secrets: set[str] = set()


def redact(secret: str) -> None:
    """Mask ``secret`` wherever it would be logged from now on."""
    if secret and len(secret) >= 4:
        _secrets.add(secret)


def scrub(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, _MASK)
    return _SECRET_PAIRS.sub(lambda m: m["key"] + _MASK, text)


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        return True


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        elif record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


_installed: list[logging.Handler] = []


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are created 0600 whatever the umask: they name hosts, paths and users."""

    def _open(self):  # type: ignore[no-untyped-def]
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(descriptor, 0o600)
        return open(descriptor, self.mode, encoding=self.encoding, errors=self.errors)


def setup(log_dir: Path, level: str = "info", size_limit_mb: int = 1) -> None:
    """Log to the console and the rotating file; calling it again replaces what it installed."""
    log_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(log_dir, 0o700)
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    redacting = _RedactingFilter()
    file_handler = _PrivateRotatingFileHandler(
        log_dir / LOG_FILE_NAME, maxBytes=max(1, size_limit_mb) * 1024 * 1024, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(_JsonFormatter())
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    for handler in (file_handler, console):
        handler.addFilter(redacting)
        root.addHandler(handler)
        _installed.append(handler)
    root.setLevel(_level(level))
    # Access logs would print every request's query string, API keys included.
    logging.getLogger("uvicorn.access").disabled = True


def _level(name: str) -> int:
    return {
        "trace": logging.DEBUG,
        "debug": logging.DEBUG,
        "info": logging.INFO,
        "warn": logging.WARNING,
    }.get(name.lower(), getattr(logging, name.upper(), logging.INFO))


@dataclass(frozen=True)
class LogEntry:
    id: int
    time: str
    level: str
    logger: str
    message: str
    exception: str | None


def read_entries(log_dir: Path) -> Iterator[LogEntry]:
    """Every entry of the current and rotated log files, newest first."""
    files = sorted(log_dir.glob(LOG_FILE_NAME + "*"), key=_rotation_index)
    counter = 0
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in reversed(lines):
            try:
                raw = json.loads(line)
            except json.JSONDecodeError:
                continue
            counter += 1
            yield LogEntry(
                id=counter,
                time=raw.get("time", ""),
                level=raw.get("level", "info"),
                logger=raw.get("logger", ""),
                message=raw.get("message", ""),
                exception=raw.get("exception"),
            )


def _rotation_index(path: Path) -> int:
    suffix = path.name[len(LOG_FILE_NAME) :].lstrip(".")
    return int(suffix) if suffix.isdigit() else 0
