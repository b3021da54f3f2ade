"""The other webhook payloads keep Radarr's field names too (built from facts, no server needed)."""

from __future__ import annotations

from reelarr.languages import ENGLISH
from reelarr.notifications.base import EventType, FileFacts, HealthFacts, Message, MovieFacts, RenamedFile
from reelarr.notifications.custom_script import environment
from reelarr.notifications.webhook import payload

MOVIE = MovieFacts(id=7, title="Heat", year=1995, folder_path="/movies/Heat (1995)", tmdb_id=949)
FILE = FileFacts(
    id=3, relative_path="Heat (1995).mkv", path="/movies/Heat (1995)/Heat (1995).mkv", languages=(ENGLISH,)
)
COMMON = {"eventType", "instanceName", "applicationUrl"}


def test_rename_lists_each_file_with_its_previous_paths() -> None:
    renamed = RenamedFile(FILE, "heat.mkv", "/movies/Heat (1995)/heat.mkv")
    body = payload(Message(EventType.RENAME, movie=MOVIE, renamed_files=(renamed,)), "Reelarr")
    assert set(body) == COMMON | {"movie", "renamedMovieFiles"}
    (file,) = body["renamedMovieFiles"]
    assert file["previousRelativePath"] == "heat.mkv" and file["relativePath"] == "Heat (1995).mkv"
    assert file["languages"] == [{"id": 1, "name": "English"}]


def test_movie_added_deleted_and_file_deleted_carry_radarrs_fields() -> None:
    added = payload(Message(EventType.MOVIE_ADDED, movie=MOVIE, add_method="list"), "Reelarr")
    assert set(added) == COMMON | {"movie", "addMethod"} and added["addMethod"] == "list"
    deleted = payload(Message(EventType.MOVIE_DELETE, movie=MOVIE, files_deleted=True), "Reelarr")
    assert set(deleted) == COMMON | {"movie", "deletedFiles", "movieFolderSize"}
    assert deleted["deletedFiles"] is True and deleted["movieFolderSize"] is None
    file_deleted = payload(
        Message(EventType.MOVIE_FILE_DELETE, movie=MOVIE, file=FILE, delete_reason="upgrade"), "Reelarr"
    )
    assert set(file_deleted) == COMMON | {"movie", "movieFile", "deleteReason"}
    assert file_deleted["deleteReason"] == "upgrade"


def test_health_and_health_restored_share_radarrs_health_payload() -> None:
    health = HealthFacts("IndexerStatusCheck", "warning", "Indexers unavailable", "https://wiki/x")
    for event in (EventType.HEALTH, EventType.HEALTH_RESTORED):
        body = payload(Message(event, health=health), "Reelarr")
        assert body == {
            "eventType": event.value,
            "instanceName": "Reelarr",
            "applicationUrl": "",
            "level": "warning",
            "message": "Indexers unavailable",
            "type": "IndexerStatusCheck",
            "wikiUrl": "https://wiki/x",
        }


def test_manual_interaction_required_says_what_the_download_needs() -> None:
    message = Message(
        EventType.MANUAL_INTERACTION_REQUIRED,
        movie=MOVIE,
        download_status="warning",
        download_status_messages=("Found archive file, might need to be extracted",),
    )
    body = payload(message, "Reelarr")
    assert set(body) == COMMON | {
        "movie",
        "downloadInfo",
        "downloadClient",
        "downloadClientType",
        "downloadId",
        "downloadStatus",
        "downloadStatusMessages",
        "customFormatInfo",
        "release",
    }
    assert body["downloadStatusMessages"][0]["messages"] == ["Found archive file, might need to be extracted"]


def test_the_script_gets_health_variables_named_for_issue_or_restored() -> None:
    health = HealthFacts("RootFolderCheck", "error", "Missing root folder: /movies")
    issue = environment(Message(EventType.HEALTH, health=health), "Reelarr")
    assert issue["radarr_eventtype"] == "HealthIssue"
    assert issue["radarr_health_issue_message"] == "Missing root folder: /movies"
    assert issue["radarr_health_issue_level"] == "Error"  # HealthCheckResult.ToString(), as Radarr passes it
    restored = environment(Message(EventType.HEALTH_RESTORED, health=health), "Reelarr")
    assert restored["radarr_health_restored_type"] == "RootFolderCheck"


def test_the_script_gets_the_original_language_as_its_iso_639_2_code() -> None:
    movie = MovieFacts(id=7, title="Heat", year=1995, original_language=ENGLISH)
    assert (
        environment(Message(EventType.MOVIE_ADDED, movie=movie), "Reelarr")["radarr_movie_originallanguage"]
        == "eng"
    )
