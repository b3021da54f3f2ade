"""Twitter (X): a direct message or a status update signed with OAuth 1.0a, as Radarr sends it.

``POST https://api.twitter.com/1.1/direct_messages/new.json`` (``text``, ``screenname``) or
``.../statuses/update.json`` (``status``, with `` @mention`` added), form-encoded and signed
HMAC-SHA1 over the URL, the form and the consumer and access tokens (oauthlib signs). The
*Connect to Twitter* button is Radarr's three-legged flow: ``startOAuth`` gets a request token
for the callback and answers the authorize URL; ``getOAuthToken`` trades the verifier for the
access token and secret. Twitter has since closed these v1.1 endpoints to free apps, so a saved
Radarr configuration is kept and validated, and sending works only where the API still answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qs, urlencode

from oauthlib.oauth1 import Client

from reelarr.errors import ValidationFailed
from reelarr.notifications.base import EventType, Message, Notification, NotificationError, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = "https://api.twitter.com"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PREFIXES = {
    EventType.GRAB: "[Reelarr] Grabbed: ",
    EventType.DOWNLOAD: "[Reelarr] Imported: ",
    EventType.MOVIE_FILE_DELETE: "Movie File Deleted: ",
    EventType.MOVIE_DELETE: "Movie Deleted: ",
    EventType.HEALTH: "Health Issue: ",
    EventType.MANUAL_INTERACTION_REQUIRED: "Manual Interaction Required: ",
}


class TwitterSettings(ProviderSettings):
    consumer_key: Annotated[
        str, Form("Consumer Key", "Consumer key from a Twitter application", privacy="apiKey")
    ] = ""
    consumer_secret: Annotated[
        str, Form("Consumer Secret", "Consumer secret from a Twitter application", privacy="apiKey")
    ] = ""
    access_token: Annotated[str, Form("Access Token", privacy="apiKey", advanced=True)] = ""
    access_token_secret: Annotated[str, Form("Access Token Secret", privacy="apiKey", advanced=True)] = ""
    mention: Annotated[str, Form("Mention", "Mention this user in sent tweets")] = ""
    direct_message: Annotated[
        bool, Form("Direct Message", "Send a direct message instead of a public message", "checkbox")
    ] = True
    authorize_notification: Annotated[str, Form("Connect to Twitter", type="oAuth")] = "startOAuth"


class Twitter(Notification):
    implementation = "Twitter"
    implementation_name = "Twitter"
    info_link = "https://twitter.com/"
    settings_model = TwitterSettings
    supported = Notification.supported - {"on_rename"}

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, TwitterSettings)
        if message.event is EventType.TEST:
            text = "Reelarr: Test Message"
        elif message.event is EventType.MOVIE_ADDED and message.movie:
            text = f"[Reelarr] Added: {message.movie.title}"
        elif message.event is EventType.HEALTH_RESTORED:
            text = f"Health Issue Resolved: {message.health.message if message.health else ''}"
        else:
            text = PREFIXES.get(message.event, "") + message.body
        if settings.direct_message and not settings.mention.strip():
            raise NotificationError("Direct messages need the user to Mention", "mention")
        if settings.direct_message:
            await self._signed(
                ctx, "/1.1/direct_messages/new.json", {"text": text, "screenname": settings.mention}
            )
        else:
            status = f"{text} @{settings.mention}" if settings.mention.strip() else text
            await self._signed(ctx, "/1.1/statuses/update.json", {"status": status})

    async def _signed(self, ctx: Context, path: str, form: dict[str, str], **tokens: Any) -> str:
        """POST ``form`` to ``path`` signed with the consumer and (by default) the access tokens."""
        settings = self.settings
        assert isinstance(settings, TwitterSettings)
        client = Client(
            settings.consumer_key,
            client_secret=settings.consumer_secret,
            resource_owner_key=tokens.get("token", settings.access_token) or None,
            resource_owner_secret=tokens.get("secret", settings.access_token_secret) or None,
            callback_uri=tokens.get("callback"),
            verifier=tokens.get("verifier"),
        )
        url, headers, body = client.sign(
            f"{API_URL}{path}", "POST", urlencode(form) if form else None, FORM if form else {}
        )
        response = await request(
            ctx,
            "POST",
            url,
            service="Twitter",
            field="consumerKey",
            auth_field="accessToken",
            content=body,
            headers=dict(headers),
        )
        return response.text

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        try:
            return await self._oauth_step(ctx, name, query)
        except NotificationError as exc:
            raise ValidationFailed((exc.field, str(exc))) from None

    async def _oauth_step(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        settings = self.settings
        assert isinstance(settings, TwitterSettings)
        if name not in ("startOAuth", "getOAuthToken"):
            return await super().action(ctx, name, query)
        if not (settings.consumer_key and settings.consumer_secret):
            raise ValidationFailed(("consumerKey", "Consumer Key and Consumer Secret are required"))
        if name == "startOAuth":
            if not query.get("callbackUrl"):
                raise ValidationFailed(("callbackUrl", "QueryParam callbackUrl invalid."))
            answer = parse_qs(
                await self._signed(
                    ctx, "/oauth/request_token", {}, token="", secret="", callback=query["callbackUrl"]
                )
            )
            return {"oauthUrl": f"{API_URL}/oauth/authorize?oauth_token={answer['oauth_token'][0]}"}
        for key in ("oauth_token", "oauth_verifier"):
            if not query.get(key):
                raise ValidationFailed((key, f"QueryParam {key} invalid."))
        answer = parse_qs(
            await self._signed(
                ctx,
                "/oauth/access_token",
                {},
                token=query["oauth_token"],
                secret="",
                verifier=query["oauth_verifier"],
            )
        )
        return {"accessToken": answer["oauth_token"][0], "accessTokenSecret": answer["oauth_token_secret"][0]}
