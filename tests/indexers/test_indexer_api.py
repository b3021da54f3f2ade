"""Indexers through ``/api/v3/indexer``: added, tested on save, fetched from the local servers."""

from __future__ import annotations

import functools
import time
from typing import Any

from fastapi.testclient import TestClient
from indexer_support import IndexerServer

from reelarr.indexers import SearchCriteria
from reelarr.indexers.fetching import fetch_rss, rss_outcome, search_indexers


def indexer_body(implementation: str, name: str, **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "tags": [],
        "fields": [{"name": key, "value": value} for key, value in fields.items()],
    }


def torznab(server: IndexerServer, name: str = "Local Torznab", **fields: Any) -> dict[str, Any]:
    values = {
        "baseUrl": server.base_url,
        "apiPath": "/api",
        "apiKey": "secret-key",
        "categories": [2000, 2040],
        "minimumRequestInterval": 0,
        **fields,
    }
    return indexer_body("Torznab", name, **values)


def add(client: TestClient, body: dict[str, Any], **params: Any) -> dict[str, Any]:
    response = client.post("/api/v3/indexer", json=body, params=params)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_all_four_kinds_are_added_tested_and_fetched_with_their_release_details(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    url = indexer_server.base_url
    add(client, torznab(indexer_server))
    add(
        client,
        indexer_body("Newznab", "Local Newznab", baseUrl=url, apiKey="secret-key", minimumRequestInterval=0),
    )
    add(
        client,
        indexer_body(
            "HDBits",
            "Local HDBits",
            baseUrl=url,
            username="neo",
            apiKey="secret-key",
            minimumRequestInterval=0,
        ),
    )
    add(
        client,
        indexer_body("TorrentRssIndexer", "Local RSS", baseUrl=f"{url}/rss/movies", minimumRequestInterval=0),
    )

    listed = client.get("/api/v3/indexer").json()
    assert [i["implementation"] for i in listed] == ["Torznab", "Newznab", "HDBits", "TorrentRssIndexer"]
    assert [i["protocol"] for i in listed] == ["torrent", "usenet", "torrent", "torrent"]
    assert listed[3]["supportsSearch"] is False

    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    releases = client.portal.call(fetch_rss, ctx)  # type: ignore[union-attr]
    by_indexer = {r.indexer for r in releases}
    assert by_indexer == {"Local Torznab", "Local Newznab", "Local HDBits", "Local RSS"}
    remux = next(r for r in releases if r.title.startswith("The Matrix 1999 2160p"))
    assert remux.seeders == 23 and remux.peers == 25 and remux.info_hash
    assert remux.imdb_id == "tt0133093" and remux.tmdb_id == 603
    assert remux.indexer_id == listed[0]["id"] and remux.protocol == "torrent"
    assert remux.publish_date is not None and remux.size == 62277025792 and remux.download_url
    hdbits = next(r for r in releases if r.indexer == "Local HDBits")
    assert hdbits.download_url.startswith(f"{url}/download.php?id=")


def test_a_movie_search_asks_by_imdb_and_tmdb_id_when_the_caps_allow_it(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    add(client, torznab(indexer_server))
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    criteria = SearchCriteria("The Matrix", 1999, imdb_id="tt0133093", tmdb_id=603)
    releases = client.portal.call(search_indexers, ctx, criteria)  # type: ignore[union-attr]
    assert {r.title for r in releases} >= {"The.Matrix.1999.1080p.BluRay.x264-AMIABLE"}
    searches = [r for r in indexer_server.requests if r.get("t") == "movie" and "imdbid" in r]
    assert searches and searches[-1]["imdbid"] == "0133093" and searches[-1]["tmdbid"] == "603"


def test_a_movie_search_falls_back_to_title_and_year_without_id_support(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    indexer_server.caps = "caps_query_only.xml"
    add(client, torznab(indexer_server))
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    criteria = SearchCriteria("The Matrix", 1999, imdb_id="tt0133093")
    client.portal.call(search_indexers, ctx, criteria)  # type: ignore[union-attr]
    assert indexer_server.requests[-1]["t"] == "search"
    assert indexer_server.requests[-1]["q"] == "The Matrix 1999"


def test_saving_an_indexer_with_a_wrong_api_key_is_refused_with_advice(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    response = client.post("/api/v3/indexer", json=torznab(indexer_server, apiKey="wrong"))
    assert response.status_code == 400
    assert "check the API key" in response.json()[0]["errorMessage"]
    indexer_server.mode = "401"
    response = client.post("/api/v3/indexer/test", json=torznab(indexer_server))
    assert response.status_code == 400
    assert "401: check the API key" in response.json()[0]["errorMessage"]
    assert client.get("/api/v3/indexer").json() == []


def test_rss_sync_reports_counts_and_a_broken_indexer_does_not_stop_the_others(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    add(client, torznab(indexer_server))
    add(client, torznab(indexer_server, name="Broken", baseUrl="http://127.0.0.1:9"), forceSave="true")
    command = client.post("/api/v3/command", json={"name": "RssSync"}).json()
    deadline = time.monotonic() + 20
    while (state := client.get(f"/api/v3/command/{command['id']}").json())["status"] in ("queued", "started"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert state["status"] == "completed"
    assert state["message"].startswith("Fetched 2 releases from 2 indexers; 1 failed")
    assert "Cannot reach 127.0.0.1:9" in state["message"]


def test_malformed_feeds_html_pages_and_timeouts_are_indexer_errors_not_exceptions(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    add(client, torznab(indexer_server))
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    messages = {}
    for mode in ("garbage", "html", "500", "slow"):
        indexer_server.mode = mode
        client.portal.call(_reset_status, ctx)  # type: ignore[union-attr]
        outcome = client.portal.call(functools.partial(rss_outcome, ctx, timeout=1))  # type: ignore[union-attr]
        (failure,) = outcome.failures
        messages[mode] = failure.message
    assert "not valid XML" in messages["garbage"]
    assert "web page instead of a feed" in messages["html"]
    assert "500" in messages["500"]
    assert "did not answer within 1 seconds" in messages["slow"]


async def _reset_status(ctx: Any) -> None:
    from sqlalchemy import delete

    from reelarr.models import ProviderStatus

    async with ctx.db.write() as uow:
        await uow.session.execute(delete(ProviderStatus))


def test_a_429_with_a_short_retry_after_is_waited_out_and_succeeds(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    add(client, torznab(indexer_server))
    indexer_server.mode = "429-once"
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    started = time.monotonic()
    outcome = client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
    assert time.monotonic() - started >= 1
    assert not outcome.failures and len(outcome.releases) == 2


def test_a_429_with_a_long_retry_after_backs_the_indexer_off_at_least_that_long(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    indexer = add(client, torznab(indexer_server))
    indexer_server.mode, indexer_server.retry_after = "429", 7200
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    outcome = client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
    assert "request limit was reached" in outcome.failures[0].message
    (status,) = client.get("/api/v3/indexerstatus").json()
    assert status["indexerId"] == indexer["id"]
    assert status["disabledTill"] > "1970" and status["mostRecentFailure"]


def test_indexer_config_is_radarrs_resource_and_sets_the_rss_interval(client: TestClient) -> None:
    config = client.get("/api/v3/config/indexer").json()
    assert config["rssSyncInterval"] == 30 and config["id"] == 1
    saved = client.put("/api/v3/config/indexer", json={**config, "rssSyncInterval": 5})
    assert saved.status_code == 202
    tasks = {t["taskName"]: t for t in client.get("/api/v3/system/task").json()}
    assert tasks["RssSync"]["interval"] in (10, 30)  # raised from 5 to 10 once the tick re-reads it
    assert client.put("/api/v3/config/indexer", json={"rssSyncInterval": -1}).status_code == 400


def test_fail_downloads_is_radarrs_multi_select_and_round_trips_on_every_indexer(client: TestClient) -> None:
    schemas = client.get("/api/v3/indexer/schema").json()
    for schema in schemas:
        (field,) = [f for f in schema["fields"] if f["name"] == "failDownloads"]
        assert (field["label"], field["type"], field["advanced"], field["value"]) == (
            "Fail Downloads",
            "select",
            True,
            [],
        ), schema["implementation"]
        assert [(o["value"], o["name"]) for o in field["selectOptions"]] == [
            (0, "Executables"),
            (1, "Potentially Dangerous"),
        ]

    body = indexer_body("Newznab", "Careful", baseUrl="http://127.0.0.1:9", apiKey="k", failDownloads=[0, 1])
    saved = add(client, body, forceSave="true")
    read = client.get(f"/api/v3/indexer/{saved['id']}").json()
    assert next(f["value"] for f in read["fields"] if f["name"] == "failDownloads") == [0, 1]
    assert (
        client.put(f"/api/v3/indexer/{saved['id']}", json=read, params={"forceSave": "true"}).status_code
        == 202
    )
    again = client.get(f"/api/v3/indexer/{saved['id']}").json()
    assert next(f["value"] for f in again["fields"] if f["name"] == "failDownloads") == [0, 1]

    wrong = indexer_body("Newznab", "Wrong", baseUrl="http://127.0.0.1:9", apiKey="k", failDownloads=[7])
    refused = client.post("/api/v3/indexer", json=wrong, params={"forceSave": "true"})
    assert refused.status_code == 400
    assert [e["propertyName"] for e in refused.json()] == ["failDownloads.0"]
