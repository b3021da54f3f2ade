"""Names a user (or an indexer, or TMDB) chose are text on every page, never script: the
payloads below in a movie title, a quality profile, a tag, an indexer and a custom format
trigger nothing on the pages that show them, confirm dialogs included."""

from __future__ import annotations

import sqlite3

import httpx
from playwright.sync_api import Dialog, Page
from web_harness import Served, add_movies

PAYLOADS = ("'+alert(1)+'", "</script><script>alert(1)</script>", '" onmouseover="alert(1)')
PAGES = (
    "/",
    "/movie/1",
    "/wanted/missing",
    "/calendar?view=agenda",
    "/settings/profiles",
    "/settings/profiles/quality/1",
    "/settings/indexers",
    "/settings/customformats",
    "/settings/general",
)


def _api(reelarr: Served) -> httpx.Client:
    key = reelarr.ctx.settings.api_key
    return httpx.Client(base_url=f"{reelarr.url}/api/v3", headers={"X-Api-Key": key}, timeout=30)


def test_hostile_names_stay_text_on_every_page_and_in_every_confirmation(reelarr: Served, page: Page) -> None:
    database = reelarr.ctx.settings.data_dir / "reelarr.db"
    titles = [(f"Movie {n} {payload}", 2000 + n, True) for n, payload in enumerate(PAYLOADS)]
    add_movies(database, titles)
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE quality_profiles SET name = ? WHERE id = 1", (f"Profile {PAYLOADS[0]}",))
    connection.close()
    with _api(reelarr) as api:
        for n, payload in enumerate(PAYLOADS):
            assert api.post("/tag", json={"label": f"tag{n}{payload}"[:100]}).status_code in (200, 201)
            custom_format = {"name": f"Format {n} {payload}", "specifications": []}
            assert api.post("/customformat", json=custom_format).is_success
            indexer = {
                "name": f"Indexer {n} {payload}",
                "implementation": "Newznab",
                "configContract": "NewznabSettings",
                "protocol": "usenet",
                "fields": [
                    {"name": "baseUrl", "value": "http://127.0.0.1:9"},
                    {"name": "apiKey", "value": "k"},
                ],
            }
            assert api.post("/indexer?forceSave=true", json=indexer).is_success
        movie_id = 1
        api.put(f"/movie/{movie_id}", json={**api.get(f"/movie/{movie_id}").json(), "tags": [1, 2, 3]})

    alerts: list[str] = []
    confirmations: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        (confirmations if dialog.type == "confirm" else alerts).append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for path in PAGES:
        page.goto(f"{reelarr.url}{path}")
        # A pointer over everything: an injected onmouseover would run now.
        page.evaluate(
            "document.querySelectorAll('body *').forEach("
            "e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"
        )
        assert page.evaluate("document.querySelectorAll('[onmouseover], [onerror], [onload]').length") == 0
        assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0

    # The confirmations that name a movie or a profile show the name as text.
    page.goto(f"{reelarr.url}/movie/1")
    page.get_by_role("button", name="Delete").click()
    page.goto(f"{reelarr.url}/settings/profiles/quality/1")
    page.get_by_role("button", name="Delete profile").click()
    assert alerts == []
    assert any(PAYLOADS[0] in message for message in confirmations), confirmations
