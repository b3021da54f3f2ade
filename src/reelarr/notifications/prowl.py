"""Prowl: a push to iOS through Prowl's public API, as Radarr sends it.

``POST https://api.prowlapp.com/publicapi/add`` with a form of ``apikey``, ``application``,
``event`` (the title), ``description`` and ``priority``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from reelarr.notifications.base import Message, Notification, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://api.prowlapp.com/publicapi/add"
PRIORITIES = ((-2, "Very Low"), (-1, "Low"), (0, "Normal"), (1, "High"), (2, "Emergency"))


class ProwlSettings(ProviderSettings):
    api_key: Annotated[
        str, Form("API Key", privacy="apiKey", help_link="https://www.prowlapp.com/api_settings.php")
    ] = ""
    priority: Annotated[int, Form("Priority", type="select", select_options=PRIORITIES)] = 0


class Prowl(Notification):
    implementation = "Prowl"
    implementation_name = "Prowl"
    info_link = "https://www.prowlapp.com/"
    settings_model = ProwlSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, ProwlSettings)
        form = {
            "apikey": settings.api_key,
            "application": "Reelarr",
            "event": message.title,
            "description": message.body,
            "priority": str(settings.priority),
        }
        await request(ctx, "POST", API_URL, service="Prowl", field="apiKey", data=form)
