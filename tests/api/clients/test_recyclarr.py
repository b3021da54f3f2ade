"""Recyclarr's calls, made as Recyclarr makes them (``src/Recyclarr.Core/ServarrApi/**``).

Recyclarr sends ``X-Api-Key`` and all-lowercase paths. It reads a resource, changes what its
TRaSH-guide config says, and sends the whole resource back, unknown fields included (its DTOs
keep them as ``ExtraJson``), so every answer must be accepted again as a request. Updates go to
``PUT /customformat/{id}``, ``PUT /qualityprofile/{id}`` and ``PUT /config/mediamanagement/{id}``,
but ``PUT /config/naming`` without an id; quality sizes go in bulk to
``PUT /qualitydefinition/update``, whose answer it reads as the list of definitions, with
``maxSize``/``preferredSize`` null for "unlimited".

| clients.md row | test |
|---|---|
| 1 ``GET /system/status`` | ``test_recyclarr_checks_the_version_and_reads_languages`` |
| 36 ``GET /language`` | ``test_recyclarr_checks_the_version_and_reads_languages`` |
| 17 ``GET /customformat`` | ``test_recyclarr_creates_changes_and_deletes_a_custom_format`` |
| 18 CRUD ``/customformat`` | ``test_recyclarr_creates_changes_and_deletes_a_custom_format`` |
| 24 ``GET /qualityprofile/schema`` | ``test_recyclarr_creates_and_updates_a_quality_profile`` |
| 4 ``GET /qualityprofile`` | ``test_recyclarr_creates_and_updates_a_quality_profile`` |
| 16 ``POST``/``PUT {id} /qualityprofile`` | ``test_recyclarr_creates_and_updates_a_quality_profile`` |
| 15 ``GET /qualitydefinition`` | ``test_recyclarr_sets_quality_sizes_in_bulk`` |
| 19 ``PUT /qualitydefinition/update`` | ``test_recyclarr_sets_quality_sizes_in_bulk`` |
| 35 ``GET``/``PUT /config/mediamanagement`` | ``test_recyclarr_round_trips_media_management_and_naming`` |
| 20 ``GET``/``PUT /config/naming`` | ``test_recyclarr_round_trips_media_management_and_naming`` |
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

X265 = r"[xh][ ._-]?265|\bHEVC(\b|\d)"


def _custom_format(name: str, pattern: str) -> dict[str, Any]:
    """A custom format as Recyclarr sends one from a TRaSH guide's JSON."""
    return {
        "name": name,
        "includeCustomFormatWhenRenaming": False,
        "specifications": [
            {
                "name": "x265",
                "implementation": "ReleaseTitleSpecification",
                "negate": False,
                "required": True,
                "fields": [{"name": "value", "value": pattern}],
            },
            {
                "name": "Not 2160p",
                "implementation": "ResolutionSpecification",
                "negate": True,
                "required": False,
                "fields": [{"name": "value", "value": 2160}],
            },
        ],
    }


def test_recyclarr_checks_the_version_and_reads_languages(client: TestClient) -> None:
    version = client.get("/api/v3/system/status").json()["version"]
    assert all(part.isdigit() for part in version.split(".")) and int(version.split(".")[0]) >= 5
    languages = client.get("/api/v3/language").json()
    assert {"id": 1, "name": "English"} in [{"id": lang["id"], "name": lang["name"]} for lang in languages]
    assert {"id": -1, "name": "Any"} in [{"id": lang["id"], "name": lang["name"]} for lang in languages]


def test_recyclarr_creates_changes_and_deletes_a_custom_format(client: TestClient) -> None:
    assert client.get("/api/v3/customformat").json() == []
    created = client.post("/api/v3/customformat", json=_custom_format("x265 (HD)", X265))
    assert created.status_code == 201, created.text
    cf = created.json()
    assert isinstance(cf["id"], int) and cf["name"] == "x265 (HD)"
    assert [(s["name"], s["negate"], s["required"]) for s in cf["specifications"]] == [
        ("x265", False, True),
        ("Not 2160p", True, False),
    ]
    assert [s["fields"][0]["value"] for s in cf["specifications"]] == [X265, 2160]

    # The guide changed: the whole resource goes back, with Recyclarr's change.
    cf["specifications"][0]["fields"][0]["value"] = r"\bx265\b"
    cf["includeCustomFormatWhenRenaming"] = True
    updated = client.put(f"/api/v3/customformat/{cf['id']}", json=cf)
    assert updated.status_code == 202, updated.text
    [stored] = client.get("/api/v3/customformat").json()
    assert stored["includeCustomFormatWhenRenaming"] is True
    assert stored["specifications"][0]["fields"][0]["value"] == r"\bx265\b"

    assert client.delete(f"/api/v3/customformat/{cf['id']}").status_code == 200
    assert client.get("/api/v3/customformat").json() == []


def test_recyclarr_creates_and_updates_a_quality_profile(client: TestClient) -> None:
    cf = client.post("/api/v3/customformat", json=_custom_format("x265 (HD)", X265)).json()
    schema = client.get("/api/v3/qualityprofile/schema").json()
    assert {"format": cf["id"], "name": "x265 (HD)", "score": 0} in schema["formatItems"]
    qualities = {i["quality"]["name"]: i for i in schema["items"] if i.get("quality")}
    bluray = [qualities["Remux-1080p"], qualities["Bluray-1080p"]]
    # Recyclarr groups qualities the guide lists together under a new id past Radarr's groups.
    group_id = 1 + max(i["id"] for i in schema["items"] if i.get("items"))
    assert group_id > 1000
    group = {"id": group_id, "name": "Bluray 1080p", "allowed": True, "items": bluray}
    items = [{**i, "allowed": i.get("name") == "WEB 1080p"} for i in schema["items"] if i not in bluray]
    items.append(group)
    body = {
        **schema,
        "name": "HD Bluray + WEB",
        "upgradeAllowed": True,
        "cutoff": group_id,
        "minFormatScore": 0,
        "cutoffFormatScore": 10000,
        "minUpgradeFormatScore": 1,
        "items": items,
        "formatItems": [{"format": cf["id"], "name": "x265 (HD)", "score": -10000}],
        "language": {"id": 1, "name": "English"},
    }
    created = client.post("/api/v3/qualityprofile", json=body)
    assert created.status_code == 201, created.text
    profile = created.json()
    assert isinstance(profile["id"], int)
    assert profile["cutoff"] == group_id
    assert (profile["cutoffFormatScore"], profile["minUpgradeFormatScore"]) == (10000, 1)
    assert profile["language"] == {"id": 1, "name": "English"}
    [stored_group] = [i for i in profile["items"] if i.get("id") == group_id]
    assert stored_group["name"] == "Bluray 1080p" and stored_group["allowed"] is True
    assert [q["quality"]["name"] for q in stored_group["items"]] == ["Remux-1080p", "Bluray-1080p"]
    [web] = [i for i in profile["items"] if i.get("name") == "WEB 1080p"]
    assert web["allowed"] is True
    assert profile["formatItems"] == [{"format": cf["id"], "name": "x265 (HD)", "score": -10000}]

    # The next sync finds it by name and sends it back with new scores.
    [listed] = [p for p in client.get("/api/v3/qualityprofile").json() if p["name"] == "HD Bluray + WEB"]
    assert listed == profile
    listed["formatItems"][0]["score"] = -500
    listed["minFormatScore"] = -1000
    updated = client.put(f"/api/v3/qualityprofile/{listed['id']}", json=listed)
    assert updated.status_code == 202, updated.text
    again = client.get(f"/api/v3/qualityprofile/{listed['id']}").json()
    assert (again["formatItems"][0]["score"], again["minFormatScore"]) == (-500, -1000)
    assert again["items"] == profile["items"]


def test_recyclarr_sets_quality_sizes_in_bulk(client: TestClient) -> None:
    definitions = {d["quality"]["name"]: d for d in client.get("/api/v3/qualitydefinition").json()}
    for name, definition in definitions.items():
        assert (definition["title"], definition["quality"]["name"]) == (name, name)
        assert isinstance(definition["weight"], int) and isinstance(definition["quality"]["resolution"], int)
    changed = [
        {**definitions["Bluray-1080p"], "minSize": 50.8, "preferredSize": 399, "maxSize": 400},
        {**definitions["Remux-2160p"], "minSize": 187.4, "preferredSize": None, "maxSize": None},
    ]
    response = client.put("/api/v3/qualitydefinition/update", json=changed)
    assert response.status_code == 202, response.text
    answered = {d["quality"]["name"]: d for d in response.json()}
    assert set(answered) >= {"Bluray-1080p", "Remux-2160p"}
    after = {d["quality"]["name"]: d for d in client.get("/api/v3/qualitydefinition").json()}
    for name in ("Bluray-1080p", "Remux-2160p"):
        for size in ("minSize", "preferredSize", "maxSize"):
            assert after[name][size] == answered[name][size], (name, size)
    assert (after["Bluray-1080p"]["minSize"], after["Bluray-1080p"]["maxSize"]) == (50.8, 400)
    assert (after["Remux-2160p"]["preferredSize"], after["Remux-2160p"]["maxSize"]) == (None, None)
    assert after["WEBDL-1080p"] == definitions["WEBDL-1080p"], "untouched"


def test_recyclarr_round_trips_media_management_and_naming(client: TestClient) -> None:
    media = client.get("/api/v3/config/mediamanagement").json()
    media.update(downloadPropersAndRepacks="doNotPrefer", copyUsingHardlinks=True)
    saved = client.put(f"/api/v3/config/mediamanagement/{media['id']}", json=media)
    assert saved.status_code == 202, saved.text
    assert client.get("/api/v3/config/mediamanagement").json() == media

    naming = client.get("/api/v3/config/naming").json()
    naming.update(
        renameMovies=True,
        standardMovieFormat="{Movie CleanTitle} {(Release Year)} {imdb-{ImdbId}} {edition-{Edition Tags}} "
        "{[Custom Formats]}{[Quality Full]}{[MediaInfo 3D]}{[MediaInfo VideoDynamicRangeType]}"
        "{[Mediainfo AudioCodec}{ Mediainfo AudioChannels]}{[MediaInfo VideoCodec]}{-Release Group}",
        movieFolderFormat="{Movie CleanTitle} ({Release Year}) {imdb-{ImdbId}}",
    )
    saved = client.put("/api/v3/config/naming", json=naming)
    assert saved.status_code == 202, saved.text
    assert client.get("/api/v3/config/naming").json() == naming
