"""Discord: a channel webhook posting Radarr's rich embeds.

``POST <webhook URL>`` with ``username``, ``avatar_url``, ``content`` and ``embeds``: each embed
has an author (the instance name unless one is set), the movie's title and TMDB link, a
description saying what happened, Radarr's colour for it, a UTC timestamp, poster and fanart,
and the fields the user ticked (Overview, Quality, Size, Links...). Empty fields and empty
values are left out, as Radarr does. The test message is plain ``content``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from reelarr.notifications.base import EventType, Message, MovieFacts, Notification, enum_name, request
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

# Radarr's DiscordColors.
DANGER, SUCCESS, WARNING, STANDARD, UPGRADE = 15749200, 2605644, 16753920, 16761392, 4089856
GRAB_FIELDS = [
    "Overview",
    "Rating",
    "Genres",
    "Quality",
    "Group",
    "Size",
    "Links",
    "Release",
    "Poster",
    "Fanart",
    "Indexer",
    "CustomFormats",
    "CustomFormatScore",
    "Tags",
]
IMPORT_FIELDS = [
    "Overview",
    "Rating",
    "Genres",
    "Quality",
    "Codecs",
    "Group",
    "Size",
    "Languages",
    "Subtitles",
    "Links",
    "Release",
    "Poster",
    "Fanart",
    "Tags",
    "CustomFormats",
    "CustomFormatScore",
]
MANUAL_FIELDS = [
    "Overview",
    "Rating",
    "Genres",
    "Quality",
    "Group",
    "Size",
    "Links",
    "DownloadTitle",
    "Poster",
    "Fanart",
    "Tags",
]
OVERVIEW_SHOWN = 300
TITLE_LIMIT = 256


def _options(names: list[str]) -> tuple[tuple[int, str], ...]:
    return tuple(enumerate(names))


class DiscordSettings(ProviderSettings):
    web_hook_url: Annotated[str, Form("Webhook URL", "Discord channel webhook url")] = Field(
        default="", alias="webHookUrl"
    )
    username: Annotated[
        str,
        Form("Username", "The username to post as, defaults to Discord webhook default", privacy="userName"),
    ] = ""
    avatar: Annotated[
        str, Form("Avatar", "Change the avatar that is used for messages from this integration")
    ] = ""
    author: Annotated[
        str,
        Form(
            "Author",
            "Override the embed author that shows for this notification; blank is the instance name",
            advanced=True,
        ),
    ] = ""
    grab_fields: Annotated[
        list[int],
        Form(
            "On Grab Fields",
            "Change the fields that are passed for this 'on grab' notification",
            "select",
            advanced=True,
            select_options=_options(GRAB_FIELDS),
        ),
    ] = Field(default_factory=lambda: list(range(len(GRAB_FIELDS))))
    import_fields: Annotated[
        list[int],
        Form(
            "On Import Fields",
            "Change the fields that are passed for this 'on import' notification",
            "select",
            advanced=True,
            select_options=_options(IMPORT_FIELDS),
        ),
    ] = Field(
        default_factory=lambda: [i for i, n in enumerate(IMPORT_FIELDS) if not n.startswith("CustomFormat")]
    )
    manual_interaction_fields: Annotated[
        list[int],
        Form(
            "On Manual Interaction Fields",
            "Change the fields that are passed for this 'on manual interaction' notification",
            "select",
            advanced=True,
            select_options=_options(MANUAL_FIELDS),
        ),
    ] = Field(default_factory=lambda: list(range(len(MANUAL_FIELDS))))


class Discord(Notification):
    implementation = "Discord"
    implementation_name = "Discord"
    info_link = "https://support.discordapp.com/hc/en-us/articles/228383668-Intro-to-Webhooks"
    settings_model = DiscordSettings

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, DiscordSettings)
        body = discord_payload(message, settings, ctx.settings.instance_name, dt.datetime.now(dt.UTC))
        await request(ctx, "POST", settings.web_hook_url, service="Discord", field="webHookUrl", json=body)


def discord_payload(
    message: Message, settings: DiscordSettings, instance_name: str, now: dt.datetime
) -> dict[str, Any]:
    """Radarr's webhook body for the event: ``content`` for the test and a rename, embeds otherwise."""
    content: str | None = None
    if message.event is EventType.TEST:
        content, embeds = f"Test message from Reelarr posted at {now:%Y-%m-%d %H:%M:%S}", []
    elif message.event is EventType.RENAME:
        content = "Renamed"
        embeds = [
            {
                "title": message.movie.title if message.movie else None,
                "description": f"{r.previous_relative_path} renamed to {r.file.relative_path}",
            }
            for r in message.renamed_files
        ]
    else:
        embed = _embed(message, settings)
        embed["author"] = {"name": settings.author.strip() or instance_name}
        embeds = [embed]
        if message.event not in (EventType.MOVIE_ADDED, EventType.MOVIE_DELETE):
            embed["timestamp"] = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    body: dict[str, Any] = {
        "content": content,
        "username": settings.username.strip() or None,
        "embeds": embeds or None,
    }
    if settings.avatar.strip():
        body["avatar_url"] = settings.avatar
    return _clean(body)


def _embed(message: Message, settings: DiscordSettings) -> dict[str, Any]:
    movie = message.movie
    tmdb = f"https://www.themoviedb.org/movie/{movie.tmdb_id}" if movie and movie.tmdb_id else None
    embed: dict[str, Any]
    match message.event:
        case EventType.GRAB:
            embed = {"url": tmdb, "description": "Movie Grabbed", "title": _title(movie), "color": STANDARD}
            return embed | _pictures_and_fields(message, settings.grab_fields, GRAB_FIELDS)
        case EventType.DOWNLOAD:
            embed = {
                "url": tmdb,
                "description": "Movie Upgraded" if message.is_upgrade else "Movie Imported",
                "title": _title(movie),
                "color": UPGRADE if message.is_upgrade else SUCCESS,
            }
            return embed | _pictures_and_fields(message, settings.import_fields, IMPORT_FIELDS)
        case EventType.MOVIE_ADDED | EventType.MOVIE_DELETE:
            added = message.event is EventType.MOVIE_ADDED
            gone = "all files were deleted" if message.files_deleted else "files were not deleted"
            embed = {
                "url": tmdb,
                "title": movie.title if movie else None,
                "description": "Movie Added"
                if added
                else ("Movie removed and " if message.files_deleted else "Movie removed, ") + gone,
                "color": SUCCESS if added else DANGER,
                "fields": [{"name": "Links", "value": _links(movie), "inline": False}],
            }
            pictures = _pictures_and_fields(message, settings.import_fields, IMPORT_FIELDS, fields=False)
            return embed | pictures
        case EventType.MOVIE_FILE_DELETE:
            return {
                "url": tmdb,
                "title": _title(movie),
                "description": "Movie File Deleted",
                "color": DANGER,
                "fields": [
                    {
                        "name": "Reason",
                        "value": enum_name(message.delete_reason or "manual"),
                        "inline": False,
                    },
                    {
                        "name": "File name",
                        "value": f"```{message.file.path if message.file else ''}```",
                        "inline": False,
                    },
                ],
            }
        case EventType.HEALTH:
            health = message.health
            return {
                "title": health.source if health else None,
                "description": health.message if health else None,
                "color": WARNING if health and health.level == "warning" else DANGER,
            }
        case EventType.HEALTH_RESTORED:
            health = message.health
            return {
                "title": f"Health Issue Resolved: {health.source if health else ''}",
                "description": message.body,
                "color": SUCCESS,
            }
        case _:  # manual interaction required
            embed = {
                "url": tmdb,
                "description": "Manual interaction needed",
                "title": _title(movie),
                "color": STANDARD,
            }
            return embed | _pictures_and_fields(message, settings.manual_interaction_fields, MANUAL_FIELDS)


def _pictures_and_fields(
    message: Message, chosen: list[int], names: list[str], *, fields: bool = True
) -> dict[str, Any]:
    wanted = [names[i] for i in chosen if 0 <= i < len(names)]
    movie = message.movie
    result: dict[str, Any] = {}
    if "Poster" in wanted:
        result["thumbnail"] = {"url": _image(movie, "poster")}
    if "Fanart" in wanted:
        result["image"] = {"url": _image(movie, "fanart")}
    if fields:
        values = _field_values(message)
        result["fields"] = [
            {"name": label, "value": value, "inline": label in ("Quality", "Codecs", "Size")}
            for name in wanted
            for label, value in [values.get(name, ("", ""))]
            if label and value and value.strip()
        ]
    return result


def _field_values(message: Message) -> dict[str, tuple[str, str]]:
    """Each field's (label, value) for the event, as Radarr fills them."""
    movie, release, file = message.movie, message.release, message.file
    overview = (movie.overview or "") if movie else ""
    media = (file.media_info if file else None) or {}
    grabbed = message.event is EventType.GRAB
    quality = (
        release.quality
        if grabbed and release
        else file.quality
        if file
        else release.quality
        if release
        else None
    ) or ""
    size = (release.size if release else None) if grabbed or file is None else file.size
    tags = sorted(label for label in (movie.tags if movie else ()) if label.strip())[:5]
    return {
        "Overview": (
            "Overview",
            overview if len(overview) <= OVERVIEW_SHOWN else overview[:OVERVIEW_SHOWN] + "...",
        ),
        "Genres": ("Genres", ", ".join((movie.genres if movie else ())[:5])),
        "Quality": ("Quality", quality),
        "Codecs": ("Codecs", _codecs(media)),
        "Group": (
            "Group",
            (file.release_group if file and not grabbed else release.release_group if release else None)
            or "",
        ),
        "Size": ("Size", bytes_to_string(size) if size is not None else ""),
        "Languages": ("Languages", str(media.get("audioLanguages") or "")),
        "Subtitles": ("Subtitles", str(media.get("subtitles") or "")),
        "Links": ("Links", _links(movie) or ""),
        "Release": (
            "Release",
            f"```{_release_name(message) or ''}```",
        ),
        "DownloadTitle": ("Download", f"```{release.title}```" if release and release.title else ""),
        "Indexer": ("Indexer", (release.indexer if release else None) or ""),
        "CustomFormats": (
            "Custom Formats",
            "|".join(name for _, name in release.custom_formats) if release else "",
        ),
        "CustomFormatScore": (
            "Custom Format Score",
            str(release.custom_format_score) if release and release.custom_format_score is not None else "",
        ),
        "Tags": ("Tags", ", ".join(tags)),
    }


def _release_name(message: Message) -> str | None:
    """The grabbed release's title on a grab, the file's scene name on an import."""
    if message.event is EventType.GRAB:
        return message.release.title if message.release else None
    return message.file.scene_name if message.file else None


def _codecs(media: dict[str, Any]) -> str:
    if not media:
        return ""
    video, audio, channels = (media.get(k) or "" for k in ("videoCodec", "audioCodec", "audioChannels"))
    return f"{video} / {audio} {channels}"


def bytes_to_string(count: int) -> str:
    """Radarr's size text: one decimal in the largest 1024-based unit (``1.4 GB``)."""
    units = ("B", "KB", "MB", "GB", "TB", "PB", "EB")
    if count == 0:
        return "0 B"
    place = math.floor(math.log(abs(count), 1024))
    number = round(abs(count) / 1024**place, 1)
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return f"{'-' if count < 0 else ''}{text} {units[place]}"


def _links(movie: MovieFacts | None) -> str | None:
    if movie is None:
        return None
    links = [
        f"[TMDb](https://themoviedb.org/movie/{movie.tmdb_id})",
        f"[Trakt](https://trakt.tv/search/tmdb/{movie.tmdb_id}?id_type=movie)",
    ]
    if movie.imdb_id:
        links.append(f"[IMDb](https://imdb.com/title/{movie.imdb_id}/)")
    return " / ".join(links)


def _title(movie: MovieFacts | None) -> str | None:
    if movie is None:
        return None
    title = movie.title_year.replace("`", "\\`")
    return title if len(title) <= TITLE_LIMIT else title[:253].rstrip("\\") + "..."


def _image(movie: MovieFacts | None, cover_type: str) -> str | None:
    return next(
        (i.get("remoteUrl") for i in (movie.images if movie else ()) if i.get("coverType") == cover_type),
        None,
    )


def _clean(value: Any) -> Any:
    """Leave out nulls, as Radarr's serializer does."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
