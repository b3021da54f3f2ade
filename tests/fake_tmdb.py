"""A local TMDB: the v3 endpoints Reelarr calls, answering with TMDB's documented JSON shapes.

The movies are real ones (The Matrix trilogy and its collection, Inception, Blade Runner 2049)
written out as TMDB returns them, trimmed to a realistic handful of credits and titles.
Tests can make it answer 429 or 5xx, and read which requests it received.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from local_server import serving

API_KEY = "0123456789abcdef0123456789abcdef"
READ_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.signature"
# The smallest valid JPEG worth serving as a poster.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100"
    "ffc4001f0000010501010101010100000000000000000102030405060708090a0bffda0008010100003f00d2cf20ffd9"
)


def _release(country: str, *dates: tuple[int, str, str, str]) -> dict[str, Any]:
    return {
        "iso_3166_1": country,
        "release_dates": [
            {
                "certification": cert,
                "descriptors": [],
                "iso_639_1": "",
                "note": note,
                "release_date": f"{day}T00:00:00.000Z",
                "type": kind,
            }
            for kind, day, cert, note in dates
        ],
    }


def _person(person_id: int, name: str, department: str, profile: str | None) -> dict[str, Any]:
    return {
        "adult": False,
        "gender": 2,
        "id": person_id,
        "known_for_department": department,
        "name": name,
        "original_name": name,
        "popularity": 20.5,
        "profile_path": profile,
    }


MATRIX_COLLECTION_STUB = {
    "id": 2344,
    "name": "The Matrix Collection",
    "poster_path": "/bV9qTVHTVf0gkW0j7p7M0ILD4pG.jpg",
    "backdrop_path": "/bRm2DEgUiYciDw3myHuYFInD7la.jpg",
}

MOVIES: dict[int, dict[str, Any]] = {
    603: {
        "adult": False,
        "backdrop_path": "/fNG7i7RqMErkcqhohV2a6cV1Ehy.jpg",
        "belongs_to_collection": MATRIX_COLLECTION_STUB,
        "budget": 63000000,
        "genres": [{"id": 28, "name": "Action"}, {"id": 878, "name": "Science Fiction"}],
        "homepage": "http://www.warnerbros.com/matrix",
        "id": 603,
        "imdb_id": "tt0133093",
        "origin_country": ["US"],
        "original_language": "en",
        "original_title": "The Matrix",
        "overview": "Set in the 22nd century, The Matrix tells the story of a computer hacker who joins a "
        "group of underground insurgents fighting the vast and powerful computers who now rule the earth.",
        "popularity": 79.124,
        "poster_path": "/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg",
        "production_companies": [
            {
                "id": 79,
                "logo_path": "/at4uYdwAAgNRKhZuuFX8ShKSybw.png",
                "name": "Village Roadshow Pictures",
                "origin_country": "US",
            },
            {
                "id": 174,
                "logo_path": "/zhD3hhtKB5qyv7ZeL4uLpNxgMVU.png",
                "name": "Warner Bros. Pictures",
                "origin_country": "US",
            },
        ],
        "production_countries": [{"iso_3166_1": "US", "name": "United States of America"}],
        "release_date": "1999-03-31",
        "revenue": 463517383,
        "runtime": 136,
        "spoken_languages": [{"english_name": "English", "iso_639_1": "en", "name": "English"}],
        "status": "Released",
        "tagline": "Believe the unbelievable.",
        "title": "The Matrix",
        "video": False,
        "vote_average": 8.216,
        "vote_count": 26005,
        "release_dates": {
            "results": [
                _release(
                    "US",
                    (3, "1999-03-31", "R", ""),
                    (5, "1999-09-21", "R", "DVD"),
                    (4, "2009-05-19", "R", ""),
                ),
                _release("GB", (3, "1999-06-11", "15", "")),
                _release("DE", (3, "1999-06-17", "16", ""), (5, "1999-11-22", "16", "DVD")),
            ]
        },
        "alternative_titles": {
            "titles": [
                {"iso_3166_1": "FR", "title": "Matrix", "type": ""},
                {"iso_3166_1": "JP", "title": "マトリックス", "type": ""},
                {"iso_3166_1": "US", "title": "The Matrix 1", "type": ""},
            ]
        },
        "translations": {
            "translations": [
                {
                    "iso_3166_1": "DE",
                    "iso_639_1": "de",
                    "name": "Deutsch",
                    "english_name": "German",
                    "data": {
                        "homepage": "",
                        "overview": "Der Hacker Neo ...",
                        "runtime": 136,
                        "tagline": "",
                        "title": "Matrix",
                    },
                },
                {
                    "iso_3166_1": "IT",
                    "iso_639_1": "it",
                    "name": "Italiano",
                    "english_name": "Italian",
                    "data": {
                        "homepage": "",
                        "overview": "Neo ...",
                        "runtime": 136,
                        "tagline": "",
                        "title": "Matrix",
                    },
                },
                {
                    "iso_3166_1": "US",
                    "iso_639_1": "en",
                    "name": "English",
                    "english_name": "English",
                    "data": {"homepage": "", "overview": "", "runtime": 136, "tagline": "", "title": ""},
                },
            ]
        },
        "credits": {
            "cast": [
                {
                    **_person(6384, "Keanu Reeves", "Acting", "/4D0PpNI0kmP58hgrwGC3wCjxhnm.jpg"),
                    "cast_id": 34,
                    "character": "Neo",
                    "credit_id": "52fe425bc3a36847f80181c1",
                    "order": 0,
                },
                {
                    **_person(2975, "Laurence Fishburne", "Acting", "/iwx7h0AfUVu9MzBfqbnnvqHkUcf.jpg"),
                    "cast_id": 21,
                    "character": "Morpheus",
                    "credit_id": "52fe425bc3a36847f801818d",
                    "order": 1,
                },
                {
                    **_person(530, "Carrie-Anne Moss", "Acting", "/xD4jTA3KmVp5Rq3aHcymL9DUGjD.jpg"),
                    "cast_id": 22,
                    "character": "Trinity",
                    "credit_id": "52fe425bc3a36847f8018191",
                    "order": 2,
                },
            ],
            "crew": [
                {
                    **_person(9340, "Lana Wachowski", "Directing", "/8NnG6SWnCtUmDqoEGBDkkv4jqnv.jpg"),
                    "credit_id": "52fe425bc3a36847f8018137",
                    "department": "Directing",
                    "job": "Director",
                },
                {
                    **_person(9339, "Lilly Wachowski", "Directing", "/4TOEXoqXz7b1kIwCmhW2H7WbUXA.jpg"),
                    "credit_id": "52fe425bc3a36847f8018131",
                    "department": "Directing",
                    "job": "Director",
                },
                {
                    **_person(1091, "Joel Silver", "Production", None),
                    "credit_id": "52fe425bc3a36847f801814f",
                    "department": "Production",
                    "job": "Producer",
                },
                {
                    **_person(9341, "Bill Pope", "Camera", None),
                    "credit_id": "52fe425bc3a36847f801813d",
                    "department": "Camera",
                    "job": "Director of Photography",
                },
            ],
        },
        "keywords": {
            "keywords": [
                {"id": 310, "name": "artificial intelligence (a.i.)"},
                {"id": 4565, "name": "dystopia"},
                {"id": 2964, "name": "future"},
            ]
        },
        "external_ids": {
            "imdb_id": "tt0133093",
            "wikidata_id": "Q83495",
            "facebook_id": "TheMatrixMovie",
            "instagram_id": None,
            "twitter_id": None,
        },
        "images": {"backdrops": [], "logos": [], "posters": []},
        "videos": {
            "results": [
                {
                    "iso_639_1": "en",
                    "iso_3166_1": "US",
                    "name": "The Matrix (1999) Trailer",
                    "key": "vKQi3bBA1y8",
                    "site": "YouTube",
                    "size": 1080,
                    "type": "Trailer",
                    "official": True,
                    "published_at": "2019-06-04T17:00:05.000Z",
                    "id": "5cf6bb50c3a36856ae6d1b92",
                }
            ]
        },
    },
    604: {
        "backdrop_path": "/pdVHUsb2eEz9ALNTr6wfRJe5xVa.jpg",
        "belongs_to_collection": MATRIX_COLLECTION_STUB,
        "genres": [{"id": 12, "name": "Adventure"}, {"id": 28, "name": "Action"}],
        "homepage": "http://www.warnerbros.com/matrix-reloaded",
        "id": 604,
        "imdb_id": "tt0234215",
        "original_language": "en",
        "original_title": "The Matrix Reloaded",
        "overview": "Six months after the events depicted in The Matrix, Neo has proved to be a good omen.",
        "popularity": 43.1,
        "poster_path": "/9TGHDvWrqKBzwDxDodHYXEmOE6J.jpg",
        "production_companies": [
            {"id": 79, "logo_path": None, "name": "Village Roadshow Pictures", "origin_country": "US"}
        ],
        "release_date": "2003-05-15",
        "runtime": 138,
        "status": "Released",
        "title": "The Matrix Reloaded",
        "vote_average": 7.1,
        "vote_count": 10800,
        "release_dates": {
            "results": [_release("US", (3, "2003-05-15", "R", ""), (5, "2003-10-14", "R", ""))]
        },
        "alternative_titles": {"titles": [{"iso_3166_1": "FR", "title": "Matrix Reloaded", "type": ""}]},
        "translations": {"translations": []},
        "credits": {"cast": [], "crew": []},
        "keywords": {"keywords": []},
        "external_ids": {"imdb_id": "tt0234215"},
        "images": {"backdrops": [], "logos": [], "posters": []},
        "videos": {"results": []},
    },
    605: {
        "backdrop_path": "/533xAMhhVyjTy8hwMUFEt5TuDfR.jpg",
        "belongs_to_collection": MATRIX_COLLECTION_STUB,
        "genres": [{"id": 12, "name": "Adventure"}, {"id": 28, "name": "Action"}],
        "homepage": "http://www.warnerbros.com/matrix-revolutions",
        "id": 605,
        "imdb_id": "tt0242653",
        "original_language": "en",
        "original_title": "The Matrix Revolutions",
        "overview": "The human city of Zion defends itself against the massive invasion of the machines.",
        "popularity": 38.2,
        "poster_path": "/fgm8OZ7o4G1G1I9EeGcb85Noe6L.jpg",
        "production_companies": [],
        "release_date": "2003-11-05",
        "runtime": 129,
        "status": "Released",
        "title": "The Matrix Revolutions",
        "vote_average": 6.7,
        "vote_count": 9500,
        "release_dates": {
            "results": [_release("US", (3, "2003-11-05", "R", ""), (5, "2004-04-06", "R", ""))]
        },
        "alternative_titles": {"titles": []},
        "translations": {"translations": []},
        "credits": {"cast": [], "crew": []},
        "keywords": {"keywords": []},
        "external_ids": {"imdb_id": "tt0242653"},
        "images": {"backdrops": [], "logos": [], "posters": []},
        "videos": {"results": []},
    },
    27205: {
        "backdrop_path": "/8ZTVqvKDQ8emSGUEMjsS4yHAwrp.jpg",
        "belongs_to_collection": None,
        "genres": [
            {"id": 28, "name": "Action"},
            {"id": 878, "name": "Science Fiction"},
            {"id": 12, "name": "Adventure"},
        ],
        "homepage": "https://www.warnerbros.com/movies/inception",
        "id": 27205,
        "imdb_id": "tt1375666",
        "original_language": "en",
        "original_title": "Inception",
        "overview": "Cobb, a skilled thief who commits corporate espionage by infiltrating the subconscious "
        "of his targets is offered a chance to regain his old life as payment for a task considered to be "
        "impossible.",
        "popularity": 92.4,
        "poster_path": "/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg",
        "production_companies": [
            {"id": 923, "logo_path": None, "name": "Legendary Pictures", "origin_country": "US"}
        ],
        "release_date": "2010-07-15",
        "runtime": 148,
        "status": "Released",
        "title": "Inception",
        "vote_average": 8.369,
        "vote_count": 36000,
        "release_dates": {
            "results": [
                _release(
                    "US",
                    (3, "2010-07-16", "PG-13", ""),
                    (4, "2010-12-03", "PG-13", ""),
                    (5, "2010-12-07", "PG-13", "Blu-ray"),
                ),
                _release("GB", (3, "2010-07-16", "12A", "")),
            ]
        },
        "alternative_titles": {"titles": [{"iso_3166_1": "FR", "title": "Origine", "type": ""}]},
        "translations": {"translations": []},
        "credits": {
            "cast": [
                {
                    **_person(6193, "Leonardo DiCaprio", "Acting", "/wo2hJpn04vbtmh0B9utCFdsQhxM.jpg"),
                    "cast_id": 1,
                    "character": "Dom Cobb",
                    "credit_id": "52fe4534c3a368484e04de03",
                    "order": 0,
                },
            ],
            "crew": [
                {
                    **_person(525, "Christopher Nolan", "Directing", "/xuAIuYSmsUzKlUMBFGVZaWsY3DZ.jpg"),
                    "credit_id": "52fe4534c3a368484e04ddfd",
                    "department": "Directing",
                    "job": "Director",
                },
            ],
        },
        "keywords": {"keywords": [{"id": 1014, "name": "dream"}]},
        "external_ids": {"imdb_id": "tt1375666"},
        "images": {"backdrops": [], "logos": [], "posters": []},
        "videos": {"results": []},
    },
}

COLLECTIONS = {
    2344: {
        "id": 2344,
        "name": "The Matrix Collection",
        "overview": "The Matrix collection rounds up the science fiction action films.",
        "poster_path": MATRIX_COLLECTION_STUB["poster_path"],
        "backdrop_path": MATRIX_COLLECTION_STUB["backdrop_path"],
        "parts": [],  # filled below from the movies, as TMDB lists them
    }
}


def summary(movie: dict[str, Any]) -> dict[str, Any]:
    """A movie as TMDB's search, find and collection parts list it."""
    return {
        "adult": False,
        "backdrop_path": movie.get("backdrop_path"),
        "genre_ids": [g["id"] for g in movie.get("genres", [])],
        "id": movie["id"],
        "original_language": movie.get("original_language"),
        "original_title": movie.get("original_title"),
        "overview": movie.get("overview"),
        "popularity": movie.get("popularity"),
        "poster_path": movie.get("poster_path"),
        "release_date": movie.get("release_date"),
        "title": movie.get("title"),
        "video": False,
        "vote_average": movie.get("vote_average"),
        "vote_count": movie.get("vote_count"),
    }


COLLECTIONS[2344]["parts"] = [{**summary(MOVIES[i]), "media_type": "movie"} for i in (603, 604, 605)]


@dataclass
class Failure:
    status: int
    times: int
    path_contains: str = ""
    retry_after: str | None = None


@dataclass
class FakeTmdb:
    url: str = ""
    requests: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    movies: dict[int, dict[str, Any]] = field(default_factory=dict)
    page_size: int = 20  # TMDB's; tests lower it to see paging
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api_url(self) -> str:
        return f"{self.url}/3"

    @property
    def image_url(self) -> str:
        return f"{self.url}/t/p"

    @property
    def image_host(self) -> str:
        """``127.0.0.1:port``, for the settings' ``imageHosts``: covers come from listed hosts only."""
        return self.url.split("://", 1)[1]

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.failures.clear()
            self.changed_ids = []
            self.page_size = 20
            self.movies = copy.deepcopy(MOVIES)

    def fail(self, status: int, times: int, path_contains: str = "", retry_after: str | None = None) -> None:
        with self.lock:
            self.failures.append(Failure(status, times, path_contains, retry_after))

    def api_requests(self, contains: str = "") -> list[str]:
        return [r for r in self.requests if r.startswith("/3/") and contains in r]

    def _failure_for(self, path: str) -> Failure | None:
        with self.lock:
            for failure in self.failures:
                if failure.times > 0 and failure.path_contains in path:
                    failure.times -= 1
                    return failure
        return None


def _error(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"status_code": code, "status_message": message, "success": False}
    return JSONResponse(body, status_code=status, headers=headers)


def _has(wanted: str | None, ids: list[int]) -> bool:
    """Discover's ``with_*`` filters: any of the comma- or pipe-separated ids."""
    return wanted is None or bool({int(i) for i in wanted.replace("|", ",").split(",")} & set(ids))


def build_app(state: FakeTmdb) -> Starlette:
    def authorised(request: Request) -> bool:
        bearer = request.headers.get("authorization", "")
        return request.query_params.get("api_key") == API_KEY or bearer == f"Bearer {READ_TOKEN}"

    async def guard(request: Request) -> Response | None:
        path = request.url.path
        state.requests.append(f"{path}?{request.url.query}" if request.url.query else path)
        failure = state._failure_for(path)
        if failure is not None:
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else None
            if failure.status == 429:
                return _error(429, 25, "Your request count (51) is over the allowed limit of 50.", headers)
            return _error(failure.status, 11, "Internal error: Something went wrong, contact TMDb.", headers)
        if path.startswith("/3/") and not authorised(request):
            return _error(401, 7, "Invalid API key: You must be granted a valid key.")
        return None

    async def movie(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        found = state.movies.get(int(request.path_params["movie_id"]))
        if found is None:
            return _error(404, 34, "The resource you requested could not be found.")
        appended = set(request.query_params.get("append_to_response", "").split(","))
        extras = {
            "release_dates",
            "alternative_titles",
            "translations",
            "credits",
            "keywords",
            "external_ids",
            "images",
            "videos",
        }
        return JSONResponse({k: v for k, v in found.items() if k not in extras or k in appended})

    async def search(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        query = request.query_params.get("query", "").casefold()
        year = request.query_params.get("year")
        results = []
        for found in state.movies.values():
            titles = [found["title"], found["original_title"]]
            titles += [t["title"] for t in found.get("alternative_titles", {}).get("titles", [])]
            if not any(query in t.casefold() for t in titles):
                continue
            if year and not (found.get("release_date") or "").startswith(year):
                continue
            results.append(summary(found))
        results.sort(key=lambda r: -r["popularity"])
        return JSONResponse({"page": 1, "results": results, "total_pages": 1, "total_results": len(results)})

    async def find(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        external = request.path_params["external_id"]
        matches = [summary(m) for m in state.movies.values() if m.get("imdb_id") == external]
        return JSONResponse(
            {
                "movie_results": matches,
                "person_results": [],
                "tv_results": [],
                "tv_episode_results": [],
                "tv_season_results": [],
            }
        )

    async def collection(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        found = COLLECTIONS.get(int(request.path_params["collection_id"]))
        if found is None:
            return _error(404, 34, "The resource you requested could not be found.")
        return JSONResponse(found)

    async def changes(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        page = int(request.query_params.get("page", "1"))
        per_page = 100
        ids = state.changed_ids
        pages = max(1, -(-len(ids) // per_page))
        chunk = ids[(page - 1) * per_page : page * per_page]
        return JSONResponse(
            {
                "results": [{"id": i, "adult": False} for i in chunk],
                "page": page,
                "total_pages": pages,
                "total_results": len(ids),
            }
        )

    async def image(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        return Response(JPEG, media_type="image/jpeg")

    def page_of(request: Request, results: list[dict[str, Any]], key: str = "results") -> JSONResponse:
        page = int(request.query_params.get("page", "1"))
        size = state.page_size
        return JSONResponse(
            {
                "page": page,
                key: results[(page - 1) * size : page * size],
                "total_pages": max(1, -(-len(results) // size)),
                "total_results": len(results),
            }
        )

    async def discover(request: Request) -> Response:
        """Discover with the filters import lists send (the others are accepted and ignored)."""
        if (refused := await guard(request)) is not None:
            return refused
        query = request.query_params
        found = [
            m
            for m in state.movies.values()
            if m.get("vote_count", 0) >= int(query.get("vote_count.gte", "0"))
            and m.get("vote_average", 0) >= float(query.get("vote_average.gte", "0"))
            and m.get("original_language") == query.get("with_original_language", m.get("original_language"))
            and _has(query.get("with_companies"), [c["id"] for c in m.get("production_companies", [])])
            and _has(query.get("with_keywords"), [k["id"] for k in m.get("keywords", {}).get("keywords", [])])
        ]
        found.sort(key=lambda m: -m.get("popularity", 0))
        return page_of(request, [summary(m) for m in found])

    async def movie_list(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        if request.path_params["list_id"] != 8136:
            return _error(404, 34, "The resource you requested could not be found.")
        items = [{**summary(state.movies[i]), "media_type": "movie"} for i in (603, 604, 605)]
        items.insert(
            1, {"id": 1399, "name": "Game of Thrones", "media_type": "tv", "first_air_date": "2011-04-17"}
        )
        return page_of(request, items, key="items")

    async def recommendations(request: Request) -> Response:
        if (refused := await guard(request)) is not None:
            return refused
        recommended = {603: [27205], 27205: [603]}.get(request.path_params["movie_id"], [])
        return page_of(request, [summary(state.movies[i]) for i in recommended])

    async def person_credits(request: Request) -> Response:
        """A person's movie credits, gathered from the movies' own credits."""
        if (refused := await guard(request)) is not None:
            return refused
        person = request.path_params["person_id"]
        cast, crew = [], []
        for found in state.movies.values():
            credits = found.get("credits") or {}
            for role in credits.get("cast", []):
                if role["id"] == person:
                    cast.append(
                        {
                            **summary(found),
                            "character": role.get("character"),
                            "credit_id": role.get("credit_id"),
                        }
                    )
            for job in credits.get("crew", []):
                if job["id"] == person:
                    crew.append(
                        {**summary(found), "department": job.get("department"), "job": job.get("job")}
                    )
        return JSONResponse({"id": person, "cast": cast, "crew": crew})

    return Starlette(
        routes=[
            Route("/3/person/{person_id:int}/movie_credits", person_credits),
            Route("/3/discover/movie", discover),
            Route("/3/list/{list_id:int}", movie_list),
            Route("/3/movie/{movie_id:int}/recommendations", recommendations),
            Route("/3/movie/changes", changes),
            Route("/3/movie/{movie_id:int}", movie),
            Route("/3/search/movie", search),
            Route("/3/find/{external_id}", find),
            Route("/3/collection/{collection_id:int}", collection),
            Route("/t/p/{size}/{file}", image),
        ]
    )


@contextmanager
def running() -> Iterator[FakeTmdb]:
    """Serve a fresh fake TMDB on a free loopback port, in a background thread."""
    state = FakeTmdb()
    state.reset()
    with serving(build_app(state)) as url:
        state.url = url
        yield state
