"""``/api/v3/history/since``: what tools poll to catch up on what happened while they were away."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from reelarr.context import Context
from reelarr.models import HistoryRecord

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _record_history(client: TestClient, movies_root: Path) -> None:
    body = {"title": "The Matrix", "year": 1999, "tmdbId": 603, "qualityProfileId": 1}
    body["rootFolderPath"] = str(movies_root)
    assert client.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    movie = client.post("/api/v3/movie", json=body)
    assert movie.status_code == 201, movie.text
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]

    async def write() -> None:
        async with ctx.db.write() as uow:
            for hours_ago, event_type in ((48, "grabbed"), (3, "grabbed"), (2, "downloadFolderImported")):
                uow.session.add(
                    HistoryRecord(
                        movie_id=movie.json()["id"],
                        event_type=event_type,
                        source_title=f"The.Matrix.1999.1080p.BluRay.x264-{hours_ago}H",
                        date=NOW - dt.timedelta(hours=hours_ago),
                        data={},
                    )
                )

    client.portal.call(write)  # type: ignore[union-attr]


def test_history_since_a_date_lists_what_happened_from_then_on_oldest_first(
    storage_client: TestClient, movies_root: Path
) -> None:
    _record_history(storage_client, movies_root)
    since = (NOW - dt.timedelta(hours=4)).isoformat()

    records = storage_client.get("/api/v3/history/since", params={"date": since}).json()
    assert [r["sourceTitle"][-3:] for r in records] == ["-3H", "-2H"]
    assert [r["eventType"] for r in records] == ["grabbed", "downloadFolderImported"]

    grabs = storage_client.get(
        "/api/v3/history/since", params={"date": since, "eventType": "grabbed", "includeMovie": "true"}
    ).json()
    assert [(r["sourceTitle"][-3:], r["movie"]["title"]) for r in grabs] == [("-3H", "The Matrix")]
