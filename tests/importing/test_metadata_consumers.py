"""Radarr's other metadata consumers (Roksbox, WDTV, Emby (Legacy), Kometa) after a real import,
and ``/metadata/schema`` compared with Radarr's list of consumers.

The Matrix comes from the local fake TMDB, the video from ffmpeg (fixtures shared with test_nfo.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from test_nfo import import_matrix, library, matrix_id  # noqa: F401  (library is a fixture)

from fake_tmdb import JPEG

DATA = json.loads(
    (Path(__file__).parent.parent / "data" / "radarr-implementations" / "metadata.json").read_text()
)


def add_consumer(client: TestClient, implementation: str, **settings: Any) -> dict[str, Any]:
    schema = client.get("/api/v3/metadata/schema").json()
    blank = next(item for item in schema if item["implementation"] == implementation)
    fields = [{**f, "value": settings.get(f["name"], f["value"])} for f in blank["fields"]]
    response = client.post(
        "/api/v3/metadata", json={**blank, "name": implementation, "enable": True, "fields": fields}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_the_schema_offers_radarrs_consumers_with_their_names_contracts_and_fields(
    client: TestClient,
) -> None:
    schema = {item["implementation"]: item for item in client.get("/api/v3/metadata/schema").json()}
    radarr = {item["implementation"]: item for item in DATA["implementations"]}
    assert sorted(set(radarr) - set(schema)) == DATA["notYet"]
    assert set(schema) <= set(radarr), "every consumer offered is one of Radarr's"
    for name, expected in radarr.items():
        if name in DATA["notYet"]:
            continue
        offered = schema[name]
        assert offered["implementationName"] == expected["implementationName"], name
        assert offered["configContract"] == expected["configContract"], name
        assert [f["name"] for f in offered["fields"]] == [f["name"] for f in expected["fields"]], name
        hidden = {f["name"] for f in offered["fields"] if f.get("hidden") == "hidden"}
        assert hidden == {f["name"] for f in expected["fields"] if f.get("hidden")}, name


def test_an_import_writes_roksbox_wdtv_and_legacy_emby_files_as_radarr_does(
    library: TestClient,  # noqa: F811
    movies_root: Path,
    tmp_path: Path,
    media: dict[str, Path],
) -> None:
    for implementation in ("RoksboxMetadata", "WdtvMetadata", "MediaBrowserMetadata", "KometaMetadata"):
        add_consumer(library, implementation)
    import_matrix(library, tmp_path, media)

    folder = movies_root / "The Matrix (1999)"
    assert sorted(p.name for p in folder.iterdir()) == [
        "The Matrix (1999).jpg",  # Roksbox's poster: the folder's name
        "The Matrix (1999).mkv",
        "The Matrix (1999).xml",
        "folder.jpg",  # WDTV's poster
        "movie.xml",  # Emby (Legacy)
    ]
    assert (folder / "The Matrix (1999).jpg").read_bytes() == JPEG
    assert (folder / "folder.jpg").read_bytes() == JPEG
    movie = library.get(f"/api/v3/movie/{matrix_id(library)}").json()
    overview = movie["overview"]
    # Roksbox and WDTV both name their XML after the video; the last consumer's is the one kept,
    # as in Radarr, where the two cannot be on together without overwriting each other.
    assert (folder / "The Matrix (1999).xml").read_text() == (
        "<details>\n"
        f"  <id>{movie['id']}</id>\n"
        "  <title>The Matrix</title>\n"
        "  <genre>Action / Science Fiction</genre>\n"
        f"  <overview>{overview}</overview>\n"
        "</details>"
    )
    legacy = (folder / "movie.xml").read_text()
    assert legacy.startswith("<Movie>\n  <id>tt0133093</id>\n  <Status>Released</Status>\n  <Added>")
    assert legacy.endswith(
        "  <LockData>false</LockData>\n"
        f"  <Overview>{overview}</Overview>\n"
        "  <LocalTitle>The Matrix</LocalTitle>\n"
        "  <Rating>8.216</Rating>\n"
        "  <ProductionYear>1999</ProductionYear>\n"
        "  <RunningTime>1</RunningTime>\n"
        "  <IMDB>tt0133093</IMDB>\n"
        "  <Genres>\n    <Genre>Action</Genre>\n    <Genre>Science Fiction</Genre>\n  </Genres>\n"
        "</Movie>"
    )


def test_roksbox_alone_writes_its_video_file_and_respects_its_switches(
    library: TestClient,  # noqa: F811
    movies_root: Path,
    tmp_path: Path,
    media: dict[str, Path],
) -> None:
    add_consumer(library, "RoksboxMetadata", movieImages=False)
    import_matrix(library, tmp_path, media)
    folder = movies_root / "The Matrix (1999)"
    assert sorted(p.name for p in folder.iterdir()) == ["The Matrix (1999).mkv", "The Matrix (1999).xml"]
    overview = library.get(f"/api/v3/movie/{matrix_id(library)}").json()["overview"]
    assert (folder / "The Matrix (1999).xml").read_text() == (
        "<video>\n"
        "  <title>The Matrix</title>\n"
        "  <genre>Action / Science Fiction</genre>\n"
        f"  <description>{overview}</description>\n"
        "  <length>1</length>\n"
        "</video>"
    )


def test_each_consumers_radarr_settings_round_trip_unchanged(client: TestClient) -> None:
    for blank in client.get("/api/v3/metadata/schema").json():
        sent = {
            f["name"]: (not f["value"]) if isinstance(f["value"], bool) else f["value"]
            for f in blank["fields"]
        }
        tag = client.post("/api/v3/tag", json={"label": blank["implementation"].lower()}).json()["id"]
        body = {
            **blank,
            "name": blank["implementationName"],
            "enable": True,
            "tags": [tag],
            "fields": [{"name": k, "value": v} for k, v in sent.items()],
        }
        created = client.post("/api/v3/metadata", json=body)
        assert created.status_code == 201, created.text
        shown = client.get(f"/api/v3/metadata/{created.json()['id']}").json()
        assert {f["name"]: f["value"] for f in shown["fields"]} == sent, blank["implementation"]
        assert (shown["implementation"], shown["configContract"], shown["enable"], shown["tags"]) == (
            blank["implementation"],
            blank["configContract"],
            True,
            [tag],
        )
        echoed = client.put(f"/api/v3/metadata/{shown['id']}", json=shown)
        assert echoed.status_code == 202, (blank["implementation"], echoed.text)
        assert client.get(f"/api/v3/metadata/{shown['id']}").json() == shown, blank["implementation"]
