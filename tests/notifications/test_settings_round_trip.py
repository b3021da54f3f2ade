"""A Radarr-style settings object for every notification kind goes in through the API and comes back
unchanged, secrets shown as ``********``; sent back as shown, the stored secrets are kept. This is
what a migration from Radarr (or Notifiarr's sync) relies on. Saved with ``forceSave``, as those
tools may do, so no service is contacted."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from notification_support import context_of
from sqlalchemy import select

from reelarr.models import ProviderDefinition

# Values a sample needs to pass the kinds' own rules (Radarr's validators).
OVERRIDES: dict[str, Any] = {
    "sound": "5",
    "vibration": "2",
    "icon": "3",
    "iconColor": "#FF0000",
    "arguments": "",
    "topicId": 42,
    "url": "http://127.0.0.1:9/hook",
    "method": 2,
    "headers": [{"key": "X-Source", "value": "radarr"}],
    "configurationKey": "radarr-movies",
    "statelessUrls": "",
    "expires": "2026-03-01T12:00:00Z",
}


def _sample(field: dict[str, Any]) -> Any:
    name, value = field["name"], field["value"]
    if name in OVERRIDES:
        return OVERRIDES[name]
    options = [o["value"] for o in field.get("selectOptions") or []]
    if isinstance(value, bool):
        return not value
    if isinstance(value, list):
        return options[:2] if options else [f"{name}-1@example.org", f"{name}-2@example.org"]
    if options:
        return options[-1]
    if isinstance(value, int):
        return 61
    return f"{name}-value"


def test_every_kinds_radarr_settings_round_trip_with_secrets_masked(client: TestClient) -> None:
    for blank in client.get("/api/v3/notification/schema").json():
        sent = {f["name"]: _sample(f) for f in blank["fields"]}
        secrets = {f["name"] for f in blank["fields"] if f["privacy"] in ("apiKey", "password")}
        tag = client.post("/api/v3/tag", json={"label": blank["implementation"].lower()}).json()["id"]
        body = {
            **blank,
            "name": f"From Radarr: {blank['implementation']}",
            "onGrab": blank["supportsOnGrab"],
            "tags": [tag],
            "fields": [{"name": k, "value": v} for k, v in sent.items()],
        }
        created = client.post("/api/v3/notification?forceSave=true", json=body)
        assert created.status_code == 201, (blank["implementation"], created.text)
        shown = client.get(f"/api/v3/notification/{created.json()['id']}").json()
        expected = {k: ("********" if k in secrets else v) for k, v in sent.items()}
        assert {f["name"]: f["value"] for f in shown["fields"]} == expected, blank["implementation"]
        assert shown["implementation"] == blank["implementation"]
        assert (shown["tags"], shown["onGrab"]) == ([tag], blank["supportsOnGrab"]), blank["implementation"]
        assert shown["configContract"] == blank["configContract"]

        echoed = client.put(f"/api/v3/notification/{shown['id']}?forceSave=true", json=shown)
        assert echoed.status_code == 202, (blank["implementation"], echoed.text)

        async def stored(definition_id: int = shown["id"]) -> dict[str, Any]:
            async with context_of(client).db.read() as session:
                row = await session.scalar(
                    select(ProviderDefinition).where(ProviderDefinition.id == definition_id)
                )
                assert row is not None
                return dict(row.settings)

        kept = client.portal.call(stored)  # type: ignore[union-attr]
        for secret in secrets:
            assert kept[secret] == sent[secret], (blank["implementation"], secret)
