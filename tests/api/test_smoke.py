from fastapi.testclient import TestClient


def test_status_answers_with_the_radarr_compatible_version_header(client: TestClient) -> None:
    response = client.get("/api/v3/system/status")
    assert response.status_code == 200
    assert response.json()["appName"] == "Reelarr"
    assert response.headers["x-application-version"] >= "4.0.4"
