"""A download client's settings as Radarr stores them come back unchanged, secrets masked.

Moving from Radarr (its API or its database) posts each client's resource as Radarr has it;
what is read back must be the same, or the move loses settings.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from radarr_implementations import built, round_trip

# Download Station takes a category (a folder under its default destination) or a directory, not both.
OVERRIDES = {
    "TorrentDownloadStation": {"tvCategory": "", "tvDirectory": "video/movies"},
    "UsenetDownloadStation": {"tvCategory": "radarr-movies", "tvDirectory": ""},
}


@pytest.mark.parametrize("implementation", built("download_clients"))
def test_a_radarr_resource_round_trips_with_secrets_masked(client: TestClient, implementation: str) -> None:
    round_trip(client, "downloadclient", implementation, OVERRIDES.get(implementation))
