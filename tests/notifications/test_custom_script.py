"""A custom script runs with Radarr's environment variables."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from notification_support import (
    BLURAY_1080P,
    add_movie,
    add_notification,
    publish,
    record_grab,
    record_import,
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
