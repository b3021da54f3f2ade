"""Editing a movie on its details page, as Radarr's edit dialog does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect
from web_harness import Served, add_movies, move_movie

Shoot = Callable[[Page, str], None]


def _api(reelarr: Served) -> dict[str, str]:
    return {"X-Api-Key": reelarr.ctx.settings.api_key}


def test_a_movies_profile_and_tags_are_edited_and_saved(reelarr: Served, page: Page, shoot: Shoot) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, True)])
    for label in ("kids", "4k"):
        page.request.post(f"{reelarr.url}/api/v3/tag", data={"label": label}, headers=_api(reelarr))

    page.goto(f"{reelarr.url}/movie/1")
    page.locator("#edit-movie summary").click()
    page.select_option("#edit-profile", label="HD-1080p")
    page.select_option("#edit-availability", value="inCinemas")
    page.select_option("#edit-tags", label=["kids", "4k"])
    page.uncheck("#edit-monitored")
    shoot(page, "movie-edit")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("tr", has_text="Quality profile")).to_contain_text("HD-1080p")
    expect(page.locator("#movie-tags")).to_contain_text("kids")
    expect(page.locator("#movie-tags")).to_contain_text("4k")
    movie = page.request.get(f"{reelarr.url}/api/v3/movie/1", headers=_api(reelarr)).json()
    profiles = page.request.get(f"{reelarr.url}/api/v3/qualityprofile", headers=_api(reelarr)).json()
    tags = page.request.get(f"{reelarr.url}/api/v3/tag", headers=_api(reelarr)).json()
    assert movie["qualityProfileId"] == next(p["id"] for p in profiles if p["name"] == "HD-1080p")
    assert sorted(movie["tags"]) == sorted(t["id"] for t in tags)
    assert (movie["monitored"], movie["minimumAvailability"]) == (False, "inCinemas")


def test_a_path_that_is_not_absolute_is_refused_on_the_form(reelarr: Served, page: Page) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, False)])
    page.goto(f"{reelarr.url}/movie/1")
    page.locator("#edit-movie summary").click()
    page.fill("#edit-path", "movies/Heat")
    page.get_by_role("button", name="Save").click()

    expect(page.locator("#problem-path")).to_contain_text("is not an absolute path")
    expect(page.locator("#edit-path")).to_have_value("movies/Heat")
    movie = page.request.get(f"{reelarr.url}/api/v3/movie/1", headers=_api(reelarr)).json()
    assert movie["path"] == "/movies/Heat (1995)"


def test_moving_files_moves_the_folder_to_the_new_path(reelarr: Served, tmp_path: Path, page: Page) -> None:
    add_movies(reelarr.ctx.settings.data_dir / "reelarr.db", [("Heat", 1995, False)])
    old_folder, new_folder = tmp_path / "old" / "Heat (1995)", tmp_path / "new" / "Heat (1995)"
    old_folder.mkdir(parents=True)
    (old_folder / "Heat (1995).mkv").write_bytes(b"\0" * 1024)
    move_movie(reelarr.ctx.settings.data_dir / "reelarr.db", 1, old_folder)
    # A movie may only live inside a root folder: both are the user's.
    for root in (tmp_path / "old", tmp_path / "new"):
        root.mkdir(exist_ok=True)
        response = httpx.post(
            f"{reelarr.url}/api/v3/rootfolder", json={"path": str(root)}, headers=_api(reelarr)
        )
        assert response.status_code == 201, response.text

    page.goto(f"{reelarr.url}/movie/1")
    page.locator("#edit-movie summary").click()
    page.fill("#edit-path", str(new_folder))
    page.check("#edit-move-files")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("tr", has_text="Path").first).to_contain_text(str(new_folder))
    assert (new_folder / "Heat (1995).mkv").exists() and not old_folder.exists()
