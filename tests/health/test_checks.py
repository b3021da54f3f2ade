"""Each health check Radarr has and Reelarr applies: provoked, seen in /api/v3/health, then cleared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from health_steps import issues, run_command, wait_for_issue
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from fake_tmdb import FakeTmdb
from local_server import serving

WIKI = "https://wiki.servarr.com/radarr/system#"


def test_recycling_bin_check_follows_the_media_management_setting(api: TestClient, tmp_path: Path) -> None:
    recycle_bin = tmp_path / "recycle"
    response = api.put("/api/v3/config/mediamanagement", json={"recycleBin": str(recycle_bin)})
    assert response.status_code == 202, response.text
    [issue] = issues(api, "RecyclingBinCheck")  # re-checked on the settings change, no command needed
    assert issue["type"] == "error"
    assert str(recycle_bin) in issue["message"] and "writable" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "cannot-write-recycle-bin"
    recycle_bin.mkdir()
    run_command(api, "CheckHealth")
    assert issues(api, "RecyclingBinCheck") == []
    recycle_bin.rmdir()
    api.put("/api/v3/config/mediamanagement", json={"recycleBin": ""})
    assert issues(api, "RecyclingBinCheck") == []  # no recycle bin: nothing to write to


def test_import_mechanism_check_follows_completed_download_handling(api: TestClient) -> None:
    assert issues(api, "ImportMechanismCheck") == []
    response = api.put("/api/v3/config/downloadclient", json={"enableCompletedDownloadHandling": False})
    assert response.status_code == 202, response.text
    [issue] = issues(api, "ImportMechanismCheck")
    assert issue["type"] == "error" and "Enable Completed Download Handling" in issue["message"]
    api.put("/api/v3/config/downloadclient", json={"enableCompletedDownloadHandling": True})
    assert issues(api, "ImportMechanismCheck") == []


def test_removed_movie_check_names_the_movie_until_it_is_deleted(api: TestClient, tmdb: FakeTmdb) -> None:
    root = api.get("/api/v3/rootfolder").json()[0]["path"]
    movie = api.post("/api/v3/movie", json={"tmdbId": 604, "qualityProfileId": 1, "rootFolderPath": root})
    assert movie.status_code == 201, movie.text
    assert issues(api, "RemovedMovieCheck") == []
    del tmdb.movies[604]
    run_command(api, "RefreshMovie")
    [issue] = issues(api, "RemovedMovieCheck")
    assert issue["type"] == "error"
    assert "The Matrix Reloaded (tmdbid 604)" in issue["message"] and "removed from TMDb" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "movie-was-removed-from-tmdb"
    assert api.delete(f"/api/v3/movie/{movie.json()['id']}").status_code == 200
    assert issues(api, "RemovedMovieCheck") == []  # re-checked on the deletion


@pytest.fixture
def broken_service() -> Iterator[str]:
    """A webhook receiver that answers every delivery with a 500, as a service that is down does."""

    async def refuse(request: Request) -> PlainTextResponse:
        return PlainTextResponse("down", status_code=500)

    with serving(Starlette(routes=[Route("/{path:path}", refuse, methods=["POST", "PUT"])])) as url:
        yield url


def test_notification_status_check_reports_a_notification_that_fails(
    api: TestClient, broken_service: str
) -> None:
    body = {
        "name": "Team hook",
        "implementation": "Webhook",
        "configContract": "WebhookSettings",
        "fields": [{"name": "url", "value": f"{broken_service}/radarr"}, {"name": "method", "value": 1}],
        "tags": [],
        "onHealthIssue": True,
        "includeHealthWarnings": True,
    }
    created = api.post("/api/v3/notification", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text
    assert issues(api, "NotificationStatusCheck") == []
    # Any health issue is sent to the hook; its delivery fails and backs the notification off.
    api.put("/api/v3/config/downloadclient", json={"enableCompletedDownloadHandling": False})
    [issue] = wait_for_issue(api, "NotificationStatusCheck")
    assert issue["type"] == "error"  # the only notification
    assert issue["message"] == "All notifications are unavailable due to failures"
    assert issue["wikiUrl"] == WIKI + "notifications-are-unavailable-due-to-failures"
    assert api.delete(f"/api/v3/notification/{created.json()['id']}").status_code == 200
    run_command(api, "CheckHealth")
    assert issues(api, "NotificationStatusCheck") == []


def test_root_folder_check_is_rechecked_when_root_folders_change(api: TestClient, tmp_path: Path) -> None:
    assert issues(api, "RootFolderCheck") == []
    gone = tmp_path / "gone"
    gone.mkdir()
    added = api.post("/api/v3/rootfolder", json={"path": str(gone)})
    assert added.status_code == 201, added.text
    gone.rmdir()
    run_command(api, "CheckHealth")
    [issue] = issues(api, "RootFolderCheck")
    assert issue["type"] == "error" and f"Missing root folder or not writable: {gone}" == issue["message"]
    assert issue["wikiUrl"] == WIKI + "missing-root-folder"
    assert api.delete(f"/api/v3/rootfolder/{added.json()['id']}").status_code == 200
    assert issues(api, "RootFolderCheck") == []  # re-checked on the deletion


def test_indexer_rss_and_search_checks_clear_when_an_indexer_is_added(api: TestClient) -> None:
    assert [i["type"] for i in issues(api, "IndexerRssCheck")] == ["warning"]
    [search] = issues(api, "IndexerSearchCheck")
    assert "Automatic Search" in search["message"]
    body = {
        "name": "Local Newznab",
        "implementation": "Newznab",
        "configContract": "NewznabSettings",
        "fields": [
            {"name": "baseUrl", "value": "http://127.0.0.1:9"},
            {"name": "apiPath", "value": "/api"},
            {"name": "apiKey", "value": "0123456789abcdef"},
            {"name": "categories", "value": [2000]},
        ],
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "tags": [],
    }
    created = api.post("/api/v3/indexer", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text
    assert issues(api, "IndexerRssCheck") == [] and issues(api, "IndexerSearchCheck") == []
    assert (
        api.put(
            f"/api/v3/indexer/{created.json()['id']}",
            params={"forceSave": "true"},
            json={**created.json(), "enableRss": False},
        ).status_code
        == 202
    )
    assert len(issues(api, "IndexerRssCheck")) == 1 and issues(api, "IndexerSearchCheck") == []
    assert api.delete(f"/api/v3/indexer/{created.json()['id']}").status_code == 200
    assert len(issues(api, "IndexerSearchCheck")) == 1


def test_import_list_root_folder_check_clears_when_the_folder_is_added(
    api: TestClient, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "lists"
    elsewhere.mkdir()
    body = {
        "name": "Other Radarr",
        "implementation": "RadarrImport",
        "configContract": "RadarrSettings",
        "enabled": True,
        "enableAuto": True,
        "monitor": "movieOnly",
        "qualityProfileId": 1,
        "rootFolderPath": str(elsewhere),
        "minimumAvailability": "released",
        "searchOnAdd": False,
        "tags": [],
        "fields": [
            {"name": "baseUrl", "value": "http://127.0.0.1:9"},
            {"name": "apiKey", "value": "0123456789abcdef0123456789abcdef"},
        ],
    }
    created = api.post("/api/v3/importlist", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text
    [issue] = issues(api, "ImportListRootFolderCheck")  # re-checked when the list is saved
    assert issue["message"] == f"Missing root folder for import list(s): {elsewhere}"
    assert issue["wikiUrl"] == WIKI + "import-list-missing-root-folder"
    assert api.post("/api/v3/rootfolder", json={"path": str(elsewhere)}).status_code == 201
    assert issues(api, "ImportListRootFolderCheck") == []
