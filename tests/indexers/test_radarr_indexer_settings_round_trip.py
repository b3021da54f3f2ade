"""An indexer's settings as Radarr stores them come back unchanged, secrets masked.

Moving from Radarr (or Prowlarr pushing indexers) posts each resource as Radarr has it; what
is read back must be the same, or the move loses settings.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from radarr_implementations import built, round_trip


@pytest.mark.parametrize("implementation", built("indexers"))
def test_a_radarr_resource_round_trips_with_secrets_masked(client: TestClient, implementation: str) -> None:
    round_trip(client, "indexer", implementation)
