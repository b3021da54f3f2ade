"""What every indexer shares: the release it yields, search criteria, errors and the fetch loop.

An implementation builds requests and parses answers; this base sends the requests within
the indexer's rate limits and turns every way a request can go wrong into an
:class:`IndexerError` whose message tells the user what to check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from urllib.parse import urlsplit

import httpx
from pydantic import Field

from reelarr.http import HostLimit, HttpClient
from reelarr.languages import ALL as ALL_LANGUAGES
from reelarr.providers import Form, Provider, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class IndexerFlag(enum.IntFlag):
    """Radarr's indexer flags, with its bit values (``/api/v3/indexerflag``)."""

    G_Freeleech = 1
    G_Halfleech = 2
    G_DoubleUpload = 4
    PTP_Golden = 8
    PTP_Approved = 16
    G_Internal = 32
    AHD_Internal = 64
    G_Scene = 128
    G_Freeleech75 = 256
    G_Freeleech25 = 512
    AHD_UserRelease = 1024
    Nuked = 2048


NO_FLAGS = IndexerFlag(0)


class FailDownloads(enum.IntEnum):
    """Kinds of file that fail a completed download from an indexer set to (Radarr's values)."""

    Executables = 0
    PotentiallyDangerous = 1


FAIL_DOWNLOADS_OPTIONS = (
    (FailDownloads.Executables.value, "Executables"),
    (FailDownloads.PotentiallyDangerous.value, "Potentially Dangerous"),
)


@dataclass(frozen=True)
class ReleaseInfo:
    """One release an indexer offers, as the decision engine will read it."""

    guid: str
    title: str
    size: int = 0
    download_url: str = ""
    info_url: str = ""
    comments_url: str = ""
    indexer_id: int = 0
    indexer: str = ""
    indexer_priority: int = 25
    protocol: str = "unknown"  # usenet or torrent
    publish_date: dt.datetime | None = None
    grabs: int | None = None
    seeders: int | None = None
    peers: int | None = None
    info_hash: str | None = None
    magnet_url: str | None = None
    imdb_id: str | None = None
    tmdb_id: int | None = None
    indexer_flags: IndexerFlag = NO_FLAGS
    download_volume_factor: float = 1.0
    upload_volume_factor: float = 1.0
    categories: tuple[int, ...] = ()
    minimum_ratio: float | None = None
    minimum_seed_time: int | None = None  # minutes
    download_client_id: int = 0


@dataclass(frozen=True)
class SearchCriteria:
    """The movie to search for; ids are used when the indexer can search by them."""

    title: str
    year: int = 0
    imdb_id: str | None = None
    tmdb_id: int | None = None
    alternative_titles: tuple[str, ...] = ()


class IndexerError(Exception):
    """A failure with a message the user can act on; ``retry_after`` when the indexer asked to wait."""

    def __init__(self, message: str, *, retry_after: dt.timedelta | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class IndexerRequest:
    url: str
    method: str = "GET"
    json: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def flags_from_factors(download: float, upload: float) -> IndexerFlag:
    """Freeleech and double-upload flags from Torznab-style volume factors."""
    flags = IndexerFlag(0)
    if download == 0:
        flags |= IndexerFlag.G_Freeleech
    elif download == 0.5:
        flags |= IndexerFlag.G_Halfleech
    elif download == 0.25:
        flags |= IndexerFlag.G_Freeleech75
    elif download == 0.75:
        flags |= IndexerFlag.G_Freeleech25
    if upload == 2:
        flags |= IndexerFlag.G_DoubleUpload
    return flags


LANGUAGE_OPTIONS = tuple((language.id, language.name) for language in ALL_LANGUAGES if language.id > 0)
FLAG_OPTIONS = tuple((flag.value, flag.name or "") for flag in IndexerFlag)


class RateLimitSettings(ProviderSettings):
    """What every indexer shares: its multi-release languages, the files that fail its downloads,
    and how hard Reelarr may ask."""

    multi_languages: Annotated[
        list[int],
        Form(
            "Multi Languages",
            "What languages are normally in a multi release on this indexer?",
            type="select",
            advanced=True,
            select_options=LANGUAGE_OPTIONS,
        ),
    ] = Field(default_factory=list)
    fail_downloads: Annotated[
        list[FailDownloads],
        Form(
            "Fail Downloads",
            "While processing completed downloads Reelarr will treat these selected filetypes as "
            "failed downloads.",
            type="select",
            advanced=True,
            select_options=FAIL_DOWNLOADS_OPTIONS,
        ),
    ] = Field(default_factory=list)
    requests_per_minute: Annotated[
        int,
        Form(
            "Request Limit",
            "At most this many requests a minute to this indexer (0: no limit)",
            type="number",
            advanced=True,
            unit="requests/min",
        ),
    ] = Field(default=0, ge=0)
    minimum_request_interval: Annotated[
        float,
        Form(
            "Request Interval",
            "Wait at least this long between two requests to the indexer's host",
            type="number",
            advanced=True,
            unit="seconds",
        ),
    ] = Field(default=1.0, ge=0, le=60)


class TorrentSettings(ProviderSettings):
    """What torrent indexers add: seeding requirements and flags."""

    minimum_seeders: Annotated[
        int, Form("Minimum Seeders", "Minimum number of seeders required.", type="number", advanced=True)
    ] = 1
    seed_ratio: Annotated[
        float | None,
        Form(
            "Seed Ratio",
            "The ratio a torrent should reach before stopping, empty uses the download client's default",
            type="textbox",
            advanced=True,
        ),
    ] = Field(default=None, alias="seedCriteria.seedRatio")
    seed_time: Annotated[
        int | None,
        Form(
            "Seed Time",
            "The time a torrent should be seeded before stopping, empty uses the download client's default",
            type="number",
            advanced=True,
            unit="minutes",
        ),
    ] = Field(default=None, alias="seedCriteria.seedTime")
    reject_blocklisted_torrent_hashes_while_grabbing: Annotated[
        bool,
        Form(
            "Reject Blocklisted Torrent Hashes While Grabbing",
            "If a torrent is blocked by hash it may not properly be rejected during RSS/Search",
            type="checkbox",
            advanced=True,
        ),
    ] = False
    required_flags: Annotated[
        list[int],
        Form(
            "Required Flags",
            "Which indexer flags are required?",
            type="select",
            advanced=True,
            select_options=FLAG_OPTIONS,
        ),
    ] = Field(default_factory=list)


class Indexer(Provider):
    """An indexer: fetches its RSS feed and searches for a movie."""

    kind: ClassVar[str] = "indexer"
    protocol: ClassVar[str]
    supports_rss: ClassVar[bool] = True
    supports_search: ClassVar[bool] = True

    @classmethod
    def resource_extras(cls) -> dict[str, Any]:
        return {
            "protocol": cls.protocol,
            "supportsRss": cls.supports_rss,
            "supportsSearch": cls.supports_search,
        }

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        raise NotImplementedError

    async def search(self, http: HttpClient, criteria: SearchCriteria) -> list[ReleaseInfo]:
        return []

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        try:
            releases = await self.fetch_rss(ctx.http) if self.supports_rss else []
        except IndexerError as exc:
            return [("", str(exc))]
        if self.supports_rss and not releases:
            return [
                (
                    "",
                    "Query successful, but no results in the configured categories were returned "
                    "from your indexer. Check the indexer and its category settings.",
                )
            ]
        return []

    # ------------------------------------------------------------ sending

    def rate_key(self) -> str:
        return f"indexer:{self.definition.id or self.definition.name}"

    def _apply_limits(self, http: HttpClient, url: str) -> None:
        limits = self.settings
        if not isinstance(limits, RateLimitSettings):
            return
        http.set_limit(self.rate_key(), HostLimit(per_minute=limits.requests_per_minute))
        host = urlsplit(url).netloc.lower()
        http.raise_limit(host, HostLimit(min_interval=limits.minimum_request_interval))

    async def send(self, http: HttpClient, request: IndexerRequest) -> httpx.Response:
        """Send within the limits; any failure becomes an :class:`IndexerError` a user can act on."""
        self._apply_limits(http, request.url)
        host = urlsplit(request.url).netloc or request.url
        try:
            response = await http.request(
                request.method,
                request.url,
                json=request.json,
                headers=request.headers,
                rate_key=self.rate_key(),
            )
        except httpx.TimeoutException:
            raise IndexerError(f"{host} did not answer in time; the indexer may be down or busy") from None
        except httpx.ConnectError:
            raise IndexerError(f"Cannot reach {host}: check the URL and that the indexer runs") from None
        except httpx.HTTPError as exc:
            raise IndexerError(f"The request to {host} failed: {type(exc).__name__}") from None
        status = response.status_code
        if status in (401, 403):
            raise IndexerError(f"The indexer answered {status}: check the API key and your account")
        if status == 429:
            retry_after = HttpClient.retry_after_seconds(response)
            raise IndexerError(
                f"The indexer's request limit was reached (429); it asked to wait {retry_after:.0f} seconds",
                retry_after=dt.timedelta(seconds=retry_after),
            )
        if status == 404:
            raise IndexerError(f"The indexer answered 404 for {host}: check the URL and API path")
        if status >= 400:
            raise IndexerError(f"The indexer answered {status} ({response.reason_phrase}); try again later")
        return response

    def stamp(self, releases: list[ReleaseInfo]) -> list[ReleaseInfo]:
        """Add what the definition knows: which indexer, its priority, its seeding goals."""
        definition = self.definition
        extra: dict[str, Any] = {
            "indexer_id": definition.id,
            "indexer": definition.name,
            "indexer_priority": definition.priority,
            "download_client_id": int(definition.options.get("downloadClientId") or 0),
        }
        stamped = []
        for release in releases:
            values = dict(extra)
            if isinstance(self.settings, TorrentSettings):
                if release.minimum_ratio is None:
                    values["minimum_ratio"] = self.settings.seed_ratio
                if release.minimum_seed_time is None:
                    values["minimum_seed_time"] = self.settings.seed_time
            stamped.append(dataclasses.replace(release, **values))
        return stamped


def looks_like_html(body: str) -> bool:
    head = body.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or "<html" in head


def parse_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


def parse_float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None


def normalize_imdb_id(value: str | int | None) -> str | None:
    """``tt0133093`` from ``133093``, ``0133093`` or ``tt0133093``; None when there is no id."""
    if value is None:
        return None
    digits = str(value).strip().lower().removeprefix("tt")
    if not digits.isdigit() or int(digits) == 0:
        return None
    return f"tt{int(digits):07d}"
