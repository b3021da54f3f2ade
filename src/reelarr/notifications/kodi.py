"""Kodi: JSON-RPC to a Kodi box: an on-screen notification, then a library scan (and clean).

As Radarr does: ``GUI.ShowNotification`` with a title, the message, an icon and the display
time; after an import, rename or delete, unless a video is playing (``Player.GetActivePlayers``)
or *Always Update* is on, ``VideoLibrary.Scan`` and, when files went away, ``VideoLibrary.Clean``.
The scan is narrowed to the movie's folder when Kodi already knows the movie (found by its IMDb
id in ``VideoLibrary.GetMovies``, Kodi's own path, so path mappings between the hosts need no
setting); a movie Kodi has never seen gets a full scan. Kodi's ``VideoLibrary.Scan`` takes a
directory, so the folder of Kodi's file is sent.
"""

from __future__ import annotations

import itertools
import ntpath
import posixpath
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import field_validator

from reelarr.notifications.base import EventType, Message, Notification, NotificationError, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

APP_NAME = "Reelarr"
ICON = "info"  # one of Kodi's own icons; Radarr sends the URL of its logo
_ids = itertools.count(1)


class XbmcSettings(ProviderSettings):
    host: Annotated[str, Form("Host")] = ""
    port: Annotated[int, Form("Port")] = 8080
    use_ssl: Annotated[bool, Form("Use SSL", "Connect to Kodi over HTTPS instead of HTTP", "checkbox")] = (
        False
    )
    url_base: Annotated[
        str,
        Form(
            "URL Base",
            "Adds a prefix to the Kodi url, such as http://[host]:[port]/[urlBase]/jsonrpc",
            advanced=True,
        ),
    ] = "/jsonrpc"
    username: Annotated[str, Form("Username", privacy="userName")] = ""
    password: Annotated[str, Form("Password", type="password", privacy="password")] = ""
    display_time: Annotated[
        int, Form("Display Time", "How long the notification will be displayed for (in seconds)")
    ] = 5
    notify: Annotated[bool, Form("GUI Notification", type="checkbox")] = False
    update_library: Annotated[
        bool, Form("Update Library", "Update library on import and rename?", "checkbox")
    ] = False
    clean_library: Annotated[bool, Form("Clean Library", "Clean library after update?", "checkbox")] = False
    always_update: Annotated[
        bool, Form("Always Update", "Update library even when a video is playing?", "checkbox")
    ] = False

    @field_validator("display_time")
    @classmethod
    def _shown_long_enough(cls, value: int) -> int:
        if value < 2:
            raise ValueError("Must be at least 2 seconds")
        return value


class Xbmc(Notification):
    implementation = "Xbmc"
    implementation_name = "Kodi"
    info_link = "https://kodi.tv/"
    settings_model = XbmcSettings
    supported = Notification.supported - {"on_movie_added"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, XbmcSettings)
        if message.event is EventType.TEST:
            await self.call(
                ctx,
                "GUI.ShowNotification",
                "Test Notification",
                "Success! Kodi has been successfully configured!",
                ICON,
                settings.display_time * 1000,
            )
            return
        if message.event is EventType.MOVIE_DELETE and not message.files_deleted:
            return
        if settings.notify and message.event is not EventType.RENAME:
            await self.call(
                ctx,
                "GUI.ShowNotification",
                _header(message),
                message.body,
                ICON,
                settings.display_time * 1000,
            )
        if message.event in (
            EventType.DOWNLOAD,
            EventType.RENAME,
            EventType.MOVIE_FILE_DELETE,
            EventType.MOVIE_DELETE,
        ):
            clean = message.event is not EventType.DOWNLOAD or message.is_upgrade
            await self.update_and_clean(ctx, message, clean=clean)

    async def update_and_clean(self, ctx: Context, message: Message, *, clean: bool) -> None:
        settings = self.settings
        assert isinstance(settings, XbmcSettings)
        if not (settings.update_library or settings.clean_library) or await self._playing_video(ctx):
            return
        if settings.update_library:
            folder = await self._kodi_folder(ctx, message)
            await self.call(ctx, "VideoLibrary.Scan", *([folder] if folder else []))
        if clean and settings.clean_library:
            await self.call(ctx, "VideoLibrary.Clean")

    async def _playing_video(self, ctx: Context) -> bool:
        settings = self.settings
        assert isinstance(settings, XbmcSettings)
        if settings.always_update:
            return False
        players = await self.call(ctx, "Player.GetActivePlayers") or []
        return any(player.get("type") == "video" for player in players)

    async def _kodi_folder(self, ctx: Context, message: Message) -> str | None:
        """The folder of Kodi's file for the movie (matched by IMDb id); None when Kodi lacks it."""
        imdb_id = message.movie.imdb_id if message.movie else None
        if not imdb_id:
            return None
        found = await self.call(ctx, "VideoLibrary.GetMovies", ["file", "imdbnumber"]) or {}
        for movie in found.get("movies") or []:
            if movie.get("imdbnumber") == imdb_id and movie.get("file"):
                return _folder(str(movie["file"]))
        return None

    async def call(self, ctx: Context, method: str, *params: Any) -> Any:
        """One JSON-RPC call; Kodi's error object becomes a message naming the host."""
        settings = self.settings
        assert isinstance(settings, XbmcSettings)
        scheme = "https" if settings.use_ssl else "http"
        url = f"{scheme}://{settings.host}:{settings.port}/{settings.url_base.strip('/')}"
        body = {"jsonrpc": "2.0", "method": method, "params": list(params), "id": next(_ids)}
        response = await request(
            ctx,
            "POST",
            url,
            service="Kodi",
            field="host",
            auth_field="username",
            json=body,
            auth=(settings.username, settings.password) if settings.username else None,
            headers={"Accept": "application/json-rpc, application/json"},
        )
        try:
            answer = response.json()
        except ValueError:
            raise NotificationError(
                "Invalid response from Kodi, the response is not valid JSON", "host"
            ) from None
        if isinstance(answer, dict) and answer.get("error"):
            error = answer["error"]
            raise NotificationError(f"Kodi JSON error {error.get('code')}: {error.get('message')}", "host")
        return answer.get("result") if isinstance(answer, dict) else None


def _header(message: Message) -> str:
    """Radarr's notification titles for Kodi."""
    match message.event:
        case EventType.GRAB:
            return f"{APP_NAME} - Grabbed"
        case EventType.DOWNLOAD:
            return f"{APP_NAME} - Downloaded"
        case EventType.MOVIE_FILE_DELETE | EventType.MOVIE_DELETE:
            return f"{APP_NAME} - Deleted"
        case EventType.MANUAL_INTERACTION_REQUIRED:
            return message.title
        case _:
            return f"{APP_NAME} - {message.title}"


def _folder(path: str) -> str:
    """The folder of a file as Kodi names it, with the trailing separator Kodi's paths carry."""
    module = ntpath if "\\" in path and "/" not in path else posixpath
    folder = module.dirname(path)
    separator = "\\" if module is ntpath else "/"
    return folder if folder.endswith(separator) else folder + separator
