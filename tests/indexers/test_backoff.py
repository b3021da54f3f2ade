"""An indexer that keeps failing is backed off on the schedule, shows it, and recovers; others go on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from indexer_support import IndexerServer
from test_indexer_api import add, torznab

from reelarr.indexers.fetching import rss_outcome


class FakeClock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def _health_sources(client: TestClient) -> dict[str, str]:
    return {issue["source"]: issue["message"] for issue in client.get("/api/v3/health").json()}


def test_five_failures_follow_the_backoff_schedule_and_a_success_recovers(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    healthy = add(client, torznab(indexer_server, name="Healthy"))
    failing = add(client, torznab(indexer_server, name="Flaky"))
    ctx: Any = client.app.state.ctx  # type: ignore[attr-defined]
    clock = FakeClock()
    object.__setattr__(ctx, "clock", clock)  # the Context is frozen; tests swap its clock
    # Only "Flaky" has a wrong key now; the server answers it with Newznab error 100.
    client.portal.call(_break_key, ctx, failing["id"])  # type: ignore[union-attr]

    waits = []
    for _ in range(5):
        outcome = client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
        assert [f.indexer for f in outcome.failures] == ["Flaky"]
        assert {r.indexer for r in outcome.releases} == {"Healthy"}  # the others keep working
        (status,) = client.get("/api/v3/indexerstatus").json()
        assert status["indexerId"] == failing["id"]
        disabled_till = dt.datetime.fromisoformat(status["disabledTill"])
        waits.append(round((disabled_till - clock.now).total_seconds() / 60))
        assert "Flaky" in _health_sources(client)["IndexerStatusCheck"]
        # While backed off the indexer is skipped, not asked again.
        skipped = client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
        assert skipped.indexers == 1 and not skipped.failures
        clock.now = disabled_till + dt.timedelta(seconds=1)
    assert waits == [1, 5, 15, 30, 60]

    client.portal.call(_fix_key, ctx, failing["id"])  # type: ignore[union-attr]
    outcome = client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
    assert not outcome.failures and {r.indexer for r in outcome.releases} == {"Healthy", "Flaky"}
    assert client.get("/api/v3/indexerstatus").json() == []
    assert "IndexerStatusCheck" not in _health_sources(client)
    assert healthy["id"] != failing["id"]


def test_an_indexer_failing_for_more_than_six_hours_is_a_long_term_problem(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    add(client, torznab(indexer_server, name="Healthy"))
    failing = add(client, torznab(indexer_server, name="Down"))
    ctx: Any = client.app.state.ctx  # type: ignore[attr-defined]
    clock = FakeClock()
    object.__setattr__(ctx, "clock", clock)
    client.portal.call(_break_key, ctx, failing["id"])  # type: ignore[union-attr]
    for _ in range(8):
        client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
        (status,) = client.get("/api/v3/indexerstatus").json()
        clock.now = dt.datetime.fromisoformat(status["disabledTill"]) + dt.timedelta(seconds=1)
    client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
    sources = _health_sources(client)
    assert "Down" in sources["IndexerLongTermStatusCheck"]
    assert "IndexerStatusCheck" not in sources


async def _break_key(ctx: Any, indexer_id: int) -> None:
    await _set_key(ctx, indexer_id, "wrong-key")


async def _fix_key(ctx: Any, indexer_id: int) -> None:
    await _set_key(ctx, indexer_id, "secret-key")


async def _set_key(ctx: Any, indexer_id: int, key: str) -> None:
    from reelarr.models import ProviderDefinition

    async with ctx.db.write() as uow:
        row = await uow.session.get(ProviderDefinition, indexer_id)
        row.settings = {**row.settings, "apiKey": key}
