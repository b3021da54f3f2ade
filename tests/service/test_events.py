"""The event bus: every subscriber runs, and one that fails never breaks the publisher."""

from __future__ import annotations

import logging

import pytest

from reelarr.events import EventBus, MovieAdded, MovieDeleted


async def test_a_failing_subscriber_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = EventBus()
    received: list[int] = []

    def broken(event: MovieAdded) -> None:
        raise RuntimeError("subscriber bug")

    async def works(event: MovieAdded) -> None:
        received.append(event.movie_id)

    bus.subscribe(MovieAdded, broken)
    bus.subscribe(MovieAdded, works)
    with caplog.at_level(logging.ERROR):
        await bus.publish(MovieAdded(7))
    assert received == [7]
    assert "subscriber bug" in caplog.text


async def test_subscribers_only_hear_the_events_they_asked_for() -> None:
    bus = EventBus()
    added: list[MovieAdded] = []
    bus.subscribe(MovieAdded, added.append)
    await bus.publish(MovieDeleted(3, "Heat"))
    await bus.publish(MovieAdded(4))
    assert added == [MovieAdded(4)]
