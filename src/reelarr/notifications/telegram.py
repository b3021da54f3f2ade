"""Telegram: a bot posts each message to a chat (or a forum topic), as Radarr's does.

Radarr's request: ``POST https://api.telegram.org/bot<token>/sendmessage`` with a form of
``chat_id``, ``parse_mode=HTML``, ``text`` (bold title, the message, then links),
``disable_notification`` and ``message_thread_id``. Telegram answers 400 with a
``description`` that says which setting is wrong ("chat not found" is the chat id).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, field_validator

from reelarr.notifications.base import (
    METADATA_LINK_OPTIONS,
    EventType,
    Message,
    Notification,
    NotificationError,
    metadata_links,
    request,
)
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://api.telegram.org"
APP_NAME = "Reelarr"


class TelegramSettings(ProviderSettings):
    bot_token: Annotated[
        str, Form("Bot Token", privacy="apiKey", help_link="https://core.telegram.org/bots")
    ] = ""
    chat_id: Annotated[
        str,
        Form(
            "Chat ID",
            "You must start a conversation with the bot or add it to your group to receive messages",
            help_link="http://stackoverflow.com/a/37396871/882971",
        ),
    ] = ""
    topic_id: Annotated[
        int | None, Form("Topic ID", "Specify a Topic ID to send notifications to that topic")
    ] = None
    send_silently: Annotated[
        bool, Form("Send Silently", "Sends the message silently; users receive it without sound", "checkbox")
    ] = False
    include_app_name_in_title: Annotated[
        bool, Form("Include App Name in Title", "Prefix the title with the app's name", "checkbox")
    ] = False
    include_instance_name_in_title: Annotated[
        bool,
        Form(
            "Include Instance Name in Title", "Add the instance name to the title", "checkbox", advanced=True
        ),
    ] = False
    metadata_links: Annotated[
        list[int],
        Form(
            "Metadata Links", "Add links to the movie's pages", "select", select_options=METADATA_LINK_OPTIONS
        ),
    ] = Field(default_factory=list)

    @field_validator("topic_id")
    @classmethod
    def _topic(cls, value: int | None) -> int | None:
        if value is not None and value <= 1:
            raise ValueError("Topic ID must be greater than 1 or empty")
        return value


class Telegram(Notification):
    implementation = "Telegram"
    implementation_name = "Telegram"
    info_link = "https://telegram.org/"
    settings_model = TelegramSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, TelegramSettings)
        title = message.subject if message.event is EventType.DOWNLOAD else message.title
        if settings.include_app_name_in_title:
            title = f"{APP_NAME} - {title}"
        if settings.include_instance_name_in_title:
            title = f"{title} - {ctx.settings.instance_name}"
        lines = [f"<b>{html.escape(title)}</b>", html.escape(message.body)]
        lines += [
            f'<a href="{url}">{html.escape(label)}</a>'
            for _, label, url in metadata_links(message.movie, settings.metadata_links)
        ]
        form = {
            "chat_id": settings.chat_id,
            "parse_mode": "HTML",
            "text": "\n".join(lines) + "\n",
            "disable_notification": str(settings.send_silently).lower(),
        }
        if settings.topic_id is not None:
            form["message_thread_id"] = str(settings.topic_id)
        try:
            await request(
                ctx,
                "POST",
                f"{API_URL}/bot{settings.bot_token}/sendmessage",
                service="Telegram",
                field="botToken",
                data=form,
            )
        except NotificationError as exc:
            raise NotificationError(str(exc), _blamed(str(exc))) from None


def _blamed(error: str) -> str:
    """The setting Telegram's error description points at, as Radarr reads it."""
    lowered = error.lower()
    if "chat not found" in lowered or "upgraded to a supergroup" in lowered:
        return "chatId"
    if "message thread not found" in lowered:
        return "topicId"
    return "botToken"
