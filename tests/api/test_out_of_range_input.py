"""Input the database cannot hold, or that is not Unicode, gets Radarr's 400; never a 500.

The sweep takes every operation of Reelarr's own OpenAPI document and sends an integer the
columns cannot hold, and a negative one, in each integer (or list of integers) path and query
parameter, on SQLite and PostgreSQL (PostgreSQL's ``integer`` is 32 bits, so 2^31 overflows
there and 2^63 everywhere).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

TOO_BIG = (2**31, 2**63)
OUT_OF_RANGE = (*TOO_BIG, -1)
# Parameters where a negative number means something, as in Radarr.
NEGATIVE_ALLOWED = {
    ("GET", "/api/v3/language/{language_id}", "language_id"): "-1 is Radarr's language 'Any'",
    ("GET", "/api/v3/movie", "tmdbId"): "a filter: no movie has that TMDB id, so the list is empty",
    ("GET", "/api/v3/exclusions/paged", "pageSize"): "-1 asks for every record, as Overseerr does of Radarr",
}


def _radarr_400(response: Any) -> bool:
    if response.status_code != 400:
        return False
    body = response.json()
    return isinstance(body, list) and all({"propertyName", "errorMessage"} <= set(item) for item in body)


def _integer_parameters(client: TestClient) -> list[tuple[str, str, str, str, bool]]:
    """Each integer parameter as (method, path, where, name, is a list of integers)."""
    found = []
    for path, operations in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                variants = [schema, *schema.get("anyOf", [])]
                types = [s.get("type") for s in variants]
                is_list = any(
                    s.get("type") == "array" and s["items"].get("type") == "integer" for s in variants
                )
                if "integer" in types or is_list:
                    found.append((method.upper(), path, parameter["in"], parameter["name"], is_list))
    return found


def test_every_integer_path_and_query_parameter_is_range_checked(storage_client: TestClient) -> None:
    api = storage_client
    parameters = _integer_parameters(api)
    assert len(parameters) > 60
    assert sum(is_list for *_, is_list in parameters) >= 3
    wrong = []
    for method, path, where, name, is_list in parameters:
        for value in OUT_OF_RANGE:
            if value < 0 and (method, path, name) in NEGATIVE_ALLOWED:
                continue
            url = re.sub(r"\{[^}]+\}", "1", path)
            params: dict[str, Any] = {}
            if where == "path":
                url = path.replace("{" + name + "}", str(value))
                url = re.sub(r"\{[^}]+\}", "1", url)
            else:
                params[name] = [value] if is_list else value
            body: Any = [] if method in ("POST", "PUT", "DELETE") and "bulk" not in path else None
            response = api.request(method, url, params=params, json=body)
            if not _radarr_400(response):
                wrong.append((method, path, name, value, response.status_code, response.text[:120]))
    assert wrong == []


PAGED = [
    "/api/v3/history",
    "/api/v3/blocklist",
    "/api/v3/wanted/missing",
    "/api/v3/wanted/cutoff",
    "/api/v3/queue",
    "/api/v3/log",
]


def test_paging_out_of_range_is_a_400_and_the_ical_feed_bounds_its_days(client: TestClient) -> None:
    wrong = []
    for path in PAGED:
        for value in ("0", "-1", str(2**31), str(2**63)):
            for params in ({"page": value}, {"page": 1, "pageSize": value}):
                if not _radarr_400(client.get(path, params=params)):
                    wrong.append((path, params))
    key = client.headers["x-api-key"]
    for value in (str(2**31), "-1", str(2**63)):
        for name in ("pastDays", "futureDays"):
            if not _radarr_400(
                client.get("/feed/v3/calendar/radarr.ics", params={"apikey": key, name: value})
            ):
                wrong.append(("ical", {name: value}))
    assert wrong == []
    assert (
        client.get("/feed/v3/calendar/radarr.ics", params={"apikey": key, "pastDays": 36500}).status_code
        == 200
    )


BODIES: list[tuple[str, str, Any]] = [
    *(
        ("POST", f"/api/v3/{kind}/test", {"id": [None, None]})
        for kind in ("indexer", "downloadclient", "notification", "metadata")
    ),
    *(
        ("PUT", f"/api/v3/{kind}/bulk", {"ids": [], "applyTags": {}})
        for kind in ("indexer", "downloadclient", "notification", "metadata")
    ),
    *(
        ("PUT", f"/api/v3/{kind}/bulk", {"ids": [], "applyTags": "bogus"})
        for kind in ("indexer", "downloadclient", "notification", "metadata")
    ),
    *(("PUT", f"/api/v3/{kind}/bulk", {"ids": [2**63]}) for kind in ("indexer", "downloadclient")),
    ("POST", "/api/v3/tag", {"label": "\ud800"}),
    ("POST", "/api/v3/tag", {"label": "x" * 10_000_000}),
    ("POST", "/api/v3/tag", {"id": 2**63, "label": "big"}),
    ("PUT", "/api/v3/tag/1", {"id": 1, "label": "x" * 101}),
    ("POST", "/api/v3/customfilter", {"type": "movieIndex", "label": "\ud800", "filters": []}),
    ("POST", "/api/v3/command", {"name": "RefreshMovie", "movieIds": [2**64]}),
    ("POST", "/api/v3/command", {"name": "\ud800"}),
    ("PUT", "/api/v3/config/ui", {"firstDayOfWeek": 2**63}),
    ("PUT", "/api/v3/movie/editor", {"movieIds": [2**31], "monitored": True}),
    ("DELETE", "/api/v3/queue/bulk", {"ids": [2**63]}),
    ("DELETE", "/api/v3/blocklist/bulk", {"ids": [2**31]}),
    ("PUT", "/api/v3/qualitydefinition/update", [{"id": 2**63, "minSize": 1}]),
]


def test_bodies_that_cannot_be_stored_are_400s(storage_client: TestClient, movies_root: Path) -> None:
    api = storage_client
    assert api.post("/api/v3/tag", json={"label": "one"}).status_code == 201
    wrong = []
    for method, path, body in BODIES:
        # Sent as JSON text with escapes, as a client would: "\ud800" cannot travel as UTF-8.
        response = api.request(
            method, path, content=json.dumps(body), headers={"content-type": "application/json"}
        )
        if not _radarr_400(response):
            wrong.append((method, path, response.status_code, response.text[:160]))
    assert wrong == []
    assert [t["label"] for t in api.get("/api/v3/tag").json()] == ["one"]


def test_a_ten_megabyte_movie_title_is_refused_and_a_nul_in_a_static_path_is_no_500(
    client: TestClient, movies_root: Path
) -> None:
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    movie = {
        "title": "x" * 10_000_000,
        "year": 1995,
        "tmdbId": 949,
        "qualityProfileId": 1,
        "rootFolderPath": str(movies_root),
    }
    assert _radarr_400(client.post("/api/v3/movie", json=movie))
    assert client.get("/api/v3/movie").json() == []
    del client.headers["x-api-key"]
    response = client.get("/static/app.css%00.js")
    assert response.status_code in (400, 404)
