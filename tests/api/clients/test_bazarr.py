"""Bazarr's calls, made as Bazarr makes them (``bazarr/radarr/*.py``).

Bazarr builds every URL by hand with the key as ``?apikey=`` and all-lowercase paths. It first
asks the unversioned ``/api/system/status`` and falls back to ``/api/v3`` only when that answer
is not JSON. Its movie sync (``sync/parser.py``) reads ``movieFile`` without guarding against
nulls: ``mediaInfo`` must be an object even when ffprobe could not read the file, and
``images[0]``/``images[1]`` are taken to be the poster and the fanart. Profiles are mapped to
languages by ``language.name``, tags by ``id`` and ``label``. The AvistaZ/CinemaZ refiner reads
the grab history for ``data.nzbInfoUrl`` of the grab whose ``data.releaseGroup`` matches.

| clients.md row | test |
|---|---|
| 1 ``GET /system/status`` (rule 6) | ``test_bazarr_probes_the_version_and_reads_profiles_tags_folders`` |
| 4 ``GET /qualityprofile`` | ``test_bazarr_probes_the_version_and_reads_profiles_tags_folders`` |
| 5 ``GET /rootfolder`` | ``test_bazarr_probes_the_version_and_reads_profiles_tags_folders`` |
| 8 ``GET /tag`` | ``test_bazarr_probes_the_version_and_reads_profiles_tags_folders`` |
| 6 ``POST /command`` (RescanMovie) | ``test_bazarr_syncs_a_movie_whose_file_ffprobe_cannot_read`` |
| 2 ``GET /movie`` | ``test_bazarr_syncs_a_movie_whose_file_ffprobe_cannot_read`` |
| 7 ``GET /movie/{id}`` | ``test_bazarr_syncs_a_movie_whose_file_ffprobe_cannot_read`` |
| 38 ``GET /MediaCover/{id}/poster-500.jpg`` | ``test_bazarr_syncs_a_movie_whose_file_ffprobe_cannot_read`` |
| 37 ``GET /filesystem?path=…`` | ``test_bazarr_browses_folders_for_its_path_mappings`` |
| 14 ``GET /history?eventType=1&movieIds=`` | ``test_bazarr_reads_the_grab_history_of_a_movie`` |
| 39 SignalR ``/signalr/messages`` | ``test_bazarr_hears_movie_changes_over_the_signalr_hub`` in |
| | ``tests/api/test_live_events.py`` |
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from client_setup import GRABBED_TITLE, Queue, add_movie, query_key_only, unreadable_video, wait_for_command
from fastapi.testclient import TestClient

from fake_tmdb import FakeTmdb

FILE_NAME = "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv"


def test_bazarr_probes_the_version_and_reads_profiles_tags_folders(
    library_api: TestClient, movies_root: Path
) -> None:
    tag = library_api.post("/api/v3/tag", json={"label": "french"}).json()
    key = query_key_only(library_api)
    get = library_api.get

    probe = get("/api/system/status?apikey=" + key)
    try:
        json.loads(probe.text)
        parsed = True
    except json.JSONDecodeError:
        parsed = False
    assert not parsed, "Bazarr falls back to /api/v3 only when the unversioned answer is not JSON"
    status = get("/api/v3/system/status?apikey=" + key).json()
    assert isinstance(status["version"], str) and not status["version"].startswith("0.")

    profiles = get("/api/v3/qualityprofile?apikey=" + key).json()
    assert len(profiles) == 6
    for profile in profiles:
        assert isinstance(profile["id"], int)
        assert isinstance(profile["language"]["name"], str) and profile["language"]["name"]
    assert get("/api/v3/tag?apikey=" + key).json() == [{"id": tag["id"], "label": "french"}]
    [folder] = get("/api/v3/rootfolder?apikey=" + key).json()
    assert isinstance(folder["id"], int) and folder["path"] == str(movies_root)


def test_bazarr_syncs_a_movie_whose_file_ffprobe_cannot_read(
    library_api: TestClient, movies_root: Path, tmdb: FakeTmdb
) -> None:
    covers = library_api.put("/api/v3/config/metadata", json={"imageHosts": [tmdb.image_host]})
    assert covers.status_code == 202, covers.text
    tag = library_api.post("/api/v3/tag", json={"label": "french"}).json()
    movie = add_movie(library_api, movies_root, "The Matrix", 1999, 603)
    library_api.put(f"/api/v3/movie/{movie['id']}", json={**movie, "tags": [tag["id"]]})
    unreadable_video(Path(movie["path"]) / FILE_NAME)
    key = query_key_only(library_api)

    # Bazarr asks for a rescan after writing a subtitle; here the rescan finds the video.
    command = library_api.post(
        "/api/v3/command?apikey=" + key, json={"name": "RescanMovie", "movieId": int(movie["id"])}
    )
    assert command.status_code == 201, command.text
    wait_for_command(library_api, command.json()["id"], apikey=key)

    [listed] = library_api.get("/api/v3/movie?apikey=" + key).json()
    one = library_api.get(f"/api/v3/movie/{movie['id']}?apikey=" + key).json()
    assert listed == one
    for field in ("title", "sortTitle", "overview", "imdbId"):
        assert isinstance(one[field], str) and one[field], field
    assert (one["id"], one["tmdbId"], one["monitored"], one["tags"]) == (movie["id"], 603, True, [tag["id"]])
    assert one["originalLanguage"]["name"] == "English"
    assert "Matrix" in [t["title"] for t in one["alternateTitles"]]

    file = one["movieFile"]
    assert file["path"] == str(Path(movie["path"]) / FILE_NAME) and file["size"] == 2 * 1024**3
    assert isinstance(file["id"], int) and "sceneName" in file
    assert file["quality"]["quality"]["name"] == "Bluray-1080p"
    assert file["quality"]["quality"]["resolution"] == 1080
    assert all(isinstance(language["name"], str) for language in file["languages"])
    media = file["mediaInfo"]
    assert isinstance(media, dict), "an object even though ffprobe could not read the file"
    for field in ("videoCodec", "audioCodec", "audioLanguages", "subtitles", "runTime", "resolution"):
        assert isinstance(media[field], str), field

    # The poster (with Bazarr's -500 size) and the fanart, through the API with the key.
    assert [image["coverType"] for image in one["images"][:2]] == ["poster", "fanart"]
    stem, extension = os.path.splitext(one["images"][0]["url"])
    for url in (f"{stem}-500{extension}", one["images"][1]["url"]):
        cover = library_api.get("/api/v3" + url + "?apikey=" + key)
        assert cover.status_code == 200, url
        assert cover.headers["content-type"] == "image/jpeg" and cover.content[:2] == b"\xff\xd8"


def test_bazarr_browses_folders_for_its_path_mappings(library_api: TestClient, movies_root: Path) -> None:
    (movies_root / "Heat (1995)").mkdir()
    (movies_root / "notes.txt").write_text("not a folder")
    key = query_key_only(library_api)
    browsed = library_api.get(
        "/api/v3/filesystem?path="
        + str(movies_root)
        + "/&allowFoldersWithoutTrailingSlashes=true&includeFiles=false&apikey="
        + key
    )
    assert browsed.status_code == 200, browsed.text
    folders = browsed.json()["directories"]
    assert [(f["name"], f["type"]) for f in folders] == [("Heat (1995)", "folder")]
    assert folders[0]["path"].rstrip("/") == str(movies_root / "Heat (1995)")
    assert browsed.json()["files"] == []


def test_bazarr_reads_the_grab_history_of_a_movie(library_api: TestClient, queue: Queue) -> None:
    key = query_key_only(library_api)
    movie_id = queue.movie["id"]
    history = library_api.get(f"/api/v3/history?eventType=1&movieIds={movie_id}&apikey={key}")
    assert history.status_code == 200, history.text
    [grab] = history.json()["records"]
    assert (grab["eventType"], grab["sourceTitle"], grab["movieId"]) == ("grabbed", GRABBED_TITLE, movie_id)
    assert grab["data"]["nzbInfoUrl"] == queue.info_url
    assert grab["data"]["releaseGroup"] == "GRP", "the refiner matches the grab by release group"
    other = library_api.get(f"/api/v3/history?eventType=1&movieIds={movie_id + 1}&apikey={key}")
    assert other.json()["records"] == []
