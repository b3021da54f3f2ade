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

# Reelarr's additions to Radarr's resources, which clients ignore as fields they do not know: a
# release, a queue item, a history record, a blocklisted release and a manual import choice say
# which version of the movie they are for (docs/versions.md); the list-sync settings name the tag
# of the "keep and tag" level (Sonarr's).
VERSION_ID = {"movieVersionId": {"type": ["integer", "null"]}}
EXTENSIONS: dict[str, dict[str, Any]] = {
    "ReleaseResource": VERSION_ID,
    "QueueResource": VERSION_ID,
    "HistoryResource": VERSION_ID,
    "BlocklistResource": VERSION_ID,
    "ManualImportResource": VERSION_ID,
    "ImportListConfigResource": {"listSyncTag": {"type": "integer"}},
}


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
    components: dict[str, Any] = _nullable_to_json_schema(document["components"])
    for schema, fields in EXTENSIONS.items():
        components["schemas"][schema]["properties"].update(fields)
    # A command's body carries its own fields (``movieIds``, ``path``...), as Radarr's typed
    # commands serialise theirs; the document describes only the fields every command has.
    components["schemas"]["Command"]["additionalProperties"] = True
    return components


def assert_matches(schema_name: str, payload: Any, *, many: bool = False) -> None:
    """Fail with the first mismatch between ``payload`` and Radarr's ``schema_name``."""
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    schema = {"type": "array", "items": ref} if many else ref
    jsonschema.validate(payload, {**schema, "components": _components()})


@cache
def _document() -> dict[str, Any]:
    return dict(json.loads(OPENAPI.read_text()))


def response_schema(path: str, method: str = "get") -> dict[str, Any] | None:
    """The JSON schema of an operation's 200 answer in Radarr's document (None when it has none)."""
    content = _document()["paths"][path][method]["responses"].get("200", {}).get("content", {})
    for media_type in ("application/json", "text/json", "text/plain"):
        if media_type in content and "schema" in content[media_type]:
            return dict(_nullable_to_json_schema(content[media_type]["schema"]))
    return None


def assert_response_matches(path: str, payload: Any, method: str = "get") -> None:
    """Fail with the first mismatch between ``payload`` and what Radarr's document says the
    operation ``method path`` answers."""
    schema = response_schema(path, method)
    assert schema is not None, f"{method.upper()} {path} has no response schema in Radarr's document"
    jsonschema.validate(payload, {**schema, "components": _components()})


def get_operations() -> list[str]:
    """Every GET path of Radarr's document that answers with a schema."""
    return [path for path, ops in _document()["paths"].items() if "get" in ops and response_schema(path)]
