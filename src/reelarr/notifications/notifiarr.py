"""Notifiarr: Radarr's webhook payloads, posted to Notifiarr's Radarr endpoint with the user's API key.

``POST https://notifiarr.com/api/v1/notification/radarr`` with ``X-API-Key`` and the same JSON
the webhook sends (:func:`reelarr.notifications.webhook.payload`): Notifiarr parses it by
Radarr's field names. As in Radarr, a 400 (an event Notifiarr is not set up for) is not a
failure, so one unconfigured event does not back off every other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from reelarr.notifications.base import Message, Notification, request
from reelarr.notifications.webhook import payload
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://notifiarr.com"


class NotifiarrSettings(ProviderSettings):
    # Radarr's property is ``APIKey``, which its schema builder camel-cases to ``aPIKey``.
    api_key: Annotated[
        str,
        Form(
            "API Key",
            "Your API key from your profile",
            privacy="apiKey",
            help_link="https://notifiarr.com",
        ),
    ] = Field(default="", alias="aPIKey")


class Notifiarr(Notification):
    implementation = "Notifiarr"
    implementation_name = "Notifiarr"
    info_link = "https://notifiarr.com"
    settings_model = NotifiarrSettings

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, NotifiarrSettings)
        await request(
            ctx,
            "POST",
            f"{API_URL}/api/v1/notification/radarr",
            service="Notifiarr",
            field="aPIKey",
            accepted=(400,),
            headers={"X-API-Key": settings.api_key, "Accept": "application/json"},
            json=payload(message, ctx.settings.instance_name),
        )
