"""Notifiarr's calls, made as Notifiarr makes them (``pkg/apps/radarr.go`` and its triggers, over
golift/starr with ``X-Api-Key``).

starr spells paths as Radarr's C# names (``/qualityProfile``, ``/rootFolder``, ``/customFormat``,
``/qualityDefinition``), adds ``moveFiles=true`` to movie adds and updates, sends ``movieID`` to
``/moviefile``, zeroes the ids of exclusions it adds in bulk, saves import lists with
``forceSave=true``, and ``PUT``s ``/config/naming`` without an id. The corruption check lists
``/system/backup``, downloads the newest backup's ``path`` and runs ``PRAGMA integrity_check``
on the ``.db`` inside the zip.

| clients.md row | test ("same": the row above's) |
|---|---|
| 42 ``GET /ping`` | ``test_notifiarr_pings_and_reads_the_status`` |
| 1 ``GET /system/status`` | ``test_notifiarr_pings_and_reads_the_status`` |
| 9 ``POST /movie?moveFiles=true`` | ``test_notifiarr_adds_finds_changes_and_deletes_a_movie`` |
| 2 ``GET /movie`` (``tmdbId``, ``excludeLocalCovers``) | same |
| 7 ``GET /movie/{id}`` | same |
| 10 ``PUT /movie/{id}?moveFiles=true`` | same |
| 13 ``DELETE /movie/{id}`` (``deleteFiles``, ``addImportExclusion``) | same |
| 31 ``/exclusions``: GET, POST, DELETE | ``test_notifiarr_manages_tags_profiles_folders_and_exclusions`` |
| 8, 11, 30 ``GET``/``POST /tag``, ``PUT /tag/{id}`` | same |
| 4, 16 ``/qualityProfile`` CRUD | same |
| 5 ``GET /rootFolder`` | same |
| 17, 18 ``/customFormat`` CRUD | ``test_notifiarr_syncs_formats_sizes_and_naming`` |
| 15, 19 ``/qualityDefinition``, its bulk ``/update`` | ``test_notifiarr_syncs_formats_sizes_and_naming`` |
| 20 ``GET``/``PUT /config/naming`` | ``test_notifiarr_syncs_formats_sizes_and_naming`` |
| 32 ``/importlist`` (``forceSave=true``) | ``test_notifiarr_saves_import_lists_and_notifications`` |
| 33 ``/notification`` | ``test_notifiarr_saves_import_lists_and_notifications`` |
| 3 ``GET /queue`` | ``test_notifiarr_polls_the_queue_and_removes_a_grab_as_failed`` |
| 6 ``POST /command`` | same |
| 14 ``GET /history`` | same |
| 28 ``DELETE /queue/{id}`` (all four options) | same |
| 34 ``/moviefile?movieID=``, DELETE bulk | ``test_notifiarr_lists_movie_files_and_deletes_them_in_bulk`` |
| 27 ``GET /system/backup`` and the backup file | ``test_notifiarr_checks_the_newest_backup_for_corruption`` |
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from client_setup import GRABBED_TITLE, Queue, add_movie, unreadable_video, wait_for_command
from fastapi.testclient import TestClient

STARR_QUEUE = {"page": "1", "pageSize": "1000", "sortKey": "timeleft", "includeUnknownMovieItems": "true"}


def _fields(schema: dict[str, Any], **values: Any) -> list[dict[str, Any]]:
    return [{"name": f["name"], "value": values.get(f["name"], f.get("value"))} for f in schema["fields"]]


def test_notifiarr_pings_and_reads_the_status(client: TestClient) -> None:
    ping = client.get("/ping")
    assert ping.status_code == 200 and ping.json() == {"status": "OK"}
    status = client.get("/api/v3/system/status").json()
    for field in ("version", "appName", "instanceName", "osName", "branch", "startTime"):
        assert isinstance(status[field], str) and status[field], field


def test_notifiarr_adds_finds_changes_and_deletes_a_movie(library_api: TestClient, movies_root: Path) -> None:
    api = library_api
    body = {
        "title": "The Matrix",
        "tmdbId": 603,
        "year": 1999,
        "qualityProfileId": 4,
        "rootFolderPath": str(movies_root),
        "monitored": True,
        "minimumAvailability": "released",
        "tags": [],
        "addOptions": {"searchForMovie": False, "monitor": "movieOnly"},
    }
    added = api.post("/api/v3/movie", params={"moveFiles": "true"}, json=body)
    assert added.status_code == 201, added.text
    movie = added.json()
    assert (movie["tmdbId"], movie["qualityProfileId"], movie["path"]) == (
        603,
        4,
        str(movies_root / "The Matrix (1999)"),
    )

    [found] = api.get("/api/v3/movie", params={"tmdbId": "603"}).json()
    assert found["id"] == movie["id"]
    # The dashboard's whole-library read.
    listed = api.get("/api/v3/movie", params={"excludeLocalCovers": "true"}).json()
    assert [(m["id"], m["hasFile"], m["monitored"]) for m in listed] == [(movie["id"], False, True)]
    assert api.get("/api/v3/movie", params={"tmdbId": "604"}).json() == []
    one = api.get(f"/api/v3/movie/{movie['id']}").json()
    assert (one["title"], one["monitored"], one["hasFile"]) == ("The Matrix", True, False)

    changed = api.put(
        f"/api/v3/movie/{movie['id']}", params={"moveFiles": "true"}, json={**one, "monitored": False}
    )
    assert changed.status_code == 202, changed.text
    assert api.get(f"/api/v3/movie/{movie['id']}").json()["monitored"] is False

    deleted = api.delete(
        f"/api/v3/movie/{movie['id']}", params={"deleteFiles": "false", "addImportExclusion": "true"}
    )
    assert deleted.status_code == 200
    assert api.get(f"/api/v3/movie/{movie['id']}").status_code == 404
    assert [e["tmdbId"] for e in api.get("/api/v3/exclusions").json()] == [603]


def test_notifiarr_manages_tags_profiles_folders_and_exclusions(
    client: TestClient, movies_root: Path
) -> None:
    tag = client.post("/api/v3/tag", json={"label": "notifiarr"})
    assert tag.status_code == 201, tag.text
    renamed = client.put(f"/api/v3/tag/{tag.json()['id']}", json={"id": tag.json()["id"], "label": "nf"})
    assert renamed.status_code == 202 and renamed.json()["label"] == "nf"
    assert client.get("/api/v3/tag").json() == [{"id": tag.json()["id"], "label": "nf"}]

    profiles = client.get("/api/v3/qualityProfile").json()
    copy = {**profiles[3], "name": "HD-1080p (copy)"}
    del copy["id"]
    created = client.post("/api/v3/qualityProfile", json=copy)
    assert created.status_code == 201, created.text
    profile = created.json()
    assert profile["items"] == profiles[3]["items"]
    updated = client.put(f"/api/v3/qualityProfile/{profile['id']}", json={**profile, "upgradeAllowed": True})
    assert updated.status_code == 202 and updated.json()["upgradeAllowed"] is True
    assert client.delete(f"/api/v3/qualityProfile/{profile['id']}").status_code == 200
    assert len(client.get("/api/v3/qualityProfile").json()) == len(profiles)

    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    [folder] = client.get("/api/v3/rootFolder").json()
    assert folder["path"] == str(movies_root) and folder["accessible"] is True

    excluded = [{"id": 0, "tmdbId": 604, "movieTitle": "The Matrix Reloaded", "movieYear": 2003}]
    assert client.post("/api/v3/exclusions/bulk", json=excluded).status_code == 200
    [exclusion] = client.get("/api/v3/exclusions").json()
    assert (exclusion["tmdbId"], exclusion["movieTitle"], exclusion["movieYear"]) == (
        604,
        "The Matrix Reloaded",
        2003,
    )
    assert client.delete(f"/api/v3/exclusions/{exclusion['id']}").status_code == 200
    assert client.get("/api/v3/exclusions").json() == []


def test_notifiarr_syncs_formats_sizes_and_naming(client: TestClient) -> None:
    spec = {
        "name": "HDR",
        "implementation": "ReleaseTitleSpecification",
        "negate": False,
        "required": True,
        "fields": [{"name": "value", "value": r"\bHDR(\b|\d)"}],
    }
    created = client.post("/api/v3/customFormat", json={"name": "HDR", "specifications": [spec]})
    assert created.status_code == 201, created.text
    cf = created.json()
    changed = client.put(f"/api/v3/customFormat/{cf['id']}", json={**cf, "name": "HDR10"})
    assert changed.status_code == 202 and changed.json()["name"] == "HDR10"
    assert [c["name"] for c in client.get("/api/v3/customFormat").json()] == ["HDR10"]
    assert client.delete(f"/api/v3/customFormat/{cf['id']}").status_code == 200
    assert client.get("/api/v3/customFormat").json() == []

    definitions = client.get("/api/v3/qualityDefinition").json()
    bluray = next(d for d in definitions if d["title"] == "Bluray-720p")
    sizes = client.put("/api/v3/qualityDefinition/update", json=[{**bluray, "minSize": 17.1, "maxSize": 200}])
    assert sizes.status_code == 202, sizes.text
    after = next(d for d in client.get("/api/v3/qualityDefinition").json() if d["id"] == bluray["id"])
    assert (after["minSize"], after["maxSize"], after["weight"]) == (17.1, 200, bluray["weight"])

    naming = client.get("/api/v3/config/naming").json()
    naming.update(renameMovies=True, colonReplacementFormat="dash")
    assert client.put("/api/v3/config/naming", json=naming).status_code == 202
    assert client.get("/api/v3/config/naming").json() == naming


def test_notifiarr_saves_import_lists_and_notifications(client: TestClient, stand_in: str) -> None:
    [rss] = [s for s in client.get("/api/v3/importlist/schema").json() if s["implementation"] == "RSSImport"]
    body = {
        **rss,
        "name": "Friends' picks",
        "enabled": True,
        "enableAuto": False,
        "qualityProfileId": 1,
        "rootFolderPath": "/movies",
        "fields": _fields(rss, url=f"{stand_in}/list.rss"),
    }
    created = client.post("/api/v3/importlist", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text
    saved = created.json()
    updated = client.put(
        f"/api/v3/importlist/{saved['id']}", params={"forceSave": "true"}, json={**saved, "enabled": False}
    )
    assert updated.status_code == 202 and updated.json()["enabled"] is False
    assert [i["name"] for i in client.get("/api/v3/importlist").json()] == ["Friends' picks"]

    [hook] = [s for s in client.get("/api/v3/notification/schema").json() if s["implementation"] == "Webhook"]
    notification = {
        **hook,
        "name": "Notifiarr",
        "onGrab": True,
        "fields": _fields(hook, url=f"{stand_in}/hook"),
    }
    created = client.post("/api/v3/notification", json=notification)
    assert created.status_code == 201, created.text
    saved = created.json()
    assert (saved["onGrab"], saved["supportsOnGrab"], saved["implementation"]) == (True, True, "Webhook")
    updated = client.put(f"/api/v3/notification/{saved['id']}", json={**saved, "onHealthIssue": True})
    assert updated.status_code == 202 and updated.json()["onHealthIssue"] is True
    assert [n["id"] for n in client.get("/api/v3/notification").json()] == [saved["id"]]


def test_notifiarr_polls_the_queue_and_removes_a_grab_as_failed(
    library_api: TestClient, queue: Queue
) -> None:
    api = library_api
    refresh = api.post("/api/v3/command", json={"name": "RefreshMonitoredDownloads"})
    assert refresh.status_code == 201, refresh.text
    wait_for_command(api, refresh.json()["id"])

    records = api.get("/api/v3/queue", params=STARR_QUEUE).json()["records"]
    [grabbed] = [r for r in records if r["title"] == GRABBED_TITLE]
    assert (grabbed["movieId"], grabbed["protocol"], grabbed["downloadClient"]) == (
        queue.movie["id"],
        "usenet",
        "Blackhole",
    )
    assert grabbed["quality"]["quality"]["name"] == "Bluray-1080p"
    history = api.get(
        "/api/v3/history",
        params={"page": "1", "pageSize": "50", "sortKey": "date", "sortDirection": "descending"},
    ).json()
    assert [(h["eventType"], h["downloadId"]) for h in history["records"]] == [
        ("grabbed", grabbed["downloadId"])
    ]

    removed = api.delete(
        f"/api/v3/queue/{grabbed['id']}",
        params={
            "removeFromClient": "true",
            "blocklist": "true",
            "skipRedownload": "true",
            "changeCategory": "false",
        },
    )
    assert removed.status_code == 200, removed.text
    assert GRABBED_TITLE not in [
        r["title"] for r in api.get("/api/v3/queue", params=STARR_QUEUE).json()["records"]
    ]
    assert not (queue.watch / GRABBED_TITLE).exists(), "removed from the download client"
    [blocked] = api.get("/api/v3/blocklist").json()["records"]
    assert (blocked["sourceTitle"], blocked["movieId"]) == (GRABBED_TITLE, queue.movie["id"])


def test_notifiarr_lists_movie_files_and_deletes_them_in_bulk(
    library_api: TestClient, movies_root: Path
) -> None:
    movie = add_movie(library_api, movies_root, "The Matrix", 1999, 603)
    unreadable_video(Path(movie["path"]) / "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv")
    rescan = library_api.post("/api/v3/command", json={"name": "RescanMovie", "movieId": movie["id"]})
    wait_for_command(library_api, rescan.json()["id"])

    [file] = library_api.get("/api/v3/moviefile", params={"movieID": str(movie["id"])}).json()
    assert (file["movieId"], file["relativePath"]) == (
        movie["id"],
        "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv",
    )
    assert file["quality"]["quality"]["name"] == "Bluray-1080p" and file["size"] == 2 * 1024**3
    deleted = library_api.request("DELETE", "/api/v3/moviefile/bulk", json={"movieFileIds": [file["id"]]})
    assert deleted.status_code == 200, deleted.text
    assert library_api.get("/api/v3/moviefile", params={"movieID": str(movie["id"])}).json() == []
    assert library_api.get(f"/api/v3/movie/{movie['id']}").json()["hasFile"] is False


def test_notifiarr_checks_the_newest_backup_for_corruption(client: TestClient, tmp_path: Path) -> None:
    backup = client.post("/api/v3/command", json={"name": "Backup"})
    wait_for_command(client, backup.json()["id"])
    latest = client.get("/api/v3/system/backup").json()[0]
    assert latest["type"] == "manual" and latest["path"].endswith(".zip")
    download = client.get(latest["path"])
    assert download.status_code == 200, download.text
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        [database] = [name for name in archive.namelist() if name.endswith(".db")]
        archive.extract(database, tmp_path)
    connection = sqlite3.connect(tmp_path / database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        assert tables > 10
    finally:
        connection.close()
