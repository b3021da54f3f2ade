"""Renames previewed and applied with their extras, folders moved, the library rescanned by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from import_helpers import (
    add_library_movie,
    call,
    download,
    enable_renaming,
    run_command,
    set_media_management,
)
from sqlalchemy import select

from reelarr import importing
from reelarr.context import Context
from reelarr.events import FileRename, MovieRenamed
from reelarr.files import TransferKind, TransferMode, place_file
from reelarr.models import MovieFile

RELEASE = "Movie.Title.2020.1080p.BluRay.x264-GROUP"


def _imported_without_renaming(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> int:
    set_media_management(client, importExtraFiles=True, extraFileExtensions="srt")
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    folder = download(tmp_path / "downloads", media, RELEASE, sample=False)
    call(client, importing.import_download, folder, None, None, TransferMode.COPY)
    return movie_id


def test_rename_previews_the_new_name_and_the_command_applies_it_with_the_subtitle(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = _imported_without_renaming(client, movies_root, tmp_path, media)
    movie_folder = movies_root / "Movie Title (2020)"
    assert sorted(p.name for p in movie_folder.iterdir()) == [f"{RELEASE}.en.forced.srt", f"{RELEASE}.mkv"]
    enable_renaming(
        client, standardMovieFormat="{Movie Title} ({Release Year}) {Quality Full} {MediaInfo VideoCodec}"
    )

    preview = client.get("/api/v3/rename", params={"movieId": movie_id}).json()

    file_id = client.get(f"/api/v3/movie/{movie_id}").json()["movieFileId"]
    assert preview == [
        {
            "movieId": movie_id,
            "movieFileId": file_id,
            "existingPath": f"{RELEASE}.mkv",
            "newPath": "Movie Title (2020) Bluray-1080p x264.mkv",
        }
    ]
    renamed: list[MovieRenamed] = []
    client.app.state.ctx.bus.subscribe(MovieRenamed, renamed.append)  # type: ignore[attr-defined]
    command = run_command(client, {"name": "RenameFiles", "movieId": movie_id, "files": [file_id]})
    assert command["status"] == "completed", command
    assert renamed == [MovieRenamed(movie_id, (FileRename(file_id, f"{RELEASE}.mkv"),))]
    assert sorted(p.name for p in movie_folder.iterdir()) == [
        "Movie Title (2020) Bluray-1080p x264.en.forced.srt",
        "Movie Title (2020) Bluray-1080p x264.mkv",
    ]
    assert client.get(f"/api/v3/moviefile/{file_id}").json()["relativePath"] == (
        "Movie Title (2020) Bluray-1080p x264.mkv"
    )
    assert client.get("/api/v3/rename", params={"movieId": movie_id}).json() == []
    assert not list((client.app.state.ctx.settings.data_dir / "transfers").glob("*.json"))  # type: ignore[attr-defined]


def test_rename_movie_renames_every_file_of_the_movies_named(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = _imported_without_renaming(client, movies_root, tmp_path, media)
    enable_renaming(client)

    command = run_command(client, {"name": "RenameMovie", "movieIds": [movie_id]})

    assert command["message"] == "Renamed 1 file(s)"
    assert (movies_root / "Movie Title (2020)" / "Movie Title (2020) Bluray-1080p.mkv").exists()


def test_a_movie_folder_moves_to_a_new_root_folder_and_the_library_follows(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = _imported_without_renaming(client, movies_root, tmp_path, media)
    new_root = tmp_path / "other root"
    new_root.mkdir()
    assert client.post("/api/v3/rootfolder", json={"path": str(new_root)}).status_code == 201

    call(client, importing.move_movie_folder, movie_id, str(new_root / "Movie Title (2020)"))

    movie = client.get(f"/api/v3/movie/{movie_id}").json()
    assert movie["path"] == str(new_root / "Movie Title (2020)")
    assert Path(movie["movieFile"]["path"]).is_file()
    assert not (movies_root / "Movie Title (2020)").exists()


def test_rescan_forgets_a_file_deleted_by_hand_and_records_one_added_by_hand(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id = _imported_without_renaming(client, movies_root, tmp_path, media)
    movie_folder = movies_root / "Movie Title (2020)"
    (movie_folder / f"{RELEASE}.mkv").unlink()

    forgotten = run_command(client, {"name": "RescanMovie", "movieId": movie_id})

    assert forgotten["message"] == "Found 0 file(s), 1 missing"
    assert client.get(f"/api/v3/movie/{movie_id}").json()["hasFile"] is False
    shutil.copy(media["hevc"], movie_folder / "Movie.Title.2020.2160p.BluRay.x265-OTHER.mkv")
    shutil.copy(media["feature"], movie_folder / "Movie.Title.2020.720p.BluRay.x264-OTHER.mkv")
    shutil.copy(media["sample"], movie_folder / "sample.mkv")

    found = run_command(client, {"name": "RescanMovie"})

    assert found["message"] == "Found 1 file(s), 0 missing"
    file = client.get(f"/api/v3/movie/{movie_id}").json()["movieFile"]
    assert file["relativePath"] == "Movie.Title.2020.720p.BluRay.x264-OTHER.mkv", (
        "the 5-second 2160p file is a sample of a 1-minute movie"
    )
    assert file["quality"]["quality"]["name"] == "Bluray-720p"
    assert file["mediaInfo"]["videoCodec"] == "x264"


def test_naming_examples_render_the_unsaved_formats_the_ui_sends(client: TestClient) -> None:
    saved = client.get("/api/v3/config/naming/examples").json()
    unsaved = client.get(
        "/api/v3/config/naming/examples",
        params={
            "standardMovieFormat": "{Movie.CleanTitle}.{Release.Year}.{Quality.Full}",
            "movieFolderFormat": "{Movie Title} ({Release Year}) {imdb-{ImdbId}}",
            "colonReplacementFormat": "dash",
        },
    ).json()

    assert saved == {
        "movieExample": "The Movie - Title (2010) Bluray-1080p Proper",
        "movieFolderExample": "The Movie - Title (2010)",
    }
    assert unsaved == {
        "movieExample": "The.Movie.Title.2010.Bluray-1080p.Proper",
        "movieFolderExample": "The Movie- Title (2010) {imdb-tt0066921}",
    }
    bad = client.get("/api/v3/config/naming/examples", params={"colonReplacementFormat": "sideways"})
    assert bad.status_code == 400
    assert bad.json()[0]["propertyName"] == "colonReplacementFormat"


def _interrupted_rename(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> tuple[int, Path, Path]:
    """A rename stopped after the new name was linked, before anything else: as a crash leaves it."""
    movie_id = _imported_without_renaming(client, movies_root, tmp_path, media)
    folder = movies_root / "Movie Title (2020)"
    source, destination = folder / f"{RELEASE}.mkv", folder / "Movie Title (2020) Bluray-1080p.mkv"
    journal = importing.transfer_journal(client.app.state.ctx)  # type: ignore[attr-defined]
    journal.begin(source, destination, TransferMode.MOVE, None, "", TransferKind.RENAME)
    place_file(source, destination, TransferMode.MOVE)
    return movie_id, source, destination


async def _record_new_name(ctx: Context, movie_id: int, relative_path: str) -> None:
    async with ctx.db.write() as uow:
        file = await uow.session.scalar(select(MovieFile).where(MovieFile.movie_id == movie_id))
        assert file is not None
        file.relative_path = relative_path


def test_a_rename_interrupted_before_its_record_is_undone_at_restart(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id, source, destination = _interrupted_rename(client, movies_root, tmp_path, media)

    done = call(client, importing.recover_interrupted_transfers)

    assert done == [(str(destination), "rolled back")]
    assert source.exists() and not destination.exists()
    assert client.get(f"/api/v3/movie/{movie_id}").json()["movieFile"]["relativePath"] == source.name


def test_a_rename_interrupted_after_its_record_is_finished_at_restart(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    movie_id, source, destination = _interrupted_rename(client, movies_root, tmp_path, media)
    call(client, _record_new_name, movie_id, destination.name)

    done = call(client, importing.recover_interrupted_transfers)

    assert done == [(str(destination), "finished")]
    assert destination.exists() and not source.exists()
    assert client.get(f"/api/v3/movie/{movie_id}").json()["movieFile"]["relativePath"] == destination.name
