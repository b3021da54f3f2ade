"""Root folders and tags."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, Label
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.files import disk_usage, is_writable_folder
from reelarr.models import (
    AutoTag,
    Collection,
    DelayProfile,
    Movie,
    ProviderDefinition,
    ReleaseProfile,
    RootFolder,
    Tag,
)
from reelarr.paths import load_folders, root_folder_problem

router = APIRouter()


# ---------------------------------------------------------------- root folders


def _unmapped_folders(root: str, movie_paths: set[str]) -> list[dict[str, str]]:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name.lower())
    except OSError:
        return []
    return [
        {"name": entry.name, "path": entry.path, "relativePath": entry.name}
        for entry in entries
        if entry.is_dir(follow_symlinks=True)
        and not entry.name.startswith(".")
        and entry.path not in movie_paths
    ]


def _root_folder_json(row: RootFolder, movie_paths: set[str], *, with_unmapped: bool) -> dict[str, Any]:
    usage = disk_usage(row.path)
    return {
        "id": row.id,
        "path": row.path,
        "accessible": is_writable_folder(row.path),
        "freeSpace": usage.free if usage else None,
        "unmappedFolders": _unmapped_folders(row.path, movie_paths) if with_unmapped else [],
    }


async def _movie_paths(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(Movie.path)))


@router.get("/rootfolder", tags=["RootFolder"])
async def list_root_folders(session: SessionDep) -> list[dict[str, Any]]:
    rows = list(await session.scalars(select(RootFolder).order_by(RootFolder.id)))
    paths = await _movie_paths(session)
    return await asyncio.to_thread(lambda: [_root_folder_json(r, paths, with_unmapped=True) for r in rows])


@router.get("/rootfolder/{folder_id}", tags=["RootFolder"])
async def get_root_folder(folder_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(RootFolder, folder_id)
    if row is None:
        raise NotFound("Root folder", folder_id)
    paths = await _movie_paths(session)
    return await asyncio.to_thread(_root_folder_json, row, paths, with_unmapped=True)


class RootFolderIn(ApiModel):
    path: str = ""


@router.post("/rootfolder", status_code=201, tags=["RootFolder"])
async def add_root_folder(body: RootFolderIn, ctx: CtxDep) -> dict[str, Any]:
    path = body.path.strip()
    if not path:
        raise ValidationFailed(("path", "Path must not be empty"), attempted={"path": body.path})
    if not os.path.isabs(path):
        raise ValidationFailed(("path", f"'{path}' is not an absolute path"), attempted={"path": path})
    path = str(Path(path))
    if not os.path.isdir(path):
        raise ValidationFailed(("path", f"Folder '{path}' does not exist"), attempted={"path": path})
    if not is_writable_folder(path):
        raise ValidationFailed(("path", f"Folder '{path}' is not writable by the user running Reelarr"))
    async with ctx.db.write() as uow:
        if problem := root_folder_problem(path, await load_folders(uow.session, ctx.settings)):
            raise ValidationFailed(("path", problem), attempted={"path": path})
        existing = list(await uow.session.scalars(select(RootFolder.path)))
        for other in existing:
            if other == path:
                raise ValidationFailed(
                    ("path", f"'{path}' is already a root folder"), attempted={"path": path}
                )
            if Path(path).is_relative_to(other) or Path(other).is_relative_to(path):
                raise ValidationFailed(("path", f"'{path}' overlaps the root folder '{other}'"))
        movie_inside = await uow.session.scalar(select(Movie.path).where(Movie.path == path))
        if movie_inside:
            raise ValidationFailed(("path", f"'{path}' is a movie's folder"))
        row = RootFolder(path=path)
        uow.session.add(row)
        await uow.session.flush()
        paths = await _movie_paths(uow.session)
        uow.publish(ConfigChanged("rootfolder"))  # re-checks the root folder and import list checks
    return _root_folder_json(row, paths, with_unmapped=False)


@router.delete("/rootfolder/{folder_id}", tags=["RootFolder"])
async def delete_root_folder(folder_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(RootFolder, folder_id)
        if row is None:
            raise NotFound("Root folder", folder_id)
        await uow.session.delete(row)
        uow.publish(ConfigChanged("rootfolder"))
    return {}


# ---------------------------------------------------------------- tags


class TagIn(ApiModel):
    id: Id | None = None
    label: Label = ""


def _tag_json(row: Tag) -> dict[str, Any]:
    return {"id": row.id, "label": row.label}


async def _checked_label(session: AsyncSession, label: str, tag_id: Id | None) -> str:
    label = label.strip().lower()
    if not label:
        raise ValidationFailed(("label", "Label must not be empty"))
    clash = await session.scalar(select(Tag.id).where(func.lower(Tag.label) == label))
    if clash is not None and clash != tag_id:
        raise ValidationFailed(
            ("label", f"A tag labelled '{label}' already exists"), attempted={"label": label}
        )
    return label


@router.get("/tag", tags=["Tag"])
async def list_tags(session: SessionDep) -> list[dict[str, Any]]:
    return [_tag_json(row) for row in await session.scalars(select(Tag).order_by(Tag.id))]


@router.get("/tag/detail", tags=["TagDetails"])
async def list_tag_details(session: SessionDep) -> list[dict[str, Any]]:
    return await _tag_details(session, None)


@router.get("/tag/detail/{tag_id}", tags=["TagDetails"])
async def get_tag_detail(tag_id: Id, session: SessionDep) -> dict[str, Any]:
    details = await _tag_details(session, tag_id)
    if not details:
        raise NotFound("Tag", tag_id)
    return details[0]


async def _tag_details(session: AsyncSession, tag_id: Id | None) -> list[dict[str, Any]]:
    query = select(Tag).order_by(Tag.id)
    if tag_id is not None:
        query = query.where(Tag.id == tag_id)
    tags = list(await session.scalars(query))
    if not tags:
        return []

    def users(rows: list[tuple[Any, ...]], tag: int) -> list[int]:
        return [row[0] for row in rows if tag in (row[-1] or [])]

    async def rows_of(*columns: Any) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in await session.execute(select(*columns))]

    movies = await rows_of(Movie.id, Movie.tags)
    delay = await rows_of(DelayProfile.id, DelayProfile.tags)
    release = await rows_of(ReleaseProfile.id, ReleaseProfile.tags)
    providers = await rows_of(ProviderDefinition.id, ProviderDefinition.kind, ProviderDefinition.tags)
    auto_tags = await rows_of(AutoTag.id, AutoTag.tags)

    def of_kind(kind: str) -> list[tuple[Any, ...]]:
        return [row for row in providers if row[1] == kind]

    return [
        {
            "id": tag.id,
            "label": tag.label,
            "delayProfileIds": users(delay, tag.id),
            "importListIds": users(of_kind("importlist"), tag.id),
            "notificationIds": users(of_kind("notification"), tag.id),
            "releaseProfileIds": users(release, tag.id),
            "indexerIds": users(of_kind("indexer"), tag.id),
            "downloadClientIds": users(of_kind("downloadclient"), tag.id),
            "autoTagIds": users(auto_tags, tag.id),
            "movieIds": users(movies, tag.id),
        }
        for tag in tags
    ]


@router.get("/tag/{tag_id}", tags=["Tag"])
async def get_tag(tag_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(Tag, tag_id)
    if row is None:
        raise NotFound("Tag", tag_id)
    return _tag_json(row)


@router.post("/tag", status_code=201, tags=["Tag"])
async def create_tag(body: TagIn, ctx: CtxDep) -> dict[str, Any]:
    """A new tag, or the existing one with that label (Radarr's answer, which Overseerr relies on)."""
    label = body.label.strip().lower()
    async with ctx.db.write() as uow:
        existing = await uow.session.scalar(select(Tag).where(func.lower(Tag.label) == label))
        if existing is not None:
            return _tag_json(existing)
        row = Tag(label=await _checked_label(uow.session, body.label, None))
        uow.session.add(row)
        await uow.session.flush()
    return _tag_json(row)


@router.put("/tag", status_code=202, tags=["Tag"])
@router.put("/tag/{tag_id}", status_code=202, tags=["Tag"])
async def update_tag(body: TagIn, ctx: CtxDep, tag_id: Id | None = None) -> dict[str, Any]:
    target = tag_id or body.id
    async with ctx.db.write() as uow:
        row = await uow.session.get(Tag, target) if target else None
        if row is None:
            raise NotFound("Tag", target)
        row.label = await _checked_label(uow.session, body.label, row.id)
    return _tag_json(row)


@router.delete("/tag/{tag_id}", tags=["Tag"])
async def delete_tag(tag_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(Tag, tag_id)
        if row is None:
            raise NotFound("Tag", tag_id)
        # Nothing keeps pointing at a deleted tag.
        holder: Any  # every model below has a JSON list of tag ids
        for model in (Movie, DelayProfile, ReleaseProfile, ProviderDefinition, Collection):
            for holder in await uow.session.scalars(select(model)):
                if tag_id in (holder.tags or []):
                    holder.tags = [t for t in holder.tags if t != tag_id]
        await uow.session.delete(row)
    return {}
