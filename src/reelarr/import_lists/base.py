"""What every import list shares: the movies it offers, its Radarr switches, and ``fetch()``.

An implementation only turns its service's answer into :class:`ListMovie` values; the sync
(:mod:`reelarr.import_lists.sync`) decides what to add and what to clean. Anything that goes
wrong while fetching is a :class:`ListFailed` with a message a user can act on, so a failing
service is never mistaken for an empty list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from reelarr.providers import Provider

if TYPE_CHECKING:
    from reelarr.context import Context


@dataclass(frozen=True)
class ListMovie:
    """One movie a list offers; lists that only know IMDb ids leave ``tmdb_id`` at 0."""

    tmdb_id: int = 0
    imdb_id: str | None = None
    title: str = ""
    year: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"tmdbId": self.tmdb_id, "imdbId": self.imdb_id, "title": self.title, "year": self.year}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ListMovie:
        return cls(
            int(data.get("tmdbId") or 0), data.get("imdbId"), data.get("title") or "", data.get("year") or 0
        )


class ListFailed(Exception):
    """The list could not be read; the message says why in words a user can act on."""


class ImportList(Provider):
    """Base of every import list: Radarr's ``listType`` and minimum refresh interval, and ``fetch()``."""

    kind = "importlist"
    list_type: ClassVar[str] = "other"  # program, tmdb, trakt, plex, simkl, other, advanced
    min_refresh_interval: ClassVar[dt.timedelta] = dt.timedelta(hours=12)

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        """The movies on the list now; raises :class:`ListFailed` when the service fails."""
        raise NotImplementedError

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        try:
            await self.fetch(ctx)
        except ListFailed as exc:
            return [("", str(exc))]
        return []

    @classmethod
    def resource_extras(cls) -> dict[str, Any]:
        return {"listType": cls.list_type, "minRefreshInterval": date_span(cls.min_refresh_interval)}

    async def get_json(
        self, ctx: Context, url: str, *, what: str, headers: dict[str, str] | None = None, **params: Any
    ) -> Any:
        """GET JSON from the list's service; every failure becomes a :class:`ListFailed`."""
        response = await self.get(
            ctx, url, what=what, headers={"Accept": "application/json", **(headers or {})}, **params
        )
        try:
            return response.json()
        except ValueError:
            raise ListFailed(f"{what} answered something that is not JSON") from None

    async def get(
        self, ctx: Context, url: str, *, what: str, headers: dict[str, str] | None = None, **params: Any
    ) -> httpx.Response:
        try:
            response = await ctx.http.get(url, params=params or None, headers=headers)
        except httpx.HTTPError as exc:
            raise ListFailed(f"Cannot reach {what}: {type(exc).__name__}") from exc
        if response.status_code in (401, 403):
            raise ListFailed(f"{what} refused the credentials (HTTP {response.status_code}); check them")
        if response.status_code != 200:
            raise ListFailed(f"{what} answered HTTP {response.status_code}")
        return response


def date_span(period: dt.timedelta) -> str:
    """A .NET TimeSpan as Radarr's JSON writes it: ``06:00:00``, ``1.00:00:00``."""
    hours, rest = divmod(int(period.total_seconds()) % 86400, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{period.days}.{text}" if period.days else text
