"""``/api/v3/extrafile`` and ``POST /api/v3/manualimport``, on real imported media."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call, download, enable_renaming, set_media_management

from contract import assert_matches
from reelarr import importing
from reelarr.files import TransferMode

RELEASE = "Movie.Title.2020.1080p.BluRay.x264-GROUP"


def test_extra_files_are_the_subtitles_and_metadata_named_after_the_video(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    enable_renaming(client)
    set_media_management(client, importExtraFiles=True, extraFileExtensions="srt,nfo")
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    folder = download(tmp_path / "downloads", media, RELEASE)
    (folder / f"{RELEASE}.nfo").write_text("<movie/>")
    result = call(client, importing.import_download, folder, None, None, TransferMode.COPY)
    file_id = result.imported[0].movie_file_id
    (movies_root / "Movie Title (2020)" / "unrelated.txt").write_text("not named after the video")

    extras = client.get("/api/v3/extrafile", params={"movieId": movie_id}).json()

    assert_matches("ExtraFileResource", extras, many=True)
    by_path = {e["relativePath"]: e for e in extras}
    assert set(by_path) == {
        "Movie Title (2020) Bluray-1080p.en.forced.srt",
        "Movie Title (2020) Bluray-1080p.nfo",
    }
    subtitle = by_path["Movie Title (2020) Bluray-1080p.en.forced.srt"]
    assert subtitle["type"] == "subtitle" and subtitle["languageTags"] == ["forced"]
    assert subtitle["movieFileId"] == file_id and subtitle["movieId"] == movie_id
    assert by_path["Movie Title (2020) Bluray-1080p.nfo"]["type"] == "metadata"
    assert client.get("/api/v3/extrafile", params={"movieId": 999999}).status_code == 404
    assert client.get("/api/v3/extrafile").status_code == 400


def test_manual_import_reevaluates_the_users_choices_before_importing(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    folder = download(tmp_path / "downloads", media, RELEASE, sample=False)
    video = folder / f"{RELEASE}.mkv"
    proposed = client.get("/api/v3/manualimport", params={"folder": str(folder)}).json()
    assert [p["path"] for p in proposed] == [str(video)]

    # The user picks a quality the profile does not allow: the answer says so before any import.
    cam = {"quality": {"id": 25, "name": "CAM"}, "revision": {"version": 1, "real": 0, "isRepack": False}}
    response = client.post(
        "/api/v3/manualimport",
        json=[{"path": str(video), "movieId": movie_id, "quality": cam, "languages": [{"id": 1}]}],
    )
    assert response.status_code == 200, response.text
    [item] = response.json()
    assert_matches("ManualImportResource", item)
    assert item["movie"]["id"] == movie_id
    assert item["quality"]["quality"]["name"] == "CAM"
    assert item["languages"] == [{"id": 1, "name": "English"}]
    assert item["rejections"] == [], "the user's choice of a movie with no file is importable"

    # No movie chosen: the answer asks for one; a path that is gone says so.
    [no_movie, gone] = client.post(
        "/api/v3/manualimport",
        json=[{"path": str(video), "movieId": 0}, {"path": str(folder / "gone.mkv"), "movieId": movie_id}],
    ).json()
    assert no_movie["rejections"] and gone["rejections"][0]["reason"] == "No such file"
    assert not (movies_root / "Movie Title (2020)").exists(), "re-evaluating imports nothing"


def test_media_info_is_radarrs_empty_object_when_ffprobe_cannot_read_the_file(
    client: TestClient, movies_root: Path, tmp_path: Path
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    folder = tmp_path / "downloads" / RELEASE
    folder.mkdir(parents=True)
    with (folder / f"{RELEASE}.mkv").open("wb") as fh:
        fh.truncate(150 * 1024 * 1024)  # sparse: big enough not to be a sample, unreadable by ffprobe
    result = call(client, importing.import_download, folder, None, None, TransferMode.HARDLINK_OR_COPY)
    assert result.imported, [t.rejections for t in result.tasks]

    (movie_file,) = client.get("/api/v3/moviefile", params={"movieId": movie_id}).json()
    movie = client.get(f"/api/v3/movie/{movie_id}").json()
    for shown in (movie_file, movie["movieFile"]):
        assert isinstance(shown["mediaInfo"], dict)
        assert shown["mediaInfo"]["videoCodec"] == "" and shown["mediaInfo"]["audioChannels"] == 0
        assert_matches("MediaInfoResource", shown["mediaInfo"])
    assert_matches("MovieFileResource", movie_file)
