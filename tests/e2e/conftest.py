"""The real parts of the end-to-end tests, started once per test module (see ``loop_parts``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The daemons and the news server live with the download client tests; the story drives the same ones.
sys.path.insert(0, str(Path(__file__).parents[1] / "download_clients"))

from daemons import Daemon, nzbget, qbittorrent
from loop_parts import Internet, Reelarr, Seeder, Tracker, reelarr_environment, serving_internet
from usenet import NewsServer, running_news_server

from fake_tmdb import API_KEY, FakeTmdb


@pytest.fixture
def internet() -> Iterator[Internet]:
    with serving_internet(Internet()) as local:
        yield local


@pytest.fixture(scope="module")
def tracker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tracker]:
    running = Tracker(tmp_path_factory.mktemp("tracker") / "chroot").start()
    yield running
    running.stop()


def _running(daemon: Daemon) -> Iterator[Daemon]:
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def users_qbittorrent(tmp_path: Path) -> Iterator[Daemon]:
    """The user's download client, the one Reelarr is given: new for each test, it starts in 0.2 s."""
    yield from _running(qbittorrent(tmp_path / "users-qbittorrent", peer_address="127.0.0.10"))


@pytest.fixture(scope="module")
def seeder(tmp_path_factory: pytest.TempPathFactory, tracker: Tracker) -> Iterator[Seeder]:
    for daemon in _running(qbittorrent(tmp_path_factory.mktemp("seeder"), peer_address="127.0.0.11")):
        yield Seeder(daemon, tracker)


@pytest.fixture(scope="module")
def news_server() -> Iterator[NewsServer]:
    with running_news_server() as news:
        yield news


@pytest.fixture(scope="module")
def users_nzbget(tmp_path_factory: pytest.TempPathFactory, news_server: NewsServer) -> Iterator[Daemon]:
    yield from _running(nzbget(tmp_path_factory.mktemp("nzbget"), news_server.port))


@pytest.fixture
def reelarr(tmp_path: Path, tmdb: FakeTmdb) -> Iterator[Reelarr]:
    """Reelarr started as a user starts it, with TMDB's address and key in its environment."""
    started = Reelarr(tmp_path / "reelarr-data", reelarr_environment(tmdb.api_url, API_KEY)).start()
    yield started
    started.stop()
