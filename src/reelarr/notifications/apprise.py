"""Apprise: a message posted to an Apprise API server (github.com/caronc/apprise-api), as Radarr does.

``POST <server>/notify/<configuration key>`` uses the URLs the server keeps under that key (its
tags pick among them); ``POST <server>/notify`` with ``urls`` sends to stateless URLs given here.
The JSON carries ``title``, ``body``, ``type`` (info, success, warning, failure), and ``tag``
and ``attachment`` (the poster) when set; HTTP basic auth when a user name or password is set.
Reelarr's library-based kind, which needs no server, is :mod:`reelarr.notifications.apprise_urls`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, field_validator, model_validator

from reelarr.notifications.base import EventType, Message, Notification, poster_url, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

NOTIFICATION_TYPES = ((0, "Info"), (1, "Success"), (2, "Warning"), (3, "Failure"))
TYPE_NAMES = {value: label.lower() for value, label in NOTIFICATION_TYPES}
KEY_PATTERN = re.compile(r"^[a-z0-9-]*$")
TEST_TITLE = "Reelarr - Test Notification"
TEST_BODY = "Success! You have properly configured your apprise notification settings."
EITHER = "Use either Configuration Key or Stateless URLs"


class AppriseSettings(ProviderSettings):
    server_url: Annotated[
        str,
        Form(
            "Apprise Server URL",
            "Apprise API server URL, including http(s):// and port if needed",
            type="url",
            help_link="https://github.com/caronc/apprise-api",
        ),
    ] = ""
    configuration_key: Annotated[
        str,
        Form(
            "Apprise Configuration Key",
            "The key of the server's stored configuration (leave empty to use Stateless URLs)",
            help_link="https://github.com/caronc/apprise-api#persistent-storage-solution",
        ),
    ] = ""
    stateless_urls: Annotated[
        str,
        Form(
            "Apprise Stateless URLs",
            "One or more Apprise URLs separated by commas (leave empty to use a Configuration Key)",
            help_link="https://github.com/caronc/apprise#productivity-based-notifications",
        ),
    ] = ""
    notification_type: Annotated[
        int, Form("Apprise Notification Type", type="select", select_options=NOTIFICATION_TYPES)
    ] = 0
    tags: Annotated[
        list[str],
        Form("Apprise Tags", "Only notify the stored URLs carrying one of these tags", type="tag"),
    ] = Field(default_factory=list)
    include_poster: Annotated[
        bool, Form("Include Poster", "Attach the movie's poster to the message", "checkbox")
    ] = False
    auth_username: Annotated[
        str, Form("Username", "The user name the server asks for (HTTP basic auth)", privacy="userName")
    ] = ""
    auth_password: Annotated[
        str,
        Form(
            "Password", "The password the server asks for (HTTP basic auth)", "password", privacy="password"
        ),
    ] = ""

    @field_validator("configuration_key")
    @classmethod
    def _key_characters(cls, value: str) -> str:
        if not KEY_PATTERN.match(value.strip()):
            raise ValueError("Allowed characters a-z, 0-9 and -")
        return value

    @model_validator(mode="after")
    def _key_or_urls(self) -> AppriseSettings:
        """Radarr's rules: exactly one of key and stateless URLs; tags only pick among stored URLs."""
        key, urls = self.configuration_key.strip(), self.stateless_urls.strip()
        if self.server_url.strip() and bool(key) == bool(urls):
            raise ValueError(EITHER)
        if urls and self.tags:
            raise ValueError("Stateless URLs do not support tags")
        return self


class Apprise(Notification):
    implementation = "Apprise"
    implementation_name = "Apprise"
    info_link = "https://github.com/caronc/apprise"
    settings_model = AppriseSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, AppriseSettings)
        key = settings.configuration_key.strip()
        url = settings.server_url.strip().rstrip("/") + (f"/notify/{key}" if key else "/notify")
        auth = None
        if settings.auth_username or settings.auth_password:
            auth = (settings.auth_username, settings.auth_password)
        await request(
            ctx,
            "POST",
            url,
            service="Apprise",
            field="serverUrl",
            auth_field="authUsername",
            headers={"Accept": "application/json"},
            auth=auth,
            json=apprise_payload(message, settings),
        )


def apprise_payload(message: Message, settings: AppriseSettings) -> dict[str, Any]:
    title, body = message.title, message.body
    if message.event is EventType.TEST:
        title, body = TEST_TITLE, TEST_BODY
    elif message.event is EventType.MOVIE_ADDED and message.movie is not None:
        body = f"{message.movie.title_year} added to library"
    payload: dict[str, Any] = {
        "title": title,
        "body": body,
        "type": TYPE_NAMES.get(settings.notification_type, "info"),
    }
    if not settings.configuration_key.strip():
        payload["urls"] = settings.stateless_urls.strip()
    if settings.tags:
        payload["tag"] = ",".join(settings.tags)
    poster = poster_url(message.movie) if settings.include_poster else None
    if poster:
        payload["attachment"] = poster
    return payload
