"""One framework for the four provider kinds: indexers, download clients, notifications, import lists.

A provider is a row in ``provider_definitions`` (name, implementation, JSON settings, the
kind's own switches, priority, tags) plus an implementation class registered for its kind.
Each implementation declares a pydantic settings model whose fields carry a :class:`Form`
marker; that model is at once the stored JSON, the validation, and Radarr's ``fields`` array
the API and the UI show. Secrets leave masked and a mask sent back keeps the stored value,
so a client that echoes a resource (Prowlarr does) never overwrites an API key with stars.

Failures back off on a fixed escalating schedule (0, 1, 5, 15, 30 min, 1, 3, 6, 12, 24 h),
recorded in ``provider_status`` so the API and the health checks can show it.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.errors import ValidationFailed
from reelarr.models import ProviderDefinition, ProviderStatus

if TYPE_CHECKING:
    from reelarr.context import Context

# Radarr's placeholder for a secret that is set; sent back unchanged, it means "keep it".
SECRET_MASK = "********"
SECRET_PRIVACY = frozenset({"password", "apiKey"})

BACKOFF_SCHEDULE: tuple[dt.timedelta, ...] = tuple(
    dt.timedelta(minutes=m) for m in (0, 1, 5, 15, 30, 60, 180, 360, 720, 1440)
)


# ---------------------------------------------------------------- settings that are the form


@dataclass(frozen=True)
class Form:
    """How one settings field appears in Radarr's ``fields`` array (``Annotated`` metadata)."""

    label: str
    help_text: str = ""
    type: str = "textbox"  # textbox, password, number, checkbox, select, tag, url...
    advanced: bool = False
    privacy: str = "normal"  # normal, password, apiKey, userName
    select_options: tuple[tuple[int, str], ...] = ()
    unit: str | None = None
    placeholder: str | None = None
    help_link: str | None = None
    hidden: str = ""  # Radarr's HiddenType: "hidden", or "hiddenIfNotSet" for a retired field
    select_options_provider_action: str = ""  # options fetched from the provider's ``action/<name>``


class ProviderSettings(BaseModel):
    """Base of every implementation's settings: stored and served under Radarr's field names."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


SettingsT = TypeVar("SettingsT", bound=ProviderSettings)


def _form_of(info: Any) -> Form | None:
    return next((m for m in info.metadata if isinstance(m, Form)), None)


def _is_float(annotation: Any) -> bool:
    if annotation is float:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return float in get_args(annotation)
    return False


def secret_names(model: type[ProviderSettings]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        form = _form_of(info)
        if form is not None and form.privacy in SECRET_PRIVACY:
            names.add(info.alias or name)
    return names


def form_fields(settings: ProviderSettings) -> list[dict[str, Any]]:
    """Radarr's ``fields`` array for these settings, with secrets masked."""
    values = settings.model_dump(mode="json", by_alias=True)
    fields = []
    for order, (name, info) in enumerate(type(settings).model_fields.items()):
        form = _form_of(info)
        if form is None:
            continue
        key = info.alias or name
        value = values.get(key)
        if form.privacy in SECRET_PRIVACY and value:
            value = SECRET_MASK
        entry: dict[str, Any] = {
            "order": order,
            "name": key,
            "label": form.label,
            "helpText": form.help_text,
            "value": value,
            "type": form.type,
            "advanced": form.advanced,
            "privacy": form.privacy,
            "isFloat": _is_float(info.annotation),
        }
        if form.unit:
            entry["unit"] = form.unit
        if form.placeholder:
            entry["placeholder"] = form.placeholder
        if form.help_link:
            entry["helpLink"] = form.help_link
        if form.hidden:
            entry["hidden"] = form.hidden
        if form.select_options_provider_action:
            entry["selectOptionsProviderAction"] = form.select_options_provider_action
        if form.select_options:
            entry["selectOptions"] = [
                {"value": v, "name": label, "order": i, "dividerAfter": False}
                for i, (v, label) in enumerate(form.select_options)
            ]
        fields.append(entry)
    return fields


def settings_from_fields(
    model: type[SettingsT], fields: Sequence[dict[str, Any]] | None, stored: dict[str, Any] | None = None
) -> SettingsT:
    """Settings from a resource's ``fields``, on top of the stored ones.

    A secret sent back as the mask keeps the stored value; ``null`` resets a field to its default.
    Invalid values raise :class:`ValidationFailed` naming the field.
    """
    secrets = secret_names(model)
    values = dict(stored or {})
    for field in fields or ():
        key = field.get("name")
        if not isinstance(key, str):
            continue
        value = field.get("value")
        if value == SECRET_MASK and key in secrets:
            continue
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            location = ".".join(str(part) for part in error["loc"]) or "fields"
            problems.append((location, error["msg"]))
        raise ValidationFailed(*problems) from None


# ---------------------------------------------------------------- implementations


@dataclass(frozen=True)
class Definition:
    """A provider's row as plain values, safe to hold outside a database session."""

    id: int
    name: str
    implementation: str
    settings: dict[str, Any]
    options: dict[str, Any]
    enable: bool
    priority: int
    tags: tuple[int, ...]

    @classmethod
    def of(cls, row: ProviderDefinition) -> Definition:
        return cls(
            id=row.id,
            name=row.name,
            implementation=row.implementation,
            settings=dict(row.settings or {}),
            options=dict(row.options or {}),
            enable=row.enable,
            priority=row.priority,
            tags=tuple(row.tags or ()),
        )


@dataclass(frozen=True)
class Preset:
    """A ready-made starting point the schema offers (a known indexer's URL, say)."""

    name: str
    settings: dict[str, Any]


class Provider:
    """Base of every implementation: a definition and its typed settings.

    Subclasses set the class variables and override :meth:`test`; a kind's base class
    (``reelarr.indexers.Indexer``...) adds the kind's own work.
    """

    kind: ClassVar[str]
    implementation: ClassVar[str]
    implementation_name: ClassVar[str]
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported"
    settings_model: ClassVar[type[ProviderSettings]]
    presets: ClassVar[tuple[Preset, ...]] = ()

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.settings = settings_from_fields(self.settings_model, (), definition.settings)

    @property
    def config_contract(self) -> str:
        return type(self.settings).__name__

    @classmethod
    def resource_extras(cls) -> dict[str, Any]:
        """Fields the kind's resource adds from the implementation (``protocol`` for indexers)."""
        return {}

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        """Try the settings for real; return problems as (field, message a user can act on)."""
        return []

    async def action(self, ctx: Context, name: str, query: dict[str, str]) -> dict[str, Any]:
        """Answer ``action/{name}`` (options the form fetches); none by default."""
        raise ValidationFailed(("action", f"{self.implementation_name} has no action named {name!r}"))


@dataclass(frozen=True)
class ProviderKind:
    """What the framework needs to serve one kind: its implementations and its own switches."""

    kind: str
    label: str  # "Indexer", used in messages
    implementations: tuple[type[Provider], ...]
    options_model: type[BaseModel]
    # Whether the definition counts as enabled, from its options (indexers: any of three switches).
    is_enabled: Callable[[BaseModel], bool] = lambda options: bool(getattr(options, "enable", True))
    # Which of the definition's own columns the kind's Radarr resource shows: download clients
    # have both, indexers only a priority, notifications neither.
    resource_columns: tuple[str, ...] = ("enable", "priority")

    def implementation(self, name: str) -> type[Provider]:
        for implementation in self.implementations:
            if implementation.implementation.lower() == (name or "").lower():
                return implementation
        raise ValidationFailed(("implementation", f"Unknown {self.label.lower()} implementation {name!r}"))

    def build(self, definition: Definition) -> Provider:
        return self.implementation(definition.implementation)(definition)


async def definitions(session: AsyncSession, kind: str) -> list[Definition]:
    rows = await session.scalars(
        select(ProviderDefinition).where(ProviderDefinition.kind == kind).order_by(ProviderDefinition.id)
    )
    return [Definition.of(row) for row in rows]


# ---------------------------------------------------------------- failure back-off


def backoff_level_for(minimum: dt.timedelta) -> int:
    """The lowest escalation level whose wait is at least ``minimum`` (a 429's Retry-After)."""
    for level, period in enumerate(BACKOFF_SCHEDULE):
        if period >= minimum:
            return level
    return len(BACKOFF_SCHEDULE) - 1


def escalate(
    status: ProviderStatus, now: dt.datetime, minimum_backoff: dt.timedelta = dt.timedelta(0)
) -> None:
    """One more failure: step up the schedule (not while already disabled) and disable until then."""
    disabled = status.disabled_till is not None and status.disabled_till > now
    if not status.escalation_level:
        status.initial_failure = now
        status.escalation_level = 1
    elif not disabled:
        status.escalation_level = min(status.escalation_level + 1, len(BACKOFF_SCHEDULE) - 1)
    status.escalation_level = max(status.escalation_level, backoff_level_for(minimum_backoff))
    status.most_recent_failure = now
    status.disabled_till = now + BACKOFF_SCHEDULE[status.escalation_level]


def recover(status: ProviderStatus) -> None:
    """A success: usable again at once; the level steps down so a flapping provider backs off again fast."""
    status.disabled_till = None
    status.escalation_level = max(status.escalation_level - 1, 0)
    if status.escalation_level == 0:
        status.initial_failure = None
        status.most_recent_failure = None


async def status_of(session: AsyncSession, provider_id: int) -> ProviderStatus:
    status = await session.scalar(select(ProviderStatus).where(ProviderStatus.provider_id == provider_id))
    if status is None:
        status = ProviderStatus(provider_id=provider_id, escalation_level=0, data={})
        session.add(status)
    return status


async def record_failure(
    session: AsyncSession,
    provider_id: int,
    now: dt.datetime,
    minimum_backoff: dt.timedelta = dt.timedelta(0),
) -> ProviderStatus:
    status = await status_of(session, provider_id)
    escalate(status, now, minimum_backoff)
    return status


async def record_success(session: AsyncSession, provider_id: int) -> ProviderStatus:
    status = await status_of(session, provider_id)
    recover(status)
    return status


async def statuses(session: AsyncSession, kind: str) -> dict[int, ProviderStatus]:
    rows = await session.scalars(
        select(ProviderStatus)
        .join(ProviderDefinition, ProviderDefinition.id == ProviderStatus.provider_id)
        .where(ProviderDefinition.kind == kind)
    )
    return {row.provider_id: row for row in rows}


def is_blocked(status: ProviderStatus | None, now: dt.datetime) -> bool:
    return bool(status and status.disabled_till and status.disabled_till > now)
