"""Pushbullet: a note pushed to channels, devices or every device, as Radarr sends it.

``POST https://api.pushbullet.com/v2/pushes`` with the access token as the basic-auth user and
a form of ``type=note``, ``title``, ``body``, an optional ``source_device_iden``, and one push
per channel tag (``channel_tag``), else per device (``device_id`` when numeric, ``device_iden``
otherwise), else one push to all devices. Titles carry the app's name, as Radarr's do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from reelarr.notifications.base import Message, Notification, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://api.pushbullet.com/v2/pushes"


class PushBulletSettings(ProviderSettings):
    api_key: Annotated[
        str, Form("Access Token", privacy="apiKey", help_link="https://www.pushbullet.com/#settings/account")
    ] = ""
    device_ids: Annotated[
        list[str],
        Form(
            "Device IDs",
            "List of device IDs (leave blank to send to all devices)",
            "device",
            placeholder="123456789,987654321",
        ),
    ] = Field(default_factory=list)
    channel_tags: Annotated[
        list[str],
        Form(
            "Channel Tags",
            "List of Channel Tags to send notifications to",
            "tag",
            placeholder="Channel1234,Channel4321",
        ),
    ] = Field(default_factory=list)
    sender_id: Annotated[str, Form("Sender ID", "The device ID to send notifications from")] = ""


class PushBullet(Notification):
    implementation = "PushBullet"
    implementation_name = "Pushbullet"
    info_link = "https://www.pushbullet.com/"
    settings_model = PushBulletSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, PushBulletSettings)
        if settings.channel_tags:
            targets = [{"channel_tag": tag} for tag in settings.channel_tags]
        elif settings.device_ids:
            targets = [
                {"device_id" if device.isdigit() else "device_iden": device} for device in settings.device_ids
            ]
        else:
            targets = [{}]
        note = {"type": "note", "title": f"Reelarr - {message.title}", "body": message.body}
        if settings.sender_id.strip():
            note["source_device_iden"] = settings.sender_id
        for target in targets:
            await request(
                ctx,
                "POST",
                API_URL,
                service="Pushbullet",
                field="apiKey",
                data=target | note,
                auth=(settings.api_key, ""),
            )
