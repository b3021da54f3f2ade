"""The wanted lists are filtered, sorted and paged by the database: every sort key in both
directions gives, page after page, what sorting the whole library would (movies without the
value last, ties by id, titles in code point order), with the same totals, on both databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from search_steps import add_movie, give_file

SORT_KEYS = {
    "movieMetadata.sortTitle": "sortTitle",
    "movieMetadata.year": "year",
    "movies.added": "added",
    "movieMetadata.inCinemas": "inCinemas",
    "movieMetadata.digitalRelease": "digitalRelease",
    "movieMetadata.physicalRelease": "physicalRelease",
    "movieMetadata.runtime": "runtime",
}


def _library(client: TestClient, root: str) -> dict[str, set[int]]:
    """Missing, unmonitored and cutoff-unmet movies with shared years, accented and cased titles."""
    missing, unmet = set(), set()
    titles = ("Zed", "alpha", "Alpha", "Éclair", "Bravo", "bravo", "Night", "The End")
    for n, title in enumerate(titles):
        changes: dict[str, Any] = {"runtime": 90 + n % 3 * 10}
        if n % 2:
            changes["inCinemas"] = f"{1990 + n % 3}-03-0{n % 5 + 1}T00:00:00Z"
        if n % 3 == 0:
            changes["digitalRelease"] = f"2001-0{n % 4 + 1}-01T00:00:00Z"
        missing.add(add_movie(client, root, title, 1990 + n % 3, 500 + n, **changes))
    add_movie(client, root, "Unwatched", 1999, 600, monitored=False)
    for n, name in enumerate(("Good", "Better", "Lesser", "Low")):
        movie_id = add_movie(client, root, name, 2000 + n % 2, 700 + n)
        scene = f"{name}.{2000 + n % 2}." + (
            "1080p.BluRay.x264-GRP" if n < 2 else "720p.WEB-DL.DDP5.1.H264-NTb"
        )
        give_file(client, movie_id, scene)
        if n >= 2:
            unmet.add(movie_id)
    return {"missing": missing, "cutoff": unmet}


def _expected(movies: list[dict[str, Any]], ids: set[int], field: str, descending: bool) -> list[int]:
    chosen = sorted((m for m in movies if m["id"] in ids), key=lambda m: m["id"])
    if field == "added":  # stored finer than the resource's seconds; movies were added in id order
        chosen = [{**m, "added": m["id"]} for m in chosen]
    present = [m for m in chosen if m.get(field) is not None]
    absent = [m for m in chosen if m.get(field) is None]
    ordered = sorted(present, key=lambda m: m[field], reverse=descending) + absent
    return [m["id"] for m in ordered]


@pytest.mark.parametrize("which", ["missing", "cutoff"])
def test_every_sort_key_pages_as_the_whole_sorted_list(
    client: TestClient, movies_root: Path, which: str
) -> None:
    wanted = _library(client, str(movies_root))[which]
    movies = client.get("/api/v3/movie").json()
    for sort_key, field in SORT_KEYS.items():
        for direction in ("ascending", "descending"):
            expected = _expected(movies, wanted, field, direction == "descending")
            listed: list[int] = []
            for page in range(1, len(expected) // 3 + 2):
                params = {"page": page, "pageSize": 3, "sortKey": sort_key, "sortDirection": direction}
                answer = client.get(f"/api/v3/wanted/{which}", params=params).json()
                assert answer["totalRecords"] == len(expected)
                assert (answer["sortKey"], answer["page"], answer["pageSize"]) == (sort_key, page, 3)
                listed += [m["id"] for m in answer["records"]]
            assert listed == expected, (which, sort_key, direction)
    unmonitored = client.get(f"/api/v3/wanted/{which}", params={"monitored": "false"}).json()
    assert [m["title"] for m in unmonitored["records"]] == (["Unwatched"] if which == "missing" else [])
