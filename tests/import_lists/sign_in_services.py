"""Local stand-ins of the services signed in to from a list's form: plex.tv and Trakt.

Shared by the API-level flow tests here, the browser test of the form's "Sign in" button
(tests/web/test_import_lists.py) and the Trakt notification's tests (tests/notifications).
plex.tv: ``POST /api/v2/pins``, ``GET /api/v2/pins/{id}``
(``authToken`` null until approved), and the discover service's watchlist paged with
``X-Plex-Container-Start``/``-Size``, items naming their ids in ``Guid``. Trakt, after its
documented API (trakt.docs.apiary.io): ``POST /oauth/device/code``, polling
``POST /oauth/device/token`` (400 while pending), ``POST /oauth/token`` to refresh (which spends
the old refresh token), reads that need ``trakt-api-version: 2``, ``trakt-api-key`` and a
current bearer token, and the collection's ``POST /sync/collection`` and
``POST /sync/collection/remove``, which record what they were sent in ``Trakt.synced``.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fake_tmdb import MOVIES

# ---------------------------------------------------------------- plex.tv and the watchlist

TOKEN = "xGp2zR8hEKtWbq1yNs4c"
SERVER_PAGE_CAP = 2  # the stand-in sends at most two items a page, whatever is asked


def plex_item(tmdb_id: int) -> dict[str, Any]:
    source = MOVIES[tmdb_id]
    return {
        "ratingKey": f"5d776{tmdb_id}",
        "title": source["title"],
        "type": "movie",
        "year": int(source["release_date"][:4]),
        "Guid": [{"id": f"imdb://{source['imdb_id']}"}, {"id": f"tmdb://{tmdb_id}"}, {"id": "tvdb://1234"}],
    }


def plex_state() -> dict[str, Any]:
    return {"approved": False, "clients": set(), "pages": [], "polls": 0}


def plex_app(state: dict[str, Any]) -> Starlette:
    """plex.tv's PIN API and the discover service's watchlist; ``state["approved"]`` approves the PIN."""

    async def create_pin(request: Request) -> Response:
        state["clients"].add(request.headers.get("x-plex-client-identifier"))
        return JSONResponse(
            {
                "id": 1875239,
                "code": "p8gvc2ek9rbz4hxtqkbw4p6zq",
                "product": "Reelarr",
                "trusted": False,
                "authToken": None,
            },
            status_code=201,
        )

    async def check_pin(request: Request) -> Response:
        state["clients"].add(request.headers.get("x-plex-client-identifier"))
        state["polls"] += 1
        if request.path_params["pin_id"] != "1875239":
            return JSONResponse(
                {"errors": [{"code": 1020, "message": "Code not found or expired"}]}, status_code=404
            )
        return JSONResponse(
            {
                "id": 1875239,
                "code": "p8gvc2ek9rbz4hxtqkbw4p6zq",
                "authToken": TOKEN if state["approved"] else None,
            }
        )

    async def watchlist(request: Request) -> Response:
        if request.headers.get("x-plex-token") != TOKEN:
            return Response("Unauthorized", status_code=401)
        start = int(request.query_params["X-Plex-Container-Start"])
        size = min(int(request.query_params["X-Plex-Container-Size"]), SERVER_PAGE_CAP)
        state["pages"].append(start)
        items = [plex_item(t) for t in (604, 605, 27205)]
        return JSONResponse(
            {
                "MediaContainer": {
                    "librarySectionID": "watchlist",
                    "offset": start,
                    "totalSize": len(items),
                    "size": size,
                    "Metadata": items[start : start + size],
                }
            }
        )

    return Starlette(
        routes=[
            Route("/api/v2/pins", create_pin, methods=["POST"]),
            Route("/api/v2/pins/{pin_id}", check_pin),
            Route("/library/sections/watchlist/all", watchlist),
        ]
    )


# ---------------------------------------------------------------- Trakt

CLIENT_ID = "9b36d8c0db59eff5038aea7a417d73e69aea75b41aac771816d2ef1b3109cc2f"
CLIENT_SECRET = "d6ea27703957b69939b8104ed4524595e210cd2e79af587744a7eb6e58f5b3d2"


def trakt_movie(tmdb_id: int) -> dict[str, Any]:
    source = MOVIES[tmdb_id]
    return {
        "title": source["title"],
        "year": int(source["release_date"][:4]),
        "ids": {
            "trakt": tmdb_id // 3,
            "slug": source["title"].lower().replace(" ", "-"),
            "imdb": source["imdb_id"],
            "tmdb": tmdb_id,
        },
    }


class Trakt:
    def __init__(self) -> None:
        self.url = ""
        self.approved = False
        self.generation = 0
        self.requests: list[str] = []
        self.interval = 5  # seconds between polls, as Trakt asks
        self.expires_in = 7_776_000  # the lifetime of the tokens it hands out next
        self.polls = 0
        self.synced: list[tuple[str, dict[str, str], Any]] = []  # (path, headers, JSON body)

    @property
    def access_token(self) -> str:
        return f"access-{self.generation}"

    @property
    def refresh_token(self) -> str:
        return f"refresh-{self.generation}"

    def tokens(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "refresh_token": self.refresh_token,
            "scope": "public",
            "created_at": 1_733_300_000,
        }


def trakt_app(state: Trakt) -> Starlette:
    def authorised(request: Request) -> bool:
        return (
            request.headers.get("trakt-api-key") == CLIENT_ID
            and request.headers.get("trakt-api-version") == "2"
            and request.headers.get("authorization") == f"Bearer {state.access_token}"
        )

    async def device_code(request: Request) -> Response:
        if (await request.json()).get("client_id") != CLIENT_ID:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        return JSONResponse(
            {
                "device_code": "d9c126a7706328d808914cfd1e40274b",
                "user_code": "5055CC52",
                "verification_url": "https://trakt.tv/activate",
                "expires_in": 600,
                "interval": state.interval,
            }
        )

    async def device_token(request: Request) -> Response:
        state.polls += 1
        body = await request.json()
        if (body.get("code"), body.get("client_secret")) != (
            "d9c126a7706328d808914cfd1e40274b",
            CLIENT_SECRET,
        ):
            return Response(status_code=404)
        if not state.approved:
            return Response(status_code=400)  # pending
        state.generation = 1
        return JSONResponse(state.tokens())

    async def token(request: Request) -> Response:
        body = await request.json()
        state.requests.append(f"refresh {body.get('refresh_token')}")
        if body.get("grant_type") != "refresh_token" or body.get("refresh_token") != state.refresh_token:
            return JSONResponse({"error": "invalid_grant"}, status_code=401)
        state.generation += 1
        return JSONResponse(state.tokens())

    async def sync(request: Request) -> Response:
        """Trakt's answer counts the movies added (or removed), per its documented response."""
        body = await request.json()
        state.synced.append((request.url.path, dict(request.headers), body))
        if not authorised(request):
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        count = len(body.get("movies") or [])
        none = {"movies": 0, "episodes": 0}
        if request.url.path.endswith("/remove"):
            return JSONResponse({"deleted": {"movies": count, "episodes": 0}, "not_found": {"movies": []}})
        return JSONResponse(
            {
                "added": {"movies": count, "episodes": 0},
                "updated": none,
                "existing": none,
                "not_found": {"movies": []},
            },
            status_code=201,
        )

    async def read(request: Request) -> Response:
        state.requests.append(str(request.url.path) + ("?" + request.url.query if request.url.query else ""))
        if not authorised(request):
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        path = request.url.path
        if path == "/users/settings":
            return JSONResponse({"user": {"username": "sean", "private": False, "name": "Sean Rudford"}})
        if path == "/users/sean/watchlist/movies/rank":
            return JSONResponse(
                [
                    {
                        "rank": 1,
                        "id": 101,
                        "listed_at": "2024-05-01T10:00:00.000Z",
                        "type": "movie",
                        "movie": trakt_movie(27205),
                    }
                ]
            )
        if path == "/users/sean/lists/matrix-favourites/items/movies":
            return JSONResponse(
                [{"rank": i, "type": "movie", "movie": trakt_movie(t)} for i, t in enumerate((603, 605))]
            )
        if path == "/movies/trending":
            return JSONResponse([{"watchers": 21, "movie": trakt_movie(604)}])
        return JSONResponse([], status_code=404)

    return Starlette(
        routes=[
            Route("/oauth/device/code", device_code, methods=["POST"]),
            Route("/oauth/device/token", device_token, methods=["POST"]),
            Route("/oauth/token", token, methods=["POST"]),
            Route("/sync/collection", sync, methods=["POST"]),
            Route("/sync/collection/remove", sync, methods=["POST"]),
            Route("/{path:path}", read),
        ]
    )
