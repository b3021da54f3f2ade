"""Trakt User: the signed-in user's (or another user's) watchlist, watched movies or collection."""

from __future__ import annotations

from typing import Annotated

from reelarr.import_lists.trakt import TraktImport, TraktSettingsBase
from reelarr.providers import Form

LIST_TYPES = {0: "User Watch List", 1: "User Watched List", 2: "User Collection List"}
SORTING = {0: "rank", 1: "added", 2: "title", 3: "released"}


class TraktUserSettings(TraktSettingsBase):
    trakt_list_type: Annotated[
        int,
        Form(
            "List Type",
            "Type of list you're seeking to import from",
            type="select",
            select_options=tuple(LIST_TYPES.items()),
        ),
    ] = 0
    trakt_watch_sorting: Annotated[
        int,
        Form(
            "Watch List Sorting",
            "How to sort the watch list",
            type="select",
            select_options=tuple((k, v.title()) for k, v in SORTING.items()),
        ),
    ] = 0
    username: Annotated[
        str, Form("Username", "Username for the List to import from (empty: the signed-in user)")
    ] = ""


class TraktUserImport(TraktImport):
    implementation = "TraktUserImport"
    implementation_name = "Trakt User"
    settings_model = TraktUserSettings

    def path(self) -> str:
        settings = self.settings
        assert isinstance(settings, TraktUserSettings)
        user = settings.username.strip() or settings.auth_user
        if settings.trakt_list_type == 1:
            return f"users/{user}/watched/movies?limit={settings.limit}"
        if settings.trakt_list_type == 2:
            return f"users/{user}/collection/movies?limit={settings.limit}"
        sorting = SORTING.get(settings.trakt_watch_sorting, "rank")
        return f"users/{user}/watchlist/movies/{sorting}?limit={settings.limit}"
