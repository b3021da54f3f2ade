"""Unpackerr removes a finished download from the queue without touching the client:
``DELETE /queue/{id}?removeFromClient=false&blocklist=false``, for downloads Reelarr grabbed
and for ones a user added to the client by hand alike."""

from __future__ import annotations

from pathlib import Path

from daemons import Daemon, make_torrent
from download_harness import add_movie, call, context, fields
from fastapi.testclient import TestClient

from reelarr import downloads
from reelarr.download_clients.base import Grab
from reelarr.providers import definitions


def test_a_download_reelarr_did_not_grab_leaves_the_queue_and_stays_in_the_client(
    client: TestClient, qbittorrent_daemon: Daemon, movies_root: Path, tmp_path: Path
) -> None:
    movie_id = add_movie(client, movies_root, "Hand Added", 2019, 9301)
    daemon = qbittorrent_daemon
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
    }
    resource = {"name": "qb-foreign", "implementation": "QBittorrent", "enable": True, "priority": 1}
    assert (
        client.post("/api/v3/downloadclient", json={**resource, "fields": fields(**settings)}).status_code
        == 201
    )
    ctx = context(client)

    async def add_by_hand() -> str:
        async with ctx.db.read() as session:
            stored = next(d for d in await definitions(session, "downloadclient") if d.name == "qb-foreign")
        title = "Hand.Added.2019.1080p.BluRay.x264-USER"
        torrent = make_torrent(tmp_path, f"{title}.mkv", size=32_000)
        return await downloads.client_for(stored, ctx).add(
            Grab(title=title, protocol="torrent", torrent=torrent.torrent, info_hash=torrent.info_hash)
        )

    download_id = call(client, add_by_hand)
    call(client, downloads.refresh, ctx)
    (item,) = client.get("/api/v3/queue").json()["records"]
    assert item["downloadId"] == download_id and item["movieId"] == movie_id

    removed = client.delete(
        f"/api/v3/queue/{item['id']}", params={"removeFromClient": "false", "blocklist": "false"}
    )
    assert removed.status_code == 200
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0
    call(client, downloads.refresh, ctx)
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0, (
        "still gone after the client reports it again"
    )
    ignored = client.get("/api/v3/history", params={"eventType": "downloadIgnored"}).json()["records"]
    assert [r["downloadId"] for r in ignored] == [download_id]

    async def still_in_client() -> list[str]:
        async with ctx.db.read() as session:
            stored = next(d for d in await definitions(session, "downloadclient") if d.name == "qb-foreign")
        return [i.download_id for i in await downloads.client_for(stored, ctx).items()]

    assert download_id in call(client, still_in_client)
    assert client.get("/api/v3/blocklist").json()["totalRecords"] == 0
