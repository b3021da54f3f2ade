"""Custom Script: run an executable with Radarr's environment variables for each event.

Scripts written for Radarr keep working: the variables are Radarr's (``radarr_eventtype``,
``radarr_movie_title``, ``radarr_moviefile_path``...), lower-cased as Radarr's are on Linux
(.NET lower-cases the names it passes to a child process). On Test, only
``radarr_eventtype=Test`` is set, and the script should exit 0.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import field_validator

from reelarr.notifications.base import (
    EventType,
    FileFacts,
    Message,
    MovieFacts,
    Notification,
    NotificationError,
    enum_name,
)
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

TIMEOUT_SECONDS = 120
OUTPUT_SHOWN = 300  # characters of a failing script's output shown to the user


class CustomScriptSettings(ProviderSettings):
    path: Annotated[str, Form("Path", "Path to the script; it must be executable", type="filePath")] = ""
    # Radarr retired script arguments and keeps the field only to refuse old settings that set it.
    arguments: Annotated[
        str, Form("Arguments", "No longer supported for custom scripts", hidden="hiddenIfNotSet")
    ] = ""

    @field_validator("arguments")
    @classmethod
    def _no_arguments(cls, value: str) -> str:
        if value.strip():
            raise ValueError("Arguments are no longer supported for custom scripts")
        return value


class CustomScript(Notification):
    implementation = "CustomScript"
    implementation_name = "Custom Script"
    info_link = "https://wiki.servarr.com/radarr/custom-scripts"
    settings_model = CustomScriptSettings

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, CustomScriptSettings)
        script = Path(settings.path)
        if not script.is_file():
            raise NotificationError(f"File does not exist: {script}", "path")
        if not os.access(script, os.X_OK):
            raise NotificationError(f"{script} is not executable (chmod +x it)", "path")
        env = {**os.environ, **environment(message, ctx.settings.instance_name)}
        try:
            process = await asyncio.create_subprocess_exec(
                str(script),
                env=env,
                cwd=script.parent,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
        except OSError as exc:
            raise NotificationError(f"Cannot run {script}: {exc.strerror}", "path") from None
        try:
            output, _ = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise NotificationError(
                f"{script} did not finish within {TIMEOUT_SECONDS} seconds", "path"
            ) from None
        if process.returncode != 0:
            shown = output.decode(errors="replace").strip()[-OUTPUT_SHOWN:]
            raise NotificationError(
                f"{script.name} exited with code {process.returncode}" + (f": {shown}" if shown else ""),
                "path",
            )


def environment(message: Message, instance_name: str, application_url: str = "") -> dict[str, str]:
    """Radarr's variables for ``message``'s event (values that are unknown are left empty)."""
    # The one name the script and the webhook spell differently.
    event_type = "HealthIssue" if message.event is EventType.HEALTH else message.event.value
    env: dict[str, str | int | None] = {"radarr_eventtype": event_type}
    if message.event is EventType.TEST:
        return _strings(env)
    env |= {"radarr_instancename": instance_name, "radarr_applicationurl": application_url}
    movie, release, file = message.movie, message.release, message.file
    if movie is not None:
        env |= _movie(movie)
    if release is not None and message.event in (EventType.GRAB, EventType.MANUAL_INTERACTION_REQUIRED):
        env |= {
            "radarr_release_title": release.title,
            "radarr_release_indexer": release.indexer,
            "radarr_release_size": release.size,
            "radarr_release_releasegroup": release.release_group,
            "radarr_release_quality": release.quality,
            "radarr_release_qualityversion": release.quality_version,
            "radarr_release_customformat": "|".join(name for _, name in release.custom_formats),
            "radarr_release_customformatscore": release.custom_format_score,
            "radarr_indexerflags": ",".join(release.indexer_flags),
        }
    if release is not None:
        env |= {
            "radarr_download_client": release.download_client,
            "radarr_download_client_type": release.download_client_type,
            "radarr_download_id": release.download_id,
        }
    match message.event:
        case EventType.DOWNLOAD:
            env["radarr_isupgrade"] = str(message.is_upgrade)
            if file is not None:
                env |= _file(file)
                env |= {
                    "radarr_moviefile_sourcepath": file.source_path,
                    "radarr_moviefile_sourcefolder": str(Path(file.source_path).parent)
                    if file.source_path
                    else None,
                }
            if release is not None:
                env |= {
                    "radarr_release_indexer": release.indexer,
                    "radarr_release_size": release.size,
                    "radarr_release_title": release.title,
                }
            env |= {
                "radarr_deletedrelativepaths": "|".join(f.relative_path for f in message.replaced_files),
                "radarr_deletedpaths": "|".join(f.path or "" for f in message.replaced_files),
                "radarr_deleteddateadded": "|".join(
                    f.date_added.isoformat() if f.date_added else "" for f in message.replaced_files
                ),
            }
        case EventType.RENAME:
            renamed = message.renamed_files
            env |= {
                "radarr_moviefile_ids": ",".join(str(r.file.id) for r in renamed),
                "radarr_moviefile_relativepaths": "|".join(r.file.relative_path for r in renamed),
                "radarr_moviefile_paths": "|".join(r.file.path or "" for r in renamed),
                "radarr_moviefile_previousrelativepaths": "|".join(r.previous_relative_path for r in renamed),
                "radarr_moviefile_previouspaths": "|".join(r.previous_path for r in renamed),
            }
        case EventType.MOVIE_ADDED:
            env["radarr_movie_addmethod"] = enum_name(message.add_method)
        case EventType.MOVIE_DELETE:
            env |= {
                "radarr_movie_deletedfiles": str(message.files_deleted),
                "radarr_movie_folder_size": message.movie_folder_size,
            }
        case EventType.MOVIE_FILE_DELETE:
            env["radarr_moviefile_deletereason"] = enum_name(message.delete_reason)
            if file is not None:
                env |= _file(file)
        case EventType.HEALTH | EventType.HEALTH_RESTORED if message.health is not None:
            which = "issue" if message.event is EventType.HEALTH else "restored"
            env |= {
                f"radarr_health_{which}_level": enum_name(message.health.level),
                f"radarr_health_{which}_message": message.health.message,
                f"radarr_health_{which}_type": message.health.source,
                f"radarr_health_{which}_wiki": message.health.wiki_url,
            }
        case EventType.MANUAL_INTERACTION_REQUIRED:
            env |= {
                "radarr_download_status": message.download_status,
                "radarr_download_status_messages": "|".join(message.download_status_messages),
            }
    return _strings(env)


def _movie(movie: MovieFacts) -> dict[str, str | int | None]:
    return {
        "radarr_movie_id": movie.id,
        "radarr_movie_title": movie.title,
        "radarr_movie_year": movie.year,
        "radarr_movie_path": movie.folder_path,
        "radarr_movie_imdbid": movie.imdb_id,
        "radarr_movie_tmdbid": movie.tmdb_id,
        "radarr_movie_in_cinemas_date": movie.in_cinemas.isoformat() if movie.in_cinemas else None,
        "radarr_movie_physical_release_date": movie.physical_release.isoformat()
        if movie.physical_release
        else None,
        "radarr_movie_overview": movie.overview,
        "radarr_movie_genres": "|".join(movie.genres),
        "radarr_movie_tags": "|".join(movie.tags),
        # Radarr passes the ISO 639-2 code ("eng"), not the name.
        "radarr_movie_originallanguage": next(iter(movie.original_language.iso_639_2), None)
        if movie.original_language
        else None,
    }


def _file(file: FileFacts) -> dict[str, str | int | None]:
    info = file.media_info or {}
    return {
        "radarr_moviefile_id": file.id,
        "radarr_moviefile_relativepath": file.relative_path,
        "radarr_moviefile_path": file.path,
        "radarr_moviefile_size": file.size,
        "radarr_moviefile_quality": file.quality,
        "radarr_moviefile_qualityversion": file.quality_version,
        "radarr_moviefile_releasegroup": file.release_group,
        "radarr_moviefile_scenename": file.scene_name,
        "radarr_moviefile_mediainfo_audiochannels": info.get("audioChannels"),
        "radarr_moviefile_mediainfo_audiocodec": info.get("audioCodec"),
        "radarr_moviefile_mediainfo_audiolanguages": info.get("audioLanguages"),
        "radarr_moviefile_mediainfo_languages": " / ".join(language.name for language in file.languages),
        "radarr_moviefile_mediainfo_height": str(info.get("resolution", "")).partition("x")[2] or None,
        "radarr_moviefile_mediainfo_width": str(info.get("resolution", "")).partition("x")[0] or None,
        "radarr_moviefile_mediainfo_subtitles": info.get("subtitles"),
        "radarr_moviefile_mediainfo_videocodec": info.get("videoCodec"),
        "radarr_moviefile_mediainfo_videodynamicrangetype": info.get("videoDynamicRangeType"),
    }


def _strings(env: dict[str, str | int | None]) -> dict[str, str]:
    return {key: "" if value is None else str(value) for key, value in env.items()}
