"""Apprise URLs (Reelarr's own kind) delivers through the Apprise library: here ``json://`` to a
real local receiver."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from notification_support import (
    BLURAY_1080P,
    Receiver,
    add_movie,
    add_notification,
    publish,
    record_grab,
    settle,
)

from reelarr.events import HealthChanged, MovieGrabbed


def apprise_url(receiver: Receiver, path: str = "apprise") -> str:
    return f"json://{receiver.base_url.removeprefix('http://')}/{path}"


def test_the_test_button_reaches_the_receiver_through_an_apprise_url(
    client: TestClient, receiver: Receiver
) -> None:
    response = client.post(
        "/api/v3/notification/test",
        json={
            "name": "Apprise",
            "implementation": "AppriseUrls",
            "configContract": "AppriseUrlsSettings",
            "fields": [{"name": "urls", "value": [apprise_url(receiver)]}],
        },
    )
    assert response.status_code == 200, response.text
    (sent,) = receiver.received
    assert sent.path == "/apprise"
    assert sent.body["title"] == "Test Notification"
    assert "Test Title (1970)" in sent.body["message"]


def test_a_grab_reaches_every_apprise_url_pasted_in_one_string(
    client: TestClient, receiver: Receiver, movies_root: Path
) -> None:
    urls = f"{apprise_url(receiver, 'phone')}, {apprise_url(receiver, 'desk')}"
    add_notification(client, "AppriseUrls", {"urls": urls, "titlePrefix": "[Home]"}, onGrab=True)
    movie_id = add_movie(client, str(movies_root))
    record_grab(client, movie_id, "hash", "The.Matrix.1999.1080p.BluRay.x264-GROUP", BLURAY_1080P)
    publish(client, MovieGrabbed(movie_id, "hash", "The.Matrix.1999.1080p.BluRay.x264-GROUP"))
    grabs = receiver.wait_for(4)[2:]
    assert sorted(r.path for r in grabs) == ["/desk", "/phone"]
    assert {r.body["title"] for r in grabs} == {"[Home] Movie Grabbed"}
    assert {r.body["message"] for r in grabs} == {"The Matrix (1999) [Bluray-1080p] from Local Torznab"}


def test_health_issues_and_their_recovery_are_told_once_each(client: TestClient, receiver: Receiver) -> None:
    add_notification(
        client,
        "AppriseUrls",
        {"urls": [apprise_url(receiver)]},
        onHealthIssue=True,
        onHealthRestored=True,
        includeHealthWarnings=True,
    )
    publish(client, HealthChanged(()))  # whatever failed at start-up is restored first
    settle(client)
    before = len(receiver.received)
    issue = ("DownloadClientCheck", "warning", "Unable to communicate with qBittorrent")
    for issues in ((issue,), (issue,), ()):  # the second is unchanged: nothing new to tell
        publish(client, HealthChanged(issues))
        settle(client)
    told = receiver.received[before:]
    assert [r.body["title"] for r in told] == ["Health Check Failure", "Health Check Restored"]
    assert told[0].body["message"] == "Unable to communicate with qBittorrent"
    assert told[0].body["type"] == "warning"


def test_a_url_apprise_does_not_know_fails_the_test_with_a_message(client: TestClient) -> None:
    response = client.post(
        "/api/v3/notification/test",
        json={
            "name": "Apprise",
            "implementation": "AppriseUrls",
            "fields": [{"name": "urls", "value": ["nosuchservice://token"]}],
        },
    )
    assert response.status_code == 400
    (problem,) = response.json()
    assert problem["propertyName"] == "urls"
    assert "does not understand the URL nosuchservice://" in problem["errorMessage"]
