"""A download client's settings as Radarr stores them come back unchanged, secrets masked.

Moving from Radarr (its API or its database) posts each client's resource as Radarr has it;
what is read back must be the same, or the move loses settings.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from radarr_implementations import radarr_implementations
from reelarr.providers import SECRET_MASK

BUILT = sorted(
    entry["implementation"]
    for entry in radarr_implementations("download_clients")["implementations"]
    if entry["implementation"] not in radarr_implementations("download_clients")["notYet"]
)


def _radarr_value(field: dict[str, Any]) -> Any:
    """A value unlike the default, as a user's own settings would be."""
    if field.get("selectOptions"):
        return field["selectOptions"][-1]["value"]
    if field["type"] == "checkbox":
        return not field["value"]
    if field["type"] == "number" or (
        isinstance(field["value"], int) and not isinstance(field["value"], bool)
    ):
        return 6001 if field["name"] == "port" else 7
    if field["type"] == "tag":
        return ["movies"]
    if field["name"] in {"host"}:
        return "seedbox.lan"
    if "folder" in field["name"].lower() or "directory" in field["name"].lower():
        return f"/data/{field['name']}"
    return f"{field['name']}-value"


@pytest.mark.parametrize("implementation", BUILT)
def test_a_radarr_resource_round_trips_with_secrets_masked(client: TestClient, implementation: str) -> None:
    schema = next(
        s for s in client.get("/api/v3/downloadclient/schema").json() if s["implementation"] == implementation
    )
    values = {f["name"]: _radarr_value(f) for f in schema["fields"]}
    resource = {**schema, "name": f"My {implementation}", "enable": True, "priority": 3, "tags": []}
    resource["fields"] = [{"name": name, "value": value} for name, value in values.items()]
    created = client.post("/api/v3/downloadclient", params={"forceSave": "true"}, json=resource)
    assert created.status_code == 201, created.text

    read = client.get(f"/api/v3/downloadclient/{created.json()['id']}").json()
    assert (read["implementation"], read["configContract"], read["priority"]) == (
        implementation,
        schema["configContract"],
        3,
    )
    secrets = {f["name"] for f in schema["fields"] if f["privacy"] in ("password", "apiKey")}
    expected = {name: SECRET_MASK if name in secrets else value for name, value in values.items()}
    assert {f["name"]: f["value"] for f in read["fields"]} == expected

    # Sent back as read (masks and all), nothing changes: the stored secrets stay.
    assert (
        client.put(
            f"/api/v3/downloadclient/{read['id']}", params={"forceSave": "true"}, json=read
        ).status_code
        == 202
    )
    again = client.get(f"/api/v3/downloadclient/{read['id']}").json()
    assert again["fields"] == read["fields"]
