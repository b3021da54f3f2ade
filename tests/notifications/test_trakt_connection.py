"""Trakt: the collection kept in step with the library, against the local Trakt stand-in.

The stand-in (tests/import_lists/sign_in_services.py, shared with the Trakt import lists)
follows Trakt's documented API and records what ``/sync/collection`` and
``/sync/collection/remove`` were sent. Messages go through the real dispatcher, to a
notification saved through the API, so the switches, the refresh and its storage are ours.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from notification_support import IMPORTED, MATRIX, MESSAGES, add_movie, add_notification, context_of, settle

from local_server import serving
from reelarr.models import ProviderDefinition
from reelarr.notifications.base import EventType, FileFacts, Message
from reelarr.notifications.dispatch import dispatch

sys.path.insert(0, str(Path(__file__).parents[1] / "import_lists"))

from sign_in_services import CLIENT_ID, CLIENT_SECRET, Trakt, trakt_app

EVERY_EVENT = {
    "onDownload": True,
    "onUpgrade": True,
    "onMovieDelete": True,
    "onMovieFileDelete": True,
    "onMovieFileDeleteForUpgrade": True,
}
MATRIX_IDS = {"title": "The Matrix", "year": 1999, "ids": {"tmdb": 603, "imdb": "tt0133093"}}


@pytest.fixture
def trakt(monkeypatch: pytest.MonkeyPatch) -> Iterator[Trakt]:
    """The stand-in with a user signed in (tokens ``access-1``/``refresh-1``), and our application."""
    state = Trakt()
    state.generation = 1
    with serving(trakt_app(state)) as url:
        state.url = url
        monkeypatch.setattr("reelarr.notifications.trakt.API_URL", url)
        monkeypatch.setenv("REELARR_TRAKT_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("REELARR_TRAKT_CLIENT_SECRET", CLIENT_SECRET)
        yield state


def signed_in(expires_in: dt.timedelta = dt.timedelta(days=90)) -> dict[str, Any]:
    return {
        "accessToken": "access-1",
        "refreshToken": "refresh-1",
        "expires": (dt.datetime.now(dt.UTC) + expires_in).isoformat(),
        "authUser": "sean",
    }


def send(client: TestClient, message: Message) -> None:
    client.portal.call(dispatch, context_of(client), message)  # type: ignore[union-attr]


def stored_settings(client: TestClient, notification_id: int) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        async with context_of(client).db.read() as session:
            row = await session.get(ProviderDefinition, notification_id)
            assert row is not None
            return dict(row.settings)

    return dict(client.portal.call(read))  # type: ignore[union-attr]


def assert_trakt_headers(headers: dict[str, str], token: str = "access-1") -> None:
    assert headers["trakt-api-key"] == CLIENT_ID
    assert headers["trakt-api-version"] == "2"
    assert headers["authorization"] == f"Bearer {token}"
    assert headers["content-type"] == "application/json"


@pytest.mark.parametrize("event", ["onDownload", "onUpgrade"])
def test_a_download_or_upgrade_adds_the_movie_and_its_files_facts_to_the_collection(
    client: TestClient, trakt: Trakt, event: str
) -> None:
    add_notification(client, "Trakt", signed_in(), **EVERY_EVENT)
    before = dt.datetime.now(dt.UTC)
    send(client, MESSAGES[event])
    ((path, headers, body),) = trakt.synced
    assert path == "/sync/collection"
    assert_trakt_headers(headers)
    (movie,) = body["movies"]
    collected = dt.datetime.fromisoformat(movie.pop("collected_at"))
    assert before - dt.timedelta(seconds=1) <= collected <= dt.datetime.now(dt.UTC)
    # IMPORTED is a Bluray-1080p file with 5.1 DTS audio and no HDR.
    assert movie == {
        **MATRIX_IDS,
        "resolution": "hd_1080p",
        "media_type": "bluray",
        "audio": "dts",
        "audio_channels": "5.1",
        "3d": False,
    }


@pytest.mark.parametrize("event", ["onMovieDelete", "onMovieFileDelete", "onMovieFileDeleteForUpgrade"])
def test_deleting_the_movie_or_its_file_removes_it_from_the_collection(
    client: TestClient, trakt: Trakt, event: str
) -> None:
    add_notification(client, "Trakt", signed_in(), **EVERY_EVENT)
    message = MESSAGES.get(event) or Message(
        EventType.MOVIE_FILE_DELETE, movie=MATRIX, file=IMPORTED, delete_reason="upgrade"
    )
    send(client, message)
    ((path, headers, body),) = trakt.synced
    assert path == "/sync/collection/remove"
    assert_trakt_headers(headers)
    assert body == {"movies": [MATRIX_IDS]}


def test_the_events_trakt_does_not_take_send_nothing_and_switches_off_are_respected(
    client: TestClient, trakt: Trakt
) -> None:
    add_notification(client, "Trakt", signed_in(), onDownload=True, onMovieFileDelete=True)
    for event in ("onGrab", "onMovieAdded", "onRename", "onUpgrade", "onMovieDelete"):
        send(client, MESSAGES[event])
    send(client, Message(EventType.MOVIE_FILE_DELETE, movie=MATRIX, file=IMPORTED, delete_reason="upgrade"))
    assert trakt.synced == []
    send(client, MESSAGES["onDownload"])
    assert [path for path, _, _ in trakt.synced] == ["/sync/collection"]


def test_hdr_interlacing_and_the_source_are_mapped_to_trakts_names(client: TestClient, trakt: Trakt) -> None:
    add_notification(client, "Trakt", signed_in(), onDownload=True)
    hdtv = FileFacts(
        id=6,
        relative_path="The Matrix (1999).ts",
        quality="HDTV-1080p",
        media_info={
            "audioCodec": "TrueHD Atmos",
            "audioChannels": 7.1,
            "scanType": "Interlaced",
            "videoDynamicRangeType": "DV HDR10",
        },
    )
    send(client, Message(EventType.DOWNLOAD, movie=MATRIX, file=hdtv))
    ((_, _, body),) = trakt.synced
    (movie,) = body["movies"]
    assert {key: movie[key] for key in ("resolution", "media_type", "audio", "audio_channels", "hdr")} == {
        "resolution": "hd_1080i",
        "media_type": "dvd",
        "audio": "dolby_atmos",
        "audio_channels": "7.1",
        "hdr": "hdr10",
    }


def test_deleting_a_movie_from_the_library_removes_it_by_its_ids(
    client: TestClient, trakt: Trakt, movies_root: Path
) -> None:
    add_notification(client, "Trakt", signed_in(), onMovieDelete=True)
    movie_id = add_movie(client, str(movies_root))
    assert client.delete(f"/api/v3/movie/{movie_id}").status_code == 200
    settle(client)
    ((path, _, body),) = trakt.synced
    assert (path, body) == ("/sync/collection/remove", {"movies": [MATRIX_IDS]})


def test_a_token_about_to_expire_is_refreshed_first_and_the_new_tokens_are_kept(
    client: TestClient, trakt: Trakt
) -> None:
    notification_id = add_notification(
        client, "Trakt", signed_in(expires_in=dt.timedelta(minutes=2)), onDownload=True
    )
    send(client, MESSAGES["onDownload"])
    assert trakt.requests.count("refresh refresh-1") == 1
    ((_, headers, _),) = trakt.synced
    assert headers["authorization"] == "Bearer access-2"
    kept = stored_settings(client, notification_id)
    assert (kept["accessToken"], kept["refreshToken"]) == ("access-2", "refresh-2")
    assert dt.datetime.fromisoformat(kept["expires"]) > dt.datetime.now(dt.UTC) + dt.timedelta(days=89)
    send(client, MESSAGES["onDownload"])  # the stored tokens are current: no second refresh
    assert [r for r in trakt.requests if r.startswith("refresh")] == ["refresh refresh-1"]
    assert trakt.synced[-1][1]["authorization"] == "Bearer access-2"


def test_the_test_with_a_revoked_token_is_a_400_naming_the_sign_in(client: TestClient, trakt: Trakt) -> None:
    resource = {
        "name": "Trakt",
        "implementation": "Trakt",
        "fields": [{"name": k, "value": v} for k, v in {**signed_in(), "accessToken": "revoked"}.items()],
    }
    response = client.post("/api/v3/notification/test", json=resource)
    assert response.status_code == 400
    (problem,) = response.json()
    assert problem["propertyName"] == "signIn"
    assert problem["errorMessage"] == "Trakt refused the credentials (HTTP 401); sign in with Trakt again"
    resource["fields"] = [{"name": k, "value": v} for k, v in signed_in().items()]
    assert client.post("/api/v3/notification/test", json=resource).status_code == 200
    assert "/users/settings" in trakt.requests


def test_signing_in_from_the_form_gives_the_tokens_and_the_user(client: TestClient, trakt: Trakt) -> None:
    body = {"implementation": "Trakt", "fields": [{"name": "signIn", "value": "startOAuth"}]}
    started = client.post("/api/v3/notification/action/startOAuth", json=body)
    assert started.status_code == 200, started.text
    poll = {"deviceCode": started.json()["deviceCode"]}
    pending = client.post("/api/v3/notification/action/getOAuthToken", params=poll, json=body)
    assert pending.json() == {"pending": True}
    trakt.approved = True
    tokens = client.post("/api/v3/notification/action/getOAuthToken", params=poll, json=body).json()
    signed = (tokens["accessToken"], tokens["refreshToken"], tokens["authUser"])
    assert signed == ("access-1", "refresh-1", "sean")


def test_without_a_trakt_application_the_sign_in_says_what_to_set(
    client: TestClient, trakt: Trakt, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REELARR_TRAKT_CLIENT_ID")
    body = {"implementation": "Trakt", "fields": []}
    response = client.post("/api/v3/notification/action/startOAuth", json=body)
    assert response.status_code == 400
    (problem,) = response.json()
    assert problem["propertyName"] == "signIn"
    assert "REELARR_TRAKT_CLIENT_ID" in problem["errorMessage"]
    assert trakt.requests == [] and trakt.polls == 0
