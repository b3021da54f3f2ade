"""Pushcut: ``POST https://api.pushcut.io/v1/notifications/<notification name>`` with the
``API-Key`` header and ``title``, ``text``, ``isTimeSensitive``, the poster as ``image`` (when
chosen) and the movie's links as ``actions``, as Radarr sends it (nulls left out)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from pydantic import Field

from reelarr.notifications.base import (
    METADATA_LINK_OPTIONS,
    EventType,
    Message,
    Notification,
    NotificationError,
    metadata_links,
    poster_url,
    request,
)
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://api.pushcut.io/v1"
BRANDED = (EventType.HEALTH, EventType.HEALTH_RESTORED, EventType.MANUAL_INTERACTION_REQUIRED)


class PushcutSettings(ProviderSettings):
    notification_name: Annotated[
        str, Form("Notification Name", "Notification name from Notifications tab of the Pushcut app")
    ] = ""
    api_key: Annotated[
        str,
        Form("API Key", "API Keys can be managed in the Account view of the Pushcut app", privacy="apiKey"),
    ] = ""
    time_sensitive: Annotated[
        bool, Form("Time Sensitive", "Check to mark the notification as 'Time-Sensitive'", "checkbox")
    ] = False
    include_poster: Annotated[
        bool, Form("Include Poster", "Include poster with notification", "checkbox")
    ] = False
    metadata_links: Annotated[
        list[int],
        Form(
            "Metadata Links", "Add links to the movie's pages", "select", select_options=METADATA_LINK_OPTIONS
        ),
    ] = Field(default_factory=list)


class Pushcut(Notification):
    implementation = "Pushcut"
    implementation_name = "Pushcut"
    info_link = "https://www.pushcut.io"
    settings_model = PushcutSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, PushcutSettings)
        if not (settings.api_key and settings.notification_name):
            raise NotificationError("Notification Name and API Key are required", "notificationName")
        if message.event is EventType.TEST:
            title, text = (
                "Reelarr Test Title",
                "Success! You have properly configured your Pushcut notification settings.",
            )
        else:
            title = message.subject if message.event is EventType.DOWNLOAD else message.title
            title = f"Reelarr - {title}" if message.event in BRANDED else title
            text = message.body
        body: dict[str, Any] = {"title": title, "text": text, "isTimeSensitive": settings.time_sensitive}
        movie = message.movie if message.event not in BRANDED else None
        poster = poster_url(movie)
        if settings.include_poster and poster:
            body["image"] = poster
        body["actions"] = [
            {"name": label, "url": url} for _, label, url in metadata_links(movie, settings.metadata_links)
        ]
        await request(
            ctx,
            "POST",
            f"{API_URL}/notifications/{quote(settings.notification_name, safe='')}",
            service="Pushcut",
            field="notificationName",
            auth_field="apiKey",
            json=body,
            headers={"API-Key": settings.api_key, "Accept": "application/json"},
        )
