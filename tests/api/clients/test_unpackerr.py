"""Unpackerr's calls, made as Unpackerr makes them (through golift/starr, ``X-Api-Key``).

Unpackerr (``pkg/unpackerr/radarr.go``) polls the whole queue, picks the finished downloads and
extracts their archives from ``outputPath``; keyed by ``title``, it keeps ``downloadId``,
``movieId`` and a reason built from ``status`` and ``statusMessages``, and logs progress from
``size`` and ``sizeleft``. starr asks for ``sortKey=timeleft`` and
``includeUnknownMovieItems=true``, so downloads Radarr cannot match to a movie are extracted too.

| clients.md row | test |
|---|---|
| 3 ``GET /queue`` (starr's page) | ``test_unpackerr_reads_every_queue_item_it_extracts_from`` |
| 28 ``DELETE /queue/{id}`` | ``test_unpackerr_removes_an_item_it_did_not_grab_without_touching_the_client`` |
"""

from __future__ import annotations

from client_setup import GRABBED_TITLE, UNKNOWN_TITLE, Queue
from fastapi.testclient import TestClient

STARR_QUEUE = {"pageSize": "2000", "page": "1", "sortKey": "timeleft", "includeUnknownMovieItems": "true"}


def _poll(client: TestClient) -> dict:
    response = client.get("/api/v3/queue", params=STARR_QUEUE)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_unpackerr_reads_every_queue_item_it_extracts_from(library_api: TestClient, queue: Queue) -> None:
    page = _poll(library_api)
    assert (page["page"], page["pageSize"], page["sortKey"]) == (1, 2000, "timeleft")
    assert page["totalRecords"] == len(page["records"]) == 2
    records = {r["title"]: r for r in page["records"]}
    assert set(records) == {GRABBED_TITLE, UNKNOWN_TITLE}

    grabbed, unknown = records[GRABBED_TITLE], records[UNKNOWN_TITLE]
    assert grabbed["movieId"] == queue.movie["id"]
    assert (grabbed["status"], grabbed["protocol"]) == ("downloading", "usenet")
    assert grabbed["size"] == grabbed["sizeleft"] == 4000
    # Finished: Unpackerr extracts what lies at outputPath.
    assert (unknown["status"], unknown["protocol"]) == ("completed", "usenet")
    assert unknown["outputPath"] == str(queue.watch / UNKNOWN_TITLE)
    assert (unknown["size"], unknown["sizeleft"]) == (1000, 0)
    assert unknown["movieId"] in (None, 0)
    # Unpackerr's reason for an item is its status plus these messages.
    assert (unknown["trackedDownloadStatus"], unknown["trackedDownloadState"]) == ("warning", "importBlocked")
    [why] = unknown["statusMessages"]
    assert why["title"] == UNKNOWN_TITLE and why["messages"] and "Unknown movie" in why["messages"][0]
    assert grabbed["statusMessages"] == []
    for record in records.values():
        assert isinstance(record["downloadId"], str) and record["downloadId"]
        assert isinstance(record["statusMessages"], list)
        for message in record["statusMessages"]:
            assert isinstance(message["title"], str) and all(isinstance(m, str) for m in message["messages"])
    assert len({r["downloadId"] for r in records.values()}) == 2

    # Without starr's flag the unmatched download is left out, as Radarr does.
    plain = library_api.get("/api/v3/queue", params={**STARR_QUEUE, "includeUnknownMovieItems": "false"})
    assert [r["title"] for r in plain.json()["records"]] == [GRABBED_TITLE]


def test_unpackerr_removes_an_item_it_did_not_grab_without_touching_the_client(
    library_api: TestClient, queue: Queue
) -> None:
    [unknown] = [r for r in _poll(library_api)["records"] if r["title"] == UNKNOWN_TITLE]
    removed = library_api.delete(
        f"/api/v3/queue/{unknown['id']}", params={"removeFromClient": "false", "blocklist": "false"}
    )
    assert removed.status_code == 200, removed.text
    assert [r["title"] for r in _poll(library_api)["records"]] == [GRABBED_TITLE]
    assert (queue.watch / UNKNOWN_TITLE / f"{UNKNOWN_TITLE}.mkv").exists(), "left in the download client"
    assert library_api.get("/api/v3/blocklist").json()["totalRecords"] == 0
