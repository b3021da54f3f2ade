"""Prowlarr pushes its indexers into Radarr; the exchange must work unchanged (RadarrV3Proxy's calls)."""

from __future__ import annotations

import copy
from typing import Any

from fastapi.testclient import TestClient
from indexer_support import IndexerServer

from reelarr.indexers.fetching import rss_outcome

PROWLARR_FIELDS = {
    "baseUrl",
    "apiPath",
    "apiKey",
    "categories",
    "minimumSeeders",
    "seedCriteria.seedRatio",
    "seedCriteria.seedTime",
    "rejectBlocklistedTorrentHashesWhileGrabbing",
    "multiLanguages",
    "removeYear",
    "requiredFlags",
    "additionalParameters",
}


def _set(resource: dict[str, Any], **values: Any) -> None:
    for field in resource["fields"]:
        if field["name"] in values:
            field["value"] = values[field["name"]]


def test_prowlarr_syncs_a_torznab_indexer_and_the_masked_api_key_keeps_the_stored_one(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    status = client.get("/api/v3/system/status")
    assert status.status_code == 200

    schema = client.get("/api/v3/indexer/schema").json()
    by_name = {s["implementation"]: s for s in schema}
    assert {"Newznab", "Torznab"} <= set(by_name)
    torznab = copy.deepcopy(by_name["Torznab"])
    assert {f["name"] for f in torznab["fields"]} >= PROWLARR_FIELDS

    # What Prowlarr builds: the schema with its own name, URL back to itself and its key.
    torznab.update(
        name="SomeTracker (Prowlarr)",
        enableRss=True,
        enableAutomaticSearch=True,
        enableInteractiveSearch=True,
        priority=25,
        tags=[],
    )
    _set(
        torznab,
        baseUrl=f"{indexer_server.base_url}/5/",
        apiPath="/api",
        apiKey="secret-key",
        categories=[2000, 2040, 2045],
        minimumSeeders=3,
        **{"seedCriteria.seedRatio": 1.5, "seedCriteria.seedTime": 4320},
        rejectBlocklistedTorrentHashesWhileGrabbing=True,
        multiLanguages=[],
        removeYear=False,
        requiredFlags=[],
        additionalParameters="",
        minimumRequestInterval=0,
    )
    created = client.post("/api/v3/indexer", params={"forceSave": "true"}, json=torznab)
    assert created.status_code == 201, created.text
    indexer = created.json()
    fields = {f["name"]: f["value"] for f in indexer["fields"]}
    assert fields["apiKey"] == "********"
    assert fields["seedCriteria.seedRatio"] == 1.5 and fields["seedCriteria.seedTime"] == 4320
    assert fields["minimumSeeders"] == 3 and fields["categories"] == [2000, 2040, 2045]
    assert next(f for f in indexer["fields"] if f["name"] == "seedCriteria.seedRatio")["isFloat"] is True

    # Prowlarr's next sync sends the resource back, mask included, with a changed category list.
    echoed = client.get(f"/api/v3/indexer/{indexer['id']}").json()
    _set(echoed, categories=[2000, 2040])
    updated = client.put(f"/api/v3/indexer/{indexer['id']}", params={"forceSave": "true"}, json=echoed)
    assert updated.status_code == 202, updated.text
    assert {f["name"]: f["value"] for f in updated.json()["fields"]}["categories"] == [2000, 2040]

    tested = client.post("/api/v3/indexer/test", json=updated.json())
    assert tested.status_code == 200, tested.text
    assert tuple(int(p) for p in tested.headers["X-Application-Version"].split(".")[:3]) >= (4, 0, 4)

    # The stored key survived the masked round trip: the server accepts only the real one.
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    outcome = client.portal.call(rss_outcome, ctx)  # type: ignore[union-attr]
    assert not outcome.failures and outcome.releases
    assert indexer_server.requests[-1]["apikey"] == "secret-key"
    assert indexer_server.requests[-1]["path"] == "/5/api"

    assert client.delete(f"/api/v3/indexer/{indexer['id']}").status_code == 200
    assert client.get(f"/api/v3/indexer/{indexer['id']}").status_code == 404


def test_prowlarr_retries_a_refused_save_with_force_save(
    client: TestClient, indexer_server: IndexerServer
) -> None:
    newznab = copy.deepcopy(
        next(s for s in client.get("/api/v3/indexer/schema").json() if s["implementation"] == "Newznab")
    )
    newznab.update(name="Unreachable (Prowlarr)", enableRss=True, priority=25, tags=[])
    _set(newznab, baseUrl="http://127.0.0.1:9/7/", apiKey="secret-key")
    refused = client.post("/api/v3/indexer", json=newznab)
    assert refused.status_code == 400
    assert "Cannot reach" in refused.json()[0]["errorMessage"]
    forced = client.post("/api/v3/indexer?forceSave=true", json=newznab)
    assert forced.status_code == 201
