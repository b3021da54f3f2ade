"""What a user does with Reelarr, step by step, through its API (the parts are in ``loop_parts``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from daemons import Daemon
from loop_parts import (
    INDEXER_API_KEY,
    Internet,
    Reelarr,
    Release,
    Seeder,
    eventually,
    make_torrent,
    movie_file,
    provider,
)

THE_MATRIX = 603  # on the local TMDB: The Matrix (1999), 136 minutes
INCEPTION = 27205  # Inception (2010), 148 minutes


def set_up_like_a_user(reelarr: Reelarr, internet: Internet, library: Path, recycle_bin: Path) -> None:
    """Root folder, upgrades, file naming and recycle bin, then a webhook, each through the API."""
    reelarr.post("/rootfolder", {"path": str(library)})
    profile = next(p for p in reelarr.get("/qualityprofile") if p["name"] == "HD-1080p")
    reelarr.put(f"/qualityprofile/{profile['id']}", {**profile, "upgradeAllowed": True})
    reelarr.change(
        "/config/naming",
        renameMovies=True,
        standardMovieFormat="{Movie Title} ({Release Year}) {Quality Full}",
        movieFolderFormat="{Movie Title} ({Release Year})",
    )
    reelarr.change("/config/mediamanagement", recycleBin=str(recycle_bin))
    hook = provider("Home automation", "Webhook", url=f"{internet.base_url}/hook", method=1)
    reelarr.post("/notification", {**hook, "onGrab": True, "onDownload": True, "onUpgrade": True})


def add_indexer(reelarr: Reelarr, internet: Internet, kind: str) -> None:
    implementation = {"torznab": "Torznab", "newznab": "Newznab"}[kind]
    indexer = provider(
        f"Local {implementation}",
        implementation,
        baseUrl=internet.url(kind),
        apiPath="/api",
        apiKey=INDEXER_API_KEY,
        categories=[2000, 2040],
    )
    body = {**indexer, "enableRss": True, "enableAutomaticSearch": True, "enableInteractiveSearch": True}
    reelarr.post("/indexer", {**body, "priority": 25})


def add_client(reelarr: Reelarr, daemon: Daemon, implementation: str) -> None:
    settings = {
        "host": daemon.host,
        "port": daemon.port,
        "username": daemon.username,
        "password": daemon.password,
    }
    client = provider(f"My {daemon.name}", implementation, **settings)
    reelarr.post("/downloadclient", {**client, "enable": True, "priority": 1})


def want(reelarr: Reelarr, tmdb_id: int, library: Path) -> dict[str, Any]:
    """Look the movie up and add it with "search on add", as Radarr's add screen does."""
    found = reelarr.get("/movie/lookup/tmdb", tmdbId=tmdb_id)
    profile = next(p for p in reelarr.get("/qualityprofile") if p["name"] == "HD-1080p")
    added: dict[str, Any] = reelarr.post(
        "/movie",
        {
            **found,
            "qualityProfileId": profile["id"],
            "rootFolderPath": str(library),
            "monitored": True,
            "minimumAvailability": "released",
            "addOptions": {"searchForMovie": True, "monitor": "movieOnly"},
        },
    )
    return added


def torrent_release(
    title: str, size_gb: float, folder: Path, seeder: Seeder, *, seeded: bool = True
) -> Release:
    """A release whose .torrent holds a real video file, known to the tracker; ``seeder`` shares
    it now, or later (a leecher already on the swarm is then found by the seeder's announce)."""
    torrent = make_torrent(movie_file(folder / title, f"{title}.mkv"), seeder.tracker.announce_url)
    seeder.tracker.allow(torrent.info_hash)
    if seeded:
        seeder.seed(torrent)
    return Release(title, size_gb, payload=torrent.data, torrent=torrent)


def decoys() -> list[Release]:
    """What a real search for The Matrix also returns, none of which Reelarr may take."""
    return [
        Release("The.Matrix.2021.1080p.BluRay.x264-WRONGYEAR", 9),
        Release("The.Matrix.1999.2160p.UHD.BluRay.x265-TOOBIG", 30),
        Release("The.Matrix.1999.1080p.BluRay.x264.Sample-SMPL", 0.05),
        Release("The.Matrix.Reloaded.2003.1080p.BluRay.x264-OTHER", 9),
    ]


def grabbed_titles(reelarr: Reelarr) -> list[str]:
    return [record["sourceTitle"] for record in reelarr.history("grabbed")]


def wait_for_grab(reelarr: Reelarr, title: str) -> None:
    eventually(lambda: title in grabbed_titles(reelarr), what=f"a grab of {title}")


def wait_for_import(reelarr: Reelarr, movie_id: int, title: str) -> dict[str, Any]:
    """Check downloads as the schedule does every minute, until ``title`` is the movie's file."""

    def imported() -> dict[str, Any] | None:
        reelarr.command("RefreshMonitoredDownloads")
        movie: dict[str, Any] = reelarr.get(f"/movie/{movie_id}")
        file = movie.get("movieFile")
        return movie if file and file.get("sceneName") == title else None

    return eventually(imported, timeout=40, interval=0.5, what=f"the import of {title}")
