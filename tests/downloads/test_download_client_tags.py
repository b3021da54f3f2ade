"""Which download clients a grab may use: Radarr's rule that a client with tags serves only movies
sharing one of them, an untagged client serves every movie, and a client in back-off waits.

The clients are torrent blackholes saved through the API (no daemon needed to choose among them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from reelarr.context import Context
from reelarr.downloads import candidates
from reelarr.models import ProviderStatus


def _ctx(client: TestClient) -> Context:
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    return ctx


def _tag(client: TestClient, label: str) -> int:
    response = client.post("/api/v3/tag", json={"label": label})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _blackhole(client: TestClient, tmp_path: Path, name: str, priority: int, tags: list[int]) -> int:
    folder = tmp_path / name
    folder.mkdir()
    fields = {"torrentFolder": str(folder), "watchFolder": str(folder)}
    body: dict[str, Any] = {
        "name": name,
        "implementation": "TorrentBlackhole",
        "configContract": "TorrentBlackholeSettings",
        "enable": True,
        "protocol": "torrent",
        "priority": priority,
        "tags": tags,
        "fields": [{"name": key, "value": value} for key, value in fields.items()],
    }
    response = client.post("/api/v3/downloadclient", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["tags"] == tags
    return int(response.json()["id"])


def _usable(client: TestClient, movie_tags: list[int], protocol: str = "torrent") -> list[str]:
    ctx = _ctx(client)

    async def choose() -> list[str]:
        async with ctx.db.read() as session:
            return [c.definition.name for c in await candidates(ctx, session, protocol, movie_tags)]

    names: list[str] = client.portal.call(choose)  # type: ignore[union-attr]
    return names


def test_a_tagged_client_serves_only_movies_sharing_a_tag_and_an_untagged_one_serves_all(
    client: TestClient, tmp_path: Path
) -> None:
    kids, uhd = _tag(client, "kids"), _tag(client, "uhd")
    _blackhole(client, tmp_path, "everyone", 10, [])
    _blackhole(client, tmp_path, "kids-box", 1, [kids])
    _blackhole(client, tmp_path, "uhd-box", 5, [uhd, kids])

    assert _usable(client, []) == ["everyone"]
    assert _usable(client, [kids]) == ["kids-box", "uhd-box", "everyone"]
    assert _usable(client, [uhd]) == ["uhd-box", "everyone"]
    assert _usable(client, [_tag(client, "other")]) == ["everyone"]
    assert _usable(client, [kids], protocol="usenet") == []


def test_a_client_in_back_off_is_left_out_until_its_time_is_up(client: TestClient, tmp_path: Path) -> None:
    first = _blackhole(client, tmp_path, "first", 1, [])
    _blackhole(client, tmp_path, "second", 2, [])
    ctx = _ctx(client)

    async def back_off(until: dt.datetime) -> None:
        async with ctx.db.write() as uow:
            status = await uow.session.scalar(
                select(ProviderStatus).where(ProviderStatus.provider_id == first)
            )
            if status is None:
                status = ProviderStatus(provider_id=first, escalation_level=1)
                uow.session.add(status)
            status.disabled_till = until

    client.portal.call(back_off, ctx.clock() + dt.timedelta(minutes=5))  # type: ignore[union-attr]
    assert _usable(client, []) == ["second"]
    client.portal.call(back_off, ctx.clock() - dt.timedelta(seconds=1))  # type: ignore[union-attr]
    assert _usable(client, []) == ["first", "second"]
