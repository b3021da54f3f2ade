"""A finished download becomes a named file in the library, with its extras, media info and history."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call, download
from sqlalchemy import select

from reelarr import importing
from reelarr.context import Context
from reelarr.events import MovieImported
from reelarr.files import TransferMode
from reelarr.models import HistoryRecord


def _setup(client: TestClient, movies_root: Path, *, extras: bool = True) -> int:
    naming = client.get("/api/v3/config/naming").json()
    assert client.put("/api/v3/config/naming", json={**naming, "renameMovies": True}).status_code == 202
    media = client.get("/api/v3/config/mediamanagement").json()
    media.update(
        importExtraFiles=extras, extraFileExtensions="srt,nfo", recycleBin=str(movies_root.parent / "bin")
    )
    assert client.put("/api/v3/config/mediamanagement", json=media).status_code == 202
    return call(client, add_library_movie, movies_root, "Movie Title", 2020)


async def _history(ctx: Context) -> list[HistoryRecord]:
    async with ctx.db.read() as session:
        return list(await session.scalars(select(HistoryRecord).order_by(HistoryRecord.id)))


def test_a_download_imports_renamed_with_its_subtitle_and_without_its_sample(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = _setup(client, movies_root)
    events: list[MovieImported] = []
    client.app.state.ctx.bus.subscribe(MovieImported, events.append)  # type: ignore[attr-defined]
    folder = download(tmp_path / "downloads", media, "Movie.Title.2020.1080p.BluRay.x264-GROUP")

    result = call(client, importing.import_download, folder, None, None, TransferMode.COPY)

    movie_folder = movies_root / "Movie Title (2020)"
    assert sorted(p.name for p in movie_folder.iterdir()) == [
        "Movie Title (2020) Bluray-1080p.en.forced.srt",
        "Movie Title (2020) Bluray-1080p.mkv",
    ]
    assert [t.rejections[0].reason for t in result.rejected] == ["Sample"]
    assert events == [MovieImported(movie_id, result.imported[0].movie_file_id, is_upgrade=False)]
    movie = client.get(f"/api/v3/movie/{movie_id}").json()
    assert movie["hasFile"] is True
    file = movie["movieFile"]
    assert file["quality"]["quality"]["name"] == "Bluray-1080p"
    assert file["releaseGroup"] == "GROUP"
    assert file["sceneName"] == "Movie.Title.2020.1080p.BluRay.x264-GROUP"
    assert file["mediaInfo"]["videoCodec"] == "x264"
    assert file["mediaInfo"]["audioLanguages"] == "eng/fre"
    assert file["mediaInfo"]["subtitles"] == "eng"
    assert file["mediaInfo"]["audioStreamCount"] == 2
    history = call(client, _history)
    assert [h.event_type for h in history] == ["downloadFolderImported"]
    assert history[0].data["importedPath"] == str(movie_folder / "Movie Title (2020) Bluray-1080p.mkv")
    assert (folder / "Movie.Title.2020.1080p.BluRay.x264-GROUP.mkv").exists(), "a copy keeps the download"


def test_a_move_removes_the_download_and_a_hardlink_shares_the_inode(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    _setup(client, movies_root, extras=False)
    folder = download(tmp_path / "downloads", media, "Movie.Title.2020.1080p.BluRay.x264-GROUP", sample=False)
    source = folder / "Movie.Title.2020.1080p.BluRay.x264-GROUP.mkv"

    result = call(client, importing.import_download, folder, None, None, TransferMode.HARDLINK_OR_COPY)

    imported = result.imported[0]
    assert imported.outcome.linked
    assert os.stat(imported.path).st_ino == os.stat(source).st_ino
    assert imported.outcome.hardlink_failure is None


def test_an_upgrade_replaces_the_old_file_into_the_recycle_bin_and_a_downgrade_is_rejected(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = _setup(client, movies_root, extras=False)
    first = download(
        tmp_path / "a", media, "Movie.Title.2020.720p.HDTV.x264-GROUP", sample=False, subtitle=False
    )
    call(client, importing.import_download, first, movie_id, None, TransferMode.MOVE)
    assert not first.exists(), "a move prunes the emptied download folder"

    better = download(tmp_path / "b", media, "Movie.Title.2020.1080p.BluRay.x264-GROUP", sample=False)
    result = call(client, importing.import_download, better, movie_id, None, TransferMode.COPY)

    assert result.imported[0].is_upgrade
    movie_folder = movies_root / "Movie Title (2020)"
    assert sorted(p.name for p in movie_folder.iterdir()) == ["Movie Title (2020) Bluray-1080p.mkv"]
    assert sorted(p.name for p in (movies_root.parent / "bin").iterdir()) == [
        "Movie Title (2020) HDTV-720p.mkv"
    ]
    history = call(client, _history)
    assert [h.event_type for h in history] == [
        "downloadFolderImported",
        "movieFileDeleted",
        "downloadFolderImported",
    ]

    worse = download(tmp_path / "c", media, "Movie.Title.2020.720p.HDTV.x264-GROUP", sample=False)
    rejected = call(client, importing.import_download, worse, movie_id, None, TransferMode.COPY)
    assert rejected.imported == []
    assert [r.reason for r in rejected.rejected[0].rejections] == [
        "Not an upgrade for existing movie file. Existing quality: Bluray-1080p. New Quality HDTV-720p."
    ]


def test_an_unknown_movie_is_rejected(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    _setup(client, movies_root)
    folder = download(tmp_path / "d", media, "Another.Film.1999.1080p.BluRay.x264-GROUP", sample=False)

    result = call(client, importing.import_download, folder)

    assert result.imported == []
    assert [r.reason for r in result.rejected[0].rejections] == ["Unknown Movie"]


def test_a_hardlink_across_file_systems_is_copied_with_a_warning_in_history_and_health(
    client: TestClient, movies_root: Path, other_file_system: Path, media: dict[str, Path]
) -> None:
    _setup(client, movies_root, extras=False)
    folder = download(other_file_system, media, "Movie.Title.2020.1080p.BluRay.x264-GROUP", sample=False)

    result = call(client, importing.import_download, folder, None, None, TransferMode.HARDLINK_OR_COPY)

    imported = result.imported[0]
    assert not imported.outcome.linked
    assert (
        os.stat(imported.path).st_ino
        != os.stat(folder / "Movie.Title.2020.1080p.BluRay.x264-GROUP.mkv").st_ino
    )
    history = call(client, _history)
    assert history[0].data["transferMode"] == "hardLinkOrCopy"
    assert "the file was copied instead" in history[0].data["message"]
    issues = call(client, importing.check_hardlink_fallbacks)
    assert [issue.source for issue in issues] == ["ImportMechanismCheck"]
