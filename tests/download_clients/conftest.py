"""Real daemons (module-scoped: each starts once per test module) and a local SABnzbd API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from daemons import (
    Daemon,
    aria2,
    deluge_web,
    deluged,
    flood,
    lighttpd_rpc,
    nzbget,
    only_loopback_network,
    qbittorrent,
    rtorrent,
    transmission,
)
from sabnzbd_server import SabnzbdServer, running_sabnzbd
from usenet import NewsServer, running_news_server


def _running(daemon: Daemon) -> Iterator[Daemon]:
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture(scope="module")
def qbittorrent_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    yield from _running(qbittorrent(tmp_path_factory.mktemp("qbittorrent")))


@pytest.fixture(scope="module")
def transmission_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    yield from _running(transmission(tmp_path_factory.mktemp("transmission")))


@pytest.fixture(scope="module")
def deluge_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    """Deluge's Web UI (what Reelarr talks to, as Radarr does) over its own deluged, ``extra["deluged"]``."""
    if not only_loopback_network():
        pytest.skip("deluged runs only inside a loopback-only network namespace (make test uses unshare -n)")
    root = tmp_path_factory.mktemp("deluge")
    behind = deluged(root / "deluged")
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


@pytest.fixture
def sabnzbd_server(tmp_path: Path) -> Iterator[SabnzbdServer]:
    with running_sabnzbd(tmp_path / "sabnzbd") as server:
        yield server


@pytest.fixture(scope="module")
def rtorrent_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    """rTorrent behind lighttpd: the Daemon is the web server, ``extra["scgi_port"]`` rTorrent's own port."""
    root = tmp_path_factory.mktemp("rtorrent")
    behind = rtorrent(root / "rtorrent")
    behind.start()
    try:
        yield from _running(lighttpd_rpc(root / "lighttpd", behind.port, behind.downloads))
    finally:
        behind.stop()


@pytest.fixture(scope="module")
def flood_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    """Flood over its own rTorrent (reached by SCGI, as a Flood set-up has it)."""
    root = tmp_path_factory.mktemp("flood")
    behind = rtorrent(root / "rtorrent")
    behind.start()
    try:
        yield from _running(flood(root / "flood", behind.port, behind.downloads))
    finally:
        behind.stop()


@pytest.fixture(scope="module")
def aria2_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    yield from _running(aria2(tmp_path_factory.mktemp("aria2")))
