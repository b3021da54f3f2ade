"""Emby / Jellyfin (Radarr's MediaBrowser): an admin notification and a library refresh by path.

As Radarr does, with the ``X-MediaBrowser-Token`` header: ``POST /Notifications/Admin`` with
``Name``, ``Description`` and ``ImageUrl`` (a 404, which Jellyfin answers because it has no
such endpoint, is not a failure); and ``POST /Library/Media/Updated`` with
``{"Updates": [{"Path": ..., "UpdateType": "Created" | "Modified" | "Deleted"}]}`` for the
movie's folder (translated by *Map Paths From/To* when the server sees the library elsewhere)
and for each path the server already holds for the movie (``GET /Items`` of that year, matched
by TMDB or IMDb id, else by title).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import model_validator

from reelarr.notifications.base import EventType, Message, MovieFacts, Notification, map_path, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

APP_NAME = "Reelarr"
UPDATE_TYPES = {
    EventType.DOWNLOAD: "Created",
    EventType.RENAME: "Modified",
    EventType.MOVIE_DELETE: "Deleted",
    EventType.MOVIE_FILE_DELETE: "Deleted",
}


class MediaBrowserSettings(ProviderSettings):
    host: Annotated[str, Form("Host")] = ""
    port: Annotated[int, Form("Port")] = 8096
    use_ssl: Annotated[
        bool, Form("Use SSL", "Connect to Emby/Jellyfin over HTTPS instead of HTTP", "checkbox")
    ] = False
    url_base: Annotated[
        str,
        Form(
            "URL Base",
            "Adds a prefix to the Emby/Jellyfin url, such as http://[host]:[port]/[urlBase]/mediabrowser",
            advanced=True,
        ),
    ] = ""
    api_key: Annotated[str, Form("API Key", privacy="apiKey")] = ""
    notify: Annotated[
        bool,
        Form(
            "Send Notifications", "Have MediaBrowser send notifications to configured providers", "checkbox"
        ),
    ] = False
    update_library: Annotated[
        bool, Form("Update Library", "Update Library on Import, Rename, or Delete?", "checkbox")
    ] = True
    map_from: Annotated[
        str,
        Form(
            "Map Paths From",
            "Reelarr's path, modified to Emby/Jellyfin's when *Map Paths To* is set",
            advanced=True,
        ),
    ] = ""
    map_to: Annotated[
        str,
        Form(
            "Map Paths To",
            "Emby/Jellyfin's path for the library folder *Map Paths From* names",
            advanced=True,
        ),
    ] = ""

    @model_validator(mode="after")
    def _both_or_neither(self) -> MediaBrowserSettings:
        if bool(self.map_from.strip()) != bool(self.map_to.strip()):
            raise ValueError("Map Paths From and Map Paths To go together: set both or neither")
        return self


class MediaBrowser(Notification):
    implementation = "MediaBrowser"
    implementation_name = "Emby / Jellyfin"
    info_link = "https://emby.media/"
    settings_model = MediaBrowserSettings
    supported = Notification.supported - {"on_movie_added", "on_manual_interaction_required"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, MediaBrowserSettings)
        if message.event is EventType.TEST:
            await self._notify(
                ctx, "Test from Reelarr", "Success! MediaBrowser has been successfully configured!"
            )
            return
        if message.event is EventType.MOVIE_DELETE and not message.files_deleted:
            return
        if settings.notify and message.event is not EventType.RENAME:
            await self._notify(ctx, f"{APP_NAME} - {message.title}", message.body)
        update_type = UPDATE_TYPES.get(message.event)
        if update_type and settings.update_library and message.movie is not None:
            for path in await self.paths(ctx, message.movie):
                await self._post(
                    ctx, "/Library/Media/Updated", {"Updates": [{"Path": path, "UpdateType": update_type}]}
                )

    async def paths(self, ctx: Context, movie: MovieFacts) -> list[str]:
        """The server's paths for the movie, then its folder as the server sees it."""
        settings = self.settings
        assert isinstance(settings, MediaBrowserSettings)
        response = await request(
            ctx,
            "GET",
            self._url("/Items"),
            service="Emby/Jellyfin",
            field="host",
            auth_field="apiKey",
            params={
                "recursive": "true",
                "includeItemTypes": "Movie",
                "fields": "Path,ProviderIds",
                "years": str(movie.year or 0),
            },
            headers={"X-MediaBrowser-Token": settings.api_key},
        )
        paths = known_paths(response.json().get("Items") or [], movie)
        folder = map_path(movie.folder_path or "", settings.map_from, settings.map_to)
        return [*paths, *([folder] if folder and folder not in paths else [])]

    async def _notify(self, ctx: Context, title: str, text: str) -> None:
        body = {"Name": title, "Description": text, "ImageUrl": None}
        await self._post(
            ctx, "/Notifications/Admin", {k: v for k, v in body.items() if v is not None}, accepted=(404,)
        )

    async def _post(
        self, ctx: Context, path: str, body: dict[str, Any], accepted: tuple[int, ...] = ()
    ) -> None:
        settings = self.settings
        assert isinstance(settings, MediaBrowserSettings)
        await request(
            ctx,
            "POST",
            self._url(path),
            service="Emby/Jellyfin",
            field="host",
            auth_field="apiKey",
            accepted=accepted,
            json=body,
            headers={"X-MediaBrowser-Token": settings.api_key},
        )

    def _url(self, path: str) -> str:
        settings = self.settings
        assert isinstance(settings, MediaBrowserSettings)
        scheme = "https" if settings.use_ssl else "http"
        base = settings.url_base.strip().rstrip("/")
        return f"{scheme}://{settings.host}:{settings.port}{base}{path}"


def known_paths(items: list[dict[str, Any]], movie: MovieFacts) -> list[str]:
    """Paths of the server's items for the movie: those matched by id, else by title (Radarr's order)."""

    def quality(item: dict[str, Any]) -> int:
        ids = {str(k).lower(): v for k, v in (item.get("ProviderIds") or {}).items()}
        if (movie.tmdb_id and str(ids.get("tmdb")) == str(movie.tmdb_id)) or (
            movie.imdb_id and ids.get("imdb") == movie.imdb_id
        ):
            return 0
        return 1 if item.get("Name") == movie.title else 2

    ranked = sorted((quality(item), str(item["Path"])) for item in items if item.get("Path"))
    best = ranked[0][0] if ranked else 2
    return sorted({path for rank, path in ranked if rank == best and rank < 2})
