"""Delay and release profiles through the API with Radarr's rules; the wanted lists, paged."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from search_steps import add_movie, give_file


def _tag(client: TestClient, label: str) -> int:
    return int(client.post("/api/v3/tag", json={"label": label}).json()["id"])


def test_delay_profiles_need_unique_tags_keep_the_default_last_and_reorder(client: TestClient) -> None:
    [default] = client.get("/api/v3/delayprofile").json()
    assert default["order"] == 2147483647 and default["tags"] == []
    hd, kids = _tag(client, "hd"), _tag(client, "kids")
    untagged = client.post("/api/v3/delayprofile", json={"usenetDelay": 60})
    assert untagged.status_code == 400
    assert untagged.json()[0]["errorMessage"] == "Non-default profiles require at least one tag"
    first = client.post("/api/v3/delayprofile", json={"usenetDelay": 60, "tags": [hd]}).json()
    clash = client.post("/api/v3/delayprofile", json={"torrentDelay": 30, "tags": [hd, kids]})
    assert clash.json()[0]["errorMessage"] == "One or more tags is used in another profile"
    second = client.post("/api/v3/delayprofile", json={"torrentDelay": 30, "tags": [kids]}).json()
    assert [p["id"] for p in client.get("/api/v3/delayprofile").json()] == [first["id"], second["id"], 1]
    reordered = client.put(f"/api/v3/delayprofile/reorder/{second['id']}").json()
    assert [p["id"] for p in reordered] == [second["id"], first["id"], 1]
    assert client.delete("/api/v3/delayprofile/1").status_code == 400
    assert client.delete(f"/api/v3/delayprofile/{second['id']}").status_code == 200
    assert [(p["id"], p["order"]) for p in client.get("/api/v3/delayprofile").json()] == [
        (first["id"], 1),
        (1, 2147483647),
    ]
    neither = client.put(
        "/api/v3/delayprofile/1", json={**default, "enableUsenet": False, "enableTorrent": False}
    )
    assert neither.json()[0]["errorMessage"] == "Either Usenet or Torrent should be enabled"


def test_release_profiles_take_lists_or_comma_separated_terms_and_need_one(client: TestClient) -> None:
    empty = client.post("/api/v3/releaseprofile", json={"name": "nothing"})
    assert empty.status_code == 400
    created = client.post(
        "/api/v3/releaseprofile",
        json={"name": "x264 only", "required": "x264, /h\\.?264/", "ignored": ["CAM"]},
    ).json()
    assert created["required"] == ["x264", "/h\\.?264/"] and created["ignored"] == ["CAM"]
    updated = client.put("/api/v3/releaseprofile", json={**created, "enabled": False}).json()
    assert updated["enabled"] is False
    assert client.get(f"/api/v3/releaseprofile/{created['id']}").json() == updated
    assert client.delete(f"/api/v3/releaseprofile/{created['id']}").status_code == 200
    assert client.get("/api/v3/releaseprofile").json() == []


def test_wanted_lists_missing_and_cutoff_unmet_movies_paged(client: TestClient, movies_root: Path) -> None:
    root = str(movies_root)
    matrix = add_movie(client, root, "The Matrix", 1999, 603)
    heat = add_movie(client, root, "Heat", 1995, 949)
    alien = add_movie(client, root, "Alien", 1979, 348)
    add_movie(client, root, "Inception", 2010, 27205, monitored=False)
    give_file(client, heat, "Heat.1995.1080p.BluRay.x264-GRP")
    give_file(client, alien, "Alien.1979.1080p.WEB-DL.DDP5.1.H264-NTb")

    missing = client.get(
        "/api/v3/wanted/missing", params={"pageSize": 1, "sortKey": "movieMetadata.year"}
    ).json()
    assert (missing["totalRecords"], missing["sortKey"], missing["page"]) == (1, "movieMetadata.year", 1)
    assert [m["id"] for m in missing["records"]] == [matrix]
    everything = client.get("/api/v3/wanted/missing", params={"monitored": "false"}).json()
    assert [m["title"] for m in everything["records"]] == ["Inception"]

    cutoff = client.get("/api/v3/wanted/cutoff").json()
    assert [(m["title"], m["hasFile"]) for m in cutoff["records"]] == [("Alien", True)]
    assert cutoff["records"][0]["movieFile"]["quality"]["quality"]["name"] == "WEBDL-1080p"
