"""Importing from a running Radarr through its API v3 (a local stand-in), compared through Reelarr's API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import radarr_api
from fastapi.testclient import TestClient
from radarr_db import API_KEY

from local_server import free_port, serving


@pytest.fixture
def radarr() -> Iterator[tuple[str, radarr_api.Library]]:
    data = radarr_api.library()
    with serving(radarr_api.app(data)) as url:
        yield url, data


def test_a_running_radarr_comes_across_through_its_api(
    radarr: tuple[str, radarr_api.Library],
    data_dir: Path,
    import_radarr: Callable[..., int],
    imported_client: Callable[[], TestClient],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, library = radarr
    assert import_radarr("--url", url, "--api-key", API_KEY) == 0
    printed = capsys.readouterr().out
    assert f"Radarr data from {url} (Radarr 5.14.0.9383, API v3)" in printed
    assert "movies: 48 new, 0 updated" in printed
    assert f"movie files: {len(library.files)} new, 0 updated" in printed
    assert "history: 2300 new" in printed
    assert "download client 'qBit': Radarr's API hides password; re-enter them" in printed
    assert "indexer 'NZBgeek': Radarr's API hides apiKey; re-enter them" in printed
    assert "set up Reelarr's login yourself" in printed
    # History came in three pages of 1000, oldest first.
    assert sum(r.startswith("history?") for r in library.requests) == 3

    client = imported_client()
    assert client.headers["X-Api-Key"] == API_KEY  # Radarr's key, from config/host

    movies = {m["tmdbId"]: m for m in client.get("/api/v3/movie").json()}
    assert len(movies) == 48
    profiles = {p["id"]: p for p in client.get("/api/v3/qualityprofile").json()}
    tags = {t["id"]: t["label"] for t in client.get("/api/v3/tag").json()}
    radarr_profiles = {p["id"]: p["name"] for p in library.resources["qualityprofile"]}
    for source in library.resources["movie"]:
        movie = movies[source["tmdbId"]]
        for name in ("imdbId", "title", "year", "runtime", "certification", "genres", "studio", "path"):
            assert movie[name] == source[name], name
        assert movie["monitored"] == source["monitored"]
        assert movie["minimumAvailability"] == source["minimumAvailability"]
        assert movie["ratings"]["imdb"]["votes"] == source["ratings"]["imdb"]["votes"]
        assert profiles[movie["qualityProfileId"]]["name"] == radarr_profiles[source["qualityProfileId"]]
        assert [tags[t] for t in movie["tags"]] == ["kids"] * len(source["tags"])
        assert [t["title"] for t in movie["alternateTitles"]] == [
            t["title"] for t in source["alternateTitles"]
        ]
        assert movie["hasFile"] == source["hasFile"]

    files = {
        f["movieId"]: f
        for f in client.get("/api/v3/moviefile", params={"movieId": list(movies_ids(movies))}).json()
    }
    reelarr_ids = {m["tmdbId"]: m["id"] for m in movies.values()}
    for number, source_file in library.files.items():
        imported = files[reelarr_ids[10000 + number]]
        for name in ("relativePath", "size", "sceneName", "releaseGroup", "originalFilePath"):
            assert imported[name] == source_file[name], name
        assert imported["quality"]["quality"]["id"] == source_file["quality"]["quality"]["id"]
        assert imported["quality"]["revision"]["version"] == source_file["quality"]["revision"]["version"]
        assert imported["mediaInfo"]["audioCodec"] == "DTS-HD MA"
        assert imported["mediaInfo"]["resolution"] == source_file["mediaInfo"]["resolution"]

    by_name = {p["name"]: p for p in profiles.values()}
    formats = {f["id"]: f["name"] for f in client.get("/api/v3/customformat").json()}
    for source_profile in library.resources["qualityprofile"]:
        profile = by_name[source_profile["name"]]
        assert profile["cutoff"] == source_profile["cutoff"]
        assert profile["minFormatScore"] == source_profile["minFormatScore"]
        assert {formats[i["format"]]: i["score"] for i in profile["formatItems"]} == {
            i["name"]: i["score"] for i in source_profile["formatItems"]
        }
    custom = {f["name"]: f for f in client.get("/api/v3/customformat").json()}
    assert [s["implementation"] for s in custom["Remux Tier"]["specifications"]] == [
        "ReleaseGroupSpecification",
        "ResolutionSpecification",
    ]
    assert custom["Remux Tier"]["specifications"][1]["negate"] is True

    clients = {c["name"]: c for c in client.get("/api/v3/downloadclient").json()}
    qbit = {f["name"]: f.get("value") for f in clients["qBit"]["fields"]}
    assert qbit["host"] == "qbit.lan" and qbit["username"] == "admin"
    assert qbit["password"] in ("", None)  # masked by Radarr: left to re-enter, not set to the mask
    indexers = {i["name"]: i for i in client.get("/api/v3/indexer").json()}
    torznab = {f["name"]: f.get("value") for f in indexers["Tracker"]["fields"]}
    assert torznab["seedCriteria.seedRatio"] == 1.5

    history = client.get("/api/v3/history", params={"pageSize": 10, "page": 1}).json()
    assert history["totalRecords"] == 2300
    assert client.get("/api/v3/blocklist").json()["totalRecords"] == 30
    naming = client.get("/api/v3/config/naming").json()
    assert naming["colonReplacementFormat"] == "dash"
    assert naming["standardMovieFormat"] == "{Movie Title} ({Release Year}) {Quality Full}"
    assert client.get("/api/v3/config/indexer").json()["minimumAge"] == 30

    # A second run updates and never duplicates.
    assert import_radarr("--url", url, "--api-key", API_KEY) == 0
    assert "movies: 0 new, 48 updated" in capsys.readouterr().out
    assert len(imported_client().get("/api/v3/movie").json()) == 48


def movies_ids(movies: dict[int, dict[str, object]]) -> Iterator[object]:
    return (m["id"] for m in movies.values())


def command_errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The command's own lines on stderr; a logging handler an earlier app in this worker left on
    a closed stream may add its complaint, which is no part of what the command prints."""
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("reelarr:")]


def test_a_wrong_api_key_is_one_line_and_exit_code_2(
    radarr: tuple[str, radarr_api.Library],
    import_radarr: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _ = radarr
    assert import_radarr("--url", url, "--api-key", "not-the-key") == 2
    assert command_errors(capsys) == [
        f"reelarr: Radarr at {url} rejected the API key (Settings > General in Radarr)"
    ]


def test_an_unreachable_radarr_is_one_line_and_exit_code_2(
    import_radarr: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert import_radarr("--url", url, "--api-key", API_KEY) == 2
    [error] = command_errors(capsys)
    assert error.startswith(f"reelarr: cannot reach Radarr at {url}: ")
