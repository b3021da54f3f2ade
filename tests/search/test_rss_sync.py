"""RSS sync from two local indexers: releases mapped to the right movies, the best grabbed, delays waited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from search_steps import (
    Indexers,
    Item,
    add_alternative_title,
    add_indexer,
    add_movie,
    context,
    give_file,
    pending,
    run_command,
)

NO_CLIENT = "no download client"


def test_rss_sync_maps_releases_to_movies_by_title_alternative_title_and_id_and_grabs_the_best(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    root = str(movies_root)
    add_indexer(client, indexers, "usenet")
    add_indexer(client, indexers, "torrent", minimumSeeders=1)
    matrix = add_movie(client, root, "The Matrix", 1999, 603)
    amelie = add_movie(client, root, "Amélie", 2001, 194)
    add_alternative_title(client, amelie, "Le Fabuleux Destin d'Amélie Poulain")
    heat = add_movie(client, root, "Heat", 1995, 949)
    add_movie(client, root, "Inception", 2010, 27205, monitored=False)
    add_movie(client, root, "Future Film", 2030, 999001, status="announced", physicalRelease=None)
    indexers["usenet"].rss = [
        Item("The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb", size=8),
        Item("Le.Fabuleux.Destin.d.Amelie.Poulain.2001.1080p.BluRay.x264-GRP", size=10),
        Item("Inception.2010.1080p.BluRay.x264-GRP", size=10),
        Item("Future.Film.2030.1080p.WEB-DL.DDP5.1.H264-NTb", size=8),
        Item("Unknown.Picture.2012.1080p.BluRay.x264-GRP", size=10),
    ]
    indexers["torrent"].rss = [
        Item("The.Matrix.1999.1080p.BluRay.x264-SPARKS", size=12, seeders=40),
        Item("The.Matrix.1999.720p.BluRay.x264-SPARKS", size=6, seeders=90),
        # Named differently, but the indexer says which movie it is.
        Item("Heat.Nachtschicht.1995.1080p.BluRay.x264-GRP", size=12, seeders=10, tmdb_id=949),
    ]
    state = run_command(client, "RssSync")
    assert state["message"] == (
        "Fetched 8 releases from 2 indexers; 0 failed. "
        "3 releases grabbed (3 kept as pending: no download client took them)"
    )
    assert sorted(pending(client)) == sorted(
        [
            (matrix, "The.Matrix.1999.1080p.BluRay.x264-SPARKS", NO_CLIENT),
            (amelie, "Le.Fabuleux.Destin.d.Amelie.Poulain.2001.1080p.BluRay.x264-GRP", NO_CLIENT),
            (heat, "Heat.Nachtschicht.1995.1080p.BluRay.x264-GRP", NO_CLIENT),
        ]
    )
    # The next sync sees the same releases: what was grabbed is in the queue, nothing beats it.
    state = run_command(client, "RssSync")
    assert state["message"].endswith("0 releases grabbed")
    assert len(pending(client)) == 3


def test_a_delayed_release_waits_in_pending_and_is_grabbed_once_the_delay_is_over(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    add_indexer(client, indexers, "usenet")
    matrix = add_movie(client, str(movies_root), "The Matrix", 1999, 603)
    default = client.get("/api/v3/delayprofile").json()[0]
    assert client.put("/api/v3/delayprofile/1", json={**default, "usenetDelay": 120}).status_code == 202
    title = "The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb"
    indexers["usenet"].rss = [Item(title, size=8, age_hours=0.1)]

    state = run_command(client, "RssSync")
    assert state["message"].endswith("0 releases grabbed; 1 waiting for the delay profile")
    assert pending(client) == [(matrix, title, "delay")]

    # Gone from the feed, the waiting release is judged again from pending; still too early.
    indexers["usenet"].rss = []
    state = run_command(client, "RssSync")
    assert state["message"].endswith("1 waiting for the delay profile")
    assert pending(client) == [(matrix, title, "delay")]

    ctx = context(client)
    later = ctx.clock() + dt.timedelta(hours=3)
    object.__setattr__(ctx, "clock", lambda: later)
    state = run_command(client, "RssSync")
    assert state["message"].endswith("1 release grabbed (1 kept as pending: no download client took them)")
    assert pending(client) == [(matrix, title, NO_CLIENT)]


def test_rss_sync_upgrades_a_tagged_movies_file_under_its_tags_release_profile(
    client: TestClient, indexers: Indexers, movies_root: Path
) -> None:
    """The file's stored quality and the movie's tags are read back on both databases."""
    add_indexer(client, indexers, "usenet")
    tag = client.post("/api/v3/tag", json={"label": "sparks-only"}).json()["id"]
    matrix = add_movie(client, str(movies_root), "The Matrix", 1999, 603, tags=[tag])
    give_file(client, matrix, "The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-NTb")
    profile = next(p for p in client.get("/api/v3/qualityprofile").json() if p["name"] == "HD-1080p")
    assert client.put(f"/api/v3/qualityprofile/{profile['id']}", json={**profile, "upgradeAllowed": True})
    created = client.post("/api/v3/releaseprofile", json={"required": ["SPARKS"], "tags": [tag]})
    assert created.status_code == 201, created.text
    indexers["usenet"].rss = [
        Item("The.Matrix.1999.1080p.WEB-DL.DDP5.1.H264-FLUX", size=8),
        Item("The.Matrix.1999.1080p.BluRay.x264-GRP", size=12),
        Item("The.Matrix.1999.1080p.BluRay.x264-SPARKS", size=12),
    ]
    state = run_command(client, "RssSync")
    assert state["status"] == "completed", state
    assert pending(client) == [(matrix, "The.Matrix.1999.1080p.BluRay.x264-SPARKS", NO_CLIENT)]
