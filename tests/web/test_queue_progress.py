"""The Activity queue follows a real qBittorrent download as it progresses, live over SSE."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qbittorrentapi
from daemons import Daemon, make_torrent
from playwright.sync_api import Page, expect
from web_harness import Served, add_movies, move_movie, one_release_torznab, serve_in_thread

from local_server import free_port

TITLE = "Heat.1995.1080p.BluRay.x264-GRP"
PAYLOAD_SIZE = 640 * 1024  # twenty 32 KiB pieces


@pytest.fixture
def indexer_url(tmp_path: Path) -> Iterator[tuple[str, bytes]]:
    fixture = make_torrent(tmp_path / "source", f"{TITLE}.mkv", size=PAYLOAD_SIZE)
    port = free_port()
    stop = serve_in_thread(one_release_torznab(TITLE, fixture.torrent, fixture.info_hash), port)
    try:
        yield f"http://127.0.0.1:{port}", fixture.payload.read_bytes()
    finally:
        stop()


def _qbittorrent(daemon: Daemon) -> qbittorrentapi.Client:
    client = qbittorrentapi.Client(
        host=daemon.host, port=daemon.port, username=daemon.username, password=daemon.password
    )
    client.auth_log_in()
    return client


def _fill(client: qbittorrentapi.Client, content: bytes, expected_progress: float) -> None:
    """Put ``content`` where qBittorrent keeps the download, and let it check what it has."""
    (torrent,) = client.torrents_info(category="radarr")
    Path(torrent.content_path).parent.mkdir(parents=True, exist_ok=True)
    Path(torrent.content_path).write_bytes(content)
    client.torrents_recheck(torrent_hashes=torrent.hash)
    deadline = time.monotonic() + 20
    while abs(client.torrents_info(torrent_hashes=torrent.hash)[0].progress - expected_progress) > 0.05:
        assert time.monotonic() < deadline, "qBittorrent did not see the new data"
        time.sleep(0.2)


def test_a_grabbed_release_shows_its_progress_and_state_as_the_download_advances(
    reelarr: Served,
    qbittorrent_daemon: Daemon,
    indexer_url: tuple[str, bytes],
    movies_root: Path,
    page: Page,
    shoot: Callable[[Page, str], None],
) -> None:
    url, payload = indexer_url
    api = {"X-Api-Key": reelarr.ctx.settings.api_key}
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    add_movies(database, [("Heat", 1995, False)])
    move_movie(database, 1, movies_root / "Heat (1995)")

    def post(path: str, body: dict[str, object]) -> None:
        response = page.request.post(f"{reelarr.url}/api/v3/{path}", data=body, headers=api)
        assert response.ok, response.text()

    post(
        "downloadclient",
        {
            "name": "qBittorrent",
            "implementation": "QBittorrent",
            "enable": True,
            "priority": 1,
            "fields": [
                {"name": "host", "value": qbittorrent_daemon.host},
                {"name": "port", "value": qbittorrent_daemon.port},
                {"name": "username", "value": qbittorrent_daemon.username},
                {"name": "password", "value": qbittorrent_daemon.password},
            ],
        },
    )
    post(
        "indexer",
        {
            "name": "Local Torznab",
            "implementation": "Torznab",
            "configContract": "TorznabSettings",
            "fields": [{"name": "baseUrl", "value": url}, {"name": "apiKey", "value": "any"}],
            "enableRss": True,
            "enableAutomaticSearch": True,
            "enableInteractiveSearch": True,
            "priority": 25,
        },
    )
    handling = page.request.get(f"{reelarr.url}/api/v3/config/downloadclient", headers=api).json()
    page.request.put(
        f"{reelarr.url}/api/v3/config/downloadclient",
        data={**handling, "enableCompletedDownloadHandling": False},
        headers=api,
    )

    page.goto(f"{reelarr.url}/movie/1")
    page.get_by_role("button", name="Interactive search").click()
    page.locator("#release-table tr.release", has_text=TITLE).get_by_role(
        "button", name=re.compile("^Grab")
    ).click()
    expect(page.locator(".grab-result").first).to_have_text("Grabbed")

    page.goto(f"{reelarr.url}/activity/queue")
    page.wait_for_timeout(500)  # the page's event stream is open
    # Reelarr learns of the download at its next check of the client; the page follows by itself.
    post("command", {"name": "RefreshMonitoredDownloads"})
    item = page.locator("tr.queue-item", has_text="Heat")
    expect(item).to_be_visible()
    expect(item.locator(".percent")).to_have_text("0%")
    shoot(page, "activity-queue-downloading")

    qb = _qbittorrent(qbittorrent_daemon)
    half = len(payload) // 2
    _fill(qb, payload[:half] + bytes(len(payload) - half), 0.5)
    post("command", {"name": "RefreshMonitoredDownloads"})
    expect(item.locator(".percent")).to_have_text("50%")
    downloading_status = item.get_attribute("data-status")

    _fill(qb, payload, 1.0)
    post("command", {"name": "RefreshMonitoredDownloads"})
    expect(item.locator(".percent")).to_have_text("100%")
    expect(item).not_to_have_attribute("data-status", downloading_status or "")
    shoot(page, "activity-queue-completed")
