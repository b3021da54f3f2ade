"""A movie's versions on its page, and the Movies page's "Any version missing" filter, which finds
the movie whose 1080p file is there while its 4K version still waits; the interactive search judges
each release for each version, and the grab, the files and the history say which version."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemons import make_torrent
from playwright.sync_api import Page, expect
from web_harness import Served, add_movies, move_movie, one_release_torznab, serve_in_thread

from local_server import free_port

UHD_TITLE = "Heat.1995.2160p.UHD.BluRay.x265-GRP"


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


@pytest.fixture
def uhd_indexer(tmp_path: Path) -> Iterator[str]:
    fixture = make_torrent(tmp_path / "source", f"{UHD_TITLE}.mkv", size=64 * 1024)
    port = free_port()
    stop = serve_in_thread(one_release_torznab(UHD_TITLE, fixture.torrent, fixture.info_hash), port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop()


def test_each_release_is_judged_and_grabbed_per_version_and_the_tables_say_which(
    reelarr: Served, page: Page, uhd_indexer: str, movies_root: Path, tmp_path: Path
) -> None:
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    add_movies(database, [("Heat", 1995, True)])
    move_movie(database, 1, movies_root / "Heat (1995)")
    with sqlite3.connect(database) as connection:
        (hd,) = connection.execute("SELECT id FROM quality_profiles WHERE name = 'HD-1080p'").fetchone()
        (uhd,) = connection.execute("SELECT id FROM quality_profiles WHERE name = 'Ultra-HD'").fetchone()
        connection.execute(
            "UPDATE movie_versions SET name = '1080p', quality_profile_id = ? WHERE id = 1", (hd,)
        )
        connection.execute(
            "INSERT INTO movie_versions (id, movie_id, name, is_default, quality_profile_id, monitored)"
            " VALUES (10, 1, '4K', 0, ?, 1)",
            (uhd,),
        )
    api = {"X-Api-Key": reelarr.ctx.settings.api_key}
    for path, body in (
        (
            "downloadclient",
            {
                "name": "Blackhole",
                "implementation": "TorrentBlackhole",
                "enable": True,
                "priority": 1,
                "fields": [
                    {"name": "torrentFolder", "value": str(tmp_path)},
                    {"name": "watchFolder", "value": str(tmp_path)},
                ],
            },
        ),
        (
            "indexer",
            {
                "name": "Local Torznab",
                "implementation": "Torznab",
                "configContract": "TorznabSettings",
                "fields": [{"name": "baseUrl", "value": uhd_indexer}, {"name": "apiKey", "value": "any"}],
                "enableRss": True,
                "enableAutomaticSearch": True,
                "enableInteractiveSearch": True,
                "priority": 25,
            },
        ),
    ):
        response = page.request.post(f"{reelarr.url}/api/v3/{path}", data=body, headers=api)
        assert response.ok, response.text()

    page.goto(f"{reelarr.url}/movie/1")
    assert page.locator("#movie-files th", has_text="Version").count() == 1
    assert page.locator("#movie-files tr.movie-file").inner_text().startswith("1080p")
    page.get_by_role("button", name="Interactive search").click()
    for_1080p = page.locator("#release-table tr.release", has_text="1080p")
    for_4k = page.locator("#release-table tr.release", has_text="4K")
    expect(for_4k).to_have_attribute("data-approved", "true")
    expect(for_1080p).to_have_attribute("data-approved", "false")
    assert "not wanted in profile" in for_1080p.locator(".rejections").inner_text().lower()

    page.get_by_role("button", name=f"Grab {UHD_TITLE} for 4K").click()
    expect(page.locator(".grab-result").first).to_have_text("Grabbed")
    assert (tmp_path / f"{UHD_TITLE}.torrent").is_file()
    history = page.request.get(f"{reelarr.url}/api/v3/history/movie?movieId=1", headers=api).json()
    assert [(h["eventType"], h["movieVersionId"]) for h in history] == [("grabbed", 10)]

    page.goto(f"{reelarr.url}/movie/1")
    grabbed = page.locator("#movie-history tr.history-event", has_text=UHD_TITLE)
    assert grabbed.locator("td").nth(1).inner_text() == "4K"
