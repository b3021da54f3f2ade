"""Webhook: Radarr's JSON payloads, POSTed (or PUT) to a URL.

Notifiarr, Home Assistant and many scripts parse these by Radarr's field names, so the
shapes below follow Radarr's webhook payloads field for field (``eventType``,
``instanceName``, ``applicationUrl``, then ``movie``, ``remoteMovie``, ``release``,
``movieFile``...). Unknown facts are sent as ``null`` rather than left out.

Settings: the URL, the method (POST or PUT) and optional basic-auth credentials.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from reelarr.languages import Language
from reelarr.notifications.base import (
    EventType,
    FileFacts,
    Message,
    MovieFacts,
    Notification,
    ReleaseFacts,
    request,
)
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

METHODS = {1: "POST", 2: "PUT"}


class WebhookSettings(ProviderSettings):
    url: Annotated[str, Form("Webhook URL", type="url")] = ""
    method: Annotated[
        int,
        Form(
            "Method",
            "Which HTTP method to use to submit to the Webservice",
            type="select",
            select_options=tuple(METHODS.items()),
        ),
    ] = 1
    username: Annotated[str, Form("Username", privacy="userName")] = ""
    password: Annotated[str, Form("Password", type="password", privacy="password")] = ""
    headers: Annotated[list[dict[str, str]], Form("Headers", type="keyValueList", advanced=True)] = Field(
        default_factory=list
    )

    @field_validator("url")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
            raise ValueError("Must be a valid http(s) URL, such as http://127.0.0.1:8000/radarr")
        return value

    @field_validator("method")
    @classmethod
    def _known_method(cls, value: int) -> int:
        if value not in METHODS:
            raise ValueError("Must be 1 (POST) or 2 (PUT)")
        return value


class Webhook(Notification):
    implementation = "Webhook"
    implementation_name = "Webhook"
    info_link = "https://wiki.servarr.com/radarr/supported#webhook"
    settings_model = WebhookSettings

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, WebhookSettings)
        body = payload(message, ctx.settings.instance_name)
        auth = (settings.username, settings.password) if settings.username else None
        headers = {h["key"]: h["value"] for h in settings.headers if h.get("key")}
        await request(
            ctx,
            METHODS[settings.method],
            settings.url,
            service="The webhook",
            field="url",
            auth_field="username",
            json=body,
            auth=auth,
            headers=headers,
        )


# ---------------------------------------------------------------- Radarr's payloads


def payload(message: Message, instance_name: str, application_url: str = "") -> dict[str, Any]:
    """The JSON body Radarr sends for ``message``'s event."""
    body: dict[str, Any] = {
        "eventType": message.event.value,
        "instanceName": instance_name,
        "applicationUrl": application_url,
    }
    movie, release, file = message.movie, message.release, message.file
    match message.event:
        case EventType.GRAB | EventType.TEST:
            body |= {
                "movie": movie_json(movie),
                "remoteMovie": remote_movie_json(movie),
                "release": release_json(release),
                **download_json(release),
                "customFormatInfo": custom_format_json(release),
            }
        case EventType.DOWNLOAD:
            body |= {
                "movie": movie_json(movie),
                "remoteMovie": remote_movie_json(movie),
                "movieFile": movie_file_json(file, with_source=True),
                "isUpgrade": message.is_upgrade,
                **download_json(release),
                "customFormatInfo": custom_format_json(release),
                "release": grabbed_release_json(release),
            }
            if message.replaced_files:
                body["deletedFiles"] = [movie_file_json(f) for f in message.replaced_files]
        case EventType.RENAME:
            body |= {
                "movie": movie_json(movie),
                "renamedMovieFiles": [
                    {
                        **(movie_file_json(r.file) or {}),
                        "previousRelativePath": r.previous_relative_path,
                        "previousPath": r.previous_path,
                    }
                    for r in message.renamed_files
                ],
            }
        case EventType.MOVIE_ADDED:
            body |= {"movie": movie_json(movie), "addMethod": message.add_method}
        case EventType.MOVIE_DELETE:
            body |= {
                "movie": movie_json(movie),
                "deletedFiles": message.files_deleted,
                "movieFolderSize": message.movie_folder_size,
            }
        case EventType.MOVIE_FILE_DELETE:
            body |= {
                "movie": movie_json(movie),
                "movieFile": movie_file_json(file),
                "deleteReason": message.delete_reason,
            }
        case EventType.HEALTH | EventType.HEALTH_RESTORED:
            health = message.health
            body |= {
                "level": health.level if health else None,
                "message": health.message if health else None,
                "type": health.source if health else None,
                "wikiUrl": health.wiki_url if health else None,
            }
        case EventType.MANUAL_INTERACTION_REQUIRED:
            body |= {
                "movie": movie_json(movie),
                "downloadInfo": {
                    "quality": release.quality if release else None,
                    "qualityVersion": release.quality_version if release else None,
                    "title": release.title if release else None,
                    "size": release.size if release else None,
                },
                **download_json(release),
                "downloadStatus": message.download_status,
                "downloadStatusMessages": [
                    {
                        "title": release.title if release else None,
                        "messages": list(message.download_status_messages),
                    }
                ],
                "customFormatInfo": custom_format_json(release),
                "release": grabbed_release_json(release),
            }
    if message.version is not None:
        # Reelarr's addition, for a movie with several versions: which one this is about.
        body["movieVersion"] = {"id": message.version.id, "name": message.version.name}
    return body


def movie_json(movie: MovieFacts | None) -> dict[str, Any] | None:
    if movie is None:
        return None
    return {
        "id": movie.id,
        "title": movie.title,
        "year": movie.year,
        "releaseDate": _date(movie.release_date),
        "folderPath": movie.folder_path,
        "tmdbId": movie.tmdb_id,
        "imdbId": movie.imdb_id,
        "overview": movie.overview,
        "genres": list(movie.genres),
        "images": list(movie.images),
        "tags": list(movie.tags),
        "originalLanguage": _language(movie.original_language) if movie.original_language else None,
    }


def remote_movie_json(movie: MovieFacts | None) -> dict[str, Any] | None:
    if movie is None:
        return None
    return {"tmdbId": movie.tmdb_id, "imdbId": movie.imdb_id, "title": movie.title, "year": movie.year}


def release_json(release: ReleaseFacts | None) -> dict[str, Any] | None:
    if release is None:
        return None
    return {
        "quality": release.quality,
        "qualityVersion": release.quality_version,
        "releaseGroup": release.release_group,
        "releaseTitle": release.title,
        "indexer": release.indexer,
        "size": release.size,
        "customFormatScore": release.custom_format_score,
        "customFormats": [name for _, name in release.custom_formats],
        "languages": [_language(language) for language in release.languages],
        "indexerFlags": list(release.indexer_flags),
    }


def grabbed_release_json(release: ReleaseFacts | None) -> dict[str, Any] | None:
    """The grab a download came from, as the Download payload repeats it."""
    if release is None:
        return None
    return {
        "releaseTitle": release.title,
        "indexer": release.indexer,
        "size": release.size,
        "indexerFlags": list(release.indexer_flags),
    }


def download_json(release: ReleaseFacts | None) -> dict[str, Any]:
    return {
        "downloadClient": release.download_client if release else None,
        "downloadClientType": release.download_client_type if release else None,
        "downloadId": release.download_id if release else None,
    }


def custom_format_json(release: ReleaseFacts | None) -> dict[str, Any] | None:
    if release is None:
        return None
    return {
        "customFormats": [{"id": id_, "name": name} for id_, name in release.custom_formats],
        "customFormatScore": release.custom_format_score or 0,
    }


def movie_file_json(file: FileFacts | None, *, with_source: bool = False) -> dict[str, Any] | None:
    if file is None:
        return None
    body = {
        "id": file.id,
        "relativePath": file.relative_path,
        "path": file.path,
        "quality": file.quality,
        "qualityVersion": file.quality_version,
        "releaseGroup": file.release_group,
        "sceneName": file.scene_name,
        "indexerFlags": str(file.indexer_flags),
        "size": file.size,
        "dateAdded": file.date_added.isoformat().replace("+00:00", "Z") if file.date_added else None,
        "languages": [_language(language) for language in file.languages],
        "mediaInfo": media_info_json(file.media_info),
    }
    if with_source:
        body["sourcePath"] = file.source_path
    return body


def media_info_json(info: dict[str, Any] | None) -> dict[str, Any] | None:
    """Radarr's webhook media info, from the file's stored API ``mediaInfo`` resource."""
    if not info:
        return None
    width, _, height = str(info.get("resolution") or "").partition("x")
    return {
        "audioChannels": info.get("audioChannels"),
        "audioCodec": info.get("audioCodec"),
        "audioLanguages": _split(info.get("audioLanguages")),
        "height": int(height) if height.isdigit() else None,
        "width": int(width) if width.isdigit() else None,
        "subtitles": _split(info.get("subtitles")),
        "videoCodec": info.get("videoCodec"),
        "videoDynamicRange": info.get("videoDynamicRange") or "",
        "videoDynamicRangeType": info.get("videoDynamicRangeType") or "",
    }


def _split(value: Any) -> list[str]:
    return [part for part in str(value or "").split("/") if part]


def _language(language: Language) -> dict[str, Any]:
    return {"id": language.id, "name": language.name}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
