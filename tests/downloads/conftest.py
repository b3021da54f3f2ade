"""The whole app with real download-client daemons, a local file server for .torrent/.nzb downloads."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# The daemon fixtures live with the adapter tests; these tests drive the same daemons through the app.
sys.path.insert(0, str(Path(__file__).parents[1] / "download_clients"))

from daemons import Daemon, deluge_web, deluged, nzbget, only_loopback_network, qbittorrent, transmission
from download_harness import FileServer
from usenet import NewsServer, running_news_server


@pytest.fixture(scope="module")
def file_server() -> Iterator[FileServer]:
    server = FileServer()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def _running(daemon: Daemon) -> Iterator[Daemon]:
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture(scope="module")
def qbittorrent_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    yield from _running(qbittorrent(tmp_path_factory.mktemp("qbittorrent"), peer_address="127.0.0.6"))


@pytest.fixture(scope="module")
def transmission_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    yield from _running(transmission(tmp_path_factory.mktemp("transmission"), peer_address="127.0.0.7"))


@pytest.fixture(scope="module")
def deluge_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    """Deluge's Web UI (what Reelarr talks to, as Radarr does) over its own deluged, ``extra["deluged"]``."""
    if not only_loopback_network():
        pytest.skip("deluged runs only inside a loopback-only network namespace (make test uses unshare -n)")
    root = tmp_path_factory.mktemp("deluge")
    behind = deluged(root / "deluged", peer_address="127.0.0.8")
    behind.start()
    try:
        web = deluge_web(root / "web", behind.port, behind.downloads)
        web.extra["deluged"] = behind
        yield from _running(web)
    finally:
        behind.stop()


@pytest.fixture(scope="module")
def news_server() -> Iterator[NewsServer]:
    with running_news_server() as news:
        yield news


@pytest.fixture(scope="module")
def nzbget_daemon(tmp_path_factory: pytest.TempPathFactory, news_server: NewsServer) -> Iterator[Daemon]:
    yield from _running(nzbget(tmp_path_factory.mktemp("nzbget"), news_server.port))
