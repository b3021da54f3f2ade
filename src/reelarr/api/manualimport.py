"""``/api/v3/manualimport``: what a folder would import, and why not, for the user to choose from.

The choices are applied by the ``ManualImport`` command (``POST /api/v3/command``), as
Radarr's UI and Bazarr-style scripts send them.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from reelarr import downloads, importing, qualities
from reelarr.api.base import ApiModel, CtxDep
from reelarr.api.limits import Id, Int32, Name, PathText
from reelarr.api.movie import json_response, language_json, movie_json
from reelarr.api.profiles import custom_format_json
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.importing import ImportTask
from reelarr.models import CustomFormat, RemotePathMapping

router = APIRouter(tags=["ManualImport"])
SCAN_NOTE_HEADER = "X-Reelarr-Scan-Note"


def manual_import_resource(
    task: ImportTask, formats: dict[int, CustomFormat], download_id: str | None, *, now: Any
) -> dict[str, Any]:
    """Radarr's ManualImportResource for one proposed file."""
    relative = task.path.relative_to(task.folder) if task.path.is_relative_to(task.folder) else task.path
    return {
        # Radarr's id is a hash of the path: stable between the listing and the choice.
        "id": zlib.crc32(str(task.path).encode()) & 0x7FFFFFFF,
        "path": str(task.path),
        "relativePath": str(relative),
        "folderName": task.path.parent.name,
        "name": task.path.stem,
        "size": task.size,
        "movie": movie_json(task.movie, now=now) if task.movie else None,
        "movieVersionId": task.movie.row.version_id if task.movie else None,
        "movieFileId": None,
        "releaseGroup": task.release_group,
        "quality": importing.quality_json(task.quality.quality, task.quality.revision),
        "languages": [language_json(i) for i in task.language_ids],
        "qualityWeight": qualities.default_for(task.quality.quality).weight,
        "downloadId": download_id,
        "customFormats": [custom_format_json(formats[f.id]) for f in task.formats if f.id in formats],
        "customFormatScore": task.format_score,
        "indexerFlags": 0,
        "rejections": [{"reason": r.reason, "type": r.type} for r in task.rejections],
    }


async def _download_folder(ctx: Context, download_id: str) -> Path:
    """Where a tracked download's files are, as this machine sees them."""
    async with ctx.db.read() as session:
        mappings = list(await session.scalars(select(RemotePathMapping)))
    for tracked in await downloads.current(ctx):
        if tracked.item.download_id == download_id and tracked.item.output_path:
            host = str(tracked.client.settings.get("host", ""))
            return Path(downloads.local_path(mappings, host, tracked.item.output_path))
    raise ValidationFailed(("downloadId", f"No download with id {download_id} is in the queue"))


@router.get("/manualimport")
async def propose(
    ctx: CtxDep,
    folder: str | None = None,
    download_id: Annotated[str | None, Query(alias="downloadId")] = None,
    movie_id: Annotated[int | None, Query(alias="movieId")] = None,
    filter_existing_files: Annotated[bool, Query(alias="filterExistingFiles")] = True,
) -> Response:
    """Radarr's ManualImportResource list (encoded with orjson, as the movie resource needs).

    The folder is scanned in a thread within :data:`reelarr.importing.SCAN_MAX_DEPTH`, ``_ENTRIES``
    and ``_SECONDS``; when a bound stops it, what was found is listed and the
    ``X-Reelarr-Scan-Note`` header says why the list may be incomplete."""
    if folder:
        path = Path(folder)
    elif download_id:
        path = await _download_folder(ctx, download_id)
    else:
        raise ValidationFailed(("folder", "A folder or a downloadId is required"))
    if not path.exists():
        raise ValidationFailed(("folder", f"'{path}' does not exist"), attempted={"folder": folder})
    scan = await importing.scan_folder(
        ctx, path, movie_id, download_id, filter_existing_files=filter_existing_files
    )
    async with ctx.db.read() as session:
        formats = {row.id: row for row in await session.scalars(select(CustomFormat))}
    now = ctx.clock()
    response = json_response(
        [manual_import_resource(task, formats, download_id, now=now) for task in scan.tasks]
    )
    if scan.note:
        # Radarr's resource is a bare list, so a scan cut short says so in a header (and the log).
        response.headers[SCAN_NOTE_HEADER] = scan.note
    return response


class LanguageIn(ApiModel):
    id: Int32


class ReprocessIn(ApiModel):
    """One file as the user set it in the manual import dialog (Radarr's ManualImportReprocessResource)."""

    path: PathText
    movie_id: Id = 0
    quality: dict[str, Any] | None = None
    languages: list[LanguageIn] | None = None
    release_group: Name | None = None
    download_id: Name | None = None
    movie_version_id: Id | None = None


@router.post("/manualimport")
async def reprocess(body: list[ReprocessIn], ctx: CtxDep) -> Response:
    """The files re-evaluated with the user's choices: formats, score and rejections as an import
    would see them. Importing is the ``ManualImport`` command's job."""
    choices = [
        importing.ManualChoice(
            path=Path(item.path),
            movie_id=item.movie_id,
            quality=item.quality,
            language_ids=[language.id for language in item.languages] if item.languages else None,
            release_group=item.release_group,
            download_id=item.download_id,
            movie_version_id=item.movie_version_id,
        )
        for item in body
    ]
    tasks = await importing.reevaluate_choices(ctx, choices)
    async with ctx.db.read() as session:
        formats = {row.id: row for row in await session.scalars(select(CustomFormat))}
    now = ctx.clock()
    return json_response(
        [
            manual_import_resource(task, formats, choice.download_id, now=now)
            for task, choice in zip(tasks, choices, strict=True)
        ]
    )
