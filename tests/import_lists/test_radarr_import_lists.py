"""Every import list Radarr has, with its implementation name, config contract and fields."""

from __future__ import annotations

from fastapi.testclient import TestClient

from radarr_implementations import compare_schema


def test_the_schema_lists_radarrs_import_lists_with_their_contracts_and_fields(client: TestClient) -> None:
    compare_schema(client, "importlist", "import_lists")
