"""The settings around downloads: client schema, handling switches, remote path mappings, the blocklist."""

from __future__ import annotations

from pathlib import Path

from download_harness import call, context
from fastapi.testclient import TestClient

from reelarr.downloads import local_path
from reelarr.models import BlocklistRecord, RemotePathMapping


def test_the_schema_offers_every_client_with_its_protocol_and_form(client: TestClient) -> None:
    schema = {s["implementation"]: s for s in client.get("/api/v3/downloadclient/schema").json()}
    # The full list, against Radarr's, is tests/download_clients/test_radarr_download_clients.py.
    assert set(schema) >= {
        "QBittorrent",
        "Transmission",
        "Deluge",
        "Sabnzbd",
        "Nzbget",
        "TorrentBlackhole",
        "UsenetBlackhole",
    }
    assert schema["Sabnzbd"]["protocol"] == "usenet" and schema["Deluge"]["protocol"] == "torrent"
    qbittorrent = {f["name"]: f for f in schema["QBittorrent"]["fields"]}
    assert qbittorrent["password"]["privacy"] == "password"
    assert qbittorrent["movieCategory"]["value"] == "radarr"
    assert schema["QBittorrent"]["removeCompletedDownloads"] is True


def test_completed_and_failed_download_handling_can_be_switched(client: TestClient) -> None:
    assert client.get("/api/v3/config/downloadclient").json()["enableCompletedDownloadHandling"] is True
    saved = client.put("/api/v3/config/downloadclient", json={"id": 1, "autoRedownloadFailed": False})
    assert saved.status_code == 202
    assert client.get("/api/v3/config/downloadclient").json()["autoRedownloadFailed"] is False
    refused = client.put("/api/v3/config/downloadclient", json={"checkForFinishedDownloadInterval": 0})
    assert refused.status_code == 400


def test_remote_path_mappings_are_kept_and_translate_the_clients_paths(client: TestClient) -> None:
    created = client.post(
        "/api/v3/remotepathmapping",
        json={"host": "seedbox", "remotePath": "/downloads", "localPath": "/mnt/seedbox"},
    )
    assert created.status_code == 201
    assert created.json()["remotePath"] == "/downloads/"
    again = client.post(
        "/api/v3/remotepathmapping",
        json={"host": "SEEDBOX", "remotePath": "/downloads/", "localPath": "/elsewhere"},
    )
    assert again.status_code == 400
    mapping = RemotePathMapping(host="seedbox", remote_path="/downloads/", local_path="/mnt/seedbox/")
    assert local_path([mapping], "seedbox", "/downloads/movies/A.mkv") == "/mnt/seedbox/movies/A.mkv"
    assert local_path([mapping], "other", "/downloads/movies/A.mkv") == "/downloads/movies/A.mkv"
    assert local_path([mapping], "seedbox", "/downloadsX/A.mkv") == "/downloadsX/A.mkv"
    assert client.delete(f"/api/v3/remotepathmapping/{created.json()['id']}").status_code == 200
    assert client.get("/api/v3/remotepathmapping").json() == []


def test_blocklist_entries_are_paged_and_deleted_one_by_one_or_in_bulk(
    client: TestClient, tmp_path: Path
) -> None:
    async def block() -> None:
        async with context(client).db.write() as uow:
            for n in range(3):
                uow.session.add(
                    BlocklistRecord(movie_id=1, source_title=f"Bad.Release.{n}", protocol="usenet")
                )

    call(client, block)
    page = client.get("/api/v3/blocklist", params={"pageSize": 2}).json()
    assert (page["totalRecords"], len(page["records"])) == (3, 2)
    ids = [r["id"] for r in client.get("/api/v3/blocklist").json()["records"]]
    assert client.delete(f"/api/v3/blocklist/{ids[0]}").status_code == 200
    assert client.request("DELETE", "/api/v3/blocklist/bulk", json={"ids": ids[1:]}).status_code == 200
    assert client.get("/api/v3/blocklist").json()["totalRecords"] == 0
