"""The whole loop, on real parts: want a movie, get a renamed file, get told.

Reelarr runs as a user runs it (``reelarr serve``, its own data folder) and is driven only
through its API. Around it, all on 127.0.0.x: a real qBittorrent as the user's client, a
second qBittorrent seeding real video files announced to opentracker, a Torznab indexer whose
feed and search results hold the right release among decoys, a local TMDB and a webhook
receiver; for Usenet, a real NZBGet fetching from a local news server, fed by a Newznab
indexer. Commands the schedule would run later (RSS sync, checking downloads) are started
through the API, as the UI's buttons do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from daemons import Daemon
from loop_parts import Internet, Reelarr, Release, Seeder, eventually, movie_file
from loop_steps import (
    INCEPTION,
    THE_MATRIX,
    add_client,
    add_indexer,
    decoys,
    grabbed_titles,
    set_up_like_a_user,
    torrent_release,
    wait_for_grab,
    wait_for_import,
    want,
)
from usenet import NewsServer


def test_a_wanted_movie_is_grabbed_downloaded_imported_upgraded_and_told_about(
    reelarr: Reelarr,
    internet: Internet,
    seeder: Seeder,
    users_qbittorrent: Daemon,
    tmp_path: Path,
) -> None:
    library, recycle_bin, seeds = tmp_path / "Movies", tmp_path / "Recycle Bin", tmp_path / "seeds"
    library.mkdir()
    torznab = internet.indexers["torznab"]
    torznab.feed = [Release("Some.Other.Film.2015.1080p.BluRay.x264-GRP", 8)]

    # The user sets Reelarr up: root folder, naming, recycle bin, webhook, indexer, qBittorrent.
    set_up_like_a_user(reelarr, internet, library, recycle_bin)
    add_indexer(reelarr, internet, "torznab")
    add_client(reelarr, users_qbittorrent, "QBittorrent")
    assert internet.webhook_events() == ["Test"]

    # The indexer knows one good release of The Matrix, among decoys.
    first = "The.Matrix.1999.1080p.HDTV.x264-KILLERS"
    torznab.found = [*decoys(), torrent_release(first, 4, seeds, seeder)]

    # The user adds The Matrix with "search on add": the right release is grabbed, no decoy.
    movie_id = want(reelarr, THE_MATRIX, library)["id"]
    wait_for_grab(reelarr, first)
    assert torznab.searches, "the movie search reached the indexer"
    assert grabbed_titles(reelarr) == [first]

    # qBittorrent downloads it from the seeder; Reelarr sees it complete and imports it.
    movie = wait_for_import(reelarr, movie_id, first)
    folder = library / "The Matrix (1999)"
    imported = folder / "The Matrix (1999) HDTV-1080p.mkv"
    assert movie["hasFile"] and movie["path"] == str(folder)
    assert movie["movieFile"]["relativePath"] == imported.name
    assert movie["movieFile"]["quality"]["quality"]["name"] == "HDTV-1080p"
    downloaded = users_qbittorrent.downloads / f"{first}.mkv"
    assert imported.stat().st_ino == downloaded.stat().st_ino, "imported by hardlink: the seeding file stays"
    (import_record,) = reelarr.history("downloadFolderImported")
    assert import_record["sourceTitle"] == first
    assert import_record["data"]["importedPath"] == str(imported)

    # The webhook was told, in Radarr's shapes.
    grab_hook, download_hook = eventually(
        lambda: (
            [h for h in internet.webhooks if h["eventType"] in ("Grab", "Download")][:2]
            if len(internet.webhook_events()) >= 3
            else None
        ),
        what="the Grab and Download webhooks",
    )
    assert grab_hook["eventType"] == "Grab" and grab_hook["release"]["releaseTitle"] == first
    assert grab_hook["movie"]["tmdbId"] == THE_MATRIX and grab_hook["downloadClientType"] == "qBittorrent"
    assert grab_hook["downloadId"] == import_record["downloadId"]
    assert download_hook["eventType"] == "Download" and download_hook["isUpgrade"] is False
    assert download_hook["movieFile"]["relativePath"] == imported.name
    assert download_hook["movieFile"]["sceneName"] == first

    # A better release turns up in the feed; RSS sync grabs it and the upgrade replaces the file.
    better = "The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-FLUX"
    torznab.feed.append(torrent_release(better, 7, seeds, seeder))
    reelarr.command("RssSync")
    wait_for_grab(reelarr, better)
    movie = wait_for_import(reelarr, movie_id, better)
    upgraded = folder / "The Matrix (1999) WEBDL-1080p.mkv"
    assert movie["movieFile"]["relativePath"] == upgraded.name
    assert sorted(p.name for p in folder.iterdir()) == [upgraded.name]
    assert [p.name for p in recycle_bin.rglob("*.mkv")] == [imported.name]
    upgrade_hook = eventually(
        lambda: [h for h in internet.webhooks if h["eventType"] == "Download" and h["isUpgrade"]],
        what="the upgrade's Download webhook",
    )[0]
    assert [f["relativePath"] for f in upgrade_hook["deletedFiles"]] == [imported.name]

    # The next better release fails in the client: blocklisted, searched again, the next best grabbed.
    broken, next_best = "The.Matrix.1999.1080p.BluRay.x264-BROKEN", "The.Matrix.1999.1080p.BluRay.x264-SPARKS"
    failing = torrent_release(broken, 10, seeds, seeder)
    # Where qBittorrent must write the file there is a folder: the torrent errors.
    (users_qbittorrent.downloads / f"{broken}.mkv").mkdir()
    torznab.feed.append(failing)
    torznab.found = [*decoys(), failing, torrent_release(next_best, 9, seeds, seeder)]
    reelarr.command("RssSync")
    wait_for_grab(reelarr, broken)
    movie = wait_for_import(reelarr, movie_id, next_best)
    (blocked,) = reelarr.get("/blocklist")["records"]
    assert (blocked["sourceTitle"], blocked["movieId"]) == (broken, movie_id)
    (failed,) = reelarr.history("downloadFailed")
    assert failed["sourceTitle"] == broken
    assert grabbed_titles(reelarr) == [first, better, broken, next_best]
    assert movie["movieFile"]["relativePath"] == "The Matrix (1999) Bluray-1080p.mkv"

    # History, the calendar and the iCal feed tell what happened.
    by_movie = reelarr.get("/history/movie", movieId=movie_id)
    assert {r["eventType"] for r in by_movie} >= {
        "grabbed",
        "downloadFolderImported",
        "movieFileDeleted",
        "downloadFailed",
    }
    page = reelarr.get("/history", page=1, pageSize=2, sortKey="date", sortDirection="descending")
    assert page["totalRecords"] == len(by_movie) and len(page["records"]) == 2
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
    assert len(reelarr.get("/history/since", date=since)) == len(by_movie)
    (on_calendar,) = reelarr.get("/calendar", start="1999-01-01", end="1999-12-31")
    assert on_calendar["title"] == "The Matrix" and on_calendar["hasFile"]
    assert reelarr.api is not None
    ical = reelarr.api.get("/../../feed/v3/calendar/radarr.ics", params={"pastDays": 11000}).text
    assert "SUMMARY:The Matrix" in ical


def test_a_usenet_grab_is_downloaded_by_nzbget_from_a_news_server_and_imported_by_moving(
    reelarr: Reelarr,
    internet: Internet,
    users_nzbget: Daemon,
    news_server: NewsServer,
    tmp_path: Path,
) -> None:
    library, recycle_bin = tmp_path / "Movies", tmp_path / "Recycle Bin"
    library.mkdir()
    newznab = internet.indexers["newznab"]
    newznab.feed = [Release("Some.Other.Film.2015.1080p.BluRay.x264-GRP", 8)]
    set_up_like_a_user(reelarr, internet, library, recycle_bin)
    add_indexer(reelarr, internet, "newznab")
    add_client(reelarr, users_nzbget, "Nzbget")

    title = "Inception.2010.1080p.BluRay.x264-SPARKS"
    video = movie_file(tmp_path / "posted", f"{title}.mkv")
    post = news_server.post(video.name, video.read_bytes())
    newznab.found = [
        Release("Inception.2010.720p.BluRay.x264.Sample-SMPL", 0.04),
        Release("Inception.2010.1080p.BluRay.x264-SPARKS", 9, payload=news_server.nzb(post)),
    ]

    movie_id = want(reelarr, INCEPTION, library)["id"]
    wait_for_grab(reelarr, title)
    movie = wait_for_import(reelarr, movie_id, title)

    imported = library / "Inception (2010)" / "Inception (2010) Bluray-1080p.mkv"
    assert movie["movieFile"]["relativePath"] == imported.name
    assert imported.read_bytes() == video.read_bytes()
    (record,) = reelarr.history("downloadFolderImported")
    assert record["data"]["transferMode"] == "move"
    assert not Path(record["data"]["droppedPath"]).exists(), "moved out of NZBGet's folder"

    def told_about_inception() -> list[str]:
        return [h["eventType"] for h in internet.webhooks if h["movie"]["tmdbId"] == INCEPTION]

    # Notifications go out in the background, so the Download webhook may trail the import a little.
    eventually(lambda: len(told_about_inception()) >= 2, what="the Grab and Download webhooks")
    assert told_about_inception() == ["Grab", "Download"]
