"""The Movies page offers the collections of the movies it shows (and the one chosen), not every
collection in the library: a select of all of them made the page megabytes long at 100,000."""

from __future__ import annotations

import sqlite3

from playwright.sync_api import Page
from web_harness import Served, add_movies


def test_the_collection_choice_holds_the_shown_movies_collections(reelarr: Served, page: Page) -> None:
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    add_movies(database, [(f"Movie {n:02d}", 2000, False) for n in range(1, 61)])
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE movie_metadata SET collection_tmdb_id = id + 500, collection_title = title || ' Saga'"
        )
    choices = page.locator("select[name=collection] option")

    page.goto(f"{reelarr.url}/?sort=title")
    assert choices.count() == 51  # "Any collection" and the 50 movies shown
    assert choices.nth(1).inner_text() == "Movie 01 Saga"

    page.goto(f"{reelarr.url}/?sort=title&page=2")
    assert [choices.nth(i).inner_text() for i in range(choices.count())][:2] == [
        "Any collection",
        "Movie 51 Saga",
    ]
    assert choices.count() == 11

    page.goto(f"{reelarr.url}/?collection=560")
    assert page.locator("select[name=collection]").input_value() == "560"
    assert page.locator("#movie-list").inner_text().count("Movie 60") == 1
    assert "Movie 01" not in page.locator("#movie-list").inner_text()
