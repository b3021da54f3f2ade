"""Slack: an incoming-webhook message with one attachment per fact, in Radarr's shape.

``POST <webhook URL>`` with ``text``, ``username``, ``icon_emoji`` (an icon written
``:like_this:``) or ``icon_url``, ``channel`` and ``attachments`` (``fallback``, ``title``,
``text``, ``color``: warning for a grab, good for an import, danger for an error).
Empty fields are left out, as Radarr's serializer does.
"""

from __future__ import annotations

import datetime as dt
import socket
from typing import TYPE_CHECKING, Annotated, Any

from reelarr.notifications.base import EventType, Message, Notification, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class SlackSettings(ProviderSettings):
    web_hook_url: Annotated[
        str, Form("Webhook URL", type="url", help_link="https://my.slack.com/services/new/incoming-webhook/")
    ] = ""
    username: Annotated[str, Form("Username", "Username to post to Slack as", privacy="userName")] = ""
    icon: Annotated[
        str,
        Form(
            "Icon",
            "Change the icon used for messages posted to Slack (Emoji or URL)",
            help_link="http://www.emoji-cheat-sheet.com/",
        ),
    ] = ""
    channel: Annotated[
        str, Form("Channel", "Overrides the default channel for the incoming webhook (#other-channel)")
    ] = ""


class Slack(Notification):
    implementation = "Slack"
    implementation_name = "Slack"
    info_link = "https://my.slack.com/services/new/incoming-webhook/"
    settings_model = SlackSettings
    supported = Notification.supported - {"on_movie_added"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, SlackSettings)
        text, attachments = slack_content(message)
        body: dict[str, Any] = {"text": text, "username": settings.username or None}
        icon = settings.icon.strip()
        if icon:
            body["icon_emoji" if icon.startswith(":") and icon.endswith(":") else "icon_url"] = icon
        if settings.channel.strip():
            body["channel"] = settings.channel
        if attachments:
            body["attachments"] = [_dropping_empty(a) for a in attachments]
        await request(
            ctx,
            "POST",
            settings.web_hook_url,
            service="Slack",
            field="webHookUrl",
            json=_dropping_empty(body),
        )


def slack_content(message: Message) -> tuple[str, list[dict[str, Any]]]:
    """Radarr's ``text`` and attachments for the event."""
    movie = message.movie.title if message.movie else None
    body = message.body
    match message.event:
        case EventType.TEST:
            return f"Test message from Reelarr posted at {dt.datetime.now():%Y-%m-%d %H:%M:%S}", []
        case EventType.GRAB:
            return f"Grabbed: {body}", [{"fallback": body, "title": movie, "text": body, "color": "warning"}]
        case EventType.DOWNLOAD:
            return f"Imported: {body}", [{"fallback": body, "title": movie, "text": body, "color": "good"}]
        case EventType.RENAME:
            return "Renamed", [
                {"title": movie, "text": f"{r.previous_relative_path} renamed to {r.file.relative_path}"}
                for r in message.renamed_files
            ]
        case EventType.MOVIE_FILE_DELETE:
            path = message.file.path if message.file else None
            return "Movie File Deleted", [{"title": movie, "text": path}]
        case EventType.MOVIE_DELETE:
            gone = "all files were deleted" if message.files_deleted else "files were not deleted"
            text = "Movie removed and " + gone if message.files_deleted else "Movie removed, " + gone
            return "Movie Deleted", [{"title": movie, "text": text}]
        case EventType.HEALTH:
            health = message.health
            color = "warning" if health and health.level == "warning" else "danger"
            return "Health Issue", [
                {"title": health.source if health else None, "text": body, "color": color}
            ]
        case EventType.HEALTH_RESTORED:
            source = message.health.source if message.health else None
            return "Health Issue Resolved", [{"title": source, "text": body, "color": "good"}]
        case EventType.MANUAL_INTERACTION_REQUIRED:
            return "Manual Interaction Required", [
                {"title": socket.gethostname(), "text": body, "color": "warning"}
            ]
        case _:
            return body, []


def _dropping_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
