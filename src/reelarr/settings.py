"""Run-time settings: typed sections stored in the database, each with its defaults in its model.

A section is a pydantic model with a ``section`` name; the models live next to the code
that uses them (naming in ``naming.py``, media management in ``files.py``) and use Radarr's
camelCase names, so the API's config resources are the models themselves.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr.models import SettingsSection

SECTION_CONFIG = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class Section(BaseModel):
    """A settings section. Core modules that must not import this declare the same shape:
    a ``section`` class variable and ``SECTION_CONFIG``'s camelCase aliases."""

    model_config = SECTION_CONFIG
    section: ClassVar[str]


S = TypeVar("S", bound=BaseModel)


async def load(session: AsyncSession, model: type[S]) -> S:
    """The stored section, or its defaults when it was never saved."""
    row = await session.get(SettingsSection, model.section)  # type: ignore[attr-defined]
    return model.model_validate(row.value) if row else model()


async def save(session: AsyncSession, value: BaseModel) -> None:
    section: str = value.section  # type: ignore[attr-defined]
    row = await session.get(SettingsSection, section)
    data = value.model_dump(mode="json", by_alias=True)
    if row is None:
        session.add(SettingsSection(key=section, value=data))
    else:
        row.value = data


class UiSettings(Section):
    """How the UI shows dates and runtimes; the API's ``config/ui``."""

    section: ClassVar[str] = "ui"
    first_day_of_week: int = 0
    calendar_week_column_header: str = "ddd M/D"
    movie_runtime_format: str = "hoursMinutes"
    short_date_format: str = "MMM D YYYY"
    long_date_format: str = "dddd, MMMM D YYYY"
    time_format: str = "h(:mm)a"
    show_relative_dates: bool = True
    enable_color_impaired_mode: bool = False
    movie_info_language: int = 1
    ui_language: int = 1
    theme: str = "auto"
