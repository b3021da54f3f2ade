"""Quality definitions, quality profiles, custom formats and languages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import custom_formats, languages, profiles, qualities
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import INT32_MAX, Id, Int32
from reelarr.errors import NotFound, ValidationFailed
from reelarr.models import CustomFormat, MovieVersion, QualityDefinition, QualityProfile

router = APIRouter()


def quality_json(quality_id: Id) -> dict[str, Any]:
    quality = qualities.by_id(quality_id)
    return {
        "id": quality.id,
        "name": quality.name,
        "source": quality.source.value,
        "resolution": quality.resolution,
        "modifier": quality.modifier.value,
    }


# ---------------------------------------------------------------- quality definitions


def definition_json(row: QualityDefinition) -> dict[str, Any]:
    return {
        "id": row.id,
        "quality": quality_json(row.quality_id),
        "title": row.title,
        "weight": row.weight,
        "minSize": row.min_size,
        "maxSize": row.max_size,
        "preferredSize": row.preferred_size,
    }


class QualityDefinitionIn(ApiModel):
    id: Int32 | None = None
    title: str | None = None
    min_size: float | None = Field(default=None, ge=0, le=2000)
    max_size: float | None = Field(default=None, ge=0, le=2000)
    preferred_size: float | None = Field(default=None, ge=0, le=2000)


def _apply_definition(row: QualityDefinition, body: QualityDefinitionIn) -> None:
    if body.title:
        row.title = body.title
    row.min_size, row.max_size, row.preferred_size = body.min_size, body.max_size, body.preferred_size


# The bounds of a size slider, in MB per minute (Radarr's QualityDefinitionLimits).
SIZE_LIMIT_MIN, SIZE_LIMIT_MAX = 0, 2000


def _check_sizes(body: QualityDefinitionIn, prefix: str = "") -> list[tuple[str, str]]:
    problems = []
    low, high, preferred = body.min_size or 0, body.max_size, body.preferred_size
    for name, value in (("minSize", low), ("maxSize", high), ("preferredSize", preferred)):
        if value is not None and not SIZE_LIMIT_MIN <= value <= SIZE_LIMIT_MAX:
            problems.append((f"{prefix}{name}", f"Must be between {SIZE_LIMIT_MIN} and {SIZE_LIMIT_MAX}"))
    if high is not None and low > high:
        problems.append((f"{prefix}minSize", "Minimum size must not exceed the maximum size"))
    if preferred is not None and (preferred < low or (high is not None and preferred > high)):
        problems.append((f"{prefix}preferredSize", "Preferred size must lie between the minimum and maximum"))
    return problems


@router.get("/qualitydefinition", tags=["QualityDefinition"])
async def list_quality_definitions(session: SessionDep) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(QualityDefinition).order_by(QualityDefinition.weight, QualityDefinition.id)
    )
    return [definition_json(row) for row in rows]


@router.get("/qualitydefinition/limits", tags=["QualityDefinition"])
async def quality_definition_limits() -> dict[str, int]:
    return {"min": SIZE_LIMIT_MIN, "max": SIZE_LIMIT_MAX}


@router.get("/qualitydefinition/{definition_id}", tags=["QualityDefinition"])
async def get_quality_definition(definition_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(QualityDefinition, definition_id)
    if row is None:
        raise NotFound("Quality definition", definition_id)
    return definition_json(row)


@router.put("/qualitydefinition/update", status_code=202, tags=["QualityDefinition"])
async def update_quality_definitions(body: list[QualityDefinitionIn], ctx: CtxDep) -> list[dict[str, Any]]:
    problems = [p for i, item in enumerate(body) for p in _check_sizes(item, f"[{i}].")]
    if problems:
        raise ValidationFailed(*problems)
    async with ctx.db.write() as uow:
        rows = []
        for item in body:
            row = await uow.session.get(QualityDefinition, item.id) if item.id else None
            if row is None:
                raise NotFound("Quality definition", item.id)
            _apply_definition(row, item)
            rows.append(row)
    return [definition_json(row) for row in rows]


@router.put("/qualitydefinition", status_code=202, tags=["QualityDefinition"])
@router.put("/qualitydefinition/{definition_id}", status_code=202, tags=["QualityDefinition"])
async def update_quality_definition(
    body: QualityDefinitionIn, ctx: CtxDep, definition_id: Id | None = None
) -> dict[str, Any]:
    target = definition_id or body.id
    problems = _check_sizes(body)
    if problems:
        raise ValidationFailed(*problems)
    async with ctx.db.write() as uow:
        row = await uow.session.get(QualityDefinition, target) if target else None
        if row is None:
            raise NotFound("Quality definition", target)
        _apply_definition(row, body)
    return definition_json(row)


# ---------------------------------------------------------------- quality profiles


def _item_json(item: dict[str, Any]) -> dict[str, Any]:
    if item.get("items"):
        return {
            "id": item["id"],
            "name": item["name"],
            "items": [_item_json(child) for child in item["items"]],
            "allowed": bool(item.get("allowed")),
        }
    return {"quality": quality_json(item["quality"]), "items": [], "allowed": bool(item.get("allowed"))}


async def _format_names(session: AsyncSession) -> dict[int, str]:
    rows = await session.execute(select(CustomFormat.id, CustomFormat.name).order_by(CustomFormat.id))
    return {format_id: name for format_id, name in rows}


def profile_json(row: QualityProfile, format_names: dict[int, str]) -> dict[str, Any]:
    scores = {item["format"]: item.get("score", 0) for item in row.format_items}
    language = languages.by_id(row.language_id) or languages.ANY
    return {
        "id": row.id,
        "name": row.name,
        "upgradeAllowed": row.upgrade_allowed,
        "cutoff": row.cutoff,
        "items": [_item_json(item) for item in row.items],
        "minFormatScore": row.min_format_score,
        "cutoffFormatScore": row.cutoff_format_score,
        "minUpgradeFormatScore": row.min_upgrade_format_score,
        # Every format appears, unscored ones at 0, as Radarr lists them.
        "formatItems": [
            {"format": format_id, "name": name, "score": scores.get(format_id, 0)}
            for format_id, name in format_names.items()
        ],
        "language": {"id": language.id, "name": language.name},
    }


class QualityIn(ApiModel):
    id: Int32


class ProfileItemIn(ApiModel):
    id: Int32 | None = None
    name: str | None = None
    quality: QualityIn | None = None
    items: list[ProfileItemIn] = Field(default_factory=list)
    allowed: bool = False


class FormatItemIn(ApiModel):
    format: Int32
    score: Int32 = 0


class LanguageIn(ApiModel):
    id: Int32
    name: str | None = None


class QualityProfileIn(ApiModel):
    id: Int32 | None = None
    name: str = ""
    upgrade_allowed: bool = False
    cutoff: Int32 = 0
    items: list[ProfileItemIn] = Field(default_factory=list)
    min_format_score: Int32 = 0
    cutoff_format_score: Int32 = 0
    min_upgrade_format_score: int = Field(default=1, ge=1, le=INT32_MAX)
    format_items: list[FormatItemIn] = Field(default_factory=list)
    language: LanguageIn | None = None


def _stored_item(item: ProfileItemIn) -> dict[str, Any]:
    if item.items:
        return {
            "id": item.id,
            "name": item.name or "",
            "allowed": item.allowed,
            "items": [_stored_item(child) for child in item.items],
        }
    return {"quality": item.quality.id if item.quality else None, "allowed": item.allowed}


async def _profile_values(
    session: AsyncSession, body: QualityProfileIn, profile_id: Id | None
) -> dict[str, Any]:
    items = [_stored_item(item) for item in body.items]
    problems = []
    if not body.name.strip():
        problems.append(("name", "Name must not be empty"))
    else:
        clash = await session.scalar(
            select(QualityProfile.id).where(func.lower(QualityProfile.name) == body.name.strip().lower())
        )
        if clash is not None and clash != profile_id:
            problems.append(("name", f"A quality profile named '{body.name}' already exists"))
    if any(item["quality"] is None for item in items if "quality" in item):
        problems.append(("items", "Every item needs a quality or child items"))
    else:
        problems += profiles.validate_items(items, body.cutoff)
    language_id = body.language.id if body.language else languages.ANY.id
    if languages.by_id(language_id) is None:
        problems.append(("language", f"Unknown language id {language_id}"))
    known_formats = set(await session.scalars(select(CustomFormat.id)))
    unknown_formats = sorted({f.format for f in body.format_items} - known_formats)
    if unknown_formats:
        problems.append(
            ("formatItems", f"Custom format(s) {', '.join(map(str, unknown_formats))} do not exist")
        )
    if problems:
        raise ValidationFailed(*problems)
    return {
        "name": body.name.strip(),
        "upgrade_allowed": body.upgrade_allowed,
        "cutoff": body.cutoff,
        "items": items,
        "min_format_score": body.min_format_score,
        "cutoff_format_score": body.cutoff_format_score,
        "min_upgrade_format_score": body.min_upgrade_format_score,
        "format_items": [{"format": f.format, "score": f.score} for f in body.format_items if f.score],
        "language_id": language_id,
    }


@router.get("/qualityprofile", tags=["QualityProfile"])
async def list_quality_profiles(session: SessionDep) -> list[dict[str, Any]]:
    names = await _format_names(session)
    return [
        profile_json(row, names)
        for row in await session.scalars(select(QualityProfile).order_by(QualityProfile.id))
    ]


@router.get("/qualityprofile/schema", tags=["QualityProfileSchema"])
async def quality_profile_schema(session: SessionDep) -> dict[str, Any]:
    schema = QualityProfile(
        id=0,
        name="",
        upgrade_allowed=False,
        cutoff=0,
        items=profiles.schema_items(),
        min_format_score=0,
        cutoff_format_score=0,
        min_upgrade_format_score=1,
        format_items=[],
        language_id=languages.ENGLISH.id,
    )
    return profile_json(schema, await _format_names(session))


@router.get("/qualityprofile/{profile_id}", tags=["QualityProfile"])
async def get_quality_profile(profile_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(QualityProfile, profile_id)
    if row is None:
        raise NotFound("Quality profile", profile_id)
    return profile_json(row, await _format_names(session))


@router.post("/qualityprofile", status_code=201, tags=["QualityProfile"])
async def create_quality_profile(body: QualityProfileIn, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = QualityProfile(**await _profile_values(uow.session, body, None))
        uow.session.add(row)
        await uow.session.flush()
        names = await _format_names(uow.session)
    return profile_json(row, names)


@router.put("/qualityprofile", status_code=202, tags=["QualityProfile"])
@router.put("/qualityprofile/{profile_id}", status_code=202, tags=["QualityProfile"])
async def update_quality_profile(
    body: QualityProfileIn, ctx: CtxDep, profile_id: Id | None = None
) -> dict[str, Any]:
    target = profile_id or body.id
    async with ctx.db.write() as uow:
        row = await uow.session.get(QualityProfile, target) if target else None
        if row is None:
            raise NotFound("Quality profile", target)
        for key, value in (await _profile_values(uow.session, body, row.id)).items():
            setattr(row, key, value)
        names = await _format_names(uow.session)
    return profile_json(row, names)


@router.delete("/qualityprofile/{profile_id}", tags=["QualityProfile"])
async def delete_quality_profile(profile_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = await uow.session.get(QualityProfile, profile_id)
        if row is None:
            raise NotFound("Quality profile", profile_id)
        in_use = await uow.session.scalar(
            select(func.count())
            .select_from(MovieVersion)
            .where(MovieVersion.quality_profile_id == profile_id)
        )
        if in_use:
            raise ValidationFailed(("id", f"Quality profile '{row.name}' is used by {in_use} movie(s)"))
        await uow.session.delete(row)
    return {}


# ---------------------------------------------------------------- custom formats


def custom_format_json(row: CustomFormat) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "includeCustomFormatWhenRenaming": row.include_when_renaming,
        "specifications": [
            custom_formats.specification_json(spec, index) for index, spec in enumerate(row.specifications, 1)
        ],
    }


class CustomFormatIn(ApiModel):
    id: Int32 | None = None
    name: str = ""
    include_custom_format_when_renaming: bool | None = False
    specifications: list[dict[str, Any]] = Field(default_factory=list)


async def _custom_format_values(
    session: AsyncSession, body: CustomFormatIn, format_id: Id | None
) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    if not body.name.strip():
        problems.append(("name", "Name must not be empty"))
    else:
        clash = await session.scalar(
            select(CustomFormat.id).where(func.lower(CustomFormat.name) == body.name.strip().lower())
        )
        if clash is not None and clash != format_id:
            problems.append(("name", f"A custom format named '{body.name}' already exists"))
    specifications = []
    for index, raw in enumerate(body.specifications):
        stored, found = custom_formats.normalize_specification(raw, index)
        problems += found
        if stored:
            specifications.append(stored)
    if problems:
        raise ValidationFailed(*problems)
    return {
        "name": body.name.strip(),
        "include_when_renaming": bool(body.include_custom_format_when_renaming),
        "specifications": specifications,
    }


@router.get("/customformat", tags=["CustomFormat"])
async def list_custom_formats(session: SessionDep) -> list[dict[str, Any]]:
    return [
        custom_format_json(row)
        for row in await session.scalars(select(CustomFormat).order_by(CustomFormat.id))
    ]


@router.get("/customformat/schema", tags=["CustomFormat"])
async def custom_format_schema() -> list[dict[str, Any]]:
    return custom_formats.schema_json()


class CustomFormatBulkIn(ApiModel):
    ids: list[Id] = []
    include_custom_format_when_renaming: bool | None = None


@router.put("/customformat/bulk", status_code=202, tags=["CustomFormat"])
async def bulk_edit_custom_formats(body: CustomFormatBulkIn, ctx: CtxDep) -> list[dict[str, Any]]:
    async with ctx.db.write() as uow:
        rows = list(await uow.session.scalars(select(CustomFormat).where(CustomFormat.id.in_(body.ids))))
        if body.include_custom_format_when_renaming is not None:
            for row in rows:
                row.include_when_renaming = body.include_custom_format_when_renaming
    return [custom_format_json(row) for row in sorted(rows, key=lambda r: r.id)]


@router.delete("/customformat/bulk", tags=["CustomFormat"])
async def bulk_delete_custom_formats(body: CustomFormatBulkIn, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        await _delete_custom_formats(uow.session, body.ids)
    return {}


@router.get("/customformat/{format_id}", tags=["CustomFormat"])
async def get_custom_format(format_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(CustomFormat, format_id)
    if row is None:
        raise NotFound("Custom format", format_id)
    return custom_format_json(row)


@router.post("/customformat", status_code=201, tags=["CustomFormat"])
async def create_custom_format(body: CustomFormatIn, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        row = CustomFormat(**await _custom_format_values(uow.session, body, None))
        uow.session.add(row)
        await uow.session.flush()
    return custom_format_json(row)


@router.put("/customformat", status_code=202, tags=["CustomFormat"])
@router.put("/customformat/{format_id}", status_code=202, tags=["CustomFormat"])
async def update_custom_format(
    body: CustomFormatIn, ctx: CtxDep, format_id: Id | None = None
) -> dict[str, Any]:
    target = format_id or body.id
    async with ctx.db.write() as uow:
        row = await uow.session.get(CustomFormat, target) if target else None
        if row is None:
            raise NotFound("Custom format", target)
        for key, value in (await _custom_format_values(uow.session, body, row.id)).items():
            setattr(row, key, value)
    return custom_format_json(row)


@router.delete("/customformat/{format_id}", tags=["CustomFormat"])
async def delete_custom_format(format_id: Id, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        if await uow.session.get(CustomFormat, format_id) is None:
            raise NotFound("Custom format", format_id)
        await _delete_custom_formats(uow.session, [format_id])
    return {}


async def _delete_custom_formats(session: AsyncSession, format_ids: list[int]) -> None:
    """Delete the formats; profiles forget their scores."""
    for row in await session.scalars(select(CustomFormat).where(CustomFormat.id.in_(format_ids))):
        await session.delete(row)
    gone = set(format_ids)
    for profile in await session.scalars(select(QualityProfile)):
        kept = [item for item in profile.format_items if item["format"] not in gone]
        if len(kept) != len(profile.format_items):
            profile.format_items = kept


# ---------------------------------------------------------------- languages


def _language_json(language: languages.Language) -> dict[str, Any]:
    return {"id": language.id, "name": language.name, "nameLower": language.name.lower()}


@router.get("/language", tags=["Language"])
async def list_languages() -> list[dict[str, Any]]:
    return [_language_json(language) for language in languages.api_choices()]


@router.get("/language/{language_id}", tags=["Language"])
async def get_language(language_id: Int32) -> dict[str, Any]:
    language = languages.by_id(language_id)
    if language is None:
        raise NotFound("Language", language_id)
    return _language_json(language)
