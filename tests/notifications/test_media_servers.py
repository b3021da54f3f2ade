"""Plex, Emby/Jellyfin and Kodi, each against a local server speaking its API: which library is
refreshed, for which path, with which credentials, and what is shown on screen.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from notification_support import MESSAGES, TEXTS, context_of, deliver, supported_events
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving
from reelarr.models import RootFolder
from reelarr.notifications.base import NotificationError


@dataclass
class StandIn:
    """What a stand-in server was asked: (method, path, query, headers, JSON body)."""

    base_url: str = ""
    calls: list[tuple[str, str, dict[str, str], dict[str, str], Any]] = field(default_factory=list)

    async def record(self, request: Request) -> Any:
        raw = await request.body()
        body = json.loads(raw) if raw else None
        self.calls.append(
            (request.method, request.url.path, dict(request.query_params), dict(request.headers), body)
        )
        return body

    def paths(self) -> list[str]:
        return [path for _, path, *_ in self.calls]


# ---------------------------------------------------------------- Kodi

KODI_FILE = "/storage/movies/The Matrix (1999)/The Matrix (1999).mkv"


@pytest.fixture
def kodi() -> Iterator[StandIn]:
    state = StandIn()
    playing: list[dict[str, Any]] = []

    async def jsonrpc(request: Request) -> Response:
        if request.headers.get("authorization") != "Basic a29kaTpzZWNyZXQ=":  # kodi:secret
            return Response("Unauthorized", status_code=401)
        call = await state.record(request)
        results = {
            "Player.GetActivePlayers": playing,
            "VideoLibrary.GetMovies": {
                "limits": {"start": 0, "end": 1, "total": 1},
                "movies": [
                    {"movieid": 1, "label": "The Matrix", "file": KODI_FILE, "imdbnumber": "tt0133093"}
                ],
            },
        }
        if call["method"] not in (
            *results,
            "VideoLibrary.Scan",
            "VideoLibrary.Clean",
            "GUI.ShowNotification",
        ):
            return JSONResponse(
                {
                    "jsonrpc": "2.0",
                    "id": call["id"],
                    "error": {"code": -32601, "message": "Method not found."},
                }
            )
        return JSONResponse({"jsonrpc": "2.0", "id": call["id"], "result": results.get(call["method"], "OK")})

    state.playing = playing  # type: ignore[attr-defined]
    with serving(Starlette(routes=[Route("/jsonrpc", jsonrpc, methods=["POST"])])) as url:
        state.base_url = url
        yield state


def _kodi_fields(kodi: StandIn, **extra: Any) -> dict[str, Any]:
    port = int(kodi.base_url.rsplit(":", 1)[1])
    return {"host": "127.0.0.1", "port": port, "username": "kodi", "password": "secret", **extra}


def _rpc(kodi: StandIn) -> list[tuple[str, list[Any]]]:
    return [(body["method"], body["params"]) for *_, body in kodi.calls]


KODI_HEADERS = {
    "onGrab": "Reelarr - Grabbed",
    "onDownload": "Reelarr - Downloaded",
    "onUpgrade": "Reelarr - Downloaded",
    "onMovieFileDelete": "Reelarr - Deleted",
    "onMovieFileDeleteForUpgrade": "Reelarr - Deleted",
    "onMovieDelete": "Reelarr - Deleted",
    "onHealthIssue": "Reelarr - Health Check Failure",
    "onHealthRestored": "Reelarr - Health Check Restored",
    "onManualInteractionRequired": "Manual Interaction",
}


@pytest.mark.parametrize("event", [e for e in supported_events("Xbmc") if e != "onRename"])
def test_kodi_shows_radarrs_notification_for_each_event(
    client: TestClient, kodi: StandIn, event: str
) -> None:
    deliver(client, "Xbmc", _kodi_fields(kodi, notify=True, displayTime=7), MESSAGES[event])
    first = _rpc(kodi)[0]
    assert first == ("GUI.ShowNotification", [KODI_HEADERS[event], TEXTS[event][1], "info", 7000])
    assert kodi.calls[0][3]["content-type"] == "application/json"


def test_kodi_scans_the_folder_it_knows_the_movie_by_and_cleans_after_an_upgrade(
    client: TestClient, kodi: StandIn
) -> None:
    fields = _kodi_fields(kodi, updateLibrary=True, cleanLibrary=True)
    deliver(client, "Xbmc", fields, MESSAGES["onDownload"])
    assert _rpc(kodi) == [
        ("Player.GetActivePlayers", []),
        ("VideoLibrary.GetMovies", [["file", "imdbnumber"]]),
        ("VideoLibrary.Scan", ["/storage/movies/The Matrix (1999)/"]),
    ]
    kodi.calls.clear()
    deliver(client, "Xbmc", fields, MESSAGES["onUpgrade"])
    assert [method for method, _ in _rpc(kodi)][-2:] == ["VideoLibrary.Scan", "VideoLibrary.Clean"]


KODI_LIBRARY_EVENTS = ("onDownload", "onUpgrade", "onRename", "onMovieDelete", "onMovieFileDelete")


@pytest.mark.parametrize(
    "event", [e for e in supported_events("Xbmc") if e in KODI_LIBRARY_EVENTS or e.startswith("onMovieFile")]
)
def test_kodi_scans_the_movies_folder_for_each_library_change_and_cleans_unless_it_is_new(
    client: TestClient, kodi: StandIn, event: str
) -> None:
    deliver(client, "Xbmc", _kodi_fields(kodi, updateLibrary=True, cleanLibrary=True), MESSAGES[event])
    library = [(method, params) for method, params in _rpc(kodi) if method.startswith("VideoLibrary.")]
    scan = ("VideoLibrary.Scan", ["/storage/movies/The Matrix (1999)/"])
    clean = [] if event == "onDownload" else [("VideoLibrary.Clean", [])]
    assert library == [("VideoLibrary.GetMovies", [["file", "imdbnumber"]]), scan, *clean]


def test_kodi_leaves_the_library_alone_while_a_video_plays_unless_told_to(
    client: TestClient, kodi: StandIn
) -> None:
    kodi.playing.append({"playerid": 1, "playertype": "internal", "type": "video"})  # type: ignore[attr-defined]
    deliver(client, "Xbmc", _kodi_fields(kodi, updateLibrary=True, cleanLibrary=True), MESSAGES["onRename"])
    assert _rpc(kodi) == [("Player.GetActivePlayers", [])]
    kodi.calls.clear()
    deliver(client, "Xbmc", _kodi_fields(kodi, updateLibrary=True, alwaysUpdate=True), MESSAGES["onRename"])
    assert [method for method, _ in _rpc(kodi)] == ["VideoLibrary.GetMovies", "VideoLibrary.Scan"]


def test_kodi_scans_everything_for_a_movie_it_has_never_seen(client: TestClient, kodi: StandIn) -> None:
    unknown = replace(
        MESSAGES["onDownload"], movie=replace(MESSAGES["onDownload"].movie, imdb_id="tt9999999")
    )  # type: ignore[arg-type]
    deliver(client, "Xbmc", _kodi_fields(kodi, updateLibrary=True, alwaysUpdate=True), unknown)
    assert _rpc(kodi)[-1] == ("VideoLibrary.Scan", [])


def test_kodi_wrong_password_fails_the_test_on_the_username(client: TestClient, kodi: StandIn) -> None:
    body = {
        "name": "Kodi",
        "implementation": "Xbmc",
        "configContract": "XbmcSettings",
        "fields": [{"name": k, "value": v} for k, v in _kodi_fields(kodi, password="wrong").items()],
        "onDownload": True,
    }
    response = client.post("/api/v3/notification/test", json=body)
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "username"
    body["fields"] = [{"name": k, "value": v} for k, v in _kodi_fields(kodi).items()]
    assert client.post("/api/v3/notification/test", json=body).status_code == 200
    assert _rpc(kodi) == [
        (
            "GUI.ShowNotification",
            ["Test Notification", "Success! Kodi has been successfully configured!", "info", 5000],
        )
    ]


# ---------------------------------------------------------------- Emby / Jellyfin

EMBY_FILE = "/media/movies/The Matrix (1999)/The Matrix (1999).mkv"


@pytest.fixture
def emby() -> Iterator[StandIn]:
    state = StandIn()

    async def answer(request: Request) -> Response:
        if request.headers.get("x-mediabrowser-token") != "emby-key":
            return Response(status_code=401)
        await state.record(request)
        if request.url.path == "/Items":
            items = [
                {
                    "Name": "The Matrix",
                    "Id": "a1",
                    "Path": EMBY_FILE,
                    "ProviderIds": {"Tmdb": "603", "Imdb": "tt0133093"},
                },
                {"Name": "The Matrix", "Id": "b2", "Path": "/media/other/matrix.mkv", "ProviderIds": {}},
            ]
            return JSONResponse({"Items": items, "TotalRecordCount": 2})
        if request.url.path == "/Notifications/Admin":
            return Response(status_code=404)  # Jellyfin has no notification endpoint
        return Response(status_code=204)

    routes = [Route("/{path:path}", answer, methods=["GET", "POST"])]
    with serving(Starlette(routes=routes)) as url:
        state.base_url = url
        yield state


def _emby_fields(emby: StandIn, **extra: Any) -> dict[str, Any]:
    port = int(emby.base_url.rsplit(":", 1)[1])
    return {"host": "127.0.0.1", "port": port, "apiKey": "emby-key", **extra}


EMBY_UPDATES = {
    "onDownload": "Created",
    "onUpgrade": "Created",
    "onRename": "Modified",
    "onMovieDelete": "Deleted",
    "onMovieFileDelete": "Deleted",
    "onMovieFileDeleteForUpgrade": "Deleted",
}


@pytest.mark.parametrize("event", list(EMBY_UPDATES))
def test_emby_refreshes_the_paths_it_knows_and_the_mapped_folder(
    client: TestClient, emby: StandIn, event: str
) -> None:
    fields = _emby_fields(emby, mapFrom="/movies", mapTo="/media/movies")
    deliver(client, "MediaBrowser", fields, MESSAGES[event])
    method, path, query, headers, _ = emby.calls[0]
    assert (method, path, headers["x-mediabrowser-token"]) == ("GET", "/Items", "emby-key")
    assert query == {
        "recursive": "true",
        "includeItemTypes": "Movie",
        "fields": "Path,ProviderIds",
        "years": "1999",
    }
    updates = [body for method, path, *_, body in emby.calls if path == "/Library/Media/Updated"]
    assert updates == [
        {"Updates": [{"Path": EMBY_FILE, "UpdateType": EMBY_UPDATES[event]}]},
        {"Updates": [{"Path": "/media/movies/The Matrix (1999)", "UpdateType": EMBY_UPDATES[event]}]},
    ]


@pytest.mark.parametrize("event", [e for e in supported_events("MediaBrowser") if e != "onRename"])
def test_emby_notifies_admins_and_takes_jellyfins_404_in_its_stride(
    client: TestClient, emby: StandIn, event: str
) -> None:
    deliver(client, "MediaBrowser", _emby_fields(emby, notify=True, updateLibrary=False), MESSAGES[event])
    ((method, path, _, headers, body),) = emby.calls
    assert (method, path, headers["x-mediabrowser-token"]) == ("POST", "/Notifications/Admin", "emby-key")
    title, text = TEXTS[event]
    assert body == {"Name": f"Reelarr - {title}", "Description": text}


def test_emby_refuses_a_half_mapping_and_a_wrong_key(client: TestClient, emby: StandIn) -> None:
    with pytest.raises(Exception, match="set both or neither"):
        deliver(client, "MediaBrowser", _emby_fields(emby, mapFrom="/movies"), MESSAGES["onDownload"])
    with pytest.raises(NotificationError) as refused:
        deliver(client, "MediaBrowser", _emby_fields(emby, apiKey="nope"), MESSAGES["onDownload"])
    assert refused.value.field == "apiKey"


# ---------------------------------------------------------------- Plex


@pytest.fixture
def plex(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """A Plex Media Server and plex.tv on one local server (plex.tv's paths live under /api/v2)."""
    state = StandIn()

    async def answer(request: Request) -> Response:
        await state.record(request)
        path = request.url.path
        if path == "/api/v2/pins/4242":
            return JSONResponse({"id": 4242, "code": "abcd", "authToken": "plex-token"})
        if path == "/api/v2/ping":
            return Response(status_code=204)
        if path == "/api/v2/resources":
            return JSONResponse(
                [
                    {
                        "name": "Attic",
                        "owned": True,
                        "provides": "server",
                        "connections": [
                            {
                                "protocol": "https",
                                "address": "10.0.0.5",
                                "port": 32400,
                                "uri": "https://10-0-0-5.abc.plex.direct:32400",
                                "local": True,
                            }
                        ],
                    },
                    {"name": "Friend's", "owned": False, "provides": "server", "connections": []},
                ]
            )
        if request.query_params.get("X-Plex-Token") != "plex-token":
            return Response(status_code=401)
        if path == "/library/sections":
            directories = [
                {
                    "key": "1",
                    "type": "movie",
                    "title": "Movies",
                    "Location": [{"id": 1, "path": "/data/movies"}],
                },
                {"key": "2", "type": "show", "title": "TV", "Location": [{"id": 2, "path": "/data/tv"}]},
                {"key": "3", "type": "movie", "title": "Kids", "Location": [{"id": 3, "path": "/data/kids"}]},
            ]
            return JSONResponse({"MediaContainer": {"size": 3, "Directory": directories}})
        return Response(status_code=200)

    with serving(Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST"])])) as url:
        state.base_url = url
        monkeypatch.setattr("reelarr.notifications.plex.PLEX_TV", url)
        monkeypatch.setattr("reelarr.notifications.plex._pinged", {})
        yield state


def _plex_fields(plex: StandIn, **extra: Any) -> dict[str, Any]:
    port = int(plex.base_url.rsplit(":", 1)[1])
    return {"host": "127.0.0.1", "port": port, "authToken": "plex-token", **extra}


def _root(client: TestClient, path: str) -> None:
    async def write() -> None:
        async with context_of(client).db.write() as uow:
            uow.session.add(RootFolder(path=path))

    client.portal.call(write)  # type: ignore[union-attr]


def _refreshes(plex: StandIn) -> list[tuple[str, str]]:
    return [(path, query["path"]) for _, path, query, *_ in plex.calls if path.endswith("/refresh")]


@pytest.mark.parametrize("event", supported_events("PlexServer"))
def test_plex_refreshes_the_movies_folder_in_the_section_holding_its_root(
    client: TestClient, plex: StandIn, event: str
) -> None:
    _root(client, "/movies")
    deliver(
        client, "PlexServer", _plex_fields(plex, mapFrom="/movies", mapTo="/data/movies"), MESSAGES[event]
    )
    assert _refreshes(plex) == [("/library/sections/1/refresh", "/data/movies/The Matrix (1999)")]
    refresh = next(query for _, path, query, *_ in plex.calls if path.endswith("/refresh"))
    assert refresh["X-Plex-Token"] == "plex-token" and refresh["X-Plex-Product"] == "Reelarr"
    assert refresh["X-Plex-Client-Identifier"]
    assert plex.paths()[0] == "/api/v2/ping"


def test_plex_refreshes_every_movie_section_when_none_holds_the_root(
    client: TestClient, plex: StandIn
) -> None:
    _root(client, "/movies")
    deliver(client, "PlexServer", _plex_fields(plex), MESSAGES["onDownload"])
    assert _refreshes(plex) == [
        ("/library/sections/1/refresh", "/data/movies/The Matrix (1999)"),
        ("/library/sections/3/refresh", "/data/kids/The Matrix (1999)"),
    ]


def test_plex_sign_in_gets_a_pin_then_the_token_and_lists_owned_servers(
    client: TestClient, plex: StandIn
) -> None:
    schema = {s["implementation"]: s for s in client.get("/api/v3/notification/schema").json()}["PlexServer"]
    body = {
        **schema,
        "name": "Plex",
        "fields": [{"name": k, "value": v} for k, v in _plex_fields(plex).items()],
    }
    started = client.post("/api/v3/notification/action/startOAuth", json=body).json()
    assert started["method"] == "POST" and started["url"].startswith(f"{plex.base_url}/api/v2/pins?")
    assert "strong=true" in started["url"]
    page = client.post(
        "/api/v3/notification/action/continueOAuth?callbackUrl=http%3A%2F%2Fme%2Fdone&id=4242&code=abcd",
        json=body,
    ).json()
    assert page["pinId"] == 4242 and page["oauthUrl"].startswith("https://app.plex.tv/auth/#!?clientID=")
    token = client.post("/api/v3/notification/action/getOAuthToken?pinId=4242", json=body).json()
    assert token == {"authToken": "plex-token"}
    servers = client.post("/api/v3/notification/action/servers", json=body).json()
    assert servers == {
        "options": [
            {
                "value": "https://10-0-0-5.abc.plex.direct:32400",
                "name": "Attic (10-0-0-5.abc.plex.direct)",
                "hint": "Local, Secure",
                "additionalProperties": {"host": "10-0-0-5.abc.plex.direct", "port": 32400, "useSsl": True},
            }
        ]
    }


def test_plex_test_checks_for_a_movie_library_and_a_bad_token_blames_the_token(
    client: TestClient, plex: StandIn
) -> None:
    body = {
        "name": "Plex",
        "implementation": "PlexServer",
        "configContract": "PlexServerSettings",
        "fields": [{"name": k, "value": v} for k, v in _plex_fields(plex, authToken="stale").items()],
        "onDownload": True,
    }
    response = client.post("/api/v3/notification/test", json=body)
    assert response.status_code == 400 and response.json()[0]["propertyName"] == "authToken"
    body["fields"] = [{"name": k, "value": v} for k, v in _plex_fields(plex).items()]
    created = client.post("/api/v3/notification", json=body)
    assert created.status_code == 201, created.text
    shown = {f["name"]: f["value"] for f in created.json()["fields"]}
    assert shown["authToken"] == "********" and shown["signIn"] == "startOAuth"
