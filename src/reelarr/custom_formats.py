"""Custom formats: the ten specification types and their fields, as Radarr's JSON has them.

A format is a name and a list of specifications; each specification has an implementation
(one of the ten types), a name, ``negate``, ``required`` and field values. The field
definitions here are what ``/api/v3/customformat/schema`` serves and what stored
specifications are expanded to, so formats exported from Radarr (TRaSH guides, Recyclarr,
Notifiarr) load unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reelarr import languages
from reelarr.qualities import Modifier, Resolution, Source


@dataclass(frozen=True)
class SpecField:
    name: str
    label: str
    type: str  # textbox, number, select, checkbox
    default: Any
    select_options: tuple[tuple[int, str], ...] = ()
    unit: str = ""
    is_float: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class SpecType:
    implementation: str
    implementation_name: str
    fields: tuple[SpecField, ...]


_SOURCE_OPTIONS = tuple((i, s.value.upper()) for i, s in enumerate(Source))
_RESOLUTION_OPTIONS = tuple((int(r), f"R{int(r)}p" if r else "Unknown") for r in Resolution)
_MODIFIER_OPTIONS = tuple((i, m.value.upper()) for i, m in enumerate(Modifier))
_LANGUAGE_OPTIONS = tuple((lang.id, lang.name) for lang in (languages.ORIGINAL, *languages.ALL))
# Radarr's indexer flag bits.
INDEXER_FLAGS: tuple[tuple[int, str], ...] = (
    (1, "G_Freeleech"),
    (2, "G_Halfleech"),
    (4, "G_DoubleUpload"),
    (8, "PTP_Golden"),
    (16, "PTP_Approved"),
    (32, "G_Internal"),
    (128, "G_Scene"),
    (256, "G_Freeleech75"),
    (512, "G_Freeleech25"),
    (1024, "Nuked"),
)

_REGEX = SpecField(
    "value", "Regular Expression", "textbox", "", help_text="Case-insensitive regular expression"
)

SPEC_TYPES: tuple[SpecType, ...] = (
    SpecType("ReleaseTitleSpecification", "Release Title", (_REGEX,)),
    SpecType("ReleaseGroupSpecification", "Release Group", (_REGEX,)),
    SpecType("EditionSpecification", "Edition", (_REGEX,)),
    SpecType(
        "LanguageSpecification",
        "Language",
        (
            SpecField("value", "Language", "select", 0, _LANGUAGE_OPTIONS),
            SpecField("exceptLanguage", "Except Language", "checkbox", False),
        ),
    ),
    SpecType(
        "IndexerFlagSpecification", "Indexer Flag", (SpecField("value", "Flag", "select", 1, INDEXER_FLAGS),)
    ),
    SpecType("SourceSpecification", "Source", (SpecField("value", "Source", "select", 0, _SOURCE_OPTIONS),)),
    SpecType(
        "ResolutionSpecification",
        "Resolution",
        (SpecField("value", "Resolution", "select", 0, _RESOLUTION_OPTIONS),),
    ),
    SpecType(
        "QualityModifierSpecification",
        "Quality Modifier",
        (SpecField("value", "Quality Modifier", "select", 0, _MODIFIER_OPTIONS),),
    ),
    SpecType(
        "SizeSpecification",
        "Size",
        (
            SpecField("min", "Minimum Size", "number", 0, unit="GB", is_float=True),
            SpecField("max", "Maximum Size", "number", 0, unit="GB", is_float=True),
        ),
    ),
    SpecType(
        "YearSpecification",
        "Year",
        (SpecField("min", "Minimum Year", "number", 0), SpecField("max", "Maximum Year", "number", 0)),
    ),
)
SPEC_TYPES_BY_NAME = {spec.implementation.lower(): spec for spec in SPEC_TYPES}


def field_json(spec_field: SpecField, order: int, value: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "order": order,
        "name": spec_field.name,
        "label": spec_field.label,
        "value": value,
        "type": spec_field.type,
        "advanced": False,
        "privacy": "normal",
        "isFloat": spec_field.is_float,
    }
    if spec_field.help_text:
        resource["helpText"] = spec_field.help_text
    if spec_field.unit:
        resource["unit"] = spec_field.unit
    if spec_field.select_options:
        resource["selectOptions"] = [
            {"value": value, "name": name, "order": index}
            for index, (value, name) in enumerate(spec_field.select_options)
        ]
    return resource


def specification_json(stored: dict[str, Any], spec_id: int = 0) -> dict[str, Any]:
    """A stored specification expanded to Radarr's CustomFormatSpecificationSchema."""
    spec_type = SPEC_TYPES_BY_NAME[stored["implementation"].lower()]
    values = stored.get("fields", {})
    return {
        "id": spec_id,
        "name": stored.get("name", ""),
        "implementation": spec_type.implementation,
        "implementationName": spec_type.implementation_name,
        "infoLink": "https://wiki.servarr.com/radarr/settings#custom-formats-2",
        "negate": bool(stored.get("negate", False)),
        "required": bool(stored.get("required", False)),
        "fields": [
            field_json(f, order, values.get(f.name, f.default)) for order, f in enumerate(spec_type.fields)
        ],
    }


def schema_json() -> list[dict[str, Any]]:
    """``/api/v3/customformat/schema``: one empty specification per type."""
    return [
        {**specification_json({"implementation": spec.implementation}), "presets": []} for spec in SPEC_TYPES
    ]


def _field_values(raw_fields: Any) -> dict[str, Any]:
    """Field values from either shape in circulation: Radarr's API list of {name, value}
    or the export/TRaSH object ``{"value": ...}``."""
    if isinstance(raw_fields, dict):
        return dict(raw_fields)
    values: dict[str, Any] = {}
    for item in raw_fields or []:
        if isinstance(item, dict) and "name" in item:
            values[str(item["name"])] = item.get("value")
    return values


def normalize_specification(
    raw: dict[str, Any], index: int
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """A client's specification to the stored form, with the problems found in it."""
    where = f"specifications[{index}]"
    implementation = str(raw.get("implementation") or "")
    spec_type = SPEC_TYPES_BY_NAME.get(implementation.lower())
    if spec_type is None:
        return None, [(f"{where}.implementation", f"Unknown specification type '{implementation}'")]
    values = _field_values(raw.get("fields"))
    problems: list[tuple[str, str]] = []
    stored_fields: dict[str, Any] = {}
    for spec_field in spec_type.fields:
        value = values.get(spec_field.name, spec_field.default)
        if spec_field.type == "textbox":
            value = "" if value is None else str(value)
            if not value:
                problems.append((f"{where}.value", "The regular expression must not be empty"))
            else:
                try:
                    re.compile(value)
                except re.error as exc:
                    problems.append((f"{where}.value", f"Invalid regular expression '{value}': {exc}"))
        elif spec_field.type == "checkbox":
            value = bool(value)
        else:
            try:
                value = float(value) if spec_field.is_float else int(value)
            except (TypeError, ValueError):
                problems.append((f"{where}.{spec_field.name}", f"'{value}' is not a number"))
                continue
            if spec_field.select_options and value not in {v for v, _ in spec_field.select_options}:
                problems.append(
                    (f"{where}.{spec_field.name}", f"'{value}' is not a valid {spec_field.label}")
                )
        stored_fields[spec_field.name] = value
    stored = {
        "implementation": spec_type.implementation,
        "name": str(raw.get("name") or ""),
        "negate": bool(raw.get("negate", False)),
        "required": bool(raw.get("required", False)),
        "fields": stored_fields,
    }
    return stored, problems
