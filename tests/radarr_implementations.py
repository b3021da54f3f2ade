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

DATA = Path(__file__).parent / "data" / "radarr-implementations"


def radarr_implementations(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text())
    return data


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
