"""A custom script runs with Radarr's environment variables, for every event it supports."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from notification_support import (
    BLURAY_1080P,
    MESSAGES,
    add_movie,
    add_notification,
    deliver,
    publish,
    record_grab,
    record_import,
    supported_events,
)

from reelarr.events import MovieImported


def script_writing_env(tmp_path: Path, exit_code: int = 0) -> tuple[Path, Path]:
    """A shell script that appends its environment to a file, one call per block."""
    out = tmp_path / "env.txt"
    script = tmp_path / "notify.sh"
    script.write_text(
        f'#!/bin/sh\nenv >> "{out}"\necho "---" >> "{out}"\necho "oops from the script"\nexit {exit_code}\n'
    )
    script.chmod(0o755)
    return script, out


def calls(out: Path, count: int) -> list[dict[str, str]]:
    deadline = time.monotonic() + 10
    while True:
        blocks = out.read_text().split("---\n") if out.exists() else []
        found = [
            dict(line.split("=", 1) for line in b.splitlines() if "=" in line) for b in blocks if b.strip()
        ]
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, f"expected {count} script runs, got {len(found)}"
        time.sleep(0.02)


def test_saving_runs_the_script_with_the_test_event(client: TestClient, tmp_path: Path) -> None:
    script, out = script_writing_env(tmp_path)
    add_notification(client, "CustomScript", {"path": str(script)}, onDownload=True)
    (test,) = calls(out, 1)
    assert test["radarr_eventtype"] == "Test"
    assert not any(key.startswith("radarr_movie") for key in test)


def test_an_import_runs_the_script_with_radarrs_download_variables(
    client: TestClient, tmp_path: Path, movies_root: Path
) -> None:
    script, out = script_writing_env(tmp_path)
    add_notification(client, "CustomScript", {"path": str(script)}, onDownload=True)
    movie_id = add_movie(client, str(movies_root))
    record_grab(client, movie_id, "abc123", "The.Matrix.1999.1080p.BluRay.x264-GROUP", BLURAY_1080P)
    file_id = record_import(client, movie_id, "abc123", "The Matrix (1999) Bluray-1080p.mkv", BLURAY_1080P)
    publish(client, MovieImported(movie_id, file_id))
    env = calls(out, 2)[1]
    folder = f"{movies_root}/The Matrix (1999)"
    assert env["radarr_eventtype"] == "Download"
    assert env["radarr_isupgrade"] == "False"
    assert env["radarr_movie_id"] == str(movie_id)
    assert env["radarr_movie_title"] == "The Matrix"
    assert env["radarr_movie_year"] == "1999"
    assert env["radarr_movie_path"] == folder
    assert env["radarr_movie_imdbid"] == "tt0133093"
    assert env["radarr_movie_tmdbid"] == "603"
    assert env["radarr_moviefile_id"] == str(file_id)
    assert env["radarr_moviefile_relativepath"] == "The Matrix (1999) Bluray-1080p.mkv"
    assert env["radarr_moviefile_path"] == f"{folder}/The Matrix (1999) Bluray-1080p.mkv"
    assert env["radarr_moviefile_quality"] == "Bluray-1080p"
    assert env["radarr_moviefile_sourcepath"] == "/downloads/The Matrix (1999) Bluray-1080p.mkv"
    assert env["radarr_release_title"] == "The.Matrix.1999.1080p.BluRay.x264-GROUP"
    assert env["radarr_release_indexer"] == "Local Torznab"
    assert env["radarr_release_size"] == "1460000000"
    assert env["radarr_download_client"] == "qBittorrent (movies)"
    assert env["radarr_download_id"] == "abc123"


def test_a_script_that_fails_the_test_shows_its_exit_code_and_output(
    client: TestClient, tmp_path: Path
) -> None:
    script, _ = script_writing_env(tmp_path, exit_code=3)
    response = client.post(
        "/api/v3/notification/test",
        json={
            "name": "Script",
            "implementation": "CustomScript",
            "fields": [{"name": "path", "value": str(script)}],
        },
    )
    assert response.status_code == 400
    (problem,) = response.json()
    assert problem["propertyName"] == "path"
    assert problem["errorMessage"] == "notify.sh exited with code 3: oops from the script"


def test_a_script_that_is_not_executable_is_refused_with_the_fix(client: TestClient, tmp_path: Path) -> None:
    script, _ = script_writing_env(tmp_path)
    script.chmod(0o644)
    response = client.post(
        "/api/v3/notification/test",
        json={
            "name": "Script",
            "implementation": "CustomScript",
            "fields": [{"name": "path", "value": str(script)}],
        },
    )
    assert response.status_code == 400
    assert "is not executable (chmod +x it)" in response.json()[0]["errorMessage"]


# What Radarr's CustomScript sets for each event (its ``Radarr_*`` names, lower-cased by the
# shell's view of them here), beyond the movie's own variables; enums as C#'s ``ToString()``.
FILE_VARIABLES = {
    "radarr_moviefile_id": "5",
    "radarr_moviefile_relativepath": "The Matrix (1999).mkv",
    "radarr_moviefile_path": "/movies/The Matrix (1999)/The Matrix (1999).mkv",
    "radarr_moviefile_quality": "Bluray-1080p",
    "radarr_moviefile_qualityversion": "2",
    "radarr_moviefile_releasegroup": "GROUP",
    "radarr_moviefile_scenename": "The.Matrix.1999.1080p.BluRay.x264-GROUP",
    "radarr_moviefile_size": "1460000000",
}
SCRIPT_VARIABLES: dict[str, dict[str, str]] = {
    "onGrab": {
        "radarr_eventtype": "Grab",
        "radarr_release_title": "The.Matrix.1999.1080p.BluRay.x264-GROUP",
        "radarr_release_indexer": "Local Torznab",
        "radarr_release_size": "1460000000",
        "radarr_release_quality": "Bluray-1080p",
        "radarr_release_releasegroup": "GROUP",
        "radarr_release_customformat": "x264",
        "radarr_release_customformatscore": "10",
    },
    "onDownload": {"radarr_eventtype": "Download", "radarr_isupgrade": "False", **FILE_VARIABLES},
    "onUpgrade": {"radarr_eventtype": "Download", "radarr_isupgrade": "True", **FILE_VARIABLES},
    "onRename": {
        "radarr_eventtype": "Rename",
        "radarr_moviefile_ids": "5",
        "radarr_moviefile_relativepaths": "The Matrix (1999).mkv",
        "radarr_moviefile_paths": "/movies/The Matrix (1999)/The Matrix (1999).mkv",
        "radarr_moviefile_previousrelativepaths": "matrix.mkv",
        "radarr_moviefile_previouspaths": "/movies/The Matrix (1999)/matrix.mkv",
    },
    "onMovieAdded": {"radarr_eventtype": "MovieAdded", "radarr_movie_addmethod": "Manual"},
    "onMovieDelete": {"radarr_eventtype": "MovieDelete", "radarr_movie_deletedfiles": "True"},
    "onMovieFileDelete": {
        "radarr_eventtype": "MovieFileDelete",
        "radarr_moviefile_deletereason": "Manual",
        **FILE_VARIABLES,
    },
    "onMovieFileDeleteForUpgrade": {
        "radarr_eventtype": "MovieFileDelete",
        "radarr_moviefile_deletereason": "Upgrade",
        **FILE_VARIABLES,
    },
    "onHealthIssue": {
        "radarr_eventtype": "HealthIssue",
        "radarr_health_issue_level": "Warning",
        "radarr_health_issue_message": "Indexers unavailable due to failures: Local Torznab",
        "radarr_health_issue_type": "IndexerStatusCheck",
    },
    "onHealthRestored": {
        "radarr_eventtype": "HealthRestored",
        "radarr_health_restored_level": "Warning",
        "radarr_health_restored_message": "Indexers unavailable due to failures: Local Torznab",
        "radarr_health_restored_type": "IndexerStatusCheck",
    },
    "onManualInteractionRequired": {"radarr_eventtype": "ManualInteractionRequired"},
}
MOVIE_VARIABLES = {
    "radarr_movie_id": "1",
    "radarr_movie_title": "The Matrix",
    "radarr_movie_year": "1999",
    "radarr_movie_path": "/movies/The Matrix (1999)",
    "radarr_movie_imdbid": "tt0133093",
    "radarr_movie_tmdbid": "603",
}


@pytest.mark.parametrize("event", supported_events("CustomScript"))
def test_each_event_runs_the_script_with_radarrs_variables_for_it(
    client: TestClient, tmp_path: Path, event: str
) -> None:
    script, out = script_writing_env(tmp_path)
    deliver(client, "CustomScript", {"path": str(script)}, MESSAGES[event])
    (ran,) = calls(out, 1)
    expected = SCRIPT_VARIABLES[event]
    if MESSAGES[event].movie is not None:
        expected = MOVIE_VARIABLES | expected
    assert {name: ran.get(name) for name in expected} == expected
    assert ran["radarr_instancename"] == "Reelarr"
