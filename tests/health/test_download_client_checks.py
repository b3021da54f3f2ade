"""Radarr's download client checks, provoked on the SABnzbd stand-in, seen in /api/v3/health, then cleared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from health_steps import issues, provider, run_command, update
from sabnzbd_server import API_KEY, SabnzbdServer, running_sabnzbd

WIKI = "https://wiki.servarr.com/radarr/system#"


def add_sabnzbd(api: TestClient, sabnzbd: SabnzbdServer, **fields: Any) -> dict[str, Any]:
    values = {
        "host": "127.0.0.1",
        "port": sabnzbd.port,
        "urlBase": "/sabnzbd",
        "apiKey": API_KEY,
        "movieCategory": "movies",
        **fields,
    }
    return provider(api, "downloadclient", "Sabnzbd", "SABnzbd", **values)


def test_download_client_check_reports_a_client_it_cannot_talk_to(
    api: TestClient, sabnzbd: SabnzbdServer
) -> None:
    client = add_sabnzbd(api, sabnzbd, apiKey="not-the-key")
    run_command(api, "RefreshMonitoredDownloads")
    [issue] = issues(api, "DownloadClientCheck")
    assert issue["type"] == "error"
    assert issue["message"].startswith("Unable to communicate with SABnzbd.")
    assert "API key" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "unable-to-communicate-with-download-client"
    update(api, "downloadclient", client, apiKey=API_KEY)
    run_command(api, "RefreshMonitoredDownloads")
    assert issues(api, "DownloadClientCheck") == []


def test_download_client_status_check_reports_a_client_backed_off_after_failures(
    api: TestClient, sabnzbd: SabnzbdServer
) -> None:
    client = add_sabnzbd(api, sabnzbd, apiKey="not-the-key")
    assert issues(api, "DownloadClientStatusCheck") == []
    run_command(api, "RefreshMonitoredDownloads")
    [issue] = issues(api, "DownloadClientStatusCheck")
    assert issue["type"] == "error"  # the only client
    assert "All download clients are unavailable due to failures" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "download-clients-are-unavailable-due-to-failures"
    assert api.delete(f"/api/v3/downloadclient/{client['id']}").status_code == 200
    assert issues(api, "DownloadClientStatusCheck") == []  # re-checked on the deletion


def test_download_client_root_folder_check_reports_downloads_landing_in_the_library(
    api: TestClient, sabnzbd: SabnzbdServer, movies_root: Path
) -> None:
    sabnzbd.movies_dir = str(movies_root / "incoming")  # an absolute category folder inside the library
    (movies_root / "incoming").mkdir()
    add_sabnzbd(api, sabnzbd)
    [issue] = issues(api, "DownloadClientRootFolderCheck")  # re-checked when the client is saved
    assert issue["type"] == "warning"
    assert f"SABnzbd places downloads in the root folder {movies_root}" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "downloads-in-root-folder"
    sabnzbd.movies_dir = "movies"  # back under SABnzbd's own complete folder
    (sabnzbd.complete_dir / "movies").mkdir(parents=True)
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRootFolderCheck") == []


def test_download_client_removes_completed_downloads_check_follows_the_history_retention(
    api: TestClient, sabnzbd: SabnzbdServer
) -> None:
    (sabnzbd.complete_dir / "movies").mkdir(parents=True)
    sabnzbd.misc = {"history_retention_option": "days-delete", "history_retention_number": 3}
    add_sabnzbd(api, sabnzbd)
    [issue] = issues(api, "DownloadClientRemovesCompletedDownloadsCheck")
    assert issue["type"] == "warning" and "SABnzbd removes completed downloads" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "download-client-removes-completed-downloads"
    sabnzbd.misc = {"history_retention_option": "days-delete", "history_retention_number": 30}
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientRemovesCompletedDownloadsCheck") == []


def test_download_client_sorting_check_reports_sorting_of_reelarrs_category(
    api: TestClient, sabnzbd: SabnzbdServer
) -> None:
    (sabnzbd.complete_dir / "movies").mkdir(parents=True)
    sabnzbd.misc = {"enable_movie_sorting": True, "movie_categories": ["movies"]}
    add_sabnzbd(api, sabnzbd)
    [issue] = issues(api, "DownloadClientSortingCheck")
    assert issue["type"] == "warning"
    assert "SABnzbd applies Movie sorting to Reelarr's category" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "download-folder-and-library-folder-not-different-folders"
    sabnzbd.misc = {"enable_movie_sorting": True, "movie_categories": ["tv"]}  # another category only
    run_command(api, "CheckHealth")
    assert issues(api, "DownloadClientSortingCheck") == []


def test_remote_path_mapping_check_reports_a_download_folder_reelarr_cannot_see(
    api: TestClient, tmp_path: Path
) -> None:
    # SABnzbd on "another machine": its folder does not exist here until a mapping points at a local one.
    with running_sabnzbd(Path("/srv/sabnzbd/complete"), host="127.0.0.2") as remote:
        add_sabnzbd(api, remote, host="127.0.0.2")
        [issue] = issues(api, "RemotePathMappingCheck")
        assert issue["type"] == "error"
        message = issue["message"]
        assert "Remote download client SABnzbd places downloads in /srv/sabnzbd/complete/movies" in message
        assert "remote path mapping" in message
        assert issue["wikiUrl"] == WIKI + "bad-remote-path-mapping"
        local = tmp_path / "mounted"
        (local / "movies").mkdir(parents=True)
        mapping = {"host": "127.0.0.2", "remotePath": "/srv/sabnzbd/complete/", "localPath": f"{local}/"}
        assert api.post("/api/v3/remotepathmapping", json=mapping).status_code == 201
        assert issues(api, "RemotePathMappingCheck") == []  # re-checked when the mapping is added
