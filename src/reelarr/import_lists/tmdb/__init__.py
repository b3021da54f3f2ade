"""TMDb lists: what the TMDb list types share: the TMDB key from Settings > Metadata, and paging.

Each list type is a module here (``popular``, ``lists``); they read TMDB's movie results
(``id``, ``title``, ``release_date``) page by page up to a limit, as Radarr does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reelarr import library
from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.metadata import MetadataError

if TYPE_CHECKING:
    from reelarr.context import Context


class TMDbImport(ImportList):
    """Base of the TMDb list types: ``results_key`` names the array of movies in each page."""

    list_type = "tmdb"
    max_pages = 5
    results_key = "results"

    async def pages(self, ctx: Context, path: str, **params: Any) -> list[ListMovie]:
        """The movies of up to ``max_pages`` pages of ``path``, stopping at TMDB's last page."""
        try:
            tmdb = await library.tmdb_client(ctx)
            movies: list[ListMovie] = []
            page, last = 1, 1
            while page <= min(last, self.max_pages):
                body = await tmdb.get(path, page=page, **params)
                for item in body.get(self.results_key) or ():
                    if item.get("media_type", "movie") == "movie" and item.get("id"):
                        info = tmdb.summary(item)
                        movies.append(ListMovie(info.tmdb_id, title=info.title, year=info.year))
                last = int(body.get("total_pages") or 1)
                page += 1
        except MetadataError as exc:
            raise ListFailed(str(exc)) from None
        return movies
