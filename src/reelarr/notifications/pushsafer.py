"""Pushsafer: ``POST https://pushsafer.com/api`` with Radarr's one-letter form: ``k`` (key),
``d`` (devices joined by ``|``), ``t`` title, ``m`` message, ``pr`` priority, and for an
emergency ``re``/``ex`` (retry, expire), plus the optional ``s`` sound, ``v`` vibration, ``i``
icon and ``c`` icon colour."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_validator

from reelarr.notifications.base import Message, Notification, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://pushsafer.com/api"
PRIORITIES = ((-2, "Silent"), (-1, "Quiet"), (0, "Normal"), (1, "High"), (2, "Emergency"))
EMERGENCY = 2
COLOUR = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")


class PushsaferSettings(ProviderSettings):
    api_key: Annotated[
        str, Form("API Key", privacy="apiKey", help_link="https://www.pushsafer.com/en/pushapi_ext#API-K")
    ] = ""
    device_ids: Annotated[
        list[str],
        Form(
            "Device IDs",
            "Device Group ID or list of Device IDs (leave blank to send to all devices)",
            "tag",
            placeholder="123456789|987654321",
        ),
    ] = Field(default_factory=list)
    priority: Annotated[int, Form("Priority", type="select", select_options=PRIORITIES)] = 0
    retry: Annotated[int, Form("Retry", "Interval to retry Emergency alerts, minimum 60 seconds")] = 0
    expire: Annotated[
        int, Form("Expire", "Maximum time to retry Emergency alerts, maximum 10800 seconds")
    ] = 0
    sound: Annotated[
        str, Form("Sound", "Notification sound 0-62 (leave blank to use the default)", advanced=True)
    ] = ""
    vibration: Annotated[
        str, Form("Vibration", "Vibration pattern 1-3 (leave blank to use the device default)", advanced=True)
    ] = ""
    icon: Annotated[
        str, Form("Icon", "Icon number 1-181 (leave blank to use the default Pushsafer icon)", advanced=True)
    ] = ""
    icon_color: Annotated[
        str, Form("Icon Color", "Icon color in hex format (leave blank for the default)", advanced=True)
    ] = ""

    @model_validator(mode="after")
    def _ranges(self) -> PushsaferSettings:
        """Radarr's rules: emergency retry and expire within 60-10800 s, numbered sounds, patterns, icons."""
        if self.priority == EMERGENCY and not (60 <= self.retry <= 10800 and 60 <= self.expire <= 10800):
            raise ValueError("Emergency alerts need Retry and Expire between 60 and 10800 seconds")
        for name, value, low, high in (
            ("Sound", self.sound, 0, 62),
            ("Vibration", self.vibration, 1, 3),
            ("Icon", self.icon, 1, 181),
        ):
            if value.strip() and not (value.strip().isdigit() and low <= int(value) <= high):
                raise ValueError(f"{name} must be a number from {low} to {high}")
        if self.icon_color.strip() and not COLOUR.match(self.icon_color.strip()):
            raise ValueError("Icon Color must be a hex colour such as #FF0000")
        return self


class Pushsafer(Notification):
    implementation = "Pushsafer"
    implementation_name = "Pushsafer"
    info_link = "https://www.pushsafer.com/"
    settings_model = PushsaferSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, PushsaferSettings)
        form = {
            "k": settings.api_key,
            "d": "|".join(settings.device_ids),
            "t": message.title,
            "m": message.body,
            "pr": str(settings.priority),
        }
        if settings.priority == EMERGENCY:
            form |= {"re": str(settings.retry), "ex": str(settings.expire)}
        for key, value in (
            ("s", settings.sound),
            ("v", settings.vibration),
            ("i", settings.icon),
            ("c", settings.icon_color),
        ):
            if value.strip():
                form[key] = value
        await request(ctx, "POST", API_URL, service="Pushsafer", field="apiKey", data=form)
