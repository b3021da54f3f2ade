"""NZBVortex against a local HTTPS server speaking its API (nonce handshake, sessions, groups)."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from nzbvortex_server import DONE, DOWNLOADING, UNCOMPRESS_FAILED, NzbVortexServer, running_nzbvortex

from reelarr.download_clients import DownloadClientError, Grab, ItemStatus
from reelarr.download_clients.nzbvortex import NzbVortex
from reelarr.http import HttpClient
from reelarr.providers import Definition

NZB = b'<?xml version="1.0" encoding="utf-8"?>\n<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"></nzb>\n'


@pytest.fixture
def vortex(tmp_path: Path) -> Iterator[NzbVortexServer]:
    with running_nzbvortex(tmp_path) as server:
        yield server


@pytest.fixture
async def http(vortex: NzbVortexServer) -> AsyncIterator[HttpClient]:
    trusted = ssl.create_default_context()
    vortex.ca.configure_trust(trusted)  # NZBVortex's own certificate, as a user would trust it
    client = HttpClient(transport=httpx.AsyncHTTPTransport(verify=trusted))
    yield client
    await client.aclose()


def _client(server: NzbVortexServer, http: HttpClient, **overrides: object) -> NzbVortex:
    address = urlsplit(server.base_url)
    settings = {"host": address.hostname, "port": address.port, "apiKey": server.api_key}
    return NzbVortex(Definition(9, "NZBVortex", "NzbVortex", settings | overrides, {}, True, 1, ())).using(
        http
    )


async def test_the_connection_test_checks_api_level_key_and_group(
    vortex: NzbVortexServer, http: HttpClient
) -> None:
    await _client(vortex, http).check_connection()
    assert vortex.logins == 1 and vortex.calls == ["nzb", "group"]
    wrong_key = _client(vortex, http, apiKey="wrong")
    with pytest.raises(DownloadClientError, match="NZBVortex rejected the API key") as rejected:
        await wrong_key.check_connection()
    assert wrong_key.test_field(rejected.value) == "apiKey"
    no_group = _client(vortex, http, tvCategory="Films")
    with pytest.raises(DownloadClientError, match="Group Films does not exist in NZBVortex") as missing:
        await no_group.check_connection()
    assert no_group.test_field(missing.value) == "tvCategory"
    with pytest.raises(DownloadClientError, match=r"cannot reach 127\.0\.0\.1:9\b"):
        await _client(vortex, http, port=9).check_connection()
    vortex.api_level = "2.2"
    with pytest.raises(DownloadClientError, match=r"API level 2\.2 is too old"):
        await _client(vortex, http).check_connection()


async def test_an_nzb_is_added_to_its_group_tracked_to_completion_and_removed(
    vortex: NzbVortexServer, http: HttpClient
) -> None:
    client = _client(vortex, http, olderMoviePriority=1)
    title = "Vortex.Movie.2016.1080p.BluRay.x264-GRP"
    download_id = await client.add(Grab(title, "usenet", nzb=NZB, recent=False))
    assert download_id == vortex.nzbs[0]["addUUID"]
    assert vortex.uploads == [
        (
            f"{title}.nzb",
            NZB,
            {"priority": "1", "groupname": "Movies", "sessionid": vortex.uploads[0][2]["sessionid"]},
        )
    ]

    (item,) = await client.items()
    assert (item.download_id, item.status, item.category) == (download_id, ItemStatus.queued, "Movies")

    vortex.nzb(download_id).update(state=DOWNLOADING, downloadedSize=500_000)
    (item,) = await client.items()
    assert (item.status, item.remaining_size, item.progress) == (ItemStatus.downloading, 1_500_000, 25.0)

    vortex.nzb(download_id).update(state=DONE, downloadedSize=2_000_000)
    (item,) = await client.items()
    assert (item.status, item.output_path) == (ItemStatus.completed, f"{vortex.destination}/{title}")

    await client.remove(download_id, delete_data=True)
    assert vortex.calls[-1] == "nzb/1/cancelDelete"
    assert await client.items() == []


async def test_failures_files_outside_a_job_folder_and_an_expired_session(
    vortex: NzbVortexServer, http: HttpClient
) -> None:
    client = _client(vortex, http)
    failed = await client.add(Grab("Broken.Movie.2010.720p.WEB-DL-GRP", "usenet", nzb=NZB))
    loose = await client.add(Grab("Loose.Movie.2012.720p.WEB-DL-GRP", "usenet", nzb=NZB))
    vortex.nzb(failed)["state"] = UNCOMPRESS_FAILED
    vortex.nzb(loose).update(state=DONE, destinationPath=vortex.destination)
    vortex.files[2] = ["Loose.Movie.2012.720p.WEB-DL-GRP.mkv", "Loose.Movie.2012.720p.WEB-DL-GRP.nfo"]

    vortex.sessions.clear()  # NZBVortex restarted: the session is gone
    broken, loose_item = await client.items()
    assert vortex.logins == 2
    assert (broken.status, broken.message) == (ItemStatus.failed, "Uncompress failed")
    assert loose_item.status == ItemStatus.warning and "not in a job folder" in loose_item.message
    assert loose_item.output_path == f"{vortex.destination}/Loose.Movie.2012.720p.WEB-DL-GRP.mkv"
    assert await _client(vortex, http, tvCategory="TV").items() == []
