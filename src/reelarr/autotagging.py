"""Automatic tagging: rules that give a movie tags while it matches their specifications.

Radarr's eleven specification types, with its implementation names and fields, so rules
exported from Radarr load unchanged. A rule matches by the grouped rule custom formats use
(every type passes; a type passes when one of its specifications holds and none of its
required ones fails). When a rule stops matching, its tags are taken away only if the rule
says ``removeTagsAutomatically``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reelarr import languages
from reelarr.custom_formats import SpecField, SpecType, field_json, field_values


@dataclass(frozen=True)
class MovieTagFacts:
    """What the specifications look at, read from the library beforehand."""

    monitored: bool
    year: int
    runtime: int
    status: str  # tba, announced, inCinemas, released, deleted
    original_language: int
    genres: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    studio: str | None = None
    quality_profile_id: int = 0
    root_folder_path: str | None = None
    tags: frozenset[int] = field(default_factory=frozenset)


# Radarr's MovieStatusType numbers, which the Status specification stores.
STATUS_OPTIONS: tuple[tuple[int, str], ...] = (
    (-1, "Deleted"),
    (0, "TBA"),
    (1, "Announced"),
    (2, "In Cinemas"),
    (3, "Released"),
)
STATUS_NUMBERS = {"deleted": -1, "tba": 0, "announced": 1, "inCinemas": 2, "released": 3}
_LANGUAGE_OPTIONS = tuple((lang.id, lang.name) for lang in languages.ALL)

SPEC_TYPES: tuple[SpecType, ...] = (
    SpecType("GenreSpecification", "Genre", (SpecField("value", "Genre(s)", "tag", []),)),
    SpecType("KeywordSpecification", "Keyword", (SpecField("value", "Keyword(s)", "tag", []),)),
    SpecType("MonitoredSpecification", "Monitored", ()),
    SpecType(
        "OriginalLanguageSpecification",
        "Original Language",
        (SpecField("value", "Language", "select", languages.ENGLISH.id, _LANGUAGE_OPTIONS),),
    ),
    SpecType(
        "QualityProfileSpecification",
        "Quality Profile",
        (SpecField("value", "Quality Profile", "qualityProfile", 0),),
    ),
    SpecType(
        "RootFolderSpecification", "Root Folder", (SpecField("value", "Root Folder", "rootFolder", ""),)
    ),
    SpecType(
        "RuntimeSpecification",
        "Runtime",
        (
            SpecField("min", "Minimum Runtime", "number", 0, unit="minutes"),
            SpecField("max", "Maximum Runtime", "number", 0, unit="minutes"),
        ),
    ),
    SpecType("StatusSpecification", "Status", (SpecField("status", "Status", "select", 0, STATUS_OPTIONS),)),
    SpecType("StudioSpecification", "Studio", (SpecField("value", "Studio(s)", "tag", []),)),
    SpecType("TagSpecification", "Tag", (SpecField("value", "Tag", "tag", 0),)),
    SpecType(
        "YearSpecification",
        "Year",
        (SpecField("min", "Minimum Year", "number", 0), SpecField("max", "Maximum Year", "number", 0)),
    ),
)
SPEC_TYPES_BY_NAME = {spec.implementation.lower(): spec for spec in SPEC_TYPES}


def specification_json(stored: dict[str, Any], spec_id: int = 0) -> dict[str, Any]:
    """A stored specification expanded to Radarr's AutoTaggingSpecificationSchema."""
    spec_type = SPEC_TYPES_BY_NAME[stored["implementation"].lower()]
    values = stored.get("fields", {})
    return {
        "id": spec_id,
        "name": stored.get("name", ""),
        "implementation": spec_type.implementation,
        "implementationName": spec_type.implementation_name,
        "negate": bool(stored.get("negate", False)),
        "required": bool(stored.get("required", False)),
        "fields": [
            field_json(f, order, values.get(f.name, f.default)) for order, f in enumerate(spec_type.fields)
        ],
    }


def schema_json() -> list[dict[str, Any]]:
    """``/api/v3/autotagging/schema``: one empty specification per type."""
    return [specification_json({"implementation": spec.implementation}) for spec in SPEC_TYPES]


def _words(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return [v.strip() for v in value if v.strip()]


def normalize_specification(raw: Any, index: int) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """A client's specification to the stored form, with the problems found in it (Radarr's checks)."""
    where = f"specifications[{index}]"
    if not isinstance(raw, dict):
        return None, [(where, "A specification must be an object")]
    implementation = str(raw.get("implementation") or "")
    spec_type = SPEC_TYPES_BY_NAME.get(implementation.lower())
    if spec_type is None:
        return None, [(f"{where}.implementation", f"Unknown specification type '{implementation}'")]
    values = field_values(raw.get("fields"))
    problems: list[tuple[str, str]] = []
    stored_fields: dict[str, Any] = {}
    for spec_field in spec_type.fields:
        value = values.get(spec_field.name, spec_field.default)
        name = f"{where}.{spec_field.name}"
        if spec_field.type == "tag" and spec_field.default == []:
            words = _words(value)
            if not words:
                problems.append((name, f"{spec_field.label} must not be empty"))
            value = words or []
        elif spec_field.type == "rootFolder":
            value = str(value or "").strip()
            if not value.startswith("/"):
                problems.append((name, "Must be an absolute path"))
        else:
            if isinstance(value, list) and len(value) == 1:
                value = value[0]  # Radarr's UI sends a single tag as a one-item list
            if isinstance(value, bool) or not isinstance(value, int | str):
                problems.append((name, f"'{value}' is not a number"))
                continue
            try:
                value = int(value)
            except ValueError:
                problems.append((name, f"'{value}' is not a number"))
                continue
            if not -(2**31) <= value < 2**31:
                problems.append((name, "Out of range"))
            elif spec_field.select_options and value not in {v for v, _ in spec_field.select_options}:
                problems.append((name, f"'{value}' is not a valid {spec_field.label}"))
        stored_fields[spec_field.name] = value
    fields = stored_fields
    if spec_type.implementation in ("RuntimeSpecification", "YearSpecification") and not problems:
        low, high = fields["min"], fields["max"]
        if low < 0 or (spec_type.implementation == "YearSpecification" and low <= 0):
            problems.append((f"{where}.min", "Minimum is too small"))
        if high <= 0 or high < low:
            problems.append((f"{where}.max", "Maximum must be at least the minimum"))
    stored = {
        "implementation": spec_type.implementation,
        "name": str(raw.get("name") or "")[:500],
        "negate": bool(raw.get("negate", False)),
        "required": bool(raw.get("required", False)),
        "fields": fields,
    }
    return stored, problems


def _same_path(a: str | None, b: str) -> bool:
    return a is not None and a.rstrip("/") == b.rstrip("/")


def _test(implementation: str, values: dict[str, Any]) -> Callable[[MovieTagFacts], bool]:
    value: Any = values.get("value")
    match implementation:
        case "GenreSpecification":
            wanted = {v.lower() for v in value}
            return lambda m: any(g.lower() in wanted for g in m.genres)
        case "KeywordSpecification":
            wanted = {v.lower() for v in value}
            return lambda m: any(k.lower() in wanted for k in m.keywords)
        case "MonitoredSpecification":
            return lambda m: m.monitored
        case "OriginalLanguageSpecification":
            return lambda m: m.original_language == value
        case "QualityProfileSpecification":
            return lambda m: m.quality_profile_id == value
        case "RootFolderSpecification":
            return lambda m: _same_path(m.root_folder_path, value)
        case "RuntimeSpecification":
            return lambda m: values["min"] <= m.runtime <= values["max"]
        case "StatusSpecification":
            return lambda m: STATUS_NUMBERS.get(m.status) == values["status"]
        case "StudioSpecification":
            wanted = {v.lower() for v in value}
            return lambda m: m.studio is not None and m.studio.lower() in wanted
        case "TagSpecification":
            return lambda m: value in m.tags
        case "YearSpecification":
            return lambda m: values["min"] <= m.year <= values["max"]
    raise ValueError(f"unknown auto tagging specification {implementation}")


def rule_matches(specifications: list[dict[str, Any]], movie: MovieTagFacts) -> bool:
    groups: dict[str, list[tuple[bool, bool]]] = {}
    for spec in specifications:
        holds = _test(spec["implementation"], spec.get("fields", {}))(movie) != bool(spec.get("negate"))
        groups.setdefault(spec["implementation"], []).append((holds, bool(spec.get("required"))))
    return bool(groups) and all(
        any(holds for holds, _ in group) and not any(required and not holds for holds, required in group)
        for group in groups.values()
    )


@dataclass(frozen=True)
class AutoTagRule:
    tags: tuple[int, ...]
    specifications: list[dict[str, Any]]
    remove_tags_automatically: bool = False


def tags_after(rules: Iterable[AutoTagRule], movie: MovieTagFacts) -> list[int]:
    """The movie's tags once every rule has had its say: matching rules add theirs, and rules
    that no longer match take theirs away when they remove tags automatically."""
    add: set[int] = set()
    remove: set[int] = set()
    for rule in rules:
        if rule_matches(rule.specifications, movie):
            add.update(rule.tags)
        elif rule.remove_tags_automatically:
            remove.update(rule.tags)
    return sorted((set(movie.tags) - remove) | add)
