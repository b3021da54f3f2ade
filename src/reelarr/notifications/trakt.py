"""Trakt: keep the user's Trakt collection in step with the library, as Radarr's Trakt connection does.

A download or an upgrade adds the movie to the collection (``POST /sync/collection`` with its
ids and what the file is: resolution, HDR, audio, channels, 3D, media type and when it was
collected); deleting the movie or its file removes it (``POST /sync/collection/remove``).

The settings are Radarr's: the tokens of the signed-in user and the sign-in button. Radarr
signs in through its own Trakt application; Reelarr uses one the user registers at
https://trakt.tv/oauth/applications, whose client id and secret it reads from the environment
(``REELARR_TRAKT_CLIENT_ID``, ``REELARR_TRAKT_CLIENT_SECRET``). Sign-in and token refresh are
:mod:`reelarr.trakt`'s, shared with the Trakt import lists.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Annotated, Any

from reelarr import logs, qualities, trakt
from reelarr.errors import ValidationFailed
from reelarr.notifications.base import EventType, FileFacts, Message, Notification, NotificationError, request
from reelarr.providers import Form, ProviderSettings
from reelarr.qualities import Source

if TYPE_CHECKING:
    from reelarr.context import Context

API_URL = trakt.API_URL
CLIENT_ID_VARIABLE = "REELARR_TRAKT_CLIENT_ID"
CLIENT_SECRET_VARIABLE = "REELARR_TRAKT_CLIENT_SECRET"
NO_APPLICATION = (
    f"Register an application at https://trakt.tv/oauth/applications (redirect URI {trakt.OOB}) "
    f"and set {CLIENT_ID_VARIABLE} and {CLIENT_SECRET_VARIABLE} to its client id and secret"
)

# Trakt's collection metadata (trakt.docs.apiary.io, "Sync > Add items to collection"), as Radarr maps them.
MEDIA_TYPES = {
    Source.BLURAY: "bluray",
    Source.WEBDL: "digital",
    Source.WEBRIP: "digital",
    Source.DVD: "dvd",
    Source.TV: "dvd",
}
INTERLACED_SCAN_TYPES = frozenset({"Interlaced", "MBAFF", "PAFF"})
HDR_FORMATS = {  # the media info's videoDynamicRangeType
    "DV": "dolby_vision",
    "DV SDR": "dolby_vision",
    "HDR10": "hdr10",
    "DV HDR10": "hdr10",
    "HDR10Plus": "hdr10_plus",
    "DV HDR10Plus": "hdr10_plus",
    "HLG": "hlg",
    "DV HLG": "hlg",
}
AUDIO_FORMATS = {  # the media info's audioCodec
    "AC3": "dolby_digital",
    "EAC3": "dolby_digital_plus",
    "TrueHD": "dolby_truehd",
    "EAC3 Atmos": "dolby_digital_plus_atmos",
    "TrueHD Atmos": "dolby_atmos",
    "DTS": "dts",
    "DTS-ES": "dts",
    "DTS-HD MA": "dts_ma",
    "DTS-HD HRA": "dts_hr",
    "DTS-X": "dts_x",
    "MP3": "mp3",
    "MP2": "mp2",
    "Vorbis": "ogg",
    "WMA": "wma",
    "AAC": "aac",
    "PCM": "lpcm",
    "FLAC": "flac",
    "Opus": "ogg_opus",
}


class TraktSettings(ProviderSettings):
    access_token: Annotated[str, Form("Access Token", type="hidden", privacy="apiKey")] = ""
    refresh_token: Annotated[str, Form("Refresh Token", type="hidden", privacy="apiKey")] = ""
    expires: Annotated[dt.datetime | None, Form("Expires", type="hidden")] = None
    auth_user: Annotated[str, Form("Auth User", type="hidden")] = ""
    sign_in: Annotated[str, Form("Authenticate with Trakt", type="oAuth")] = "startOAuth"


def application() -> trakt.TraktApp:
    """The user's Trakt application, from the environment."""
    secret = os.environ.get(CLIENT_SECRET_VARIABLE, "")
    logs.redact(secret)
    return trakt.TraktApp(os.environ.get(CLIENT_ID_VARIABLE, ""), secret, API_URL)


def collected_movie(message: Message, collected_at: dt.datetime) -> dict[str, Any]:
    """The movie as ``/sync/collection`` takes it: its ids, and the file's facts when there is one."""
    movie = message.movie
    assert movie is not None
    ids: dict[str, Any] = {"tmdb": movie.tmdb_id or 0}
    if movie.imdb_id:
        ids["imdb"] = movie.imdb_id
    entry: dict[str, Any] = {"title": movie.title, "year": movie.year or 0, "ids": ids}
    if message.event is EventType.DOWNLOAD and message.file is not None:
        entry |= {"collected_at": _timestamp(collected_at), **media_facts(message.file)}
    return entry


def media_facts(file: FileFacts) -> dict[str, Any]:
    """Trakt's collection metadata for a file; what is unknown is empty, as Radarr sends it."""
    quality = qualities.by_name(file.quality or "")
    info = file.media_info or {}
    scan = "i" if info.get("scanType") in INTERLACED_SCAN_TYPES else "p"
    resolutions = {
        2160: "uhd_4k",
        1080: f"hd_1080{scan}",
        720: "hd_720p",
        576: f"sd_576{scan}",
        480: f"sd_480{scan}",
    }
    channels = float(info.get("audioChannels") or 0)
    facts: dict[str, Any] = {
        "resolution": resolutions.get(quality.resolution, "") if quality else "",
        "media_type": MEDIA_TYPES.get(quality.source, "") if quality else "",
        "audio": AUDIO_FORMATS.get(str(info.get("audioCodec") or ""), ""),
        "audio_channels": f"{channels:.1f}" if channels else "",
        # The stored media info keeps no stereo view count, so a 3D file is not told apart.
        "3d": False,
    }
    hdr = HDR_FORMATS.get(str(info.get("videoDynamicRangeType") or ""))
    if hdr:
        facts["hdr"] = hdr
    return facts


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Trakt(Notification):
    implementation = "Trakt"
    implementation_name = "Trakt"
    info_link = "https://trakt.tv/"
    settings_model = TraktSettings
    supported = frozenset(
        {
            "on_download",
            "on_upgrade",
            "on_movie_delete",
            "on_movie_file_delete",
            "on_movie_file_delete_for_upgrade",
        }
    )

    @property
    def trakt_settings(self) -> TraktSettings:
        settings = self.settings
        assert isinstance(settings, TraktSettings)
        return settings

    async def send(self, ctx: Context, message: Message) -> None:
        if message.movie is None:
            return
        if message.event is EventType.DOWNLOAD:
            path = "/sync/collection"
        elif message.event in (EventType.MOVIE_DELETE, EventType.MOVIE_FILE_DELETE):
            path = "/sync/collection/remove"
        else:
            return
        app = application()
        if not app.client_id:
            raise NotificationError(NO_APPLICATION, "signIn")
        if not self.trakt_settings.access_token:
            raise NotificationError(trakt.NOT_SIGNED_IN, "signIn")
        if trakt.needs_refresh(self.trakt_settings.expires, ctx.clock()):
            await self._refresh(ctx, app)
        body = {"movies": [collected_movie(message, ctx.clock())]}
        headers = app.headers(self.trakt_settings.access_token)
        await request(ctx, "POST", app.url(path), service="Trakt", field="signIn", json=body, headers=headers)

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        """Ask Trakt who is signed in, with the token as it is (see :func:`reelarr.trakt.sign_in_problem`)."""
        settings = self.trakt_settings
        app = application()
        problem = (
            NO_APPLICATION
            if not app.client_id
            else trakt.sign_in_problem(settings.access_token, settings.expires, ctx.clock())
        )
        if problem:
            return [("signIn", problem)]
        try:
            await trakt.user_name(ctx, app, settings.access_token)
        except trakt.TraktFailed as exc:
            return [("signIn", str(exc))]
        return []

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        app = application()
        if not app.client_id or not app.client_secret:
            raise ValidationFailed(("signIn", NO_APPLICATION))
        return await trakt.sign_in_action(ctx, app, name, query)

    async def _refresh(self, ctx: Context, app: trakt.TraktApp) -> None:
        """New tokens before use, kept for this delivery and stored with the definition."""
        try:
            tokens = await trakt.refreshed_tokens(ctx, app, self.trakt_settings.refresh_token)
        except trakt.TraktFailed as exc:
            raise NotificationError(str(exc), "signIn") from None
        self.settings = self.trakt_settings.model_copy(update=tokens)
        await trakt.store_settings(ctx, self.definition.id, self.settings)
