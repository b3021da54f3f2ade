"""``/notification/schema`` offers Radarr's notification kinds under Radarr's names, contracts and fields.

The expected list is taken from Radarr's source (see ``source`` in the data file). Kinds not
built yet are listed there as ``notYet`` and the test asserts exactly that list, so a kind
that is missing never passes silently and one that is added must be taken off the list.
Secrets Reelarr masks where Radarr does not are listed as ``maskedHere``, with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

DATA = json.loads(
    (Path(__file__).parent.parent / "data" / "radarr-implementations" / "notifications.json").read_text()
)
SWITCHES = (
    "onGrab",
    "onDownload",
    "onUpgrade",
    "onRename",
    "onMovieAdded",
    "onMovieDelete",
    "onMovieFileDelete",
    "onMovieFileDeleteForUpgrade",
    "onHealthIssue",
    "onHealthRestored",
    "onApplicationUpdate",
    "onManualInteractionRequired",
)


def _supports(switch: str) -> str:
    return "supports" + switch[0].upper() + switch[1:]


def _schema(client: TestClient) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v3/notification/schema")
    assert response.status_code == 200, response.text
    return {entry["implementation"]: entry for entry in response.json()}


def test_the_kinds_not_built_yet_are_exactly_the_listed_ones(client: TestClient) -> None:
    offered = set(_schema(client))
    radarr = {entry["implementation"] for entry in DATA["implementations"]}
    assert sorted(radarr - offered) == DATA["notYet"]
    assert not set(DATA["notYet"]) & offered, "built kinds must come off the notYet list"


def test_each_built_kind_has_radarrs_name_contract_fields_and_events(client: TestClient) -> None:
    schema = _schema(client)
    differing = DATA["differs"]
    for expected in DATA["implementations"]:
        name = expected["implementation"]
        if name in DATA["notYet"]:
            continue
        offered = schema[name]
        assert offered["implementationName"] == expected["implementationName"], name
        assert offered["configContract"] == expected["configContract"], name
        fields = [field["name"] for field in offered["fields"]]
        radarr_fields = [field["name"] for field in expected["fields"]]
        if name in differing:
            assert fields == differing[name]["fields"], name
        else:
            assert fields == radarr_fields, name
        for switch in SWITCHES:
            wanted = switch in expected["events"] and switch not in DATA["neverSent"]
            assert offered[_supports(switch)] is wanted, f"{name} {_supports(switch)}"


def test_secrets_are_the_fields_radarr_keeps_private(client: TestClient) -> None:
    schema = _schema(client)
    for expected in DATA["implementations"]:
        name = expected["implementation"]
        if name in DATA["notYet"] or name in DATA["differs"]:
            continue
        privacy = {field["name"]: field["privacy"] for field in schema[name]["fields"]}
        masked = DATA["maskedHere"].get(name, [])
        for field in expected["fields"]:
            wanted = "apiKey" if field["name"] in masked else field.get("privacy", "normal")
            assert privacy[field["name"]] == wanted, f"{name}.{field['name']}"
