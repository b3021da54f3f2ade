"""Kodi/Emby metadata: the consumer added through /api/v3/metadata, its NFO and images written on
import, carried along and rewritten on rename, and nothing written while it is off.

The Matrix comes from the local fake TMDB (its real details), the video from ffmpeg.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from import_helpers import call, download, enable_renaming, run_command, set_media_management

import contract
from fake_tmdb import API_KEY, JPEG, FakeTmdb
from reelarr import importing
from reelarr.files import TransferMode
from reelarr.importing import ManualChoice
from reelarr.metadata_files import MovieDetails, XbmcMetadataSettings, movie_nfo
from reelarr.models import MovieMetadata

RELEASE = "The.Matrix.1999.1080p.BluRay.x264-GROUP"
NFO = "The Matrix (1999).nfo"


@pytest.fixture
def library(client: TestClient, tmdb_server: FakeTmdb, movies_root: Path) -> TestClient:
    """The app on the local TMDB, with a root folder, renaming on, and The Matrix in the library."""
    tmdb_server.reset()
    # A one-minute cut, so the 20-second test video is not taken for a sample.
    tmdb_server.movies[603]["runtime"] = 1
    response = client.put(
        "/api/v3/config/metadata",
        json={
            "tmdbApiKey": API_KEY,
            "tmdbBaseUrl": tmdb_server.api_url,
            "imageBaseUrl": tmdb_server.image_url,
            "imageHosts": [tmdb_server.image_host],
        },
    )
    assert response.status_code == 202, response.text
    assert client.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    added = client.post(
        "/api/v3/movie",
        json={
            "tmdbId": 603,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
            "addOptions": {"searchForMovie": False},
        },
    )
    assert added.status_code == 201, added.text
    enable_renaming(client, standardMovieFormat="{Movie Title} ({Release Year})")
    return client


def kodi_resource(client: TestClient, **settings: Any) -> dict[str, Any]:
    """The schema's blank Kodi consumer, named and switched on, with ``settings`` over its defaults."""
    schema = client.get("/api/v3/metadata/schema").json()
    blank = next(item for item in schema if item["implementation"] == "XbmcMetadata")
    fields = [{**f, "value": settings.get(f["name"], f["value"])} for f in blank["fields"]]
    return {**blank, "name": "Kodi", "enable": True, "fields": fields}


def add_kodi(client: TestClient, **settings: Any) -> dict[str, Any]:
    response = client.post("/api/v3/metadata", json=kodi_resource(client, **settings))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def import_matrix(client: TestClient, tmp_path: Path, media: dict[str, Path]) -> None:
    folder = download(tmp_path / "downloads", media, RELEASE, sample=False, subtitle=False)
    result = call(client, importing.import_download, folder, None, None, TransferMode.COPY)
    assert len(result.imported) == 1, [t.rejections for t in result.tasks]


def matrix_id(client: TestClient) -> int:
    movie_id: int = client.get("/api/v3/movie").json()[0]["id"]
    return movie_id


def read_nfo(path: Path) -> ET.Element:
    return ET.fromstring(path.read_text(encoding="utf-8"))


def test_the_kodi_consumer_is_offered_added_changed_and_deleted_in_radarrs_shape(library: TestClient) -> None:
    schema = library.get("/api/v3/metadata/schema").json()
    contract.assert_matches("MetadataResource", schema, many=True)
    kodi = next(item for item in schema if item["implementation"] == "XbmcMetadata")
    assert kodi["implementationName"] == "Kodi (XBMC) / Emby"
    assert kodi["configContract"] == "XbmcMetadataSettings"
    assert "priority" not in kodi
    assert {f["name"]: f["value"] for f in kodi["fields"]} == {
        "movieMetadata": True,
        "movieMetadataURL": False,
        "movieMetadataLanguage": 1,
        "movieImages": True,
        "useMovieNfo": False,
        "addCollectionName": True,
    }

    created = add_kodi(library, useMovieNfo=True)
    contract.assert_matches("MetadataResource", created)
    assert created["enable"] is True
    assert library.get("/api/v3/metadata").json() == [created]

    changed = {**created, "enable": False}
    response = library.put(f"/api/v3/metadata/{created['id']}", json=changed)
    assert response.status_code == 202, response.text
    stored = library.get(f"/api/v3/metadata/{created['id']}").json()
    assert stored["enable"] is False
    assert {f["name"]: f["value"] for f in stored["fields"]}["useMovieNfo"] is True

    assert library.delete(f"/api/v3/metadata/{created['id']}").status_code == 200
    assert library.get(f"/api/v3/metadata/{created['id']}").status_code == 404


def test_an_import_writes_the_kodi_nfo_and_the_cached_poster_and_fanart_beside_the_movie(
    library: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    add_kodi(library)
    # The poster is already in the cover cache; the fanart is fetched into it from TMDB.
    cover_dir = library.app.state.ctx.settings.media_cover_dir / str(matrix_id(library))  # type: ignore[attr-defined]
    cover_dir.mkdir(parents=True)
    (cover_dir / "poster.jpg").write_bytes(b"cached poster")

    import_matrix(library, tmp_path, media)

    folder = movies_root / "The Matrix (1999)"
    assert sorted(p.name for p in folder.iterdir()) == [
        "The Matrix (1999).mkv",
        NFO,
        "fanart.jpg",
        "poster.jpg",
    ]
    assert (folder / "poster.jpg").read_bytes() == b"cached poster"
    assert (folder / "fanart.jpg").read_bytes() == JPEG
    assert (cover_dir / "fanart.jpg").read_bytes() == JPEG
    nfo = read_nfo(folder / NFO)
    assert nfo.tag == "movie"
    assert nfo.findtext("title") == "The Matrix"
    assert nfo.findtext("originaltitle") == "The Matrix"
    assert nfo.findtext("sorttitle") == "matrix"
    assert nfo.findtext("year") == "1999"
    assert (nfo.findtext("plot") or "").startswith("Set in the 22nd century, The Matrix tells the story")
    assert nfo.findtext("runtime") == "1"
    assert nfo.findtext("mpaa") == "R"
    assert [g.text for g in nfo.findall("genre")] == ["Action", "Science Fiction"]
    assert nfo.findtext("studio") == "Village Roadshow Pictures"
    assert nfo.findtext("premiered") == "1999-03-31"
    assert {u.get("type"): u.text for u in nfo.findall("uniqueid")} == {"tmdb": "603", "imdb": "tt0133093"}
    rating = nfo.find("ratings/rating[@name='themoviedb']")
    assert rating is not None
    assert (rating.findtext("value"), rating.findtext("votes")) == ("8.216", "26005")
    assert nfo.findtext("set/name") == "The Matrix Collection"
    assert (nfo.findtext("thumb[@aspect='poster']") or "").endswith("/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg")
    actors = [(a.findtext("name"), a.findtext("role")) for a in nfo.findall("actor")]
    assert actors[0] == ("Keanu Reeves", "Neo")
    video = nfo.find("fileinfo/streamdetails/video")
    assert video is not None
    assert {child.tag: child.text for child in video} == {
        "codec": "h264",
        "aspect": "1.33",
        "width": "320",
        "height": "240",
        "durationinseconds": "20",
    }
    audio = [
        {child.tag: child.text for child in stream} for stream in nfo.findall("fileinfo/streamdetails/audio")
    ]
    assert audio == [{"codec": "aac", "channels": "2", "language": "eng"}, {"language": "fre"}]
    assert [s.findtext("language") for s in nfo.findall("fileinfo/streamdetails/subtitle")] == ["eng"]
    assert not list(folder.glob(".reelarr-*"))


def test_use_movie_nfo_writes_movie_nfo_and_the_url_follows_the_xml(
    library: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    add_kodi(library, useMovieNfo=True, movieMetadataURL=True, movieImages=False)

    import_matrix(library, tmp_path, media)

    folder = movies_root / "The Matrix (1999)"
    assert sorted(p.name for p in folder.iterdir()) == ["The Matrix (1999).mkv", "movie.nfo"]
    xml, url = (folder / "movie.nfo").read_text().rstrip("\n").rsplit("\n", 1)
    assert ET.fromstring(xml).findtext("title") == "The Matrix"
    assert url == "https://www.themoviedb.org/movie/603"


def test_a_release_nfo_imported_as_an_extra_is_kept_as_nfo_orig(
    library: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    set_media_management(library, importExtraFiles=True, extraFileExtensions="srt,nfo")
    add_kodi(library, movieImages=False)
    folder = download(tmp_path / "downloads", media, RELEASE, sample=False, subtitle=False)
    (folder / f"{RELEASE}.nfo").write_text("GROUP presents The Matrix\n")

    call(library, importing.import_download, folder, None, None, TransferMode.COPY)

    movie_folder = movies_root / "The Matrix (1999)"
    assert (movie_folder / "The Matrix (1999).nfo-orig").read_text() == "GROUP presents The Matrix\n"
    assert read_nfo(movie_folder / NFO).findtext("title") == "The Matrix"


def test_a_rename_carries_the_nfo_to_the_new_name_and_rewrites_it(
    library: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    add_kodi(library, movieImages=False)
    import_matrix(library, tmp_path, media)
    folder = movies_root / "The Matrix (1999)"
    (folder / NFO).write_text("<movie><title>stale</title></movie>\n")
    enable_renaming(library, standardMovieFormat="{Movie Title} ({Release Year}) {Quality Full}")

    command = run_command(library, {"name": "RenameMovie", "movieIds": [matrix_id(library)]})

    assert command["status"] == "completed", command
    assert sorted(p.name for p in folder.iterdir()) == [
        "The Matrix (1999) Bluray-1080p.mkv",
        "The Matrix (1999) Bluray-1080p.nfo",
    ]
    assert read_nfo(folder / "The Matrix (1999) Bluray-1080p.nfo").findtext("title") == "The Matrix"


@pytest.mark.parametrize(
    "switch",
    [
        pytest.param({"enable": False}, id="consumer disabled"),
        pytest.param({"movieMetadata": False, "movieImages": False}, id="both files off"),
    ],
)
def test_a_consumer_that_is_off_writes_nothing(
    library: TestClient,
    movies_root: Path,
    tmp_path: Path,
    media: dict[str, Path],
    switch: dict[str, Any],
) -> None:
    # A copy: the parameter's dict is shared by this test's runs on each database.
    switch = dict(switch)
    enable = switch.pop("enable", True)
    resource = {**kodi_resource(library, **switch), "enable": enable}
    assert library.post("/api/v3/metadata", json=resource).status_code == 201

    import_matrix(library, tmp_path, media)

    assert [p.name for p in (movies_root / "The Matrix (1999)").iterdir()] == ["The Matrix (1999).mkv"]


def test_without_a_consumer_an_import_writes_only_the_movie(
    library: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    import_matrix(library, tmp_path, media)

    assert [p.name for p in (movies_root / "The Matrix (1999)").iterdir()] == ["The Matrix (1999).mkv"]


def test_stream_details_use_kodis_names_and_count_every_channel() -> None:
    meta = MovieMetadata(tmdb_id=603, title="The Matrix", year=1999, original_language=1)
    media_info = {
        "videoCodec": "x265",
        "resolution": "3840x1608",
        "runTime": "2:16:17",
        "videoDynamicRangeType": "DV HDR10",
        "audioCodec": "TrueHD Atmos",
        "audioChannels": 7.1,
        "audioLanguages": "eng/ger",
        "subtitles": "",
    }
    details = MovieDetails(1, Path("/movies/m"), Path("/movies/m/m.mkv"), meta, media_info, "", ())

    nfo = ET.fromstring(movie_nfo(details, XbmcMetadataSettings()))

    video = nfo.find("fileinfo/streamdetails/video")
    assert video is not None
    assert [video.findtext(tag) for tag in ("codec", "aspect", "durationinseconds", "hdrtype")] == [
        "hevc",
        "2.39",
        "8177",
        "dolbyvision",
    ]
    first_audio = nfo.find("fileinfo/streamdetails/audio")
    assert first_audio is not None
    assert (first_audio.findtext("codec"), first_audio.findtext("channels")) == ("truehd", "8")
    assert nfo.find("fileinfo/streamdetails/subtitle") is None


def test_an_upgrade_under_a_new_name_leaves_no_nfo_of_the_old_file(
    library: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    add_kodi(library, movieImages=False)
    enable_renaming(library, standardMovieFormat="{Movie Title} ({Release Year}) {Quality Full}")
    import_matrix(library, tmp_path, media)
    better = tmp_path / "manual" / "The.Matrix.1999.2160p.BluRay.x265-OTHER.mkv"
    better.parent.mkdir()
    shutil.copy(media["feature"], better)

    call(library, importing.import_chosen, [ManualChoice(better, matrix_id(library))], TransferMode.COPY)

    folder = movies_root / "The Matrix (1999)"
    assert sorted(p.name for p in folder.iterdir()) == [
        "The Matrix (1999) Bluray-2160p.mkv",
        "The Matrix (1999) Bluray-2160p.nfo",
    ]
