"""The folder browser (Radarr's and Bazarr's path pickers) and the app's own log files."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi.testclient import TestClient

from contract import assert_matches
from reelarr.api import filesystem


def test_the_browser_lists_sub_folders_and_files_only_when_asked(client: TestClient, tmp_path: Path) -> None:
    tmp_path = tmp_path / "browse"
    tmp_path.mkdir()
    (tmp_path / "Movies").mkdir()
    (tmp_path / "Downloads").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "notes.txt").write_text("x")

    listing = client.get("/api/v3/filesystem", params={"path": f"{tmp_path}/"}).json()
    assert [d["name"] for d in listing["directories"]] == ["Downloads", "Movies"]
    assert listing["directories"][1] == {
        "type": "folder",
        "name": "Movies",
        "path": f"{tmp_path}/Movies/",
        "lastModified": listing["directories"][1]["lastModified"],
    }
    assert listing["files"] == [] and listing["parent"] == f"{tmp_path.parent}/"

    with_files = client.get(
        "/api/v3/filesystem", params={"path": f"{tmp_path}/", "includeFiles": True}
    ).json()
    assert [(f["name"], f["size"]) for f in with_files["files"]] == [("notes.txt", 1)]

    # Typing "…/Mo" lists the folder being typed in, as Radarr's picker expects.
    typing = client.get("/api/v3/filesystem", params={"path": f"{tmp_path}/Mo"}).json()
    assert [d["name"] for d in typing["directories"]] == ["Downloads", "Movies"]
    exact = client.get(
        "/api/v3/filesystem",
        params={"path": f"{tmp_path}/Movies", "allowFoldersWithoutTrailingSlashes": True},
    ).json()
    assert exact["directories"] == [] and exact["parent"] == f"{tmp_path}/"

    root = client.get("/api/v3/filesystem").json()
    assert root["parent"] is None and any(d["path"] == "/tmp/" for d in root["directories"])


def test_the_browser_answers_bad_paths_with_a_400_and_missing_ones_empty(
    client: TestClient, tmp_path: Path
) -> None:
    assert client.get("/api/v3/filesystem", params={"path": "relative/path"}).status_code == 400
    assert client.get("/api/v3/filesystem", params={"path": "/a\x00b/"}).status_code == 400
    assert client.get("/api/v3/filesystem", params={"path": "/" + "a" * 5000}).status_code == 400
    missing = client.get("/api/v3/filesystem", params={"path": f"{tmp_path}/nowhere/"}).json()
    assert missing["directories"] == [] and missing["files"] == []


def test_a_huge_folder_is_listed_up_to_the_bound(client: TestClient, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(filesystem, "MAX_ENTRIES", 3)
    for name in "abcdef":
        (tmp_path / name).mkdir()
    listing = client.get("/api/v3/filesystem", params={"path": f"{tmp_path}/"}).json()
    assert len(listing["directories"]) == 3


def test_type_and_media_files_as_bazarr_calls_them(client: TestClient, tmp_path: Path) -> None:
    movie = tmp_path / "Movie (2020)"
    (movie / "Featurettes").mkdir(parents=True)
    (movie / "Movie (2020).mkv").write_bytes(b"x")
    (movie / "Featurettes" / "Making of.mp4").write_bytes(b"x")
    (movie / "Movie (2020).srt").write_text("x")

    assert client.get("/api/v3/filesystem/type", params={"path": str(movie / "Movie (2020).mkv")}).json() == {
        "type": "file"
    }
    assert client.get("/api/v3/filesystem/type", params={"path": str(movie)}).json() == {"type": "folder"}
    files = client.get("/api/v3/filesystem/mediafiles", params={"path": str(movie)}).json()
    assert files == [
        {"path": str(movie / "Movie (2020).mkv"), "relativePath": "Movie (2020).mkv", "name": "Movie (2020)"},
        {
            "path": str(movie / "Featurettes" / "Making of.mp4"),
            "relativePath": "Featurettes/Making of.mp4",
            "name": "Making of",
        },
    ]
    assert client.get("/api/v3/filesystem/mediafiles", params={"path": str(tmp_path / "none")}).json() == []


def test_log_files_are_listed_and_downloaded_by_name_only(client: TestClient, data_dir: Path) -> None:
    logging.getLogger("reelarr.test").warning("a line for the log file")
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = client.get("/api/v3/log/file").json()
    assert_matches("LogFileResource", files, many=True)
    assert files[0]["filename"] == "reelarr.txt"
    contents = client.get(files[0]["contentsUrl"])
    assert contents.status_code == 200 and "a line for the log file" in contents.text
    (data_dir / "secret.txt").write_text("not a log")
    for name in ("..%2Fsecret.txt", "../secret.txt", "secret.txt", "%2Fetc%2Fpasswd"):
        assert client.get(f"/api/v3/log/file/{name}").status_code == 404, name
    assert client.get("/api/v3/log/file/update").json() == []
    assert client.get("/api/v3/log/file/update/reelarr.txt").status_code == 404


def test_updates_localization_and_routes_tell_the_truth(client: TestClient) -> None:
    assert client.get("/api/v3/update").json() == []
    status = client.get("/api/v3/system/status").json()
    assert_matches("SystemResource", status)
    assert status["packageUpdateMechanism"] == "external"
    assert "does not update itself" in status["packageUpdateMechanismMessage"]
    assert client.get("/api/v3/localization").json() == {"Strings": {}}
    assert client.get("/api/v3/localization/language").json() == {"identifier": "en"}
    routes = client.get("/api/v3/system/routes").json()
    assert {"method": "GET", "path": "/api/v3/movie/{movie_id}"} in routes
    assert client.get("/api/v3/system/routes/duplicate").json() == []


def test_shutdown_says_so_when_the_process_is_not_reelarr_serve(client: TestClient) -> None:
    response = client.post("/api/v3/system/shutdown")
    assert response.status_code == 400 and "reelarr serve" in response.json()[0]["errorMessage"]


def test_custom_format_bulk_and_quality_limits_are_not_taken_for_ids(client: TestClient) -> None:
    spec = {
        "implementation": "ReleaseTitleSpecification",
        "name": "x",
        "fields": [{"name": "value", "value": "x"}],
    }
    ids = [
        client.post("/api/v3/customformat", json={"name": name, "specifications": [spec]}).json()["id"]
        for name in ("One", "Two", "Three")
    ]
    edited = client.put(
        "/api/v3/customformat/bulk", json={"ids": ids[:2], "includeCustomFormatWhenRenaming": True}
    )
    assert edited.status_code == 202, edited.text
    assert [f["includeCustomFormatWhenRenaming"] for f in client.get("/api/v3/customformat").json()] == [
        True,
        True,
        False,
    ]
    assert client.request("DELETE", "/api/v3/customformat/bulk", json={"ids": ids[:2]}).status_code == 200
    assert [f["id"] for f in client.get("/api/v3/customformat").json()] == ids[2:]

    limits = client.get("/api/v3/qualitydefinition/limits").json()
    assert_matches("QualityDefinitionLimitsResource", limits)
    assert limits == {"min": 0, "max": 2000}
    definition = client.get("/api/v3/qualitydefinition").json()[0]
    assert client.put("/api/v3/qualitydefinition", json={**definition, "maxSize": 2001}).status_code == 400
