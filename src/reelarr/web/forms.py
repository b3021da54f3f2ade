"""Forms generated from schemas: a settings section's pydantic model, or a provider's ``fields``.

One description (:class:`FormField`) feeds one template macro, so every settings form looks
and validates the same way, and a secret is only ever shown as the mask.
"""

from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import FormData

from reelarr import languages
from reelarr.providers import SECRET_MASK, SECRET_PRIVACY

# Languages by name, for the settings that keep a language's number.
LANGUAGE_CHOICES = tuple(
    (language.id, language.name)
    for language in sorted(languages.ALL, key=lambda one: one.name)
    if language.iso_639_1
)

# Radarr's choices for settings that the models keep as plain strings.
CHOICES: dict[str, tuple[tuple[Any, str], ...]] = {
    "downloadPropersAndRepacks": (
        ("preferAndUpgrade", "Prefer and upgrade"),
        ("doNotUpgrade", "Do not upgrade automatically"),
        ("doNotPrefer", "Do not prefer"),
    ),
    "fileDate": (("none", "None"), ("cinemas", "In cinemas date"), ("release", "Physical release date")),
    "rescanAfterRefresh": (("always", "Always"), ("afterManual", "After manual refresh"), ("never", "Never")),
    "movieRuntimeFormat": (("hoursMinutes", "1h 15m"), ("minutes", "75 mins")),
    "theme": (("auto", "Auto"), ("light", "Light"), ("dark", "Dark")),
    "firstDayOfWeek": ((0, "Sunday"), (1, "Monday")),
    # Radarr's date and time formats (moment.js tokens), each shown with an example.
    "shortDateFormat": (
        ("MMM D YYYY", "Mar 25 2014"),
        ("DD MMM YYYY", "25 Mar 2014"),
        ("MM/D/YYYY", "03/25/2014"),
        ("MM/DD/YYYY", "03/25/2014 (two-digit day)"),
        ("DD/MM/YYYY", "25/03/2014"),
        ("YYYY-MM-DD", "2014-03-25"),
    ),
    "longDateFormat": (
        ("dddd, MMMM D YYYY", "Tuesday, March 25 2014"),
        ("dddd, D MMMM YYYY", "Tuesday, 25 March 2014"),
    ),
    "timeFormat": (("h(:mm)a", "5pm / 5:30pm"), ("HH:mm", "17:00 / 17:30")),
    "movieInfoLanguage": LANGUAGE_CHOICES,
    "uiLanguage": LANGUAGE_CHOICES,
    "colonReplacementFormat": (
        ("delete", "Delete"),
        ("dash", "Replace with dash"),
        ("spaceDash", "Replace with space dash"),
        ("spaceDashSpace", "Replace with space dash space"),
        ("smart", "Smart replace"),
    ),
}

# Better labels than the field name gives, where Radarr's wording differs.
LABELS = {
    "recycleBin": "Recycle bin path",
    "chmodFolder": "chmod folder",
    "chownGroup": "chown group",
    "standardMovieFormat": "Standard movie format",
    "movieFolderFormat": "Movie folder format",
    "copyUsingHardlinks": "Use hardlinks instead of copy",
    "minimumFreeSpaceWhenImporting": "Minimum free space (MB)",
    "setPermissionsLinux": "Set permissions",
    "tmdbApiKey": "TMDB API key",
    "tmdbBaseUrl": "TMDB API URL",
    "imageBaseUrl": "TMDB image URL",
    "availabilityDelay": "Availability delay (days)",
}


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str  # text, number, checkbox, select, secret, list, oauth
    value: Any
    help: str = ""
    advanced: bool = False
    choices: tuple[tuple[Any, str], ...] = ()
    is_float: bool = False


def label_of(name: str) -> str:
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()
    return words[:1].upper() + words[1:]


def _base_type(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return args[0] if args else annotation
    return annotation


def is_secret_setting(key: str) -> bool:
    """Section settings that hold a credential: shown only as the mask, kept when sent back so."""
    return key.lower().endswith(("apikey", "password", "token"))


def _is_form_type(annotation: Any) -> bool:
    """What a form can edit; anything else (timestamps Reelarr keeps for itself) stays off it."""
    return annotation in (bool, int, float, str) or (
        isinstance(annotation, type) and issubclass(annotation, enum.Enum)
    )


def section_fields(value: BaseModel) -> list[FormField]:
    """The form for a settings section, in the model's field order."""
    data = value.model_dump(mode="json", by_alias=True)
    fields = []
    for name, info in type(value).model_fields.items():
        key = info.alias or name
        annotation = _base_type(info.annotation)
        if not _is_form_type(annotation):
            continue
        if is_secret_setting(key):
            fields.append(
                FormField(key, LABELS.get(key, label_of(key)), "secret", SECRET_MASK if data.get(key) else "")
            )
            continue
        choices = CHOICES.get(key, ())
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum) and not choices:
            choices = tuple((member.value, label_of(str(member.value))) for member in annotation)
        if choices:
            kind = "select"
        elif annotation is bool:
            kind = "checkbox"
        elif annotation in (int, float):
            kind = "number"
        else:
            kind = "text"
        fields.append(
            FormField(
                key,
                LABELS.get(key, label_of(key)),
                kind,
                data.get(key),
                help=info.description or "",
                choices=choices,
                is_float=annotation is float,
            )
        )
    return fields


def section_values(model: type[BaseModel], form: FormData) -> dict[str, Any]:
    """The submitted values for a section form, typed as its model expects (invalid ones as given)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        annotation = _base_type(info.annotation)
        if not _is_form_type(annotation) or (is_secret_setting(key) and form.get(key) == SECRET_MASK):
            continue
        if annotation is bool:
            values[key] = key in form
        elif key in form:
            values[key] = _number(form[key]) if annotation in (int, float) else str(form[key])
        if key in CHOICES and isinstance(CHOICES[key][0][0], int) and key in form:
            values[key] = _number(form[key])
    return values


def _number(raw: Any) -> Any:
    text = str(raw).strip()
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def provider_fields(fields: list[dict[str, Any]]) -> list[FormField]:
    """The form for a provider from Radarr's ``fields`` array (secrets already masked there)."""
    result = []
    for field in fields:
        value = field.get("value")
        choices = tuple((o["value"], o["name"]) for o in field.get("selectOptions", ()))
        if field.get("privacy") in SECRET_PRIVACY:
            kind = "secret"
        elif isinstance(value, list):
            kind = "list"
            value = ", ".join(str(v) for v in value)
        elif choices:
            kind = "select"
        elif field.get("type") == "checkbox":
            kind = "checkbox"
        elif field.get("type") == "oAuth":
            kind = "oauth"  # a sign-in action, not a value: the form shows how to sign in instead
        elif field.get("type") == "number":
            kind = "number"
        else:
            kind = "text"
        result.append(
            FormField(
                field["name"],
                field.get("label") or label_of(field["name"]),
                kind,
                value,
                help=field.get("helpText") or "",
                advanced=bool(field.get("advanced")),
                choices=choices,
                is_float=bool(field.get("isFloat")),
            )
        )
    return result


def provider_field_values(schema_fields: list[dict[str, Any]], form: FormData) -> list[dict[str, Any]]:
    """Radarr's ``fields`` array from a submitted provider form.

    A secret left as the mask is sent back as the mask, which keeps the stored value.
    """
    result = []
    for field in schema_fields:
        key = field["name"]
        value: Any
        if field.get("type") == "checkbox" and not isinstance(field.get("value"), list):
            value = key in form
        elif key not in form:
            continue
        elif field.get("value") is None and not str(form[key]).strip():
            value = None  # an optional field left empty keeps its default
        elif isinstance(field.get("value"), list):
            items = [item.strip() for item in str(form[key]).split(",") if item.strip()]
            value = [_number(item) for item in items]
        elif field.get("type") == "number" or isinstance(field.get("value"), int | float):
            raw = str(form[key]).strip()
            value = _number(raw) if raw else None
        else:
            value = str(form[key])
        if field.get("privacy") in SECRET_PRIVACY and value == "":
            value = SECRET_MASK if field.get("value") == SECRET_MASK else ""
        result.append({"name": key, "value": value})
    return result
