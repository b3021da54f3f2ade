"""What the browser tests share: Reelarr and a Torznab indexer served on 127.0.0.1, chromium's
flags, and a library written straight to the database.

A module of its own (not conftest) so that tests import it by a name no other folder uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from playwright.sync_api import Page
from sqlalchemy import create_engine, insert, update
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving
from reelarr.context import Context
from reelarr.models import Movie, MovieFile, MovieMetadata, MovieVersion

CHROMIUM = "/usr/bin/chromium"
# No request may leave the machine: every host name but localhost fails to resolve.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
FEEDS = Path(__file__).resolve().parents[1] / "indexers" / "feeds"
TORZNAB_KEY = "secret-key"


@dataclass
class Served:
    url: str
    app: FastAPI

    @property
    def ctx(self) -> Context:
        ctx: Context = self.app.state.ctx
        return ctx


def serve_in_thread(app: Any, port: int) -> Callable[[], None]:
    """Start ``app`` on 127.0.0.1:``port``; returns the function that stops it."""
    stack = ExitStack()
    stack.enter_context(serving(app, port=port))
    return stack.close


# ---------------------------------------------------------------- the first visit

USERNAME, PASSWORD = "admin", "a long secret"


def sign_up(page: Page, url: str, username: str = USERNAME, password: str = PASSWORD) -> None:
    """Create the user on the set-up page (a loopback browser needs no token) and sign in."""
    page.goto(f"{url}/setup")
    page.fill("#username", username)
    page.fill("#password", password)
    page.fill("#passwordConfirmation", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


# ---------------------------------------------------------------- a local Torznab indexer


@dataclass
class TorznabServer:
    url: str
    requests: list[dict[str, str]]


def torznab_app(requests: list[dict[str, str]]) -> Starlette:
    """Jackett-style Torznab at ``/api``: caps and searches, refusing any key but TORZNAB_KEY."""

    async def api(request: Request) -> Response:
        params = dict(request.query_params)
        requests.append(params)
        if params.get("apikey") != TORZNAB_KEY:
            body = (FEEDS / "newznab_error_apikey.xml").read_text()
            return Response(body, media_type="application/xml")
        if params.get("t") == "caps":
            return Response((FEEDS / "caps_full.xml").read_text(), media_type="application/xml")
        return Response((FEEDS / "torznab_jackett.xml").read_text(), media_type="application/rss+xml")

    return Starlette(routes=[Route("/api", api)])


# ---------------------------------------------------------------- a library to show


def add_movies(database: Path, titles: list[tuple[str, int, bool]]) -> None:
    """Library rows written straight to the database: (title, year, has a file) each."""
    engine = create_engine(f"sqlite:///{database}")
    added = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as connection:
        for n, (title, year, has_file) in enumerate(titles, 1):
            connection.execute(
                insert(MovieMetadata.__table__).values(  # type: ignore[arg-type]
                    id=n,
                    tmdb_id=1000 + n,
                    title=title,
                    clean_title=title.lower().replace(" ", ""),
                    sort_title=title.lower(),
                    year=year,
                    status="released",
                    overview=f"The story of {title}.",
                    images=[],
                    genres=[],
                    keywords=[],
                    ratings={},
                    recommendations=[],
                )
            )
            connection.execute(
                insert(Movie.__table__).values(  # type: ignore[arg-type]
                    id=n,
                    movie_metadata_id=n,
                    path=f"/movies/{title} ({year})",
                    monitored=True,
                    tags=[],
                    add_options={},
                    added=added + dt.timedelta(days=n),
                )
            )
            connection.execute(
                insert(MovieVersion.__table__).values(  # type: ignore[arg-type]
                    id=n, movie_id=n, name="", is_default=True, quality_profile_id=1
                )
            )
            if has_file:
                connection.execute(
                    insert(MovieFile.__table__).values(  # type: ignore[arg-type]
                        movie_id=n,
                        version_id=n,
                        relative_path=f"{title} ({year}).mkv",
                        size=n * 1_000_000_000,
                        date_added=added,
                        quality={"quality": {"id": 7, "name": "Bluray-1080p"}, "revision": {"version": 1}},
                        languages=[1],
                        indexer_flags=0,
                        custom_format_score=0,
                    )
                )
    engine.dispose()


def set_release_dates(database: Path, movie_id: int, **dates: dt.date) -> None:
    """Give a movie written by :func:`add_movies` release dates (``in_cinemas``, ``digital_release``...)."""
    engine = create_engine(f"sqlite:///{database}")
    values = {name: dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) for name, day in dates.items()}
    with engine.begin() as connection:
        connection.execute(
            update(MovieMetadata.__table__).where(MovieMetadata.__table__.c.id == movie_id).values(**values)  # type: ignore[arg-type]
        )
    engine.dispose()


def move_movie(database: Path, movie_id: int, path: Path) -> None:
    """Point a movie written by :func:`add_movies` at a real folder, so imports stay in the test's."""
    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(
            update(Movie.__table__).where(Movie.__table__.c.id == movie_id).values(path=str(path))  # type: ignore[arg-type]
        )
    engine.dispose()


def one_release_torznab(title: str, torrent: bytes, info_hash: str) -> Starlette:
    """A Torznab indexer offering one torrent release (served by itself) to every search."""

    async def api(request: Request) -> Response:
        if request.query_params.get("t") == "caps":
            return Response((FEEDS / "caps_full.xml").read_text(), media_type="application/xml")
        link = f"{request.base_url}download/{info_hash}.torrent"
        feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:torznab="http://torznab.com/schemas/2015/feed">
  <channel><title>Local</title>
    <item>
      <title>{title}</title>
      <guid>{link}</guid>
      <pubDate>{dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")}</pubDate>
      <size>{len(torrent) * 1000}</size>
      <link>{link}</link>
      <enclosure url="{link}" length="{len(torrent)}" type="application/x-bittorrent" />
      <torznab:attr name="category" value="2040" />
      <torznab:attr name="seeders" value="12" />
      <torznab:attr name="peers" value="20" />
      <torznab:attr name="infohash" value="{info_hash}" />
    </item>
  </channel>
</rss>"""
        return Response(feed, media_type="application/rss+xml")

    async def download(request: Request) -> Response:
        return Response(torrent, media_type="application/x-bittorrent")

    return Starlette(routes=[Route("/api", api), Route("/download/{name}", download)])
