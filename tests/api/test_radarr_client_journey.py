"""What a client written against Radarr does: create, read back, change and delete the
library's building blocks, with every response checked against Radarr's OpenAPI schemas.
Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from contract import assert_matches


def test_a_radarr_client_manages_profiles_root_folders_tags_and_movies(
    storage_client: TestClient, movies_root: Path
) -> None:
    api = storage_client

    # A quality profile built from the schema, as Recyclarr does.
    schema = api.get("/api/v3/qualityprofile/schema").json()
    assert_matches("QualityProfileResource", schema)
    for item in schema["items"]:
        if item.get("name") == "WEB 1080p" or item.get("quality", {}).get("name") == "Bluray-1080p":
            item["allowed"] = True
    bluray = next(i for i in schema["items"] if i.get("quality", {}).get("name") == "Bluray-1080p")
    created = api.post(
        "/api/v3/qualityprofile", json={**schema, "name": "Good 1080p", "cutoff": bluray["quality"]["id"]}
    )
    assert created.status_code == 201, created.text
    profile = created.json()
    assert_matches("QualityProfileResource", profile)
    assert api.get(f"/api/v3/qualityprofile/{profile['id']}").json() == profile

    profile["upgradeAllowed"] = True
    profile["minFormatScore"] = 10
    updated = api.put("/api/v3/qualityprofile", json=profile)  # no id in the path
    assert updated.status_code == 202, updated.text
    assert updated.json()["upgradeAllowed"] is True and updated.json()["minFormatScore"] == 10

    # A root folder and a tag.
    folder = api.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    assert folder.status_code == 201, folder.text
    assert_matches("RootFolderResource", folder.json())
    assert folder.json()["accessible"] is True and folder.json()["freeSpace"] > 0
    tag = api.post("/api/v3/tag", json={"label": "4K"}).json()
    assert_matches("TagResource", tag)
    assert tag["label"] == "4k"

    # A movie, as Overseerr adds one.
    added = api.post(
        "/api/v3/movie",
        json={
            "title": "The Matrix",
            "year": 1999,
            "tmdbId": 603,
            "qualityProfileId": profile["id"],
            "rootFolderPath": str(movies_root),
            "monitored": True,
            "minimumAvailability": "released",
            "tags": [tag["id"]],
            "addOptions": {"searchForMovie": False, "monitor": "movieOnly"},
        },
    )
    assert added.status_code == 201, added.text
    movie = added.json()
    assert_matches("MovieResource", movie)
    assert movie["path"] == str(movies_root / "The Matrix (1999)")
    assert movie["folder"] == "The Matrix (1999)" and movie["rootFolderPath"] == str(movies_root)
    assert movie["hasFile"] is False and movie["tags"] == [tag["id"]]

    listed = api.get("/api/v3/movie", params={"tmdbId": 603}).json()
    assert_matches("MovieResource", listed, many=True)
    assert [m["id"] for m in listed] == [movie["id"]]
    assert api.get("/api/v3/movie", params={"tmdbId": 604}).json() == []

    movie["monitored"] = False
    movie["tags"] = []
    changed = api.put(f"/api/v3/movie/{movie['id']}", json=movie)
    assert changed.status_code == 202, changed.text
    assert changed.json()["monitored"] is False and changed.json()["tags"] == []

    details = api.get("/api/v3/tag/detail").json()
    assert_matches("TagDetailsResource", details, many=True)
    assert details[0]["movieIds"] == []

    # The root folder now lists an unmapped folder a user created by hand.
    (movies_root / "Heat (1995)").mkdir()
    folders = api.get("/api/v3/rootfolder").json()
    assert_matches("RootFolderResource", folders, many=True)
    assert [f["name"] for f in folders[0]["unmappedFolders"]] == ["Heat (1995)"]

    # Deleting, with an import exclusion, as Jellyseerr does.
    assert (
        api.delete(f"/api/v3/movie/{movie['id']}", params={"addImportExclusion": "true"}).status_code == 200
    )
    assert api.get(f"/api/v3/movie/{movie['id']}").status_code == 404
    assert api.delete(f"/api/v3/tag/{tag['id']}").status_code == 200
    assert api.delete(f"/api/v3/rootfolder/{folder.json()['id']}").status_code == 200
    assert api.delete(f"/api/v3/qualityprofile/{profile['id']}").status_code == 200
    assert api.get(f"/api/v3/qualityprofile/{profile['id']}").status_code == 404


def test_a_new_install_has_radarrs_qualities_and_default_profiles(storage_client: TestClient) -> None:
    definitions = storage_client.get("/api/v3/qualitydefinition").json()
    assert_matches("QualityDefinitionResource", definitions, many=True)
    assert len(definitions) == 30
    assert definitions[0]["quality"]["name"] == "Unknown"
    assert {d["quality"]["name"] for d in definitions} >= {"Remux-2160p", "WEBRip-1080p", "BR-DISK"}

    profiles = storage_client.get("/api/v3/qualityprofile").json()
    assert_matches("QualityProfileResource", profiles, many=True)
    assert [p["name"] for p in profiles] == [
        "Any",
        "SD",
        "HD-720p",
        "HD-1080p",
        "Ultra-HD",
        "HD - 720p/1080p",
    ]

    languages = storage_client.get("/api/v3/language").json()
    assert_matches("LanguageResource", languages, many=True)
    assert {"id": 1, "name": "English", "nameLower": "english"} in languages


def test_quality_definitions_are_edited_one_by_one_and_in_bulk(storage_client: TestClient) -> None:
    definitions = storage_client.get("/api/v3/qualitydefinition").json()
    one = {**definitions[5], "minSize": 2.5, "preferredSize": 50, "maxSize": 80}
    response = storage_client.put(f"/api/v3/qualitydefinition/{one['id']}", json=one)
    assert response.status_code == 202, response.text
    assert_matches("QualityDefinitionResource", response.json())

    bulk = [{**d, "maxSize": 150} for d in definitions[:3]]
    response = storage_client.put("/api/v3/qualitydefinition/update", json=bulk)
    assert response.status_code == 202, response.text
    after = {d["id"]: d for d in storage_client.get("/api/v3/qualitydefinition").json()}
    assert all(after[d["id"]]["maxSize"] == 150 for d in bulk)
    assert after[one["id"]]["minSize"] == 2.5


def test_custom_formats_are_stored_and_served_in_radarrs_shape(storage_client: TestClient) -> None:
    schema = storage_client.get("/api/v3/customformat/schema").json()
    assert {s["implementation"] for s in schema} == {
        "ReleaseTitleSpecification", "ReleaseGroupSpecification", "EditionSpecification",
        "LanguageSpecification", "IndexerFlagSpecification", "SourceSpecification",
        "ResolutionSpecification", "QualityModifierSpecification", "SizeSpecification", "YearSpecification",
    }  # fmt: skip
    body = {
        "name": "x265 (HD)",
        "includeCustomFormatWhenRenaming": False,
        "specifications": [
            {
                "name": "x265",
                "implementation": "ReleaseTitleSpecification",
                "negate": False,
                "required": True,
                "fields": [{"name": "value", "value": r"[xh][ ._-]?265|\bHEVC(\b|\d)"}],
            },
            {
                "name": "Not 2160p",
                "implementation": "ResolutionSpecification",
                "negate": True,
                "required": True,
                "fields": [{"name": "value", "value": 2160}],
            },
        ],
    }
    created = storage_client.post("/api/v3/customformat", json=body)
    assert created.status_code == 201, created.text
    assert_matches("CustomFormatResource", created.json())
    specs = created.json()["specifications"]
    assert [s["fields"][0]["value"] for s in specs] == [r"[xh][ ._-]?265|\bHEVC(\b|\d)", 2160]
    assert [s["negate"] for s in specs] == [False, True]

    profile = storage_client.get("/api/v3/qualityprofile/1").json()
    assert {"format": created.json()["id"], "name": "x265 (HD)", "score": 0} in profile["formatItems"]
