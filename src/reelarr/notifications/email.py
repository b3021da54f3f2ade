"""Email: one plain-text message per event through the user's SMTP server, as Radarr sends it.

Encryption follows Radarr's choice (MailKit's): *Preferred* is TLS from the first byte on
port 465 and STARTTLS when the server offers it elsewhere; *Always* is TLS on 465 and
mandatory STARTTLS elsewhere; *Never* is plain SMTP. The server's certificate is checked
against the system's trust store. Sending goes through aiosmtplib, a maintained asyncio SMTP client.
"""

from __future__ import annotations

import email.message
import email.utils
import ssl
from typing import TYPE_CHECKING, Annotated, Any

import aiosmtplib
from pydantic import Field, field_validator

from reelarr.notifications.base import EventType, Message, Notification, NotificationError
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

PREFERRED, ALWAYS, NEVER = 0, 1, 2
IMPLICIT_TLS_PORT = 465
TIMEOUT_SECONDS = 30.0
APP_NAME = "Reelarr"


class EmailSettings(ProviderSettings):
    server: Annotated[str, Form("Server", "Hostname or IP of Email server", placeholder="smtp.gmail.com")] = (
        ""
    )
    port: Annotated[int, Form("Port")] = 587
    use_encryption: Annotated[
        int,
        Form(
            "Use Encryption",
            "Whether to prefer using encryption if configured on the server, to always use encryption "
            "via SSL (Port 465 only) or StartTLS (any other port) or to never use encryption",
            "select",
            select_options=((PREFERRED, "Preferred"), (ALWAYS, "Always"), (NEVER, "Never")),
        ),
    ] = PREFERRED
    username: Annotated[str, Form("Username", privacy="userName")] = ""
    password: Annotated[str, Form("Password", type="password", privacy="password")] = ""
    from_: Annotated[str, Form("From Address", placeholder="example@email.com")] = Field(
        default="", alias="from"
    )
    to: Annotated[
        list[str],
        Form(
            "To Address(es)",
            "Comma-separated list of email recipients",
            placeholder="example@email.com,example1@email.com",
        ),
    ] = Field(default_factory=list)
    cc: Annotated[
        list[str],
        Form(
            "CC Address(es)",
            "Comma-separated list of email cc recipients",
            placeholder="example@email.com,example1@email.com",
            advanced=True,
        ),
    ] = Field(default_factory=list)
    bcc: Annotated[
        list[str],
        Form(
            "BCC Address(es)",
            "Comma-separated list of email bcc recipients",
            placeholder="example@email.com,example1@email.com",
            advanced=True,
        ),
    ] = Field(default_factory=list)

    @field_validator("to", "cc", "bcc", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        """Accept one comma-separated string, as Radarr's form sends it."""
        if isinstance(value, str):
            return [address.strip() for address in value.split(",") if address.strip()]
        return value

    @field_validator("use_encryption")
    @classmethod
    def _known(cls, value: int) -> int:
        if value not in (PREFERRED, ALWAYS, NEVER):
            raise ValueError("Must be 0 (Preferred), 1 (Always) or 2 (Never)")
        return value


class Email(Notification):
    implementation = "Email"
    implementation_name = "Email"
    info_link = "https://wiki.servarr.com/radarr/supported#email"
    settings_model = EmailSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, EmailSettings)
        if not (settings.to or settings.cc or settings.bcc):
            raise NotificationError("Add at least one recipient", "to")
        subject, body = email_content(message)
        await deliver(settings, subject, body)


def email_content(message: Message) -> tuple[str, str]:
    """Radarr's subject (with the app's name) and plain-text body for the event."""
    if message.event is EventType.TEST:
        return (
            f"{APP_NAME} - Test Notification",
            "Success! You have properly configured your email notification settings",
        )
    suffix = {
        EventType.GRAB: " sent to queue.",
        EventType.DOWNLOAD: " Downloaded and sorted.",
        EventType.MOVIE_FILE_DELETE: " deleted.",
        EventType.MANUAL_INTERACTION_REQUIRED: " requires manual interaction.",
    }.get(message.event, "")
    body = (
        f"{message.movie.title} added to library."
        if message.event is EventType.MOVIE_ADDED and message.movie
        else message.body + suffix
    )
    return f"{APP_NAME} - {message.title}", body


def _tls_mode(settings: EmailSettings) -> tuple[bool, bool | None]:
    """(TLS from the first byte, STARTTLS: required / never / None for "if offered")."""
    if settings.use_encryption == NEVER:
        return False, False
    if settings.port == IMPLICIT_TLS_PORT:
        return True, False
    return False, True if settings.use_encryption == ALWAYS else None


async def deliver(settings: EmailSettings, subject: str, body: str) -> None:
    mail = email.message.EmailMessage()
    mail["From"] = settings.from_
    if settings.to:
        mail["To"] = ", ".join(settings.to)
    if settings.cc:
        mail["Cc"] = ", ".join(settings.cc)
    mail["Subject"] = subject
    mail["Date"] = email.utils.formatdate(localtime=False)
    mail["Message-ID"] = email.utils.make_msgid()
    mail.set_content(body)
    implicit, start_tls = _tls_mode(settings)
    try:
        await aiosmtplib.send(
            mail,
            recipients=[*settings.to, *settings.cc, *settings.bcc],
            hostname=settings.server,
            port=settings.port,
            username=settings.username or None,
            password=settings.password or None,
            use_tls=implicit,
            start_tls=start_tls,
            tls_context=ssl.create_default_context(),
            timeout=TIMEOUT_SECONDS,
        )
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise NotificationError(f"The mail server refused the login: {exc.message}", "username") from None
    except aiosmtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(r.recipient for r in exc.recipients)
        raise NotificationError(f"The mail server refused the recipients {refused}", "to") from None
    except aiosmtplib.SMTPSenderRefused as exc:
        raise NotificationError(
            f"The mail server refused the sender {exc.sender}: {exc.message}", "from"
        ) from None
    except aiosmtplib.SMTPException as exc:
        raise NotificationError(
            f"Could not send through {settings.server}:{settings.port}: {exc}", "server"
        ) from None
    except (OSError, ssl.SSLError) as exc:
        raise NotificationError(f"Cannot reach {settings.server}:{settings.port}: {exc}", "server") from None
