"""The shared HTTP client: timeouts, a user agent, per-host rate limits, polite retries.

Everything Reelarr fetches from the internet (TMDB, indexers, notification services) goes
through :class:`HttpClient`, so limits and redaction are in one place:

- a per-host minimum interval between requests and an optional requests-per-minute cap
  (indexers ask for this; a big search must never hammer one);
- HTTP 429 honoured: wait ``Retry-After`` (capped) and try again, a bounded number of times;
- transient failures (connection errors, 502/503/504) retried with a short back-off when
  the caller says the request is safe to repeat;
- URLs are logged with API keys and passwords masked.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from reelarr.logs import scrub

log = logging.getLogger(__name__)

USER_AGENT = "Reelarr/0.1 (+https://github.com/reelarr; Radarr-compatible)"
TRANSIENT_STATUSES = frozenset({502, 503, 504})


@dataclass
class HostLimit:
    """How often one host may be asked: at least ``min_interval`` seconds apart, and at most
    ``per_minute`` requests in any 60 seconds (0: no cap)."""

    min_interval: float = 0.0
    per_minute: int = 0


@dataclass
class _HostState:
    limit: HostLimit
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_request: float = 0.0
    recent: deque[float] = field(default_factory=deque)
    blocked_until: float = 0.0


class HttpClient:
    def __init__(
        self,
        *,
        timeout: float = 30.0,
        max_retry_after: float = 60.0,
        retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """``monotonic`` and ``sleep`` are the clock the limits run on (tests pass a virtual one)."""
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
            transport=transport,
        )
        self._hosts: dict[str, _HostState] = {}
        self._limits: dict[str, HostLimit] = {}
        self.max_retry_after = max_retry_after
        self.retries = retries
        self._monotonic = monotonic
        self._sleep = sleep

    def set_limit(self, host: str, limit: HostLimit) -> None:
        """Limit requests to ``host`` (``example.org`` or ``example.org:8080``)."""
        self._limits[host.lower()] = limit
        state = self._hosts.get(host.lower())
        if state is not None:
            state.limit = limit

    def raise_limit(self, host: str, limit: HostLimit) -> None:
        """Make ``host``'s limit at least as strict as ``limit`` (several providers share a host)."""
        current = self._limits.get(host.lower(), HostLimit())
        stricter = HostLimit(
            min_interval=max(current.min_interval, limit.min_interval),
            per_minute=min(filter(None, (current.per_minute, limit.per_minute)), default=0),
        )
        if stricter != current:
            self.set_limit(host, stricter)

    async def request(
        self,
        method: str,
        url: str,
        *,
        retry_transient: bool | None = None,
        rate_key: str | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send a request within the host's limits; 429s and (for safe methods) transient
        failures are retried. Raises ``httpx.HTTPError`` subclasses like httpx does.

        ``rate_key`` names a second limit (set with :meth:`set_limit`) the request also
        counts against: one indexer's own cap when several live on one host (Prowlarr)."""
        retry_transient = method.upper() in ("GET", "HEAD") if retry_transient is None else retry_transient
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            await self._wait_turn(*((rate_key.lower(), host) if rate_key else (host,)))
            try:
                response = await self._client.request(method, url, **kwargs)
            except (httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError) as exc:
                if not retry_transient or attempt >= self.retries:
                    raise
                attempt += 1
                log.info("retrying %s %s after %s", method, scrub(url), type(exc).__name__)
                await self._sleep(0.5 * 2**attempt)
                continue
            if response.status_code == 429 and attempt < self.retries:
                delay = self.retry_after_seconds(response)
                if delay <= self.max_retry_after:
                    attempt += 1
                    self._block(host, delay)
                    log.info("%s asked to slow down; waiting %.1fs", host, delay)
                    continue
            if response.status_code in TRANSIENT_STATUSES and retry_transient and attempt < self.retries:
                attempt += 1
                await self._sleep(0.5 * 2**attempt)
                continue
            return response

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    @contextlib.asynccontextmanager
    async def stream(self, url: str) -> AsyncIterator[httpx.Response]:
        """A GET within the host's limits whose body is read as it arrives, redirects not
        followed: the caller decides about each hop (an image fetch checks every host)."""
        await self._wait_turn(urlsplit(url).netloc.lower())
        async with self._client.stream("GET", url, follow_redirects=False) as response:
            yield response

    async def aclose(self) -> None:
        await self._client.aclose()

    # ------------------------------------------------------------ limits

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            bare = host.split(":")[0]
            limit = self._limits.get(host) or self._limits.get(bare) or HostLimit()
            state = self._hosts[host] = _HostState(limit)
        return state

    def _block(self, host: str, seconds: float) -> None:
        state = self._state(host)
        state.blocked_until = max(state.blocked_until, self._monotonic() + seconds)

    async def _wait_turn(self, *keys: str) -> None:
        """Wait until every limit in ``keys`` (the host, an indexer's own) allows a request now.

        All their locks are held until the request is counted, so the time recorded against
        each limit is the moment the request really leaves."""
        states = [self._state(key) for key in keys]
        async with contextlib.AsyncExitStack() as stack:
            for state in states:
                await stack.enter_async_context(state.lock)
            while True:
                now = self._monotonic()
                wait = max((self._wait_for(state, now) for state in states), default=0.0)
                if wait <= 0:
                    break
                await self._sleep(wait)
            sent = self._monotonic()
            for state in states:
                state.last_request = sent
                if state.limit.per_minute:
                    state.recent.append(sent)

    @staticmethod
    def _wait_for(state: _HostState, now: float) -> float:
        wait = max(state.blocked_until - now, state.last_request + state.limit.min_interval - now, 0.0)
        if state.limit.per_minute:
            while state.recent and state.recent[0] <= now - 60:
                state.recent.popleft()
            if len(state.recent) >= state.limit.per_minute:
                wait = max(wait, state.recent[0] + 60 - now)
        return wait

    @staticmethod
    def retry_after_seconds(response: httpx.Response) -> float:
        """How long a 429 or 503 asked us to wait (``Retry-After`` seconds or date; 1 s if unsaid)."""
        value = response.headers.get("retry-after", "").strip()
        if not value:
            return 1.0
        try:
            return max(float(value), 0.0)
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value)
            return max(parsed.timestamp() - time.time(), 0.0) if parsed else 1.0
