"""A per-indexer limit of N requests a minute holds through a 100-movie search.

The limiter runs on a virtual clock (HttpClient takes ``monotonic`` and ``sleep``) so the
test takes a second, while the requests still go over the network to the local indexer.
"""

from __future__ import annotations

import asyncio
import itertools

import httpx
from indexer_support import IndexerServer

from reelarr.http import HttpClient
from reelarr.indexers import SearchCriteria
from reelarr.indexers.newznab import Newznab
from reelarr.providers import Definition

LIMIT_PER_MINUTE = 12


class VirtualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class RecordingTransport(httpx.AsyncHTTPTransport):
    """Notes the virtual time each request really leaves."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__()
        self.clock = clock
        self.sent: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(self.clock.now)
        return await super().handle_async_request(request)


def test_a_limit_of_n_requests_a_minute_is_never_exceeded_while_searching_100_movies(
    indexer_server: IndexerServer,
) -> None:
    clock = VirtualClock()
    transport = RecordingTransport(clock)
    definition = Definition(
        id=7,
        name="Limited",
        implementation="Newznab",
        settings={
            "baseUrl": indexer_server.base_url,
            "apiKey": "secret-key",
            "requestsPerMinute": LIMIT_PER_MINUTE,
            "minimumRequestInterval": 0.5,
        },
        options={},
        enable=True,
        priority=25,
        tags=(),
    )
    movies = [SearchCriteria(f"Movie {n}", 2000 + n % 20, imdb_id=f"tt{1000000 + n}") for n in range(100)]

    async def search_all() -> list[int]:
        http = HttpClient(transport=transport, monotonic=clock.monotonic, sleep=clock.sleep)
        indexer = Newznab(definition)
        await indexer.fetch_capabilities(http)
        try:
            results = await asyncio.gather(*(indexer.search(http, movie) for movie in movies))
        finally:
            await http.aclose()
        return [len(found) for found in results]

    found = asyncio.run(search_all())

    assert all(count == 2 for count in found)
    sent = transport.sent
    assert len(sent) == 101  # caps, then one search per movie
    for first, later in zip(sent, sent[LIMIT_PER_MINUTE:], strict=False):
        assert later - first >= 60, "more than N requests within one minute"
    assert all(b - a >= 0.5 for a, b in itertools.pairwise(sent))
    assert sent[-1] - sent[0] >= 60 * (100 // LIMIT_PER_MINUTE)
