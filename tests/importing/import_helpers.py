"""Helpers for import tests: run on the app's loop, add a library movie, lay out a download."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import select

from reelarr.context import Context
from reelarr.models import Movie, MovieMetadata, MovieVersion, QualityProfile
from reelarr.parser import clean_title

T = TypeVar("T")


def call(client: TestClient, fn: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
    """Run ``fn(ctx, ...)`` on the app's own event loop."""
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]

    async def bound() -> T:
        return await fn(ctx, *args, **kwargs)

    assert client.portal is not None
    return client.portal.call(bound)


async def add_library_movie(
    ctx: Context, root: Path, title: str, year: int, *, runtime: int = 1, profile: str = "HD-1080p"
) -> int:
    """A library movie without TMDB: its metadata, folder and default version, as adding one makes them."""
    async with ctx.db.write() as uow:
        profile_id = await uow.session.scalar(select(QualityProfile.id).where(QualityProfile.name == profile))
        metadata = MovieMetadata(
            tmdb_id=abs(hash(title)) % 10**6,
            title=title,
            clean_title=clean_title(title),
            year=year,
            runtime=runtime,
        )
        uow.session.add(metadata)
        await uow.session.flush()
        movie = Movie(movie_metadata_id=metadata.id, path=str(root / f"{title} ({year})"))
        uow.session.add(movie)
        await uow.session.flush()
        uow.session.add(MovieVersion(movie_id=movie.id, is_default=True, quality_profile_id=profile_id))
    return movie.id


def download(
    folder: Path, media: dict[str, Path], release: str, *, sample: bool = True, subtitle: bool = True
) -> Path:
    """A finished download as clients leave it: a release folder with the movie, a sample, a subtitle."""
    target = folder / release
    target.mkdir(parents=True)
    shutil.copy(media["feature"], target / f"{release}.mkv")
    if sample:
        shutil.copy(media["sample"], target / f"{release}-sample.mkv")
    if subtitle:
        shutil.copy(media["srt"], target / f"{release}.en.forced.srt")
    return target


def run_command(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    """POST a command as Radarr clients do, wait for the queue to drain, return its final state."""
    posted = client.post("/api/v3/command", json=body)
    assert posted.status_code == 201, posted.text
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    assert client.portal is not None
    client.portal.call(ctx.commands.wait_idle)
    command: dict[str, Any] = client.get(f"/api/v3/command/{posted.json()['id']}").json()
    return command


def enable_renaming(client: TestClient, **overrides: Any) -> None:
    naming = client.get("/api/v3/config/naming").json()
    response = client.put("/api/v3/config/naming", json={**naming, "renameMovies": True, **overrides})
    assert response.status_code == 202, response.text


def set_media_management(client: TestClient, **changes: Any) -> None:
    media = client.get("/api/v3/config/mediamanagement").json()
    assert client.put("/api/v3/config/mediamanagement", json={**media, **changes}).status_code == 202
