"""The import-list provider endpoints, config/importlist and the exclusions, through the API."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from list_support import FakeRadarr, add_radarr_list


def test_the_schema_lists_radarrs_implementations_with_their_fields(api: TestClient) -> None:
    schema = {item["implementation"]: item for item in api.get("/api/v3/importlist/schema").json()}
    radarr = schema["RadarrImport"]
    assert (radarr["implementationName"], radarr["configContract"]) == ("Radarr", "RadarrSettings")
    assert (radarr["listType"], radarr["minRefreshInterval"]) == ("program", "00:15:00")
    assert [f["name"] for f in radarr["fields"]] == [
        "baseUrl",
        "apiKey",
        "profileIds",
        "tagIds",
        "rootFolderPaths",
    ]
    assert {
        "enabled",
        "enableAuto",
        "monitor",
        "qualityProfileId",
        "rootFolderPath",
        "minimumAvailability",
        "searchOnAdd",
        "listOrder",
        "tags",
    } <= set(radarr)


def test_a_list_is_tested_on_save_and_round_trips(
    api: TestClient, radarr: FakeRadarr, movies_root: Path
) -> None:
    saved = add_radarr_list(api, radarr, movies_root, minimumAvailability="inCinemas", monitor="none")
    assert radarr.requests == ["/api/v3/movie"]
    got = api.get(f"/api/v3/importlist/{saved['id']}").json()
    assert (got["minimumAvailability"], got["monitor"], got["enabled"]) == ("inCinemas", "none", True)
    assert next(f for f in got["fields"] if f["name"] == "apiKey")["value"] == "********"
    got["enabled"] = False
    assert api.put(f"/api/v3/importlist/{saved['id']}", json=got).status_code == 202
    assert api.get("/api/v3/importlist").json()[0]["enabled"] is False
    assert api.delete(f"/api/v3/importlist/{saved['id']}").status_code == 200
    assert api.get("/api/v3/importlist").json() == []


def test_a_wrong_api_key_is_refused_on_save(api: TestClient, radarr: FakeRadarr, movies_root: Path) -> None:
    body = {
        "name": "Other",
        "implementation": "RadarrImport",
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
        "fields": [{"name": "baseUrl", "value": radarr.url}, {"name": "apiKey", "value": "wrong"}],
    }
    response = api.post("/api/v3/importlist", json=body)
    assert response.status_code == 400
    assert "refused the credentials" in response.json()[0]["errorMessage"]


def test_bad_switches_get_a_400(api: TestClient, radarr: FakeRadarr, movies_root: Path) -> None:
    body = {"name": "Other", "implementation": "RadarrImport", "monitor": "sometimes"}
    response = api.post("/api/v3/importlist?forceSave=true", json=body)
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "monitor"


def test_the_radarr_form_reads_the_sources_profiles_and_tags(api: TestClient, radarr: FakeRadarr) -> None:
    body = {
        "implementation": "RadarrImport",
        "fields": [
            {"name": "baseUrl", "value": radarr.url},
            {"name": "apiKey", "value": "5c1b2c9d3e4f4a5b8c6d7e8f9a0b1c2d"},
        ],
    }
    profiles = api.post("/api/v3/importlist/action/getProfiles", json=body).json()
    assert profiles == {"options": [{"value": 1, "name": "Any"}, {"value": 4, "name": "Ultra-HD"}]}
    tags = api.post("/api/v3/importlist/action/getTags", json=body).json()
    assert [o["name"] for o in tags["options"]] == ["4k", "kids"]


def test_bulk_edit_changes_the_lists_switches(api: TestClient, radarr: FakeRadarr, movies_root: Path) -> None:
    first = add_radarr_list(api, radarr, movies_root, name="A")
    second = add_radarr_list(api, radarr, movies_root, name="B")
    response = api.put(
        "/api/v3/importlist/bulk",
        json={"ids": [first["id"], second["id"]], "enableAuto": False, "minimumAvailability": "announced"},
    )
    assert response.status_code == 200, response.text
    assert {(r["enableAuto"], r["minimumAvailability"]) for r in api.get("/api/v3/importlist").json()} == {
        (False, "announced")
    }
    results = api.post("/api/v3/importlist/testall").json()
    assert [r["isValid"] for r in results] == [True, True]


def test_the_list_sync_config_round_trips_and_checks_its_values(api: TestClient) -> None:
    assert api.get("/api/v3/config/importlist").json() == {
        "id": 1,
        "listSyncLevel": "disabled",
        "listSyncTag": 0,
    }
    assert api.put("/api/v3/config/importlist", json={"listSyncLevel": "keepAndUnmonitor"}).status_code == 202
    assert api.get("/api/v3/config/importlist").json()["listSyncLevel"] == "keepAndUnmonitor"
    assert api.put("/api/v3/config/importlist", json={"listSyncLevel": "sometimes"}).status_code == 400
    refused = api.put("/api/v3/config/importlist", json={"listSyncLevel": "keepAndTag", "listSyncTag": 99})
    assert refused.status_code == 400
    assert refused.json()[0]["propertyName"] == "listSyncTag"


def test_exclusions_round_trip(api: TestClient) -> None:
    created = api.post(
        "/api/v3/exclusions", json={"tmdbId": 603, "movieTitle": "The Matrix", "movieYear": 1999}
    )
    assert created.status_code == 201
    exclusion = created.json()
    assert api.get(f"/api/v3/exclusions/{exclusion['id']}").json() == exclusion
    again = api.post("/api/v3/exclusions", json={"tmdbId": 603, "movieTitle": "The Matrix"})
    assert again.status_code == 400
    assert again.json()[0]["errorMessage"] == "This exclusion has already been added."
    assert api.post("/api/v3/exclusions", json={"tmdbId": 0}).status_code == 400
    updated = api.put(f"/api/v3/exclusions/{exclusion['id']}", json={**exclusion, "movieYear": 2000})
    assert updated.status_code == 202 and updated.json()["movieYear"] == 2000
    bulk = api.post(
        "/api/v3/exclusions/bulk",
        json=[{"tmdbId": 604, "movieTitle": "The Matrix Reloaded", "movieYear": 2003}, {"tmdbId": 603}],
    )
    assert [e["tmdbId"] for e in bulk.json()] == [604]
    page = api.get(
        "/api/v3/exclusions/paged",
        params={"pageSize": 1, "sortKey": "movieTitle", "sortDirection": "descending"},
    ).json()
    assert (page["totalRecords"], page["records"][0]["movieTitle"]) == (2, "The Matrix Reloaded")
    ids = [e["id"] for e in api.get("/api/v3/exclusions").json()]
    assert api.request("DELETE", "/api/v3/exclusions/bulk", json={"ids": ids[1:]}).status_code == 200
    assert api.delete(f"/api/v3/exclusions/{ids[0]}").status_code == 200
    assert api.get("/api/v3/exclusions").json() == []
    assert api.get(f"/api/v3/exclusions/{ids[0]}").status_code == 404
