"""The webhook sends Radarr's payloads, field for field, to a real local receiver."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from notification_support import (
    BLURAY_1080P,
    MESSAGES,
    WEBDL_720P,
    Receiver,
    add_movie,
    add_notification,
    add_tag,
    context_of,
    deliver,
    publish,
    record_grab,
    record_import,
    settle,
    supported_events,
)
from sqlalchemy import select

from reelarr.events import FileRename, MovieGrabbed, MovieImported, MovieRenamed
from reelarr.models import ProviderStatus
from reelarr.notifications import dispatch
from reelarr.notifications.base import Message
from reelarr.notifications.webhook import payload

# Radarr's webhook shapes (WebhookGrabPayload, WebhookImportPayload, WebhookMovie...), as
# Notifiarr and home automations read them.
COMMON = {"eventType", "instanceName", "applicationUrl"}
GRAB = COMMON | {
    "movie",
    "remoteMovie",
    "release",
    "downloadClient",
    "downloadClientType",
    "downloadId",
    "customFormatInfo",
}
DOWNLOAD = COMMON | {
    "movie",
    "remoteMovie",
    "movieFile",
    "isUpgrade",
    "downloadClient",
    "downloadClientType",
    "downloadId",
    "customFormatInfo",
    "release",
}
MOVIE = {
    "id",
    "title",
    "year",
    "releaseDate",
    "folderPath",
    "tmdbId",
    "imdbId",
    "overview",
    "genres",
    "images",
    "tags",
    "originalLanguage",
}
REMOTE_MOVIE = {"tmdbId", "imdbId", "title", "year"}
RELEASE = {
    "quality",
    "qualityVersion",
    "releaseGroup",
    "releaseTitle",
    "indexer",
    "size",
    "customFormatScore",
    "customFormats",
    "languages",
    "indexerFlags",
}
MOVIE_FILE = {
    "id",
    "relativePath",
    "path",
    "quality",
    "qualityVersion",
    "releaseGroup",
    "sceneName",
    "indexerFlags",
    "size",
    "dateAdded",
    "languages",
    "mediaInfo",
}
MEDIA_INFO = {
    "audioChannels",
    "audioCodec",
    "audioLanguages",
    "height",
    "width",
    "subtitles",
    "videoCodec",
    "videoDynamicRange",
    "videoDynamicRangeType",
}
GRABBED_RELEASE = {"releaseTitle", "indexer", "size", "indexerFlags"}
CUSTOM_FORMAT_INFO = {"customFormats", "customFormatScore"}

RELEASE_TITLE = "The.Matrix.1999.1080p.BluRay.x264-GROUP"
DOWNLOAD_ID = "0fe4691c738995491759aa336d8029fa2e902f7d"


def webhook(receiver: Receiver, **fields: Any) -> dict[str, Any]:
    return {"url": f"{receiver.base_url}/radarr", "method": 1, **fields}


def test_the_test_button_sends_radarrs_test_payload(client: TestClient, receiver: Receiver) -> None:
    response = client.post(
        "/api/v3/notification/test",
        json={
            "name": "Hook",
            "implementation": "Webhook",
            "configContract": "WebhookSettings",
            "fields": [{"name": k, "value": v} for k, v in webhook(receiver).items()],
        },
    )
    assert response.status_code == 200, response.text
    (sent,) = receiver.received
    assert sent.method == "POST" and sent.path == "/radarr"
    assert sent.headers["content-type"] == "application/json"
    body = sent.body
    assert set(body) == GRAB and body["eventType"] == "Test"
    assert body["instanceName"] == "Reelarr"
    assert set(body["movie"]) == MOVIE and body["movie"]["title"] == "Test Title"
    assert set(body["remoteMovie"]) == REMOTE_MOVIE
    assert set(body["release"]) == RELEASE and body["release"]["indexer"] == "Test Indexer"
    assert set(body["customFormatInfo"]) == CUSTOM_FORMAT_INFO


def test_saving_tests_first_and_the_resource_carries_radarrs_switches(
    client: TestClient, receiver: Receiver
) -> None:
    notification_id = add_notification(client, "Webhook", webhook(receiver), onGrab=True, onDownload=True)
    assert receiver.wait_for(1)[0].body["eventType"] == "Test"
    saved = client.get(f"/api/v3/notification/{notification_id}").json()
    assert saved["onGrab"] and saved["onDownload"] and not saved["onUpgrade"]
    assert saved["supportsOnGrab"] and saved["supportsOnHealthRestored"] and saved["supportsOnRename"]
    assert saved["supportsOnApplicationUpdate"] is False  # Reelarr does not update itself
    assert saved["implementationName"] == "Webhook" and saved["configContract"] == "WebhookSettings"
    assert {f["name"] for f in saved["fields"]} >= {"url", "method", "username", "password"}
    schema = {s["implementation"]: s for s in client.get("/api/v3/notification/schema").json()}
    assert {"Webhook", "Apprise", "AppriseUrls", "CustomScript"} <= set(
        schema
    )  # the rest: test_radarr_implementations.py
    assert schema["Apprise"]["supportsOnRename"] is False


def test_an_unreachable_webhook_fails_the_test_with_a_message_naming_the_url(client: TestClient) -> None:
    response = client.post(
        "/api/v3/notification",
        json={
            "name": "Nowhere",
            "implementation": "Webhook",
            "configContract": "WebhookSettings",
            "onGrab": True,
            "fields": [{"name": "url", "value": "http://127.0.0.1:9/hook"}],
        },
    )
    assert response.status_code == 400
    (problem,) = response.json()
    assert problem["propertyName"] == "url"
    assert "Cannot reach 127.0.0.1:9" in problem["errorMessage"]


def test_a_grab_sends_the_grab_payload_with_the_release_from_history(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    add_notification(client, "Webhook", webhook(receiver, method=2), onGrab=True)
    movie_id = add_movie(client, str(movies_root))
    record_grab(client, movie_id, DOWNLOAD_ID, RELEASE_TITLE, BLURAY_1080P)
    publish(client, MovieGrabbed(movie_id, DOWNLOAD_ID, RELEASE_TITLE))

    grab = receiver.wait_for(2)[1]
    assert grab.method == "PUT"
    body = grab.body
    assert set(body) == GRAB and body["eventType"] == "Grab"
    assert set(body["movie"]) == MOVIE
    assert body["movie"]["title"] == "The Matrix" and body["movie"]["year"] == 1999
    assert body["movie"]["releaseDate"] == "1999-09-21"
    assert body["movie"]["folderPath"] == f"{movies_root}/The Matrix (1999)"
    assert body["movie"]["originalLanguage"] == {"id": 1, "name": "English"}
    assert body["remoteMovie"] == {"tmdbId": 603, "imdbId": "tt0133093", "title": "The Matrix", "year": 1999}
    release = body["release"]
    assert set(release) == RELEASE
    assert release["releaseTitle"] == RELEASE_TITLE
    assert release["indexer"] == "Local Torznab"
    assert release["quality"] == "Bluray-1080p" and release["qualityVersion"] == 1
    assert release["size"] == 1460000000 and release["releaseGroup"] == "GROUP"
    assert release["indexerFlags"] == ["G_Freeleech"]
    assert body["downloadClient"] == "qBittorrent (movies)"
    assert body["downloadClientType"] == "qBittorrent"
    assert body["downloadId"] == DOWNLOAD_ID


def test_an_import_sends_download_and_an_upgrade_sends_download_with_is_upgrade(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    add_notification(client, "Webhook", webhook(receiver), onDownload=True, onUpgrade=True)
    movie_id = add_movie(client, str(movies_root))

    record_grab(client, movie_id, "first", "The.Matrix.1999.720p.WEB-DL-GROUP", WEBDL_720P)
    first = record_import(client, movie_id, "first", "The Matrix (1999) WEBDL-720p.mkv", WEBDL_720P)
    publish(client, MovieImported(movie_id, first))
    download = receiver.wait_for(2)[1].body
    assert set(download) == DOWNLOAD and download["eventType"] == "Download"
    assert download["isUpgrade"] is False
    movie_file = download["movieFile"]
    assert set(movie_file) == MOVIE_FILE | {"sourcePath"}
    assert movie_file["relativePath"] == "The Matrix (1999) WEBDL-720p.mkv"
    assert movie_file["path"] == f"{movies_root}/The Matrix (1999)/The Matrix (1999) WEBDL-720p.mkv"
    assert movie_file["quality"] == "WEBDL-720p"
    assert movie_file["sourcePath"] == "/downloads/The Matrix (1999) WEBDL-720p.mkv"
    assert set(movie_file["mediaInfo"]) == MEDIA_INFO
    assert movie_file["mediaInfo"]["width"] == 1920 and movie_file["mediaInfo"]["subtitles"] == ["eng", "fre"]
    assert set(download["release"]) == GRABBED_RELEASE
    assert download["release"]["releaseTitle"] == "The.Matrix.1999.720p.WEB-DL-GROUP"
    assert download["downloadId"] == "first"

    record_grab(client, movie_id, "second", RELEASE_TITLE, BLURAY_1080P)
    second = record_import(
        client,
        movie_id,
        "second",
        "The Matrix (1999) Bluray-1080p.mkv",
        BLURAY_1080P,
        replaces="The Matrix (1999) WEBDL-720p.mkv",
    )
    publish(client, MovieImported(movie_id, second, is_upgrade=True))
    upgrade = receiver.wait_for(3)[2].body
    assert set(upgrade) == DOWNLOAD | {"deletedFiles"}
    assert upgrade["eventType"] == "Download" and upgrade["isUpgrade"] is True
    assert upgrade["movieFile"]["quality"] == "Bluray-1080p"
    (replaced,) = upgrade["deletedFiles"]
    assert set(replaced) == MOVIE_FILE
    assert replaced["relativePath"] == "The Matrix (1999) WEBDL-720p.mkv"
    assert replaced["quality"] == "WEBDL-720p"
    assert upgrade["release"]["indexer"] == "Local Torznab"


def test_an_upgrade_is_not_sent_when_on_upgrade_is_off(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    add_notification(client, "Webhook", webhook(receiver), onDownload=True, onUpgrade=False)
    movie_id = add_movie(client, str(movies_root))
    first = record_import(client, movie_id, "first", "The Matrix (1999) WEBDL-720p.mkv", WEBDL_720P)
    second = record_import(
        client, movie_id, "second", "The Matrix (1999) Bluray-1080p.mkv", BLURAY_1080P, replaces="old.mkv"
    )
    publish(client, MovieImported(movie_id, second, is_upgrade=True))
    publish(client, MovieImported(movie_id, first))
    settle(client)
    assert [r.body["isUpgrade"] for r in receiver.received[1:]] == [False]


def test_a_tagged_notification_fires_only_for_movies_sharing_a_tag(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    kids = add_tag(client, "kids")
    add_notification(
        client,
        "Webhook",
        webhook(receiver, url=f"{receiver.base_url}/kids"),
        name="Kids",
        onGrab=True,
        tags=[kids],
    )
    add_notification(
        client, "Webhook", webhook(receiver, url=f"{receiver.base_url}/all"), name="All", onGrab=True
    )
    untagged = add_movie(client, str(movies_root))
    publish(client, MovieGrabbed(untagged, "a", RELEASE_TITLE))
    settle(client)
    assert [r.path for r in receiver.received[2:]] == ["/all"]

    async def tag_movie() -> None:
        from reelarr.models import Movie

        async with context_of(client).db.write() as uow:
            movie = await uow.session.get(Movie, untagged)
            assert movie is not None
            movie.tags = [kids]

    client.portal.call(tag_movie)  # type: ignore[union-attr]
    publish(client, MovieGrabbed(untagged, "b", RELEASE_TITLE))
    settle(client)
    assert sorted(r.path for r in receiver.received[3:]) == ["/all", "/kids"]
    kids_grab = next(r for r in receiver.received[3:] if r.path == "/kids").body
    assert kids_grab["movie"]["tags"] == ["kids"]


def test_a_failing_receiver_backs_off_without_breaking_the_publisher(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    notification_id = add_notification(client, "Webhook", webhook(receiver), onGrab=True)
    movie_id = add_movie(client, str(movies_root))
    receiver.status = 500
    publish(client, MovieGrabbed(movie_id, "a", RELEASE_TITLE))  # returns although the hook fails
    settle(client)
    assert len(receiver.received) == 2
    status = _status(client, notification_id)
    assert status is not None and status.escalation_level == 1 and status.disabled_till is not None

    # Backed off: the next event is not sent until the wait is over.
    publish(client, MovieGrabbed(movie_id, "b", RELEASE_TITLE))
    settle(client)
    assert len(receiver.received) == 2

    later = status.disabled_till + dt.timedelta(seconds=1)
    object.__setattr__(
        context_of(client), "clock", lambda: later
    )  # the Context is frozen; tests swap its clock
    receiver.status = 200
    publish(client, MovieGrabbed(movie_id, "c", RELEASE_TITLE))
    settle(client)
    assert receiver.received[-1].body["downloadId"] == "c"
    recovered = _status(client, notification_id)
    assert recovered is not None and recovered.escalation_level == 0 and recovered.disabled_till is None


def _status(client: TestClient, provider_id: int) -> ProviderStatus | None:
    async def read() -> ProviderStatus | None:
        async with context_of(client).db.read() as session:
            return await session.scalar(
                select(ProviderStatus).where(ProviderStatus.provider_id == provider_id)
            )

    return client.portal.call(read)  # type: ignore[union-attr,no-any-return]


def test_a_rename_sends_the_rename_payload_with_each_files_previous_name(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    add_notification(client, "Webhook", webhook(receiver), onRename=True)
    movie_id = add_movie(client, str(movies_root))
    file_id = record_import(client, movie_id, "first", "The Matrix (1999) Bluray-1080p.mkv", BLURAY_1080P)
    publish(client, MovieRenamed(movie_id, (FileRename(file_id, "the.matrix.1999.mkv"),)))
    body = receiver.wait_for(2)[1].body
    assert body["eventType"] == "Rename"
    assert set(body) == COMMON | {"movie", "renamedMovieFiles"}
    (renamed,) = body["renamedMovieFiles"]
    assert renamed["relativePath"] == "The Matrix (1999) Bluray-1080p.mkv"
    assert renamed["previousRelativePath"] == "the.matrix.1999.mkv"
    assert renamed["previousPath"] == f"{movies_root}/The Matrix (1999)/the.matrix.1999.mkv"


def test_for_a_movie_with_several_versions_the_payload_and_text_name_the_version(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    add_notification(client, "Webhook", webhook(receiver), onGrab=True, onDownload=True)
    movie_id = add_movie(client, str(movies_root))
    profiles = {p["name"]: p["id"] for p in client.get("/api/v3/qualityprofile").json()}
    [default] = client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()
    four_k = client.post(
        "/api/v3/movieversion",
        json={"movieId": movie_id, "name": "4K", "qualityProfileId": profiles["Ultra-HD"]},
    ).json()
    title = "The.Matrix.1999.2160p.UHD.BluRay.x265-GRP"

    record_grab(client, movie_id, "uhd", title, BLURAY_1080P, version_id=four_k["id"])
    publish(client, MovieGrabbed(movie_id, "uhd", title))
    grab = receiver.wait_for(2)[1].body
    assert set(grab) == GRAB | {"movieVersion"}
    assert grab["movieVersion"] == {"id": four_k["id"], "name": "4K"}

    imported = record_import(client, movie_id, "hd", "The Matrix (1999) Bluray-1080p.mkv", BLURAY_1080P)
    publish(client, MovieImported(movie_id, imported))
    download = receiver.wait_for(3)[2].body
    assert download["movieVersion"] == {"id": default["id"], "name": ""}, "the default version's file"

    async def grab_message() -> Message | None:
        async with context_of(client).db.read() as session:
            return await dispatch.grab_message(session, MovieGrabbed(movie_id, "uhd", title))

    message = client.portal.call(grab_message)  # type: ignore[union-attr]
    assert message is not None
    assert message.text == "The Matrix (1999) - 4K [Bluray-1080p] from Local Torznab"
    assert message.body == "The Matrix (1999) - 4K [Bluray-1080p] https://www.imdb.com/title/tt0133093/"


# Radarr's top-level fields and eventType for each event (WebhookGrabPayload, WebhookImportPayload,
# WebhookRenamePayload, WebhookMovieAddedPayload, WebhookMovieDeletePayload,
# WebhookMovieFileDeletePayload, WebhookHealthPayload, WebhookManualInteractionPayload).
HEALTH = COMMON | {"level", "message", "type", "wikiUrl"}
FILE_DELETE = COMMON | {"movie", "movieFile", "deleteReason"}
WEBHOOK_EVENTS: dict[str, tuple[str, set[str]]] = {
    "onGrab": ("Grab", GRAB),
    "onDownload": ("Download", DOWNLOAD),
    "onUpgrade": ("Download", DOWNLOAD),
    "onRename": ("Rename", COMMON | {"movie", "renamedMovieFiles"}),
    "onMovieAdded": ("MovieAdded", COMMON | {"movie", "addMethod"}),
    "onMovieDelete": ("MovieDelete", COMMON | {"movie", "deletedFiles", "movieFolderSize"}),
    "onMovieFileDelete": ("MovieFileDelete", FILE_DELETE),
    "onMovieFileDeleteForUpgrade": ("MovieFileDelete", FILE_DELETE),
    "onHealthIssue": ("Health", HEALTH),
    "onHealthRestored": ("HealthRestored", HEALTH),
    "onManualInteractionRequired": (
        "ManualInteractionRequired",
        COMMON
        | {
            "movie",
            "downloadInfo",
            "downloadClient",
            "downloadClientType",
            "downloadId",
            "downloadStatus",
            "downloadStatusMessages",
            "customFormatInfo",
            "release",
        },
    ),
}


@pytest.mark.parametrize("event", supported_events("Webhook"))
def test_each_event_is_sent_with_the_method_auth_headers_and_radarrs_payload(
    client: TestClient, receiver: Receiver, event: str
) -> None:
    fields = webhook(
        receiver,
        method=2,
        username="hook",
        password="s3cret",
        headers=[{"key": "X-Source", "value": "radarr"}],
    )
    deliver(client, "Webhook", fields, MESSAGES[event])
    (sent,) = receiver.received
    assert (sent.method, sent.path) == ("PUT", "/radarr")
    assert sent.headers["authorization"] == "Basic aG9vazpzM2NyZXQ="
    assert sent.headers["x-source"] == "radarr"
    assert sent.headers["content-type"] == "application/json"
    event_type, keys = WEBHOOK_EVENTS[event]
    assert (sent.body["eventType"], set(sent.body)) == (event_type, keys)
    assert sent.body == payload(MESSAGES[event], "Reelarr")
    if event.startswith("onMovieFileDelete"):
        assert sent.body["deleteReason"] == ("upgrade" if event.endswith("Upgrade") else "manual")
    if event == "onUpgrade":
        assert sent.body["isUpgrade"] is True
