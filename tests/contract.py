"""Radarr's OpenAPI document as JSON Schema, to check our responses field by field.

Radarr's schemas say ``additionalProperties: false``, so a response with a misspelt or
invented field fails as surely as one with a wrong type or enum spelling.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema


def _find_openapi() -> Path:
    """The shared reference folder sits beside the checkout (or beside the folder of worktrees)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "reference" / "radarr-api-v3-openapi.json"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("shared/reference/radarr-api-v3-openapi.json not found above tests/")


OPENAPI = _find_openapi()


def _nullable_to_json_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_nullable_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable_to_json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        if "$ref" in converted:
            converted = {"anyOf": [{"$ref": converted.pop("$ref")}, {"type": "null"}], **converted}
    return converted


@cache
def _components() -> dict[str, Any]:
    document = json.loads(OPENAPI.read_text())
    return _nullable_to_json_schema(document["components"])


def assert_matches(schema_name: str, payload: Any, *, many: bool = False) -> None:
    """Fail with the first mismatch between ``payload`` and Radarr's ``schema_name``."""
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    schema = {"type": "array", "items": ref} if many else ref
    jsonschema.validate(payload, {**schema, "components": _components()})
