"""Radarr's checks on indexers, import lists, notifications and metadata: provoked, seen, cleared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from health_steps import issues, provider, run_command, update
from indexer_support import IndexerServer
from sabnzbd_server import API_KEY, SabnzbdServer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from local_server import serving

WIKI = "https://wiki.servarr.com/radarr/system#"


class FakeClock:
    """Reelarr's clock, moved by the test past each back-off instead of waiting it out."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def torznab(
    api: TestClient, server: IndexerServer, name: str = "Local Torznab", **fields: Any
) -> dict[str, Any]:
    values = {"baseUrl": server.base_url, "apiPath": "/api", "apiKey": "secret-key", "categories": [2000]}
    return provider(api, "indexer", "Torznab", name, **{**values, "minimumRequestInterval": 0, **fields})


def with_fake_clock(api: TestClient) -> FakeClock:
    clock = FakeClock()
    object.__setattr__(api.app.state.ctx, "clock", clock)  # type: ignore[attr-defined]  # the Context is frozen
    return clock


def fail_rss_until_backed_off(api: TestClient, clock: FakeClock, times: int) -> None:
    for _ in range(times):
        run_command(api, "RssSync")
        (status,) = api.get("/api/v3/indexerstatus").json()
        clock.now = dt.datetime.fromisoformat(status["disabledTill"]) + dt.timedelta(seconds=1)
    run_command(api, "RssSync")


def test_indexer_status_check_reports_an_indexer_backed_off_until_it_answers_again(
    api: TestClient, indexer_server: IndexerServer
) -> None:
    torznab(api, indexer_server)
    clock = with_fake_clock(api)
    indexer_server.mode = "500"
    run_command(api, "RssSync")
    [issue] = issues(api, "IndexerStatusCheck")
    assert issue["type"] == "error" and issue["message"] == "All indexers are unavailable due to failures"
    assert issue["wikiUrl"] == WIKI + "indexers-are-unavailable-due-to-failures"
    indexer_server.mode = "ok"
    (status,) = api.get("/api/v3/indexerstatus").json()
    clock.now = dt.datetime.fromisoformat(status["disabledTill"]) + dt.timedelta(seconds=1)
    run_command(api, "RssSync")
    assert issues(api, "IndexerStatusCheck") == []


def test_indexer_long_term_status_check_reports_an_indexer_failing_for_more_than_six_hours(
    api: TestClient, indexer_server: IndexerServer
) -> None:
    torznab(api, indexer_server)
    clock = with_fake_clock(api)
    indexer_server.mode = "500"
    fail_rss_until_backed_off(api, clock, times=8)  # 1+5+15+30+60+180+360 minutes of back-off
    [issue] = issues(api, "IndexerLongTermStatusCheck")
    assert issue["type"] == "error"
    assert issue["message"] == "All indexers are unavailable due to failures for more than 6 hours"
    assert issues(api, "IndexerStatusCheck") == []  # the short-term check leaves it to this one
    indexer_server.mode = "ok"
    (status,) = api.get("/api/v3/indexerstatus").json()
    clock.now = dt.datetime.fromisoformat(status["disabledTill"]) + dt.timedelta(seconds=1)
    run_command(api, "RssSync")
    assert issues(api, "IndexerLongTermStatusCheck") == []


def test_indexer_jackett_all_check_reports_the_aggregate_endpoint(
    api: TestClient, indexer_server: IndexerServer
) -> None:
    everything = f"{indexer_server.base_url}/api/v2.0/indexers/all/results/torznab"
    indexer = torznab(api, indexer_server, name="Jackett", baseUrl=everything)
    [issue] = issues(api, "IndexerJackettAllCheck")  # re-checked when the indexer is saved
    assert issue["type"] == "warning" and "'all' endpoint: Jackett" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "jackett-all-endpoint-used"
    update(
        api, "indexer", indexer, baseUrl=f"{indexer_server.base_url}/api/v2.0/indexers/nyaa/results/torznab"
    )
    assert issues(api, "IndexerJackettAllCheck") == []


def test_indexer_download_client_check_reports_an_indexer_pinned_to_a_deleted_client(
    api: TestClient, indexer_server: IndexerServer, sabnzbd: SabnzbdServer
) -> None:
    client = provider(
        api, "downloadclient", "Sabnzbd", "SABnzbd", host="127.0.0.1", port=sabnzbd.port, apiKey=API_KEY
    )
    indexer = torznab(api, indexer_server)
    update(api, "indexer", indexer, top={"downloadClientId": client["id"]})
    assert indexer["downloadClientId"] == client["id"]
    assert issues(api, "IndexerDownloadClientCheck") == []
    assert api.delete(f"/api/v3/downloadclient/{client['id']}").status_code == 200
    [issue] = issues(api, "IndexerDownloadClientCheck")  # re-checked on the deletion
    assert (
        issue["type"] == "warning"
        and "Indexers with invalid download clients: Local Torznab" in issue["message"]
    )
    assert issue["wikiUrl"] == WIKI + "invalid-indexer-download-client-setting"
    update(api, "indexer", indexer, top={"downloadClientId": 0})
    assert issues(api, "IndexerDownloadClientCheck") == []


def test_ptp_old_settings_check_reports_a_passthepopcorn_indexer_without_an_api_user(
    api: TestClient, indexer_server: IndexerServer
) -> None:
    indexer = provider(api, "indexer", "PassThePopcorn", "PTP", baseUrl=indexer_server.base_url, aPIKey="key")
    [issue] = issues(api, "PTPOldSettingsCheck")
    assert (
        issue["type"] == "warning"
        and "PassThePopcorn indexers have deprecated settings: PTP" in issue["message"]
    )
    assert issue["wikiUrl"] == WIKI + "ptp-settings-old"
    update(api, "indexer", indexer, aPIUser="reelarr")
    assert issues(api, "PTPOldSettingsCheck") == []


@pytest.fixture
def other_radarr() -> Iterator[dict[str, bool]]:
    """Another Radarr for a "Radarr" import list: answers its movie list, or 500 while ``down``."""
    state = {"down": True}

    async def movies(request: Request) -> Response:
        if state["down"]:
            return PlainTextResponse("down", status_code=500)
        return JSONResponse([])

    with serving(Starlette(routes=[Route("/api/v3/{resource:path}", movies)])) as url:
        state["url"] = url  # type: ignore[assignment]
        yield state


def test_import_list_status_check_reports_a_list_that_fails_until_it_is_read_again(
    api: TestClient, other_radarr: dict[str, Any]
) -> None:
    root = api.get("/api/v3/rootfolder").json()[0]["path"]
    body = {
        "name": "Other Radarr",
        "implementation": "RadarrImport",
        "configContract": "RadarrSettings",
        "enabled": True,
        "enableAuto": True,
        "monitor": "movieOnly",
        "qualityProfileId": 1,
        "rootFolderPath": root,
        "minimumAvailability": "released",
        "searchOnAdd": False,
        "tags": [],
        "fields": [
            {"name": "baseUrl", "value": other_radarr["url"]},
            {"name": "apiKey", "value": "0123456789abcdef0123456789abcdef"},
        ],
    }
    created = api.post("/api/v3/importlist", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text
    run_command(api, "ImportListSync", definitionId=created.json()["id"])
    [issue] = issues(api, "ImportListStatusCheck")
    assert issue["type"] == "error" and issue["message"] == "All lists are unavailable due to failures"
    assert issue["wikiUrl"] == WIKI + "lists-are-unavailable-due-to-failures"
    other_radarr["down"] = False
    run_command(api, "ImportListSync", definitionId=created.json()["id"])
    assert issues(api, "ImportListStatusCheck") == []


def test_slack_url_check_reports_a_discord_webhook_saved_as_slack(api: TestClient) -> None:
    slack = provider(
        api, "notification", "Slack", "Team chat", webHookUrl="https://discord.com/api/webhooks/1/token/slack"
    )
    [issue] = issues(api, "SlackUrlCheck")
    assert issue["type"] == "warning" and "set up as Slack notifications: Team chat" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "discord-as-slack-notification"
    update(api, "notification", slack, webHookUrl="https://hooks.slack.com/services/T0/B0/token")
    assert issues(api, "SlackUrlCheck") == []


def test_metadata_check_reports_kometa_while_it_is_enabled(api: TestClient) -> None:
    kometa = provider(api, "metadata", "KometaMetadata", "Kometa")
    [issue] = issues(api, "MetadataCheck")
    assert issue["type"] == "warning" and "Kometa" in issue["message"] and "disable it" in issue["message"]
    update(api, "metadata", kometa, top={"enable": False})
    assert issues(api, "MetadataCheck") == []
