"""Radarr's provider implementations (tests/data/radarr-implementations/) against our ``/schema``.

Each data file lists Radarr's implementations as its source declares them, and the gaps we
know of: implementations not built yet, Radarr fields an implementation lacks, and fields we
add. Every list is asserted exactly, so a gap closed or a new one opened both fail the test
until the file says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from reelarr.providers import SECRET_MASK

DATA = Path(__file__).parent / "data" / "radarr-implementations"


def radarr_implementations(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text())
    return data


def built(name: str) -> list[str]:
    """Radarr's implementations that Reelarr has."""
    data = radarr_implementations(name)
    return sorted(
        e["implementation"] for e in data["implementations"] if e["implementation"] not in data["notYet"]
    )


def compare_schema(client: TestClient, kind: str, name: str) -> None:
    data = radarr_implementations(name)
    radarr = {entry["implementation"]: entry for entry in data["implementations"]}
    response = client.get(f"/api/v3/{kind}/schema")
    assert response.status_code == 200
    ours = {entry["implementation"]: entry for entry in response.json()}

    unknown = sorted(set(ours) - set(radarr))
    assert not unknown, f"implementations Radarr does not have: {unknown}"
    absent = sorted(set(radarr) - set(ours))
    assert absent == sorted(data["notYet"]), f"not built: {absent}; the data file says {data['notYet']}"
    missing, extra = {}, {}
    for implementation, entry in ours.items():
        expected = radarr[implementation]
        contract = (entry["configContract"], expected["configContract"])
        assert contract[0] == contract[1], (
            f"{implementation}: config contract {contract[0]}, Radarr's {contract[1]}"
        )
        names = {field["name"] for field in entry["fields"]}
        if gap := sorted(set(expected["fields"]) - names):
            missing[implementation] = gap
        if added := sorted(names - set(expected["fields"])):
            extra[implementation] = added
    assert missing == data["missingFields"], f"Radarr fields we lack: {missing}"
    assert extra == data["extraFields"], f"fields Radarr does not have: {extra}"


def radarr_value(field: dict[str, Any]) -> Any:
    """A value unlike the default, as a user's own settings would be."""
    options = [option["value"] for option in field.get("selectOptions") or []]
    if isinstance(field["value"], list) or field["type"] == "tag":
        if options:
            return options[-1:]
        return [2000, 2040] if field["name"] == "categories" else ["movies"]
    if options:
        return options[-1]
    if field["type"] == "checkbox":
        return not field["value"]
    if field.get("isFloat"):
        return 1.5
    if field["type"] == "number" or (
        isinstance(field["value"], int) and not isinstance(field["value"], bool)
    ):
        return 6001 if field["name"] == "port" else 7
    if field["name"] == "host":
        return "seedbox.lan"
    if field["name"] == "baseUrl":
        return "https://tracker.example/t.rss?u=1;tp=key;download"
    if field["name"] == "apiPath":
        return "/api/v2"
    if "folder" in field["name"].lower() or "directory" in field["name"].lower():
        return f"/data/{field['name']}"
    return f"{field['name']}-value"


def round_trip(
    client: TestClient, kind: str, implementation: str, overrides: dict[str, Any] | None = None
) -> None:
    """Post a resource with values unlike the defaults (forceSave: no daemon behind), read it back.

    ``overrides`` replaces values a kind's own rules refuse together (Radarr's validators)."""
    schema = next(
        s for s in client.get(f"/api/v3/{kind}/schema").json() if s["implementation"] == implementation
    )
    values = {f["name"]: radarr_value(f) for f in schema["fields"]} | (overrides or {})
    tag = client.post("/api/v3/tag", json={"label": f"from-radarr-{implementation.lower()}"}).json()["id"]
    resource = {**schema, "name": f"My {implementation}", "enable": True, "priority": 3, "tags": [tag]}
    resource["fields"] = [{"name": name, "value": value} for name, value in values.items()]
    created = client.post(f"/api/v3/{kind}", params={"forceSave": "true"}, json=resource)
    assert created.status_code == 201, created.text

    read = client.get(f"/api/v3/{kind}/{created.json()['id']}").json()
    assert (read["implementation"], read["configContract"], read["priority"], read["tags"]) == (
        implementation,
        schema["configContract"],
        3,
        [tag],
    )
    secrets = {f["name"] for f in schema["fields"] if f["privacy"] in ("password", "apiKey")}
    expected = {name: SECRET_MASK if name in secrets else value for name, value in values.items()}
    got = {f["name"]: f["value"] for f in read["fields"]}
    assert got == expected, {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}

    # Sent back as read (masks and all), nothing changes: the stored secrets stay.
    assert (
        client.put(f"/api/v3/{kind}/{read['id']}", params={"forceSave": "true"}, json=read).status_code == 202
    )
    again = client.get(f"/api/v3/{kind}/{read['id']}").json()
    assert again["fields"] == read["fields"]
