"""``/api/v3/notification`` answers in Radarr's NotificationResource shape."""

from __future__ import annotations

from fastapi.testclient import TestClient
from notification_support import Receiver, add_notification

from contract import assert_matches


def test_the_notification_resource_and_schema_match_radarrs_contract(
    client: TestClient, receiver: Receiver
) -> None:
    add_notification(client, "Webhook", {"url": f"{receiver.base_url}/hook"}, onGrab=True, onHealthIssue=True)
    listed = client.get("/api/v3/notification").json()
    assert_matches("NotificationResource", listed, many=True)
    assert listed[0]["onGrab"] and listed[0]["onHealthIssue"] and not listed[0]["onDownload"]
    schema = client.get("/api/v3/notification/schema").json()
    assert_matches("NotificationResource", schema, many=True)


def test_testall_reports_each_notification_with_its_problems(client: TestClient, receiver: Receiver) -> None:
    working = add_notification(client, "Webhook", {"url": f"{receiver.base_url}/hook"}, onGrab=True)
    receiver.status = 500
    results = {r["id"]: r for r in client.post("/api/v3/notification/testall").json()}
    assert results[working]["isValid"] is False
    (failure,) = results[working]["validationFailures"]
    assert failure["propertyName"] == "url" and "HTTP 500" in failure["errorMessage"]
