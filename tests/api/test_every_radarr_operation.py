"""Every operation of Radarr's API v3 document has a route in Reelarr, under its own path.

An operation counts as routed when Reelarr's own OpenAPI document has the same method on the
same path template (so ``/customformat/bulk`` served by ``/customformat/{id}`` does not count),
or, for the few routes kept out of that document, when a request is neither a 405 nor the
plain-text 404 of "no such route".
"""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from contract import OPENAPI

EXCEPTIONS = {
    ("get", "/logout"): (
        "Radarr signs out on a GET; Reelarr's sign-out is a POST, which the security gate's "
        "cross-site check covers, so a link or image on another site cannot sign a user out"
    ),
    ("get", "/content/{path}"): "Radarr's single-page app bundle; Reelarr's UI is server-rendered",
    ("get", "/{path}"): "Radarr's single-page app fallback; Reelarr's UI is server-rendered",
}


def _template(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path).lower().rstrip("/") or "/"


def _radarr_operations() -> list[tuple[str, str]]:
    document = json.loads(OPENAPI.read_text())
    return [(method, path) for path, operations in document["paths"].items() for method in operations]


def test_the_exceptions_are_operations_of_radarrs_document() -> None:
    assert set(EXCEPTIONS) <= set(_radarr_operations())


def test_every_operation_of_radarrs_document_is_routed(client: TestClient) -> None:
    ours = {
        (method, _template(path))
        for path, operations in client.app.openapi()["paths"].items()  # type: ignore[attr-defined]
        for method in operations
    }
    unrouted = []
    for method, path in _radarr_operations():
        if (method, path) in EXCEPTIONS or (method, _template(path)) in ours:
            continue
        # Routes outside the schema (login, ping, the calendar feed...) answer a real request.
        response = client.request(method.upper(), re.sub(r"\{[^}]+\}", "1", path), follow_redirects=False)
        no_route = response.status_code == 404 and response.text == "Not Found"
        if no_route or response.status_code == 405:
            unrouted.append(f"{method.upper()} {path}")
    assert unrouted == []
