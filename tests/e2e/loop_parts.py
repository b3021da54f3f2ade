"""The real parts of the end-to-end story, every one on 127.0.0.x.

- :class:`Reelarr`: ``reelarr serve`` as a user starts it (its own data folder), driven only
  through its HTTP API with the API key it wrote into ``config.json``.
- :class:`Internet`: one local web server standing in for the sites Reelarr talks to: a Torznab
  and a Newznab indexer (RSS feed, search results, .torrent and .nzb downloads) and a webhook
  receiver.
- :func:`movie_file`: a small real video made with ffmpeg, long enough not to count as a sample.

The download clients and the tracker (Debian's opentracker) are the real daemons of
``tests/download_clients/daemons.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape

import httpx
import qbittorrentapi
import torf
from daemons import Daemon, Tracker, free_port, wait_until
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving

GB = 1024**3
INDEXER_API_KEY = "local-indexer-key"
T = TypeVar("T")


def eventually(check: Callable[[], T], timeout: float = 30, interval: float = 0.25, what: str = "") -> T:
    """Poll ``check`` until it returns something truthy, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting{' for ' + what if what else ''}; last answer {value!r}")
        time.sleep(interval)


# ---------------------------------------------------------------- Reelarr, as a user runs it


@dataclass
class Reelarr:
    """A ``reelarr serve`` process with its own data folder; ``api`` talks to it with its key."""

    data_dir: Path
    environment: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    api: httpx.Client | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Reelarr:
        command = [sys.executable, "-m", "reelarr", "serve", "--data-dir", str(self.data_dir)]
        command += ["--port", str(self.port), "--host", "127.0.0.1"]
        log = (self.data_dir.parent / f"{self.data_dir.name}.out").open("ab")
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=self.environment
        )
        try:
            wait_until(lambda: httpx.get(f"{self.url}/ping").status_code == 200, timeout=90, what="reelarr")
        except TimeoutError:
            self.stop(signal.SIGKILL)  # a process that never answered must not outlive the test
            raise
        api_key = json.loads((self.data_dir / "config.json").read_text())["apiKey"]
        self.api = httpx.Client(base_url=f"{self.url}/api/v3", headers={"X-Api-Key": api_key}, timeout=30)
        return self

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.api is not None:
            self.api.close()
            self.api = None
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    # What a user or a client does through the API.

    def get(self, path: str, **params: Any) -> Any:
        assert self.api is not None
        response = self.api.get(path, params=params)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
        return response.json()

    def post(self, path: str, body: Any) -> Any:
        assert self.api is not None
        response = self.api.post(path, json=body)
        assert response.status_code in (200, 201, 202), f"POST {path}: {response.status_code} {response.text}"
        return response.json()

    def put(self, path: str, body: Any) -> Any:
        assert self.api is not None
        response = self.api.put(path, json=body)
        assert response.status_code in (200, 202), f"PUT {path}: {response.status_code} {response.text}"
        return response.json()

    def change(self, path: str, **values: Any) -> Any:
        """Read a config resource, change some of its values, write it back."""
        return self.put(path, {**self.get(path), **values})

    def command(self, name: str, **body: Any) -> dict[str, Any]:
        """Run a command and wait until it has finished."""
        started = self.post("/command", {"name": name, **body})
        return eventually(
            lambda: (c := self.get(f"/command/{started['id']}"))["status"] in ("completed", "failed") and c,
            what=f"the {name} command",
        )

    def history(self, event_type: str | None = None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"pageSize": 100, "sortKey": "date", "sortDirection": "ascending"}
        if event_type:
            params["eventType"] = event_type
        records: list[dict[str, Any]] = self.get("/history", **params)["records"]
        return records


def provider(name: str, implementation: str, **fields: Any) -> dict[str, Any]:
    """A provider resource as Radarr's clients post it: Radarr's field names in ``fields``."""
    return {
        "name": name,
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "fields": [{"name": key, "value": value} for key, value in fields.items()],
        "tags": [],
    }


class Seeder:
    """Somebody else on the swarm: a second qBittorrent that seeds what the test hands it."""

    def __init__(self, daemon: Daemon, tracker: Tracker) -> None:
        self.daemon = daemon
        self.tracker = tracker
        self.client = qbittorrentapi.Client(
            host=daemon.host, port=daemon.port, username=daemon.username, password=daemon.password
        )

    def seed(self, torrent: Torrent) -> None:
        self.client.torrents_add(
            torrent_files=torrent.data, save_path=str(torrent.path.parent), is_skip_checking=True
        )


# ---------------------------------------------------------------- the movie files


def movie_file(folder: Path, name: str) -> Path:
    """A real Matroska file (H.264 and AAC) of 10 minutes 10 s, a few dozen KB.

    Ten minutes is Radarr's sample limit for feature-length movies, so this one imports; a
    random comment in the metadata makes every file (and its torrent's info hash) new.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x203040:s=64x48:r=1:d=610"]
    command += ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "610", "-c:v", "libx264"]
    command += [
        "-preset",
        "ultrafast",
        "-c:a",
        "aac",
        "-b:a",
        "8k",
        "-metadata",
        f"comment={os.urandom(8).hex()}",
        str(path),
    ]
    subprocess.run(command, check=True)
    return path


@dataclass(frozen=True)
class Torrent:
    path: Path
    data: bytes
    info_hash: str


def make_torrent(path: Path, announce_url: str) -> Torrent:
    torrent = torf.Torrent(path=path, trackers=[announce_url], piece_size=16384)
    torrent.generate()
    return Torrent(path, torrent.dump(), torrent.infohash)


# ---------------------------------------------------------------- the local internet


@dataclass
class Release:
    """One release as an indexer lists it; ``payload`` is what its download link serves."""

    title: str
    size_gb: float
    payload: bytes = b""
    seeders: int = 20
    tmdb_id: int | None = None
    age_hours: float = 5
    torrent: Torrent | None = None

    def item(self, base_url: str, torrent: bool) -> str:
        size = int(self.size_gb * GB)
        link = f"{base_url}/download/{escape(self.title)}"
        published = format_datetime(dt.datetime.now(dt.UTC) - dt.timedelta(hours=self.age_hours))
        namespace = "torznab" if torrent else "newznab"
        kind = "application/x-bittorrent" if torrent else "application/x-nzb"
        attributes = {"category": "2000", "size": str(size)}
        if torrent:
            attributes |= {"seeders": str(self.seeders), "peers": str(self.seeders + 3)}
        if self.tmdb_id:
            attributes["tmdbid"] = str(self.tmdb_id)
        attrs = "".join(f'<{namespace}:attr name="{k}" value="{v}"/>' for k, v in attributes.items())
        return (
            f"<item><title>{escape(self.title)}</title><guid>{link}</guid><pubDate>{published}</pubDate>"
            f"<size>{size}</size><link>{link}</link>"
            f'<enclosure url="{link}" length="{size}" type="{kind}"/>{attrs}</item>'
        )


CAPS = """<?xml version="1.0" encoding="UTF-8"?>
<caps>
  <server version="1.0" title="Local"/>
  <limits max="100" default="100"/>
  <searching>
    <search available="yes" supportedParams="q"/>
    <movie-search available="yes" supportedParams="q,imdbid,tmdbid"/>
  </searching>
  <categories><category id="2000" name="Movies"><subcat id="2040" name="Movies/HD"/></category></categories>
</caps>"""


@dataclass
class Indexer:
    """What one indexer lists: its RSS feed, and what a search finds."""

    torrent: bool
    feed: list[Release] = field(default_factory=list)
    found: list[Release] = field(default_factory=list)
    searches: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Internet:
    """The indexers (``/torznab``, ``/newznab``) and the webhook receiver (``/hook``)."""

    base_url: str = ""
    indexers: dict[str, Indexer] = field(
        default_factory=lambda: {"torznab": Indexer(torrent=True), "newznab": Indexer(torrent=False)}
    )
    webhooks: list[dict[str, Any]] = field(default_factory=list)

    def url(self, indexer: str) -> str:
        return f"{self.base_url}/{indexer}"

    def webhook_events(self) -> list[str]:
        return [hook["eventType"] for hook in self.webhooks]

    async def _api(self, request: Request) -> Response:
        indexer = self.indexers[request.path_params["indexer"]]
        params = dict(request.query_params)
        if params.get("apikey") != INDEXER_API_KEY:
            return Response('<error code="100" description="Incorrect user credentials"/>')
        if params.get("t") == "caps":
            return Response(CAPS, media_type="application/xml")
        searching = any(params.get(key) for key in ("q", "imdbid", "tmdbid"))
        if searching:
            indexer.searches.append(params)
        releases = indexer.found if searching else indexer.feed
        namespace = (
            'xmlns:torznab="http://torznab.com/schemas/2015/feed"'
            if indexer.torrent
            else 'xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/"'
        )
        base_url = self.url(request.path_params["indexer"])
        items = "".join(release.item(base_url, indexer.torrent) for release in releases)
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {namespace}><channel>'
            f"<title>Local</title>{items}</channel></rss>"
        )
        return Response(body, media_type="application/rss+xml")

    async def _download(self, request: Request) -> Response:
        indexer = self.indexers[request.path_params["indexer"]]
        title = request.path_params["title"]
        release = next((r for r in [*indexer.feed, *indexer.found] if r.title == title), None)
        if release is None or not release.payload:
            return Response("Not found", status_code=404)
        kind = "application/x-bittorrent" if indexer.torrent else "application/x-nzb"
        return Response(release.payload, media_type=kind)

    async def _hook(self, request: Request) -> Response:
        self.webhooks.append(await request.json())
        return Response("ok")

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/{indexer}/api", self._api),
                Route("/{indexer}/download/{title}", self._download),
                Route("/hook", self._hook, methods=["POST", "PUT"]),
            ]
        )


@contextmanager
def serving_internet(internet: Internet) -> Iterator[Internet]:
    with serving(internet.app()) as url:
        internet.base_url = url
        yield internet


def reelarr_environment(tmdb_api_url: str, tmdb_api_key: str) -> dict[str, str]:
    """The environment a user would set: TMDB's address (here the local one) and their key."""
    return {
        **os.environ,
        "REELARR_TMDB_BASE_URL": tmdb_api_url,
        "REELARR_TMDB_API_KEY": tmdb_api_key,
        "REELARR_LOG_LEVEL": "info",
    }
