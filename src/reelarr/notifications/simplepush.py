"""Simplepush: ``POST https://api.simplepush.io/send`` with a form of ``key``, ``event``, ``title``
and ``msg``, as Radarr sends it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from reelarr.notifications.base import Message, Notification, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://api.simplepush.io/send"


class SimplepushSettings(ProviderSettings):
    key: Annotated[str, Form("Key", privacy="apiKey", help_link="https://simplepush.io/features")] = ""
    event: Annotated[
        str,
        Form(
            "Event",
            "Customize the behavior of push notifications",
            help_link="https://simplepush.io/features",
        ),
    ] = ""


class Simplepush(Notification):
    implementation = "Simplepush"
    implementation_name = "Simplepush"
    info_link = "https://simplepush.io/"
    settings_model = SimplepushSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, SimplepushSettings)
        form = {"key": settings.key, "event": settings.event, "title": message.title, "msg": message.body}
        await request(ctx, "POST", API_URL, service="Simplepush", field="key", data=form)
