"""Library import, manual import and the rename preview, in the browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from web_harness import Served, add_movies, move_movie

from fake_tmdb import API_KEY as TMDB_KEY
from fake_tmdb import FakeTmdb

Shoot = Callable[[Page, str], None]


def _api(reelarr: Served) -> dict[str, str]:
    return {"X-Api-Key": reelarr.ctx.settings.api_key}


def test_existing_folders_are_imported_as_the_movies_the_user_confirms(
    reelarr: Served, tmdb: FakeTmdb, movies_root: Path, page: Page, shoot: Shoot
) -> None:
    for folder in ("The Matrix (1999)", "Inception (2010)", "Holiday Videos"):
        (movies_root / folder).mkdir()
    metadata = page.request.get(f"{reelarr.url}/api/v3/config/metadata", headers=_api(reelarr)).json()
    page.request.put(
        f"{reelarr.url}/api/v3/config/metadata",
        data={
            **metadata,
            "tmdbApiKey": TMDB_KEY,
            "tmdbBaseUrl": tmdb.api_url,
            "imageBaseUrl": tmdb.image_url,
        },
        headers=_api(reelarr),
    )
    page.request.post(
        f"{reelarr.url}/api/v3/rootfolder", data={"path": str(movies_root)}, headers=_api(reelarr)
    )

    page.goto(f"{reelarr.url}/add")
    page.get_by_role("link", name="Import movies already in your folders").click()
    page.get_by_role("button", name="Scan folder").click()
    rows = page.locator("tr.import-folder")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="The Matrix (1999)")).to_contain_text("The Matrix (1999)")
    expect(rows.filter(has_text="Holiday Videos")).to_contain_text("No match found")
    expect(page.get_by_label("Import Holiday Videos")).not_to_be_checked()
    shoot(page, "library-import")

    page.get_by_label("Import Inception (2010)").uncheck()
    page.get_by_role("button", name="Import ticked folders").click()
    expect(page.locator("#movie-count")).to_have_text("1")
    expect(page.locator("tr.movie-row")).to_contain_text("The Matrix")
    movies = page.request.get(f"{reelarr.url}/api/v3/movie", headers=_api(reelarr)).json()
    assert [(m["tmdbId"], m["path"]) for m in movies] == [(603, str(movies_root / "The Matrix (1999)"))]

    page.goto(f"{reelarr.url}/add/import?rootFolder={movies_root}")
    expect(page.locator("tr.import-folder")).to_have_count(2)


def test_library_import_without_tmdb_says_what_to_set(reelarr: Served, movies_root: Path, page: Page) -> None:
    (movies_root / "Heat (1995)").mkdir()
    page.request.post(
        f"{reelarr.url}/api/v3/rootfolder", data={"path": str(movies_root)}, headers=_api(reelarr)
    )
    page.goto(f"{reelarr.url}/add/import?rootFolder={movies_root}")
    expect(page.locator("#import-problem")).to_contain_text("TMDB")


def test_the_rename_preview_shows_the_new_name_and_queues_the_rename(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, True)])
    naming = page.request.get(f"{reelarr.url}/api/v3/config/naming", headers=_api(reelarr)).json()
    naming |= {"renameMovies": True, "standardMovieFormat": "{Movie Title} ({Release Year}) {Quality Full}"}
    page.request.put(f"{reelarr.url}/api/v3/config/naming", data=naming, headers=_api(reelarr))
    page.goto(f"{reelarr.url}/movie/1")
    page.get_by_role("button", name="Preview rename").click()
    expect(page.locator("tr.rename .new-name")).to_have_text("Heat (1995) Bluray-1080p.mkv")
    shoot(page, "movie-rename-preview")
    page.get_by_role("button", name="Rename ticked files").click()
    expect(page.get_by_role("status")).to_have_text("Queued: RenameFiles.")


def test_manual_import_shows_each_file_with_its_movie_quality_and_rejections(
    reelarr: Served, tmp_path: Path, page: Page, shoot: Shoot
) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, False)])
    folder = tmp_path / "downloads"
    (folder / "Heat.1995.1080p.BluRay.x264-GRP").mkdir(parents=True)
    (folder / "Heat.1995.1080p.BluRay.x264-GRP" / "Heat.1995.1080p.BluRay.x264-GRP.mkv").write_bytes(
        b"\0" * 1024
    )
    (folder / "Unknown.Film.2003.720p.WEB-DL.mkv").write_bytes(b"\0" * 1024)

    page.goto(f"{reelarr.url}/activity/manualimport")
    page.fill("#manual-folder", str(folder))
    page.get_by_role("button", name="Show files").click()
    heat = page.locator("tr.import-file", has_text="Heat.1995")
    expect(heat.get_by_label("Movie for")).to_have_value("1")
    expect(heat.get_by_label("Quality for")).to_have_value("7")
    unknown = page.locator("tr.import-file", has_text="Unknown.Film")
    expect(unknown.get_by_label("Movie for")).to_have_value("0")
    expect(unknown.get_by_label("Import")).not_to_be_checked()
    expect(unknown.locator(".rejections li").first).to_be_visible()
    shoot(page, "manual-import")

    page.fill("#manual-folder", "relative/folder")
    page.get_by_role("button", name="Show files").click()
    expect(page.get_by_role("alert")).to_contain_text("is not a folder Reelarr can read")


def test_an_unmatched_file_is_imported_as_the_movie_and_quality_the_user_chooses(
    reelarr: Served, tmp_path: Path, page: Page, shoot: Shoot
) -> None:
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    add_movies(database, [("Heat", 1995, False), ("Alien", 1979, False)])
    move_movie(database, 2, tmp_path / "movies" / "Alien (1979)")
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "Unknown.Film.2003.720p.WEB-DL.mkv").write_bytes(b"\0" * 1024)

    page.goto(f"{reelarr.url}/activity/manualimport?folder={folder}")
    row = page.locator("tr.import-file", has_text="Unknown.Film")
    row.get_by_label("Movie for").select_option(label="Alien (1979)")
    expect(row.get_by_label("Import")).to_be_checked()
    row.get_by_label("Quality for").select_option(label="Bluray-1080p")
    page.get_by_label("Mode").select_option("copy")
    shoot(page, "manual-import-chosen-movie")
    page.get_by_role("button", name="Import ticked files").click()

    movie: dict[str, Any] = {}
    for _ in range(50):
        movie = page.request.get(f"{reelarr.url}/api/v3/movie/2", headers=_api(reelarr)).json()
        if movie["hasFile"]:
            break
        page.wait_for_timeout(200)
    assert movie["hasFile"], movie
    assert movie["movieFile"]["quality"]["quality"]["name"] == "Bluray-1080p"
    assert Path(movie["movieFile"]["path"]).parent == tmp_path / "movies" / "Alien (1979)"
    assert (folder / "Unknown.Film.2003.720p.WEB-DL.mkv").exists()
