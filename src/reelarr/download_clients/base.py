"""What every download client shares: the release handed over, the items read back, errors.

An implementation adds a release, lists the items in its category, removes one and tests
its connection. Blocking client libraries run in a thread (``asyncio.to_thread``) so the
event loop never waits on a daemon. Every failure leaves as a :class:`DownloadClientError`
whose message says what to check.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import enum
import hashlib
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar, Self, TypeVar
from urllib.parse import parse_qs, urlsplit

from pydantic import Field

from reelarr.http import HttpClient
from reelarr.providers import Form, Provider, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

T = TypeVar("T")

log = logging.getLogger(__name__)


class DownloadClientError(Exception):
    """A failure with a message the user can act on."""


class ItemStatus(enum.StrEnum):
    """Radarr's download item states, as the queue shows them."""

    queued = "queued"
    paused = "paused"
    downloading = "downloading"
    completed = "completed"
    failed = "failed"
    warning = "warning"


@dataclass(frozen=True)
class Grab:
    """A release as a client receives it: a torrent file, a magnet link or an NZB."""

    title: str
    protocol: str
    torrent: bytes | None = None
    magnet: str | None = None
    nzb: bytes | None = None
    info_hash: str | None = None
    seed_ratio: float | None = None
    seed_time_minutes: int | None = None
    recent: bool = True  # released lately: the client's "recent" priority applies


@dataclass(frozen=True)
class DownloadItem:
    """One download as its client reports it."""

    download_id: str
    title: str
    category: str | None
    total_size: int
    remaining_size: int
    status: ItemStatus
    remaining_time: dt.timedelta | None = None
    message: str = ""
    output_path: str | None = None
    seed_ratio: float | None = None
    can_be_removed: bool = True
    can_move_files: bool = True
    stalled: bool = False  # no progress and no peers or servers to make any

    @property
    def progress(self) -> float:
        if not self.total_size:
            return 100.0 if self.status == ItemStatus.completed else 0.0
        return 100.0 * (self.total_size - self.remaining_size) / self.total_size


@dataclass(frozen=True)
class ClientSetup:
    """What a client says about its own set-up (Radarr's DownloadClientInfo), for the health checks.

    ``output_folders`` are where finished downloads of Reelarr's category land, as the client
    names them (before remote path mappings); ``sorting_mode`` names any sorting the client
    applies to that category.
    """

    output_folders: tuple[str, ...] = ()
    removes_completed_downloads: bool = False
    sorting_mode: str = ""


PRIORITY_OPTIONS = ((0, "Last"), (1, "First"))
INITIAL_STATE_OPTIONS = ((0, "Start"), (1, "ForceStart"), (2, "Pause"))


class WebAddressSettings(ProviderSettings):
    """Where a client's web API listens."""

    host: Annotated[str, Form("Host")] = "localhost"
    port: Annotated[int, Form("Port", type="number")] = Field(default=8080, ge=1, le=65535)
    use_ssl: Annotated[bool, Form("Use SSL", "Use a secure connection", type="checkbox")] = False
    url_base: Annotated[str, Form("Url Base", "Adds a prefix to the client's URL", advanced=True)] = ""

    def base_url(self) -> str:
        scheme = "https" if self.use_ssl else "http"
        base = "/" + self.url_base.strip("/") if self.url_base.strip("/") else ""
        return f"{scheme}://{self.host}:{self.port}{base}"


class ConnectionSettings(WebAddressSettings):
    """Where a daemon listens and how to log in."""

    username: Annotated[str, Form("Username", privacy="userName")] = ""
    password: Annotated[str, Form("Password", type="password", privacy="password")] = ""


class CategorySettings(ProviderSettings):
    movie_category: Annotated[
        str,
        Form("Category", "Adding a category specific to Reelarr avoids conflicts with unrelated downloads"),
    ] = "radarr"
    movie_imported_category: Annotated[
        str,
        Form("Post-Import Category", "Category to set after importing the download", advanced=True),
    ] = ""
    recent_movie_priority: Annotated[
        int,
        Form(
            "Recent Priority",
            "Priority for movies released within the last 21 days",
            type="select",
            select_options=PRIORITY_OPTIONS,
        ),
    ] = 0
    older_movie_priority: Annotated[
        int,
        Form(
            "Older Priority",
            "Priority for movies released over 21 days ago",
            type="select",
            select_options=PRIORITY_OPTIONS,
        ),
    ] = 0


class DownloadClient(Provider):
    """Base of every download client implementation."""

    kind: ClassVar[str] = "downloadclient"
    protocol: ClassVar[str]
    # The shared HTTP client, for the implementations that speak plain HTTP (SABnzbd, NZBGet).
    http: HttpClient | None = None

    def using(self, http: HttpClient) -> Self:
        self.http = http
        return self

    def client_http(self) -> HttpClient:
        if self.http is None:
            raise RuntimeError(f"{self.implementation_name} needs using(http) before it speaks HTTP")
        return self.http

    @classmethod
    def resource_extras(cls) -> dict[str, object]:
        return {"protocol": cls.protocol}

    async def add(self, grab: Grab) -> str:
        """Hand the release over; return the client's id for it (a torrent's hash, an NZB id)."""
        raise NotImplementedError

    async def items(self) -> list[DownloadItem]:
        """The downloads in Reelarr's category."""
        raise NotImplementedError

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        raise NotImplementedError

    async def mark_imported(self, download_id: str) -> None:
        """After import: move the download to the post-import category, when one is set."""

    async def set_category(self, download_id: str, category: str) -> None:
        raise DownloadClientError(f"{self.implementation_name} has no categories to change")

    async def pause(self, download_id: str) -> None:
        raise DownloadClientError(f"{self.implementation_name} cannot pause a download")

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        self.using(ctx.http)
        try:
            await self.check_connection()
        except DownloadClientError as exc:
            return [(self.test_field(exc), str(exc))]
        return []

    async def check_connection(self) -> None:
        """Connect, log in, check the version and create the category; raise what went wrong."""
        raise NotImplementedError

    async def setup(self) -> ClientSetup | None:
        """The client's own set-up; None for a client that does not tell."""
        return None

    def test_field(self, error: DownloadClientError) -> str:
        text = str(error).lower()
        if "password" in text or "credential" in text or "api key" in text:
            return "password"
        if "cannot reach" in text or "unable to connect" in text:
            return "host"
        return ""

    async def run(self, call: Callable[[], T]) -> T:
        """Run a blocking library call in a thread."""
        return await asyncio.to_thread(call)


def unreachable(name: str, host: str, port: int, exc: BaseException) -> DownloadClientError:
    """A message a person can act on; the library's exception (long, nested) goes to the log."""
    log.info("cannot reach %s at %s:%s: %r", name, host, port, exc)
    return DownloadClientError(
        f"Unable to connect to {name}: cannot reach {host}:{port}. "
        "Check that it is running and that the host and port are right."
    )


def wrong_credentials(name: str) -> DownloadClientError:
    return DownloadClientError(f"Authentication failed: {name} rejected the username or password")


def delete_data(path: str) -> None:
    """Delete a download's data for a client whose removal leaves it (rTorrent, Aria2), as Radarr does."""
    target = Path(path)
    if target.is_dir():
        shutil.rmtree(target, ignore_errors=True)
    else:
        target.unlink(missing_ok=True)


def parse_version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.lstrip("v").split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def torrent_info_hash(grab: Grab) -> str:
    """The torrent's info hash, lower-case hex: from the release, the file, or the magnet link."""
    if grab.info_hash:
        return grab.info_hash.lower()
    if grab.torrent:
        return hashlib.sha1(_info_dict(grab.torrent)).hexdigest()
    if grab.magnet:
        for topic in parse_qs(urlsplit(grab.magnet).query).get("xt", []):
            if topic.lower().startswith("urn:btih:"):
                value = topic[9:]
                if len(value) == 32:  # base32 form
                    return base64.b32decode(value.upper()).hex()
                return value.lower()
    raise DownloadClientError(f"{grab.title}: the release has neither a torrent file nor a magnet link")


def _bencode_end(data: bytes, start: int) -> int:
    """Where the bencoded value starting at ``start`` ends."""
    head = data[start : start + 1]
    if head == b"i":
        return data.index(b"e", start) + 1
    if head in (b"l", b"d"):
        position = start + 1
        while data[position : position + 1] != b"e":
            position = _bencode_end(data, position)
        return position + 1
    colon = data.index(b":", start)
    return colon + 1 + int(data[start:colon])


def _info_dict(torrent: bytes) -> bytes:
    """The raw bencoded ``info`` dictionary of a .torrent, whose SHA-1 is the info hash."""
    try:
        if torrent[:1] != b"d":
            raise ValueError("not a dictionary")
        position = 1
        while torrent[position : position + 1] != b"e":
            key_end = _bencode_end(torrent, position)
            value_end = _bencode_end(torrent, key_end)
            if torrent[position:key_end] == b"4:info":
                return torrent[key_end:value_end]
            position = value_end
    except (ValueError, IndexError):
        pass
    raise DownloadClientError("The torrent file is not valid: it has no info dictionary")
