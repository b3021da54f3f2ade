"""ntfy: a push to one or more topics on ntfy.sh or a self-hosted ntfy server, as Radarr sends it.

``POST <server>/<topic>`` for each topic, everything in the query (``title``, ``message``,
``priority``, ``tags``, ``click``), authenticated by an access token (``Bearer``) or else by
user name and password (basic auth). Titles carry the app's name, as Radarr's do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, field_validator

from reelarr.notifications.base import Message, Notification, NotificationError, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

DEFAULT_SERVER = "https://ntfy.sh"
PRIORITIES = ((1, "Min"), (2, "Low"), (3, "Default"), (4, "High"), (5, "Max"))
# ntfy.sh's reserved paths and documentation examples, which Radarr refuses as topics.
INVALID_TOPICS = frozenset(
    {"announcements", "app", "docs", "settings", "stats", "mytopic-rw", "mytopic-ro", "mytopic-wo"}
)
APP_NAME = "Reelarr"


class NtfySettings(ProviderSettings):
    server_url: Annotated[
        str,
        Form(
            "Server URL",
            "Leave blank to use public server (https://ntfy.sh)",
            "url",
            placeholder=DEFAULT_SERVER,
            help_link="https://ntfy.sh/docs/install/",
        ),
    ] = ""
    access_token: Annotated[
        str,
        Form(
            "Access Token",
            "Optional token-based authorization; takes priority over user name and password",
            "password",
            privacy="apiKey",
            help_link="https://docs.ntfy.sh/config/#access-tokens",
        ),
    ] = ""
    user_name: Annotated[str, Form("Username", "Optional username", privacy="userName")] = ""
    password: Annotated[str, Form("Password", "Optional password", "password", privacy="password")] = ""
    priority: Annotated[int, Form("Priority", type="select", select_options=PRIORITIES)] = 3
    topics: Annotated[
        list[str],
        Form("Topics", "List of topics to send notifications to", "tag", placeholder="Topic1234,Topic4321"),
    ] = Field(default_factory=list)
    tags: Annotated[
        list[str],
        Form(
            "Tags and Emojis",
            "Optional list of tags or emojis to use",
            "tag",
            placeholder="warning,skull",
            help_link="https://ntfy.sh/docs/emojis/",
        ),
    ] = Field(default_factory=list)
    click_url: Annotated[
        str,
        Form(
            "Click URL",
            "Optional link when user clicks notification",
            "url",
            placeholder="https://myserver.example.com/radarr",
        ),
    ] = ""

    @field_validator("topics")
    @classmethod
    def _valid_topics(cls, value: list[str]) -> list[str]:
        bad = [topic for topic in value if topic in INVALID_TOPICS]
        if bad:
            raise ValueError(f"Invalid topic: {', '.join(bad)}")
        return value


class Ntfy(Notification):
    implementation = "Ntfy"
    implementation_name = "ntfy.sh"
    info_link = "https://ntfy.sh/"
    settings_model = NtfySettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, NtfySettings)
        if not settings.topics:
            raise NotificationError("Add at least one topic", "topics")
        server = (settings.server_url.strip() or DEFAULT_SERVER).rstrip("/")
        params = {
            "title": f"{APP_NAME} - {message.title}",
            "message": message.body,
            "priority": str(settings.priority),
        }
        if settings.tags:
            params["tags"] = ",".join(settings.tags)
        if settings.click_url.strip():
            params["click"] = settings.click_url
        headers = {}
        auth = None
        auth_field = "accessToken"
        if settings.access_token.strip():
            headers["Authorization"] = f"Bearer {settings.access_token}"
        elif settings.user_name.strip() and settings.password.strip():
            auth = (settings.user_name, settings.password)
            auth_field = "userName"
        for topic in settings.topics:
            await request(
                ctx,
                "POST",
                f"{server}/{topic}",
                service="ntfy",
                field="serverUrl",
                auth_field=auth_field,
                params=params,
                headers=headers,
                auth=auth,
            )
