"""A movie's versions on its page, and the Movies page's "Any version missing" filter, which finds
the movie whose 1080p file is there while its 4K version still waits."""

from __future__ import annotations

import sqlite3

from playwright.sync_api import Page
from web_harness import Served, add_movies


def test_the_versions_table_and_the_any_version_missing_filter(reelarr: Served, page: Page) -> None:
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    add_movies(database, [("Both Kept", 2001, True), ("Needs Four K", 2002, True), ("Only One", 2003, True)])
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO movie_versions (id, movie_id, name, is_default, quality_profile_id, monitored)"
            " VALUES (10, 1, '4K', 0, 1, 1), (11, 2, '4K', 0, 1, 1)"
        )
        connection.execute(
            "INSERT INTO movie_files (movie_id, version_id, relative_path, size, date_added, quality,"
            " languages, indexer_flags, custom_format_score) VALUES (1, 10, ?, 9, ?, ?, '[1]', 0, 0)",
            (
                "Both Kept (2001) - 4K.mkv",
                "2024-01-01 00:00:00",
                '{"quality": {"id": 19, "name": "Bluray-2160p"}}',
            ),
        )

    page.goto(f"{reelarr.url}/?filter=versionMissing")
    listed = page.locator("#movie-list").inner_text()
    assert "Needs Four K" in listed
    assert "Both Kept" not in listed and "Only One" not in listed

    page.goto(f"{reelarr.url}/movie/2")
    rows = page.locator("#movie-versions tr.movie-version")
    assert rows.count() == 2
    assert "Needs Four K (2002).mkv" in rows.nth(0).inner_text() and "(default)" in rows.nth(0).inner_text()
    assert "4K" in rows.nth(1).inner_text() and "Missing" in rows.nth(1).inner_text()

    page.goto(f"{reelarr.url}/movie/1")
    assert "Bluray-2160p" in page.locator("#movie-versions tr.movie-version").nth(1).inner_text()

    page.goto(f"{reelarr.url}/movie/3")
    assert page.locator("#movie-versions").count() == 0, "one version: no versions table"
