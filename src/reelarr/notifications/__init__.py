"""Notifications: telling the user (or another program) what Reelarr did.

Radarr's kinds under Radarr's implementation names and fields (Webhook, Custom Script, Discord,
Email, Telegram, Trakt's collection...), plus Apprise URLs (~100 services through the Apprise library, with no
server). Each definition has Radarr's event switches and tags;
:mod:`reelarr.notifications.dispatch` turns domain events into messages and sends them.
Adding an implementation means writing its module and one line in ``IMPLEMENTATIONS``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from reelarr.notifications.apprise import Apprise
from reelarr.notifications.apprise_urls import AppriseUrls
from reelarr.notifications.base import EventType, Message, Notification, NotificationError
from reelarr.notifications.custom_script import CustomScript
from reelarr.notifications.discord import Discord
from reelarr.notifications.email import Email
from reelarr.notifications.emby import MediaBrowser
from reelarr.notifications.gotify import Gotify
from reelarr.notifications.join import Join
from reelarr.notifications.kodi import Xbmc
from reelarr.notifications.mailgun import MailGun
from reelarr.notifications.notifiarr import Notifiarr
from reelarr.notifications.ntfy import Ntfy
from reelarr.notifications.plex import PlexServer
from reelarr.notifications.prowl import Prowl
from reelarr.notifications.pushbullet import PushBullet
from reelarr.notifications.pushcut import Pushcut
from reelarr.notifications.pushover import Pushover
from reelarr.notifications.pushsafer import Pushsafer
from reelarr.notifications.sendgrid import SendGrid
from reelarr.notifications.signal import Signal
from reelarr.notifications.simplepush import Simplepush
from reelarr.notifications.slack import Slack
from reelarr.notifications.synology import SynologyIndexer
from reelarr.notifications.telegram import Telegram
from reelarr.notifications.trakt import Trakt
from reelarr.notifications.twitter import Twitter
from reelarr.notifications.webhook import Webhook
from reelarr.providers import ProviderKind

IMPLEMENTATIONS: tuple[type[Notification], ...] = (
    Webhook,
    Apprise,
    CustomScript,
    Discord,
    Email,
    Gotify,
    Notifiarr,
    Ntfy,
    Pushover,
    Slack,
    Telegram,
    PlexServer,
    MediaBrowser,
    Xbmc,
    Join,
    Prowl,
    PushBullet,
    Pushsafer,
    Simplepush,
    MailGun,
    SendGrid,
    Signal,
    SynologyIndexer,
    Pushcut,
    Twitter,
    Trakt,
    AppriseUrls,
)


class NotificationOptions(BaseModel):
    """A notification's event switches, beside its settings (Radarr's NotificationResource)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    on_grab: bool = False
    on_download: bool = False
    on_upgrade: bool = False
    on_rename: bool = False
    on_movie_added: bool = False
    on_movie_delete: bool = False
    on_movie_file_delete: bool = False
    on_movie_file_delete_for_upgrade: bool = False
    on_health_issue: bool = False
    include_health_warnings: bool = False
    on_health_restored: bool = False
    on_application_update: bool = False
    on_manual_interaction_required: bool = False


def _is_enabled(options: BaseModel) -> bool:
    """A notification is on when any of its event switches is."""
    return any(value for name, value in options if name.startswith("on_"))


NOTIFICATIONS = ProviderKind(
    kind="notification",
    label="Notification",
    implementations=IMPLEMENTATIONS,
    options_model=NotificationOptions,
    is_enabled=_is_enabled,
    resource_columns=(),
)

__all__ = [
    "IMPLEMENTATIONS",
    "NOTIFICATIONS",
    "EventType",
    "Message",
    "Notification",
    "NotificationError",
    "NotificationOptions",
]
