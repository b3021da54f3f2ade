"""Synology Indexer: tell the Synology's media indexer about changed files with ``synoindex``,
on the same machine, as Radarr does.

After an import: ``-d`` for each replaced file, then ``-a`` for the new one; after a rename
``-R`` on the movie's folder; after a file delete ``-d``; after a movie and its files are
deleted ``-D`` on the folder. The tool is ``/usr/syno/bin/synoindex`` on a Synology, else the
first ``synoindex`` on PATH; a run that writes to stderr failed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from typing import TYPE_CHECKING, Annotated

from reelarr.notifications.base import EventType, Message, Notification, NotificationError
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

SYNOINDEX = "/usr/syno/bin/synoindex"
TIMEOUT_SECONDS = 60


class SynologyIndexerSettings(ProviderSettings):
    update_library: Annotated[
        bool, Form("Update Library", "Call synoindex on localhost to update library files", "checkbox")
    ] = True


class SynologyIndexer(Notification):
    implementation = "SynologyIndexer"
    implementation_name = "Synology Indexer"
    info_link = "https://www.synology.com"
    settings_model = SynologyIndexerSettings
    supported = frozenset(
        {
            "on_download",
            "on_upgrade",
            "on_rename",
            "on_movie_delete",
            "on_movie_file_delete",
            "on_movie_file_delete_for_upgrade",
        }
    )

    async def send(self, ctx: Context, message: Message) -> None:
        settings = self.settings
        assert isinstance(settings, SynologyIndexerSettings)
        if message.event is EventType.TEST:
            await synoindex("--help")
            return
        movie = message.movie
        if not settings.update_library or movie is None:
            return
        match message.event:
            case EventType.DOWNLOAD:
                for old in message.replaced_files:
                    if old.path:
                        await synoindex("-d", old.path)
                if message.file and message.file.path:
                    await synoindex("-a", message.file.path)
            case EventType.RENAME if movie.folder_path:
                await synoindex("-R", movie.folder_path)
            case EventType.MOVIE_FILE_DELETE if message.file and message.file.path:
                await synoindex("-d", message.file.path)
            case EventType.MOVIE_DELETE if message.files_deleted and movie.folder_path:
                await synoindex("-D", movie.folder_path)


async def synoindex(*args: str) -> None:
    """Run synoindex with ``args`` (each one argument, so no quoting is needed)."""
    tool = SYNOINDEX if os.access(SYNOINDEX, os.X_OK) else shutil.which("synoindex")
    if tool is None:
        raise NotificationError(
            "synoindex was not found: Synology Indexer only works on a Synology", "updateLibrary"
        )
    process = await asyncio.create_subprocess_exec(
        tool,
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, errors = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()
        raise NotificationError(
            f"synoindex did not finish within {TIMEOUT_SECONDS} seconds", "updateLibrary"
        ) from None
    if errors.strip():
        raise NotificationError(
            f"synoindex failed: {errors.decode(errors='replace').strip()[:200]}", "updateLibrary"
        )
