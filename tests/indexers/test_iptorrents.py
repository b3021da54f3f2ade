"""IPTorrents: its saved RSS feed parsed (sizes from the descriptions), and the feed fetched from
a local server through the API's test on save and an RSS fetch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from indexer_support import feed
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving
from reelarr.http import HttpClient
from reelarr.indexers.iptorrents import IPTorrents, parse_iptorrents_feed
from reelarr.providers import Definition

PASSKEY = "0a1b2c3d4e5f"


def test_the_saved_feed_gives_titles_links_and_sizes_from_the_descriptions() -> None:
    releases = parse_iptorrents_feed(feed("iptorrents_rss.xml"))
    assert [(r.title, r.size) for r in releases] == [
        ("The.Matrix.1999.1080p.BluRay.x264-AMIABLE", int(8.74 * 2**30)),
        ("Inception.2010.2160p.UHD.BluRay.x265.10bit.HDR.DTS-HD.MA.5.1-SWTYBLZ", int(31.2 * 2**30)),
        ("Arrival.2016.720p.WEB-DL.DD5.1.H264-FGT", int(2048.5 * 2**20)),
    ]
    assert releases[0].download_url == (
        f"https://iptorrents.com/download.php/4713241/The.Matrix.1999.1080p.BluRay.x264-AMIABLE.torrent?torrent_pass={PASSKEY}"
    )
    assert releases[0].protocol == "torrent"


@pytest.fixture
def iptorrents_site() -> Iterator[str]:
    async def rss(request: Request) -> Response:
        # IPTorrents' feed query: u=<user id>;tp=<passkey>;<categories>;download, all in one string.
        parts = request.url.query.split(";")
        if f"tp={PASSKEY}" not in parts:
            return Response("<html><body>Login</body></html>", media_type="text/html")
        return Response(feed("iptorrents_rss.xml"), media_type="application/rss+xml")

    with serving(Starlette(routes=[Route("/t.rss", rss)])) as base_url:
        yield base_url


async def test_the_rss_feed_is_fetched_and_stamped(iptorrents_site: str, http: HttpClient) -> None:
    url = f"{iptorrents_site}/t.rss?u=1234567;tp={PASSKEY};48;20;download"
    indexer = IPTorrents(Definition(4, "IPT", "IPTorrents", {"baseUrl": url}, {}, True, 25, ()))
    releases = await indexer.fetch_rss(http)
    assert [r.indexer for r in releases] == ["IPT"] * 3
    assert releases[0].size == int(8.74 * 2**30)


def _resource(url: str) -> dict[str, object]:
    return {
        "name": "IPTorrents",
        "implementation": "IPTorrents",
        "configContract": "IPTorrentsSettings",
        "enableRss": True,
        "enableAutomaticSearch": False,
        "enableInteractiveSearch": False,
        "protocol": "torrent",
        "priority": 25,
        "tags": [],
        "fields": [{"name": "baseUrl", "value": url}],
    }


def test_saving_checks_the_feed_url_and_the_feed(client: TestClient, iptorrents_site: str) -> None:
    not_direct = client.post(
        "/api/v3/indexer", json=_resource(f"{iptorrents_site}/t.rss?u=1;tp={PASSKEY};48")
    )
    assert not_direct.status_code == 400
    assert not_direct.json()[0]["errorMessage"] == "Use Direct Download Url (;download)"
    wrong_key = client.post(
        "/api/v3/indexer", json=_resource(f"{iptorrents_site}/t.rss?u=1;tp=nope;48;download")
    )
    assert wrong_key.status_code == 400
    assert "web page instead of RSS" in wrong_key.json()[0]["errorMessage"]
    saved = client.post(
        "/api/v3/indexer", json=_resource(f"{iptorrents_site}/t.rss?u=1;tp={PASSKEY};48;download")
    )
    assert saved.status_code == 201, saved.text
    body = saved.json()
    assert (body["supportsSearch"], body["supportsRss"], body["protocol"]) == (False, True, "torrent")
