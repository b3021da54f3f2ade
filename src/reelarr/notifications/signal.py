"""Signal through a signal-cli REST API server: ``POST <host>:<port>/v2/send`` with
``{"message": "<title>\\n<text>\\n", "number": <sender>, "recipients": [<receiver>]}`` and
optional basic auth, as Radarr sends it. signal-cli answers 400 with an ``error`` naming the
culprit ("Invalid group id", "Invalid account")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from reelarr.notifications.base import Message, Notification, NotificationError, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class SignalSettings(ProviderSettings):
    host: Annotated[str, Form("Host", placeholder="localhost")] = ""
    port: Annotated[int, Form("Port", placeholder="8080")] = 8080
    use_ssl: Annotated[bool, Form("Use SSL", "Connect to Signal over HTTPS instead of HTTP", "checkbox")] = (
        False
    )
    sender_number: Annotated[
        str, Form("Sender Number", "Phone number of the sender registered in signal-api", privacy="apiKey")
    ] = ""
    receiver_id: Annotated[
        str, Form("Group ID / Phone Number", "Group ID / Phone Number of the receiver")
    ] = ""
    auth_username: Annotated[
        str, Form("Username", "Username used to authenticate requests", privacy="userName")
    ] = ""
    auth_password: Annotated[
        str, Form("Password", "Password used to authenticate requests", "password", privacy="password")
    ] = ""


class Signal(Notification):
    implementation = "Signal"
    implementation_name = "Signal"
    info_link = "https://signal.org/"
    settings_model = SignalSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, SignalSettings)
        if not (settings.host and settings.sender_number and settings.receiver_id):
            raise NotificationError("Host, Sender Number and receiver are required", "host")
        scheme = "https" if settings.use_ssl else "http"
        body = {
            "message": f"{message.title}\n{message.body}\n",
            "number": settings.sender_number,
            "recipients": [settings.receiver_id],
        }
        auth = (
            (settings.auth_username, settings.auth_password)
            if settings.auth_username and settings.auth_password
            else None
        )
        try:
            await request(
                ctx,
                "POST",
                f"{scheme}://{settings.host}:{settings.port}/v2/send",
                service="signal-cli",
                field="host",
                auth_field="authUsername",
                json=body,
                auth=auth,
            )
        except NotificationError as exc:
            text = str(exc).lower()
            field = (
                "receiverId"
                if "invalid group id" in text
                else "senderNumber"
                if "invalid account" in text
                else exc.field
            )
            raise NotificationError(str(exc), field) from None
