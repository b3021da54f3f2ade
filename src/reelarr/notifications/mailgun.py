"""Mailgun: ``POST https://api.mailgun.net/v3/<sender domain>/messages`` (``api.eu.mailgun.net``
for the EU region) with basic auth ``api:<key>`` and a form of ``from``, one ``to`` per
recipient, ``subject`` and ``text``, as Radarr sends it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from reelarr.notifications.base import Message, Notification, NotificationError, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL_US = "https://api.mailgun.net/v3"
API_URL_EU = "https://api.eu.mailgun.net/v3"


class MailgunSettings(ProviderSettings):
    # Radarr shows this key in the clear (no privacy level); kept so for the same API contract.
    api_key: Annotated[str, Form("API Key", "The API key generated from MailGun")] = ""
    use_eu_endpoint: Annotated[bool, Form("Use EU Endpoint", "Use the EU MailGun endpoint", "checkbox")] = (
        False
    )
    from_: Annotated[str, Form("From Address")] = Field(default="", alias="from")
    sender_domain: Annotated[str, Form("Sender Domain")] = ""
    recipients: Annotated[
        list[str],
        Form("Recipient Address(es)", type="tag", placeholder="example@email.com,example1@email.com"),
    ] = Field(default_factory=list)


class MailGun(Notification):
    implementation = "MailGun"
    implementation_name = "Mailgun"
    info_link = "https://documentation.mailgun.com/en/latest/"
    settings_model = MailgunSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, MailgunSettings)
        if not (settings.api_key and settings.from_ and settings.recipients):
            raise NotificationError("API Key, From Address and a recipient are required", "apiKey")
        base = API_URL_EU if settings.use_eu_endpoint else API_URL_US
        form = {
            "from": settings.from_,
            "to": settings.recipients,
            "subject": message.title,
            "text": message.body,
        }
        await request(
            ctx,
            "POST",
            f"{base}/{settings.sender_domain}/messages",
            service="Mailgun",
            field="senderDomain",
            auth_field="apiKey",
            auth=("api", settings.api_key),
            data=form,
        )
