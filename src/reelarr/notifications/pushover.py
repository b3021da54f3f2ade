"""Pushover: a push to the user's phones through Pushover's message API, as Radarr sends it.

``POST https://api.pushover.net/1/messages.json`` with a form: the application ``token``,
the ``user`` key, ``device`` (comma-separated, empty for all), ``title``, ``message`` and
``priority``; an emergency priority adds ``retry`` and ``expire``, a chosen ``sound`` is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from reelarr.notifications.base import Message, Notification, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://api.pushover.net/1/messages.json"
PRIORITIES = ((-2, "Silent"), (-1, "Quiet"), (0, "Normal"), (1, "High"), (2, "Emergency"))
EMERGENCY = 2


class PushoverSettings(ProviderSettings):
    api_key: Annotated[
        str, Form("API Key", privacy="apiKey", help_link="https://pushover.net/apps/clone/radarr")
    ] = ""
    user_key: Annotated[str, Form("User Key", privacy="userName", help_link="https://pushover.net/")] = ""
    devices: Annotated[
        list[str],
        Form(
            "Devices",
            "List of device names (leave blank to send to all devices)",
            "tag",
            placeholder="device1",
        ),
    ] = Field(default_factory=list)
    priority: Annotated[int, Form("Priority", type="select", select_options=PRIORITIES)] = 0
    retry: Annotated[
        int, Form("Retry", "Interval to retry Emergency alerts, minimum 30 seconds", unit="seconds")
    ] = 0
    expire: Annotated[
        int, Form("Expire", "Maximum time to retry Emergency alerts, maximum 86400 seconds", unit="seconds")
    ] = 0
    sound: Annotated[
        str,
        Form(
            "Sound",
            "Notification sound, leave blank to use the default",
            help_link="https://pushover.net/api#sounds",
        ),
    ] = ""


class Pushover(Notification):
    implementation = "Pushover"
    implementation_name = "Pushover"
    info_link = "https://pushover.net/"
    settings_model = PushoverSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, PushoverSettings)
        form = {
            "token": settings.api_key,
            "user": settings.user_key,
            "device": ",".join(settings.devices),
            "title": message.title,
            "message": message.body,
            "priority": str(settings.priority),
        }
        if settings.priority == EMERGENCY:
            form |= {"retry": str(settings.retry), "expire": str(settings.expire)}
        if settings.sound.strip():
            form["sound"] = settings.sound
        await request(ctx, "POST", API_URL, service="Pushover", field="apiKey", data=form)
