"""Trakt List: a user's public list (or one the signed-in user may read), by user and list name."""

from __future__ import annotations

from typing import Annotated

from reelarr.import_lists.trakt import TraktImport, TraktSettingsBase
from reelarr.parser import to_url_slug
from reelarr.providers import Form


class TraktListSettings(TraktSettingsBase):
    username: Annotated[str, Form("Username", "Username for the List to import from", privacy="userName")] = (
        ""
    )
    listname: Annotated[
        str,
        Form("List Name", "List name for import, list must be public or you must have access to the list"),
    ] = ""


class TraktListImport(TraktImport):
    implementation = "TraktListImport"
    implementation_name = "Trakt List"
    settings_model = TraktListSettings

    def path(self) -> str:
        settings = self.settings
        assert isinstance(settings, TraktListSettings)
        slug = to_url_slug(settings.listname.strip())
        return f"users/{settings.username.strip()}/lists/{slug}/items/movies?limit={settings.limit}"
