"""Join: a push through Join's messaging API, as Radarr sends it.

``GET https://joinjoaomgcd.appspot.com/_ah/api/messaging/v1/sendPush`` with the devices
(``deviceNames``, else the retired ``deviceIds``, else ``deviceId=group.all``), ``apikey``,
``title``, ``text`` and ``priority`` in the query. Join answers 200 with ``success`` false and
an ``errorMessage`` when the key or the devices are wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from reelarr.notifications.base import Message, Notification, NotificationError, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://joinjoaomgcd.appspot.com/_ah/api/messaging/v1/sendPush"
PRIORITIES = ((-2, "Silent"), (-1, "Quiet"), (0, "Normal"), (1, "High"), (2, "Emergency"))


class JoinSettings(ProviderSettings):
    api_key: Annotated[
        str,
        Form(
            "API Key",
            "The API Key from your Join account settings (click Join API button)",
            privacy="apiKey",
            help_link="https://joinjoaomgcd.appspot.com/",
        ),
    ] = ""
    device_ids: Annotated[
        str, Form("Device IDs", "Deprecated, use Device Names instead", hidden="hiddenIfNotSet")
    ] = ""
    device_names: Annotated[
        str,
        Form(
            "Device Names",
            "Comma separated list of full or partial device names (leave blank for all)",
            help_link="https://joaoapps.com/join/api/",
        ),
    ] = ""
    priority: Annotated[int, Form("Notification Priority", type="select", select_options=PRIORITIES)] = 0


class Join(Notification):
    implementation = "Join"
    implementation_name = "Join"
    info_link = "https://joaoapps.com/join/"
    settings_model = JoinSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, JoinSettings)
        if settings.device_names.strip():
            devices = {"deviceNames": settings.device_names}
        elif settings.device_ids.strip():
            devices = {"deviceIds": settings.device_ids}
        else:
            devices = {"deviceId": "group.all"}
        params = devices | {
            "apikey": settings.api_key,
            "title": f"Reelarr - {message.title}",
            "text": message.body,
            "priority": str(settings.priority),
        }
        response = await request(ctx, "GET", API_URL, service="Join", field="apiKey", params=params)
        answer = response.json()
        if answer.get("success"):
            return
        error = answer.get("errorMessage") or ""
        if answer.get("userAuthError") or error == "No device to send message to":
            raise NotificationError("Join refused the API key", "apiKey")
        raise NotificationError(f"Join could not send: {error or 'unknown error'}", "deviceNames")
