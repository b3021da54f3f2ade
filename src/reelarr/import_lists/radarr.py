"""Radarr: the movies of another Radarr (or Reelarr), read through its API v3 by API key.

Settings as Radarr has them: the instance's full URL and API key, and optional filters on the
source's quality profiles and tags (the form fills their choices through ``getProfiles`` and
``getTags``) and root folders.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from reelarr.errors import ValidationFailed
from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class RadarrSettings(ProviderSettings):
    base_url: Annotated[
        str,
        Form("Full URL", "URL, including port, of the Radarr instance to import from (Radarr 3.0 or higher)"),
    ] = ""
    api_key: Annotated[
        str,
        Form(
            "API Key", "Apikey of the Radarr instance to import from (Radarr 3.0 or higher)", privacy="apiKey"
        ),
    ] = ""
    profile_ids: Annotated[
        list[int], Form("Profiles", "Profiles from the source instance to import from", type="select")
    ] = Field(default_factory=list)
    tag_ids: Annotated[
        list[int], Form("Tags", "Tags from the source instance to import from", type="select")
    ] = Field(default_factory=list)
    root_folder_paths: Annotated[
        list[str], Form("Root Folders", "Root Folders from the source instance to import from", type="select")
    ] = Field(default_factory=list)


class RadarrImport(ImportList):
    implementation = "RadarrImport"
    implementation_name = "Radarr"
    settings_model = RadarrSettings
    list_type = "program"
    min_refresh_interval = dt.timedelta(minutes=15)

    async def _api(self, ctx: Context, resource: str) -> Any:
        settings = self.settings
        assert isinstance(settings, RadarrSettings)
        return await self.get_json(
            ctx,
            f"{settings.base_url.rstrip('/')}/api/v3/{resource}",
            what=f"Radarr at {settings.base_url}",
            headers={"X-Api-Key": settings.api_key},
        )

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, RadarrSettings)
        folders = [path.rstrip("/").lower() for path in settings.root_folder_paths]
        movies = []
        for movie in await self._api(ctx, "movie"):
            if settings.profile_ids and movie.get("qualityProfileId") not in settings.profile_ids:
                continue
            if settings.tag_ids and not set(settings.tag_ids) & set(movie.get("tags") or ()):
                continue
            root = (movie.get("rootFolderPath") or movie.get("path") or "").lower()
            if folders and not any(root.startswith(folder) for folder in folders):
                continue
            movies.append(
                ListMovie(
                    int(movie.get("tmdbId") or 0),
                    movie.get("imdbId"),
                    movie.get("title") or "",
                    movie.get("year") or 0,
                )
            )
        return movies

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        """The choices for the filter fields, read from the source instance."""
        settings = self.settings
        assert isinstance(settings, RadarrSettings)
        if not settings.api_key:
            return {"options": []}
        try:
            return {"options": await self._options(ctx, name)}
        except ListFailed as exc:
            raise ValidationFailed(("baseUrl", str(exc))) from None

    async def _options(self, ctx: Context, name: str) -> list[dict[str, Any]]:
        if name == "getProfiles":
            rows = await self._api(ctx, "qualityprofile")
            options = [{"value": row["id"], "name": row["name"]} for row in rows]
        elif name == "getTags":
            rows = await self._api(ctx, "tag")
            options = [{"value": row["id"], "name": row["label"]} for row in rows]
        elif name == "getRootFolders":
            rows = await self._api(ctx, "rootfolder")
            options = [{"value": row["path"], "name": row["path"]} for row in rows]
        else:
            raise ValidationFailed(("action", f"Radarr has no action named {name!r}"))
        return sorted(options, key=lambda o: str(o["name"]).lower())
