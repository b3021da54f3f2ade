"""Two versions of one movie on the real parts of the loop: one Torznab feed, a real qBittorrent
and a seeder. A 1080p and a 2160p release are grabbed, each for its version, downloaded and
imported under Plex's multi-version names; a later better 1080p release upgrades only the
1080p version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from daemons import Daemon
from loop_parts import Internet, Reelarr, Release, Seeder, eventually
from loop_steps import THE_MATRIX, add_client, add_indexer, set_up_like_a_user, torrent_release, wait_for_grab


def _versions(reelarr: Reelarr, movie_id: int) -> dict[str, dict[str, Any]]:
    return {v["name"]: v for v in reelarr.get("/movieversion", movieId=movie_id)}


def _wait_for_version_file(reelarr: Reelarr, movie_id: int, name: str, title: str) -> dict[str, Any]:
    def imported() -> dict[str, Any] | None:
        reelarr.command("RefreshMonitoredDownloads")
        version = _versions(reelarr, movie_id)[name]
        file = version.get("movieFile")
        return version if file and file.get("sceneName") == title else None

    return eventually(imported, timeout=60, interval=0.5, what=f"the import of {title} into {name}")


def test_a_1080p_and_a_4k_version_are_grabbed_imported_and_upgraded_apart(
    reelarr: Reelarr, internet: Internet, seeder: Seeder, users_qbittorrent: Daemon, tmp_path: Path
) -> None:
    library, recycle_bin, seeds = tmp_path / "Movies", tmp_path / "Recycle Bin", tmp_path / "seeds"
    library.mkdir()
    torznab = internet.indexers["torznab"]
    torznab.feed = [Release("Some.Other.Film.2015.1080p.BluRay.x264-GRP", 8)]
    set_up_like_a_user(reelarr, internet, library, recycle_bin)
    reelarr.change("/config/naming", standardMovieFormat="{Movie Title} ({Release Year})")
    add_indexer(reelarr, internet, "torznab")
    add_client(reelarr, users_qbittorrent, "QBittorrent")
    profiles = {p["name"]: p["id"] for p in reelarr.get("/qualityprofile")}

    # The movie is added without a search, then given its two versions.
    found = reelarr.get("/movie/lookup/tmdb", tmdbId=THE_MATRIX)
    movie_id = reelarr.post(
        "/movie",
        {
            **found,
            "qualityProfileId": profiles["HD-1080p"],
            "rootFolderPath": str(library),
            "monitored": True,
            "addOptions": {"searchForMovie": False},
        },
    )["id"]
    (default,) = reelarr.get("/movieversion", movieId=movie_id)
    reelarr.put(f"/movieversion/{default['id']}", {**default, "name": "1080p"})
    four_k = reelarr.post(
        "/movieversion", {"movieId": movie_id, "name": "4K", "qualityProfileId": profiles["Ultra-HD"]}
    )

    # One search; the indexer offers a 1080p and a 2160p release.
    hd, uhd = "The.Matrix.1999.1080p.HDTV.x264-KILLERS", "The.Matrix.1999.2160p.UHD.BluRay.x265-TERMINAL"
    torznab.found = [torrent_release(hd, 4, seeds, seeder), torrent_release(uhd, 20, seeds, seeder)]
    reelarr.command("MoviesSearch", movieIds=[movie_id])
    wait_for_grab(reelarr, hd)
    wait_for_grab(reelarr, uhd)
    grabs = {r["sourceTitle"]: r for r in reelarr.history("grabbed")}
    assert set(grabs) == {hd, uhd}, "each release grabbed once"
    assert grabs[uhd]["movieVersionId"] == four_k["id"]
    assert grabs[hd]["movieVersionId"] is None, "the default version"

    hd_version = _wait_for_version_file(reelarr, movie_id, "1080p", hd)
    uhd_version = _wait_for_version_file(reelarr, movie_id, "4K", uhd)
    folder = library / "The Matrix (1999)"
    assert hd_version["movieFile"]["path"] == str(folder / "The Matrix (1999) - 1080p.mkv")
    assert hd_version["movieFile"]["quality"]["quality"]["name"] == "HDTV-1080p"
    assert uhd_version["movieFile"]["path"] == str(folder / "The Matrix (1999) - 4K.mkv")
    assert uhd_version["movieFile"]["quality"]["quality"]["name"] == "Bluray-2160p"
    assert sorted(p.name for p in folder.iterdir()) == [
        "The Matrix (1999) - 1080p.mkv",
        "The Matrix (1999) - 4K.mkv",
    ]
    assert reelarr.get(f"/movie/{movie_id}")["movieFile"]["id"] == hd_version["movieFile"]["id"]

    # A better 1080p release in the feed: RSS sync upgrades the 1080p version only.
    better = "The.Matrix.1999.1080p.BluRay.x264-SPARKS"
    torznab.feed.append(torrent_release(better, 9, seeds, seeder))
    reelarr.command("RssSync")
    wait_for_grab(reelarr, better)
    upgraded = _wait_for_version_file(reelarr, movie_id, "1080p", better)
    assert upgraded["movieFile"]["quality"]["quality"]["name"] == "Bluray-1080p"
    assert _versions(reelarr, movie_id)["4K"]["movieFile"] == uhd_version["movieFile"], "4K untouched"
    assert [p.name for p in recycle_bin.rglob("*.mkv")] == ["The Matrix (1999) - 1080p.mkv"]
    assert [r["sourceTitle"] for r in reelarr.history("grabbed")].count(uhd) == 1
