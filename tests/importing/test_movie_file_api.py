"""``/api/v3/moviefile``: imported files in Radarr's shape, edited, and deleted through the recycle bin."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call, download, enable_renaming, set_media_management
from sqlalchemy import select

from reelarr import importing
from reelarr.context import Context
from reelarr.events import MovieFileDeleted
from reelarr.files import TransferMode
from reelarr.models import HistoryRecord

RELEASE = "Movie.Title.2020.1080p.BluRay.x264-GROUP"


def _imported(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> tuple[int, int]:
    enable_renaming(client)
    set_media_management(
        client, importExtraFiles=True, extraFileExtensions="srt", recycleBin=str(movies_root.parent / "bin")
    )
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    folder = download(tmp_path / "downloads", media, RELEASE)
    result = call(client, importing.import_download, folder, None, None, TransferMode.COPY)
    return movie_id, result.imported[0].movie_file_id


def test_a_movie_file_is_listed_by_movie_and_by_id_in_radarrs_shape(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id, file_id = _imported(client, movies_root, tmp_path, media)

    listed = client.get("/api/v3/moviefile", params={"movieId": movie_id}).json()
    by_ids = client.get("/api/v3/moviefile", params={"movieFileIds": [file_id]}).json()
    one = client.get(f"/api/v3/moviefile/{file_id}").json()

    assert listed == by_ids == [one]
    assert one["movieId"] == movie_id
    assert one["relativePath"] == "Movie Title (2020) Bluray-1080p.mkv"
    assert one["path"] == str(movies_root / "Movie Title (2020)" / "Movie Title (2020) Bluray-1080p.mkv")
    assert one["quality"]["quality"]["name"] == "Bluray-1080p"
    assert one["languages"] == [{"id": 1, "name": "English"}, {"id": 2, "name": "French"}], "from its audio"
    assert one["mediaInfo"]["videoCodec"] == "x264"
    assert one["sceneName"] == RELEASE
    assert one["qualityCutoffNotMet"] is False, "Bluray-1080p is HD-1080p's cutoff"
    assert one["originalFilePath"] == f"{RELEASE}/{RELEASE}.mkv"
    assert client.get("/api/v3/moviefile/999").status_code == 404
    assert client.get("/api/v3/moviefile").status_code == 400


def test_the_editor_changes_quality_and_release_group_and_the_cutoff_follows(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    _, file_id = _imported(client, movies_root, tmp_path, media)
    webdl = {"quality": {"id": 3}, "revision": {"version": 1, "real": 0, "isRepack": False}}

    edited = client.put(
        "/api/v3/moviefile/editor",
        json={
            "movieFileIds": [file_id],
            "quality": webdl,
            "releaseGroup": "OTHER",
            "edition": "Director's Cut",
        },
    )

    assert edited.status_code == 202, edited.text
    shown = client.get(f"/api/v3/moviefile/{file_id}").json()
    assert shown["quality"]["quality"]["name"] == "WEBDL-1080p"
    assert shown["releaseGroup"] == "OTHER"
    assert shown["edition"] == "Director's Cut"
    assert shown["qualityCutoffNotMet"] is True
    one = client.put(
        f"/api/v3/moviefile/{file_id}", json={**shown, "languages": [{"id": 2, "name": "French"}]}
    )
    assert one.status_code == 202
    assert one.json()["languages"] == [{"id": 2, "name": "French"}]


def test_a_matching_custom_format_is_shown_with_its_score_in_the_profile(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    created = client.post(
        "/api/v3/customformat",
        json={
            "name": "Group",
            "specifications": [
                {
                    "implementation": "ReleaseGroupSpecification",
                    "fields": [{"name": "value", "value": "^GROUP$"}],
                }
            ],
        },
    ).json()
    profile = next(p for p in client.get("/api/v3/qualityprofile").json() if p["name"] == "HD-1080p")
    profile["formatItems"] = [{"format": created["id"], "name": "Group", "score": 25}]
    assert client.put(f"/api/v3/qualityprofile/{profile['id']}", json=profile).status_code == 202

    _, file_id = _imported(client, movies_root, tmp_path, media)

    shown = client.get(f"/api/v3/moviefile/{file_id}").json()
    assert [f["name"] for f in shown["customFormats"]] == ["Group"]
    assert shown["customFormatScore"] == 25


async def _file_history(ctx: Context) -> list[tuple[str, dict[str, object]]]:
    async with ctx.db.read() as session:
        rows = await session.scalars(select(HistoryRecord).order_by(HistoryRecord.id))
        return [(row.event_type, row.data) for row in rows]


def test_deleting_a_file_sends_it_and_its_subtitle_to_the_recycle_bin_and_says_so(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id, file_id = _imported(client, movies_root, tmp_path, media)
    deleted: list[MovieFileDeleted] = []
    client.app.state.ctx.bus.subscribe(MovieFileDeleted, deleted.append)  # type: ignore[attr-defined]

    assert client.delete(f"/api/v3/moviefile/{file_id}").status_code == 200

    assert sorted(p.name for p in (movies_root.parent / "bin").iterdir()) == [
        "Movie Title (2020) Bluray-1080p.en.forced.srt",
        "Movie Title (2020) Bluray-1080p.mkv",
    ]
    assert list((movies_root / "Movie Title (2020)").iterdir()) == []
    assert deleted == [MovieFileDeleted(movie_id, file_id, "manual")]
    assert client.get(f"/api/v3/movie/{movie_id}").json()["hasFile"] is False
    assert call(client, _file_history)[-1] == ("movieFileDeleted", {"reason": "Manual"})
    assert client.delete(f"/api/v3/moviefile/{file_id}").status_code == 404


def test_bulk_delete_removes_every_file_named(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id, file_id = _imported(client, movies_root, tmp_path, media)

    response = client.request("DELETE", "/api/v3/moviefile/bulk", json={"movieFileIds": [file_id]})

    assert response.status_code == 200
    assert client.get("/api/v3/moviefile", params={"movieId": movie_id}).json() == []
