"""Plex Media Server: refresh the library section that holds the movie, for the movie's folder only.

As Radarr does: every request carries Plex's ``X-Plex-*`` client query parameters and the
token; ``GET /library/sections`` lists the movie sections with their folders (``Location``);
the section whose folder is the movie's root folder (through *Map Paths From/To* when Plex sees
the library elsewhere) gets ``GET /library/sections/<key>/refresh?path=<its folder>/<movie
folder>``, and when none matches every movie section's folders are refreshed that way.
Sign-in is plex.tv's PIN flow (the form's OAuth button): ``startOAuth`` gives the PIN request,
``continueOAuth`` the app.plex.tv page, ``getOAuthToken`` the token once the user approved, and
``servers`` lists the account's own servers for the *Server* drop-down.

Plain httpx rather than plexapi: plexapi is synchronous, connects to the server's root first and
parses XML, while a path-scoped refresh is one GET that our HTTP client already rate-limits.
"""

from __future__ import annotations

import importlib.metadata
import time
import uuid
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode, urlsplit

from pydantic import model_validator
from sqlalchemy import select

from reelarr.errors import ValidationFailed
from reelarr.models import RootFolder
from reelarr.notifications.base import EventType, Message, Notification, NotificationError, map_path, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

PLEX_TV = "https://plex.tv"
PLEX_APP = "https://app.plex.tv/auth/#!"
PRODUCT = "Reelarr"
PING_EVERY_SECONDS = 24 * 3600
_pinged: dict[str, float] = {}  # token -> when plex.tv last heard of it


class PlexServerSettings(ProviderSettings):
    # Not stored by Radarr: the drop-down only fills host, port and SSL.
    server: Annotated[
        str,
        Form(
            "Server",
            "Choose a server from your plex.tv account, or fill in the host",
            "select",
            select_options_provider_action="servers",
        ),
    ] = ""
    host: Annotated[str, Form("Host")] = ""
    port: Annotated[int, Form("Port")] = 32400
    use_ssl: Annotated[bool, Form("Use SSL", "Connect to Plex over HTTPS instead of HTTP", "checkbox")] = (
        False
    )
    url_base: Annotated[
        str,
        Form(
            "URL Base",
            "Adds a prefix to the Plex url, such as http://[host]:[port]/[urlBase]/plex",
            advanced=True,
        ),
    ] = ""
    auth_token: Annotated[str, Form("Auth Token", type="textbox", privacy="apiKey", advanced=True)] = ""
    sign_in: Annotated[str, Form("Authenticate with Plex.tv", type="oAuth")] = "startOAuth"
    update_library: Annotated[bool, Form("Update Library", type="checkbox")] = True
    map_from: Annotated[
        str,
        Form(
            "Map Paths From", "Reelarr's path, modified to Plex's when *Map Paths To* is set", advanced=True
        ),
    ] = ""
    map_to: Annotated[
        str, Form("Map Paths To", "Plex's path for the library folder *Map Paths From* names", advanced=True)
    ] = ""

    @model_validator(mode="after")
    def _both_or_neither(self) -> PlexServerSettings:
        if bool(self.map_from.strip()) != bool(self.map_to.strip()):
            raise ValueError("Map Paths From and Map Paths To go together: set both or neither")
        if not 1 <= self.port <= 65535:
            raise ValueError("Port must be between 1 and 65535")
        return self


class PlexServer(Notification):
    implementation = "PlexServer"
    implementation_name = "Plex Media Server"
    info_link = "https://www.plex.tv/"
    settings_model = PlexServerSettings
    supported = frozenset(
        {
            "on_download",
            "on_upgrade",
            "on_rename",
            "on_movie_delete",
            "on_movie_file_delete",
            "on_movie_file_delete_for_upgrade",
        }
    )

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, PlexServerSettings)
        await self.ping(ctx)
        if message.event is EventType.TEST:
            if not await self.movie_sections(ctx):
                raise NotificationError("No Movie library found in Plex", "host")
            return
        if message.event is EventType.MOVIE_DELETE and not message.files_deleted:
            return
        if settings.update_library and message.movie is not None and message.movie.folder_path:
            await self.refresh(ctx, message.movie.folder_path)

    async def refresh(self, ctx: Context, folder: str) -> list[tuple[str, str]]:
        """Refresh the movie's folder in the section holding its root folder (else in every one)."""
        settings = self.settings
        assert isinstance(settings, PlexServerSettings)
        async with ctx.db.read() as session:
            roots = list(await session.scalars(select(RootFolder.path)))
        root = max(
            (r for r in roots if _is_under(folder, r)), key=len, default=str(PurePosixPath(folder).parent)
        )
        relative = PurePosixPath(folder).relative_to(root.rstrip("/") or "/")
        mapped_root = map_path(root, settings.map_from, settings.map_to)
        sections = await self.movie_sections(ctx)
        chosen = [
            (section, location)
            for section in sections
            for location in section.get("Location") or []
            if _same_path(str(location.get("path", "")), mapped_root)
        ][:1] or [(section, location) for section in sections for location in section.get("Location") or []]
        refreshed = []
        for section, location in chosen:
            plex_folder = str(location["path"])
            separator = "\\" if "\\" in plex_folder else "/"
            path = plex_folder + separator + separator.join(relative.parts)
            await self._server(ctx, f"library/sections/{section['key']}/refresh", {"path": path})
            refreshed.append((str(section["key"]), path))
        return refreshed

    async def movie_sections(self, ctx: Context) -> list[dict[str, Any]]:
        answer = (await self._server(ctx, "library/sections")).get("MediaContainer") or {}
        return [d for d in answer.get("Directory") or [] if d.get("type") == "movie"]

    async def ping(self, ctx: Context) -> None:
        """Tell plex.tv the token is in use (once a day), so it does not expire; failures do not matter."""
        token = self.settings.auth_token if isinstance(self.settings, PlexServerSettings) else ""
        if not token or time.monotonic() - _pinged.get(token, -PING_EVERY_SECONDS) < PING_EVERY_SECONDS:
            return
        try:
            await request(
                ctx,
                "GET",
                f"{PLEX_TV}/api/v2/ping",
                service="plex.tv",
                field="authToken",
                params=client_params(ctx) | {"X-Plex-Token": token},
                headers={"Accept": "application/json"},
            )
            _pinged[token] = time.monotonic()
        except NotificationError:
            pass

    async def _server(
        self, ctx: Context, resource: str, extra: dict[str, str] | None = None
    ) -> dict[str, Any]:
        settings = self.settings
        assert isinstance(settings, PlexServerSettings)
        scheme = "https" if settings.use_ssl else "http"
        base = settings.url_base.strip().rstrip("/")
        params = (
            client_params(ctx)
            | ({"X-Plex-Token": settings.auth_token} if settings.auth_token else {})
            | (extra or {})
        )
        response = await request(
            ctx,
            "GET",
            f"{scheme}://{settings.host}:{settings.port}{base}/{resource}",
            service="Plex",
            field="host",
            auth_field="authToken",
            params=params,
            headers={"Accept": "application/json"},
        )
        try:
            answer = response.json() if response.content else {}
        except ValueError:
            raise NotificationError(
                "Plex did not answer with JSON: is this a Plex Media Server?", "host"
            ) from None
        error = (answer.get("MediaContainer") or {}).get("error") if isinstance(answer, dict) else None
        if error:
            raise NotificationError(f"Plex error: {error}", "host")
        return answer if isinstance(answer, dict) else {}

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        try:
            return await self._form_step(ctx, name, query)
        except NotificationError as exc:
            raise ValidationFailed((exc.field, str(exc))) from None

    async def _form_step(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        """Radarr's sign-in steps and server list, for the form."""
        if name == "startOAuth":
            params = client_params(ctx) | {"strong": "true"}
            return {
                "url": f"{PLEX_TV}/api/v2/pins?{urlencode(params)}",
                "method": "POST",
                "headers": {"Accept": "application/json"},
            }
        if name == "continueOAuth":
            missing = [key for key in ("callbackUrl", "id", "code") if not query.get(key)]
            if missing:
                raise ValidationFailed((missing[0], f"QueryParam {missing[0]} invalid."))
            context = {
                "clientID": client_identifier(ctx),
                "forwardUrl": query["callbackUrl"],
                "code": query["code"],
                "context[device][product]": PRODUCT,
                "context[device][platform]": "Linux",
                "context[device][version]": _version(),
            }
            return {"oauthUrl": f"{PLEX_APP}?{urlencode(context)}", "pinId": int(query["id"])}
        if name == "getOAuthToken":
            if not query.get("pinId", "").isdigit():
                raise ValidationFailed(("pinId", "QueryParam pinId invalid."))
            response = await request(
                ctx,
                "GET",
                f"{PLEX_TV}/api/v2/pins/{query['pinId']}",
                service="plex.tv",
                field="signIn",
                params=client_params(ctx),
                headers={"Accept": "application/json"},
            )
            return {"authToken": response.json().get("authToken")}
        if name == "servers":
            return {"options": await self._server_options(ctx)}
        return await super().action(ctx, name, query)

    async def _server_options(self, ctx: Context) -> list[dict[str, Any]]:
        settings = self.settings
        assert isinstance(settings, PlexServerSettings)
        if not settings.auth_token:
            return []
        response = await request(
            ctx,
            "GET",
            f"{PLEX_TV}/api/v2/resources",
            service="plex.tv",
            field="authToken",
            params=client_params(ctx)
            | {"includeHttps": "1", "clientID": client_identifier(ctx), "X-Plex-Token": settings.auth_token},
            headers={"Accept": "application/json"},
        )
        options = []
        for resource in response.json() or []:
            if not resource.get("owned") or "server" not in str(resource.get("provides", "")).split(","):
                continue
            for connection in resource.get("connections") or []:
                secure = connection.get("protocol") == "https"
                host = urlsplit(connection.get("uri") or "").hostname or connection.get("address")
                hints = ["Local" if connection.get("local") else "Remote", *(["Secure"] if secure else [])]
                options.append(
                    {
                        "value": connection.get("uri"),
                        "name": f"{resource.get('name')} ({host})",
                        "hint": ", ".join(hints),
                        "additionalProperties": {
                            "host": host,
                            "port": connection.get("port"),
                            "useSsl": secure,
                        },
                    }
                )
        return options


def client_identifier(ctx: Context) -> str:
    """A stable id for this installation, as plex.tv wants one per client."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"reelarr:{ctx.settings.data_dir.resolve()}"))


def client_params(ctx: Context) -> dict[str, str]:
    return {
        "X-Plex-Client-Identifier": client_identifier(ctx),
        "X-Plex-Product": PRODUCT,
        "X-Plex-Platform": "Linux",
        "X-Plex-Device-Name": PRODUCT,
        "X-Plex-Version": _version(),
    }


def _version() -> str:
    try:
        return importlib.metadata.version("reelarr")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _is_under(path: str, root: str) -> bool:
    return PurePosixPath(path).is_relative_to(PurePosixPath(root))


def _same_path(plex: str, ours: str) -> bool:
    """Plex trims trailing separators; Windows paths compare case-blind."""
    if "\\" in plex or plex[1:2] == ":":
        return PureWindowsPath(plex) == PureWindowsPath(ours)
    return PurePosixPath(plex) == PurePosixPath(ours)
