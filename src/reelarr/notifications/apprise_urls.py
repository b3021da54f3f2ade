"""Apprise URLs: one notification that reaches Discord, e-mail, Telegram, Slack, Pushover, Gotify, ntfy
and about a hundred more services, each through an Apprise URL.

Examples: ``discord://webhook_id/webhook_token``, ``mailtos://user:pass@example.org``,
``tgram://bot_token/chat_id``, ``ntfys://ntfy.sh/my-topic``, ``gotify://host/token``,
``json://127.0.0.1:8000/hook``. The list of schemas: https://github.com/caronc/apprise/wiki.
Apprise is synchronous, so each delivery runs in a worker thread. Reelarr's own addition:
Radarr's ``Apprise`` (:mod:`reelarr.notifications.apprise`) needs an Apprise API server instead.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Annotated, Any

import apprise
from pydantic import Field, field_validator

from reelarr.notifications.base import EventType, Message, Notification, NotificationError
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

URL_SEPARATORS = re.compile(r"[\s,]+")
NOTIFY_TYPES = {
    EventType.HEALTH: apprise.NotifyType.WARNING,
    EventType.MANUAL_INTERACTION_REQUIRED: apprise.NotifyType.WARNING,
    EventType.HEALTH_RESTORED: apprise.NotifyType.SUCCESS,
    EventType.DOWNLOAD: apprise.NotifyType.SUCCESS,
}


class AppriseUrlsSettings(ProviderSettings):
    urls: Annotated[
        list[str],
        Form(
            "Apprise URLs",
            "One or more Apprise URLs, such as discord://id/token or ntfys://ntfy.sh/topic",
            type="tag",
            privacy="apiKey",
            help_link="https://github.com/caronc/apprise/wiki",
        ),
    ] = Field(default_factory=list)
    tags: Annotated[
        list[str],
        Form("Apprise Tags", "Only notify the URLs carrying one of these Apprise tags (tag=...)", type="tag"),
    ] = Field(default_factory=list)
    title_prefix: Annotated[
        str, Form("Title Prefix", "Put before each message's title, to tell instances apart", advanced=True)
    ] = ""

    @field_validator("urls", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        """Accept one string of URLs separated by spaces, commas or new lines, as users paste them."""
        if isinstance(value, str):
            return [url for url in URL_SEPARATORS.split(value) if url]
        return value


class AppriseUrls(Notification):
    implementation = "AppriseUrls"
    implementation_name = "Apprise URLs"
    info_link = "https://github.com/caronc/apprise/wiki"
    settings_model = AppriseUrlsSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, AppriseUrlsSettings)
        if not settings.urls:
            raise NotificationError("Add at least one Apprise URL", "urls")
        title = f"{settings.title_prefix} {message.subject}".strip()
        await asyncio.to_thread(
            deliver, settings.urls, settings.tags, title, message.text, NOTIFY_TYPES.get(message.event)
        )


def deliver(urls: list[str], tags: list[str], title: str, body: str, kind: Any) -> None:
    """Send through every URL (blocking); raise with Apprise's own reasons when any failed."""
    services = apprise.Apprise()
    for url in urls:
        tag = _url_tags(url)
        if not services.add(url, tag=tag or None):
            raise NotificationError(f"Apprise does not understand the URL {_scheme(url)}://…", "urls")
    reasons: list[str] = []
    result = services.notify(
        body=body or title,
        title=title,
        notify_type=kind or apprise.NotifyType.INFO,
        tag=tags or apprise.common.MATCH_ALL_TAG,
        log_callback=lambda entry, _service: (
            reasons.append(entry.message) if entry.level in ("WARNING", "ERROR") else None
        ),
    )
    if not result:
        detail = "; ".join(reasons) or ("no URL carries those tags" if tags else "see the log")
        raise NotificationError(f"Apprise could not deliver: {detail}", "urls")


def _url_tags(url: str) -> list[str]:
    """Tags given in the URL's query (``?tag=family,alerts``), as Apprise config files allow."""
    found = re.search(r"[?&]tag=([^&]+)", url)
    return [t for t in (found.group(1).split(",") if found else []) if t]


def _scheme(url: str) -> str:
    return url.split("://", 1)[0] if "://" in url else url[:12]
