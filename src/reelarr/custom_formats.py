"""Custom formats: the ten specification types and their fields, as Radarr's JSON has them.

A format is a name and a list of specifications; each specification has an implementation
(one of the ten types), a name, ``negate``, ``required`` and field values. The field
definitions here are what ``/api/v3/customformat/schema`` serves and what stored
specifications are expanded to, so formats exported from Radarr (TRaSH guides, Recyclarr,
Notifiarr) load unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reelarr import languages
from reelarr.parser import ParsedMovie
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
    (64, "AHD_Internal"),
    (128, "G_Scene"),
    (256, "G_Freeleech75"),
    (512, "G_Freeleech25"),
    (1024, "AHD_UserRelease"),
    (2048, "Nuked"),
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


def field_values(raw_fields: Any) -> dict[str, Any]:
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
    values = field_values(raw.get("fields"))
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
                    compile_pattern(value)
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


# ---------------------------------------------------------------- matching and scoring

GIGABYTE = 1024**3
_DOTNET_NAMED_GROUP = re.compile(r"\(\?<(?![=!])(\w+)>")
_DOTNET_BACKREFERENCE = re.compile(r"\\k<(\w+)>")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern from a .NET regular expression as Radarr users write them.

    Named groups and back-references are spelled differently in .NET (``(?<name>...)``,
    ``\\k<name>``); the community's formats use them, so they are translated.
    """
    translated = _DOTNET_BACKREFERENCE.sub(r"(?P=\1)", _DOTNET_NAMED_GROUP.sub(r"(?P<\1>", pattern))
    return re.compile(translated, re.IGNORECASE)


_ENGLISH = languages.ENGLISH.id


@dataclass(frozen=True, slots=True)
class FormatFacts:
    """What a format is matched against: the facts of one release or movie file."""

    title: str
    release_group: str | None = None
    edition: str = ""
    languages: tuple[int, ...] = ()
    # The movie's original language, for specifications that ask for "Original".
    original_language: int = _ENGLISH
    indexer_flags: int = 0
    source: Source = Source.UNKNOWN
    resolution: int = 0
    modifier: Modifier = Modifier.NONE
    size: int = 0  # bytes
    year: int = 0


def release_facts(
    parsed: ParsedMovie,
    *,
    size: int = 0,
    indexer_flags: int = 0,
    movie_year: int = 0,
    original_language: int = languages.ENGLISH.id,
) -> FormatFacts:
    """The facts of a parsed release for the movie it was mapped to. A release that names no
    language is taken to be in the movie's original language, as Radarr does."""
    found = tuple(lang.id for lang in parsed.languages if lang.id != languages.UNKNOWN.id)
    return FormatFacts(
        title=parsed.original_title,
        release_group=parsed.release_group,
        edition=parsed.edition,
        languages=found or (original_language,),
        original_language=original_language,
        indexer_flags=indexer_flags,
        source=parsed.quality.source,
        resolution=parsed.quality.resolution,
        modifier=parsed.quality.modifier,
        size=size,
        year=movie_year or parsed.year,
    )


SpecTest = Callable[[FormatFacts], bool]


def _regex_test(attribute: str, pattern: re.Pattern[str]) -> SpecTest:
    def test(facts: FormatFacts) -> bool:
        value = getattr(facts, attribute)
        return bool(value) and pattern.search(value) is not None

    return test


def _language_test(language_id: int, except_language: bool) -> SpecTest:
    def test(facts: FormatFacts) -> bool:
        wanted = facts.original_language if language_id == languages.ORIGINAL.id else language_id
        if except_language:
            return any(found != wanted for found in facts.languages)
        return wanted in facts.languages

    return test


def _spec_test(implementation: str, values: dict[str, Any]) -> SpecTest:
    kind = implementation.lower()
    if kind == "releasetitlespecification":
        return _regex_test("title", compile_pattern(values["value"]))
    if kind == "releasegroupspecification":
        return _regex_test("release_group", compile_pattern(values["value"]))
    if kind == "editionspecification":
        return _regex_test("edition", compile_pattern(values["value"]))
    if kind == "languagespecification":
        return _language_test(int(values["value"]), bool(values.get("exceptLanguage")))
    if kind == "indexerflagspecification":
        flag = int(values["value"])
        return lambda facts: flag != 0 and facts.indexer_flags & flag == flag
    if kind == "sourcespecification":
        source = list(Source)[int(values["value"])]
        return lambda facts: facts.source == source
    if kind == "resolutionspecification":
        resolution = int(values["value"])
        return lambda facts: facts.resolution == resolution
    if kind == "qualitymodifierspecification":
        modifier = list(Modifier)[int(values["value"])]
        return lambda facts: facts.modifier == modifier
    if kind == "sizespecification":
        low, high = float(values["min"]) * GIGABYTE, float(values["max"]) * GIGABYTE
        return lambda facts: low < facts.size <= high
    if kind == "yearspecification":
        first, last = int(values["min"]), int(values["max"])
        return lambda facts: first <= facts.year <= last
    raise ValueError(f"Unknown specification type '{implementation}'")


@dataclass(frozen=True, slots=True)
class _Spec:
    test: SpecTest
    negate: bool
    required: bool

    def holds(self, facts: FormatFacts) -> bool:
        return self.test(facts) != self.negate


@dataclass(frozen=True, slots=True)
class Format:
    """A custom format ready to match: its specifications compiled and grouped by type."""

    id: int
    name: str
    groups: tuple[tuple[_Spec, ...], ...]

    def matches(self, facts: FormatFacts) -> bool:
        """Radarr's rule: every type group passes, and a group passes when one of its
        specifications holds and none of its required ones fails."""
        if not self.groups:
            return False
        for group in self.groups:
            held = False
            for spec in group:
                if spec.holds(facts):
                    held = True
                elif spec.required:
                    return False
            if not held:
                return False
        return True


def compile_format(format_id: int, name: str, specifications: list[dict[str, Any]]) -> Format:
    """A stored format (its specifications as stored by ``normalize_specification``) compiled."""
    groups: dict[str, list[_Spec]] = {}
    for stored in specifications:
        implementation = stored["implementation"]
        spec = _Spec(
            _spec_test(implementation, stored.get("fields", {})),
            bool(stored.get("negate")),
            bool(stored.get("required")),
        )
        groups.setdefault(implementation.lower(), []).append(spec)
    return Format(format_id, name, tuple(tuple(group) for group in groups.values()))


def matching_formats(formats: Iterable[Format], facts: FormatFacts) -> list[Format]:
    return [custom_format for custom_format in formats if custom_format.matches(facts)]


def score(format_scores: dict[int, int], matched: Iterable[Format]) -> int:
    """A profile's score for the matched formats: the sum of their scores in the profile."""
    return sum(format_scores.get(custom_format.id, 0) for custom_format in matched)


def exported(resource: dict[str, Any]) -> dict[str, Any]:
    """A format resource in the shape Radarr's export and the TRaSH guides use: no ids, and
    each specification's fields an object of values rather than a list of field schemas."""
    return {
        "name": resource["name"],
        "includeCustomFormatWhenRenaming": bool(resource.get("includeCustomFormatWhenRenaming")),
        "specifications": [
            {
                "name": spec.get("name", ""),
                "implementation": spec["implementation"],
                "negate": bool(spec.get("negate")),
                "required": bool(spec.get("required")),
                "fields": field_values(spec.get("fields")),
            }
            for spec in resource.get("specifications", [])
        ],
    }
