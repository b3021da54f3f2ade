"""The details Radarr's clients depend on beyond the OpenAPI document (shared/reference/clients.md)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from contract import assert_matches


def _key(client: TestClient) -> str:
    return client.headers["x-api-key"]


def test_every_api_route_needs_the_key_sent_by_header_query_or_bearer(client: TestClient) -> None:
    key = _key(client)
    del client.headers["x-api-key"]
    assert client.get("/api/v3/movie").status_code == 401
    assert client.get("/api/v3/movie", headers={"X-Api-Key": "wrong"}).status_code == 401
    assert client.get("/api/v3/movie", params={"apikey": "wrong"}).status_code == 401
    assert client.get("/api").status_code == 401
    assert client.get("/api/v3/movie", headers={"X-Api-Key": key}).status_code == 200
    assert client.get("/api/v3/movie", params={"apikey": key}).status_code == 200
    assert client.get("/api/v3/movie", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_ping_answers_without_a_key(client: TestClient) -> None:
    del client.headers["x-api-key"]
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.json() == {"status": "OK"}


def test_api_info_names_v3_for_pyarr(client: TestClient) -> None:
    assert client.get("/api").json() == {"current": "v3", "deprecated": []}


def test_the_unversioned_status_probe_is_not_json_so_bazarr_falls_back_to_v3(client: TestClient) -> None:
    response = client.get("/api/system/status")
    assert response.status_code == 404
    assert not response.headers["content-type"].startswith("application/json")


def test_paths_and_query_names_match_in_any_case(client: TestClient, movies_root: Path) -> None:
    assert client.get("/api/v3/qualityProfile").status_code == 200
    assert client.get("/api/v3/QualityProfile/1").json()["name"] == "Any"
    assert client.get("/api/v3/rootFolder").status_code == 200
    assert client.get("/api/v3/config/mediaManagement").status_code == 200
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    movie = {
        "title": "Heat",
        "year": 1995,
        "tmdbId": 949,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
    }
    client.post("/api/v3/movie", json=movie)
    assert len(client.get("/api/v3/movie?tmdbid=949").json()) == 1
    assert client.get("/api/v3/movie?TMDBID=1").json() == []
    assert client.get("/api/v3/movie", params={"APIKEY": _key(client)}).status_code == 200


def test_every_response_carries_a_version_prowlarr_accepts(client: TestClient) -> None:
    for path in ("/api/v3/system/status", "/api/v3/movie/999", "/ping", "/api/v3/nothing-here"):
        version = client.get(path).headers["x-application-version"]
        assert tuple(int(part) for part in version.split(".")[:3]) >= (4, 0, 4)


def test_put_without_an_id_in_the_path_updates_the_body_id(client: TestClient) -> None:
    tag = client.post("/api/v3/tag", json={"label": "old"}).json()
    response = client.put("/api/v3/tag", json={"id": tag["id"], "label": "new"})
    assert response.status_code == 202
    assert client.get(f"/api/v3/tag/{tag['id']}").json()["label"] == "new"


def test_status_tasks_health_disk_space_and_config_match_radarrs_schemas(client: TestClient) -> None:
    assert_matches("SystemResource", client.get("/api/v3/system/status").json())
    tasks = client.get("/api/v3/system/task").json()
    assert_matches("TaskResource", tasks, many=True)
    assert {"Backup", "Housekeeping", "CheckHealth"} <= {t["taskName"] for t in tasks}
    assert_matches("HealthResource", client.get("/api/v3/health").json(), many=True)
    assert_matches("DiskSpaceResource", client.get("/api/v3/diskspace").json(), many=True)
    assert_matches("NamingConfigResource", client.get("/api/v3/config/naming").json())
    assert_matches("MediaManagementConfigResource", client.get("/api/v3/config/mediamanagement").json())
    assert_matches("UiConfigResource", client.get("/api/v3/config/ui").json())
    assert_matches("HostConfigResource", client.get("/api/v3/config/host").json())
    log_page = client.get("/api/v3/log", params={"pageSize": 5}).json()
    assert_matches("LogResourcePagingResource", log_page)
    assert log_page["pageSize"] == 5 and log_page["totalRecords"] >= 1


def test_settings_sections_keep_what_was_saved(client: TestClient) -> None:
    naming = client.get("/api/v3/config/naming").json()
    naming.update(
        renameMovies=True,
        colonReplacementFormat="spaceDash",
        movieFolderFormat="{Movie CleanTitle} {Release Year}",
    )
    assert client.put("/api/v3/config/naming", json=naming).status_code == 202
    assert client.get("/api/v3/config/naming").json() == naming

    media = client.get("/api/v3/config/mediamanagement").json()
    assert (
        client.put("/api/v3/config/mediamanagement", json={**media, "recycleBin": "/trash"}).status_code
        == 202
    )
    assert client.get("/api/v3/config/mediamanagement").json()["recycleBin"] == "/trash"


def test_the_folder_format_names_new_movie_folders(client: TestClient, movies_root: Path) -> None:
    naming = client.get("/api/v3/config/naming").json()
    client.put(
        "/api/v3/config/naming", json={**naming, "movieFolderFormat": "{Movie.CleanTitle}.{Release Year}"}
    )
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    movie = {
        "title": "Star Wars: A New Hope",
        "year": 1977,
        "tmdbId": 11,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
    }
    created = client.post("/api/v3/movie", json=movie).json()
    assert created["folder"] == "Star.Wars.A.New.Hope.1977"


def test_host_config_never_returns_the_password_and_saves_the_api_key(
    client: TestClient, data_dir: Path
) -> None:
    host = client.get("/api/v3/config/host").json()
    host.update(
        authenticationMethod="forms",
        username="admin",
        password="correct horse",
        passwordConfirmation="correct horse",
    )
    saved = client.put("/api/v3/config/host", json=host)
    assert saved.status_code == 202, saved.text
    assert saved.json()["password"] == "********"
    assert "correct horse" not in (data_dir / "config.json").read_text()
    assert "correct horse" not in client.get("/api/v3/config/host").text

    new_key = "n" * 32
    assert client.put("/api/v3/config/host", json={**saved.json(), "apiKey": new_key}).status_code == 202
    assert client.get("/api/v3/system/status").status_code == 401
    assert client.get("/api/v3/system/status", headers={"X-Api-Key": new_key}).status_code == 200
    assert new_key in (data_dir / "config.json").read_text()


def test_overseerr_posting_an_existing_tag_label_gets_the_existing_tag(client: TestClient) -> None:
    first = client.post("/api/v3/tag", json={"label": "1 - jane"})
    assert first.status_code == 201
    again = client.post("/api/v3/tag", json={"label": "1 - Jane "})
    assert again.status_code == 201 and again.json() == first.json()
    assert client.get("/api/v3/tag").json() == [first.json()]
    assert client.post("/api/v3/tag", json={"label": "x" * 10_000_000}).status_code == 400
    assert client.get("/api/v3/tag").json() == [first.json()]
