"""Grab, track and remove downloads through the app's API, with the real daemons behind it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from daemons import Daemon, make_torrent
from download_harness import FileServer, add_movie, call, context, fields
from fastapi.testclient import TestClient
from usenet import NewsServer

from reelarr import downloads
from reelarr.context import Context
from reelarr.indexers import ReleaseInfo
from reelarr.providers import Definition, definitions


@dataclass
class Setup:
    """How to add one daemon as a download client, and a release it can take."""

    implementation: str
    fields: dict[str, Any]
    release: ReleaseInfo
    download_id: Callable[[str], bool]


def _torrent_release(file_server: FileServer, folder: Path, title: str) -> tuple[ReleaseInfo, str]:
    fixture = make_torrent(folder, f"{title}.mkv", size=64_000)
    url = file_server.offer(f"{title}.torrent", fixture.torrent)
    release = ReleaseInfo(
        guid=title, title=title, size=64_000, download_url=url, indexer="Local", protocol="torrent"
    )
    return release, fixture.info_hash


def _daemon_fields(daemon: Daemon, **extra: Any) -> dict[str, Any]:
    return {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
        **extra,
    }


def setup_for(name: str, request: pytest.FixtureRequest, file_server: FileServer, tmp_path: Path) -> Setup:
    title = f"Journey.Movie.2019.1080p.BluRay.x264-{name.upper()}"
    if name == "nzbget":
        daemon: Daemon = request.getfixturevalue("nzbget_daemon")
        news: NewsServer = request.getfixturevalue("news_server")
        # Articles never served: NZBGet keeps trying, so the download stays in its queue.
        post = news.post(f"{title}.mkv", os.urandom(100_000), missing_parts=0)
        for message_id in post.message_ids:
            news.articles.pop(message_id)
        url = file_server.offer(f"{title}.nzb", news.nzb(post))
        release = ReleaseInfo(
            guid=title, title=title, size=100_000, download_url=url, indexer="Local", protocol="usenet"
        )
        return Setup("Nzbget", _daemon_fields(daemon), release, lambda download_id: len(download_id) == 32)
    daemon = request.getfixturevalue(f"{name}_daemon")
    release, info_hash = _torrent_release(file_server, tmp_path, title)
    implementation = {"qbittorrent": "QBittorrent", "transmission": "Transmission", "deluge": "Deluge"}[name]
    return Setup(
        implementation, _daemon_fields(daemon), release, lambda download_id: download_id == info_hash
    )


@pytest.mark.parametrize("name", ["qbittorrent", "transmission", "deluge", "nzbget"])
def test_a_release_grabbed_through_a_real_client_shows_in_the_queue_and_leaves_through_it(
    name: str,
    request: pytest.FixtureRequest,
    client: TestClient,
    file_server: FileServer,
    movies_root: Path,
    tmp_path: Path,
) -> None:
    setup = setup_for(name, request, file_server, tmp_path)
    movie_id = add_movie(client, movies_root, "Journey Movie", 2019, 9001)
    resource = {"name": name, "implementation": setup.implementation, "enable": True, "priority": 1}

    wrong = client.post(
        "/api/v3/downloadclient", json={**resource, "fields": fields(**{**setup.fields, "password": "nope"})}
    )
    assert wrong.status_code == 400
    (refusal,) = wrong.json()
    assert re.search(r"rejected the (username or )?password", refusal["errorMessage"])
    assert refusal["propertyName"] == "password"
    added = client.post("/api/v3/downloadclient", json={**resource, "fields": fields(**setup.fields)})
    assert added.status_code == 201, added.text
    assert added.json()["protocol"] == setup.release.protocol

    ctx = context(client)
    download_id = call(client, downloads.grab, ctx, setup.release, movie_id)
    assert setup.download_id(download_id)
    call(client, downloads.refresh, ctx)

    queue = client.get("/api/v3/queue", params={"includeMovie": "true"}).json()
    assert queue["totalRecords"] == 1
    (item,) = queue["records"]
    assert item["movieId"] == movie_id
    assert item["movie"]["title"] == "Journey Movie"
    assert item["downloadId"] == download_id
    assert item["downloadClient"] == name
    assert item["trackedDownloadState"] in ("downloading", "importPending")
    assert item["status"] in ("queued", "downloading", "warning", "paused", "completed")
    assert item["sizeleft"] <= item["size"]
    assert item["quality"]["quality"]["name"] == "Bluray-1080p"
    assert client.get("/api/v3/queue/status").json()["count"] == 1

    (grabbed,) = client.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]
    assert (grabbed["downloadId"], grabbed["data"]["downloadClient"]) == (download_id, name)

    assert (
        client.delete(f"/api/v3/queue/{item['id']}", params={"removeFromClient": "true"}).status_code == 200
    )
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0
    call(client, downloads.refresh, ctx)
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0
    stored = call(client, _stored, ctx, name)
    assert not call(client, downloads.client_for(stored, ctx).items)


async def _stored(ctx: Context, name: str) -> Definition:
    async with ctx.db.read() as session:
        return next(d for d in await definitions(session, "downloadclient") if d.name == name)


def test_changing_the_category_hands_a_download_back_to_the_client_and_drops_it_from_the_queue(
    client: TestClient, qbittorrent_daemon: Daemon, file_server: FileServer, movies_root: Path, tmp_path: Path
) -> None:
    movie_id = add_movie(client, movies_root, "Category Movie", 2020, 9201)
    settings = _daemon_fields(qbittorrent_daemon, movieImportedCategory="radarr-done")
    resource = {"name": "qb", "implementation": "QBittorrent", "enable": True, "priority": 1}
    assert (
        client.post("/api/v3/downloadclient", json={**resource, "fields": fields(**settings)}).status_code
        == 201
    )
    release, info_hash = _torrent_release(file_server, tmp_path, "Category.Movie.2020.1080p.BluRay.x264-GRP")
    ctx = context(client)
    call(client, downloads.grab, ctx, release, movie_id)
    call(client, downloads.refresh, ctx)
    (item,) = client.get("/api/v3/queue").json()["records"]
    assert item["downloadClientHasPostImportCategory"] is True

    response = client.request(
        "DELETE", "/api/v3/queue/bulk", params={"changeCategory": "true"}, json={"ids": [item["id"]]}
    )
    assert response.status_code == 200
    call(client, downloads.refresh, ctx)
    assert client.get("/api/v3/queue").json()["totalRecords"] == 0
    (ignored,) = client.get("/api/v3/history", params={"eventType": "downloadIgnored"}).json()["records"]
    assert ignored["downloadId"] == info_hash
    stored = call(client, _stored, ctx, "qb")
    (still_there,) = [
        i for i in call(client, downloads.client_for(stored, ctx).items) if i.download_id == info_hash
    ]
    assert still_there.category == "radarr-done"
    call(client, downloads.client_for(stored, ctx).remove, info_hash, delete_data=True)
