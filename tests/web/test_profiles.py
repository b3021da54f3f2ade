"""Editing quality, delay and release profiles in the browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from playwright.sync_api import Page, expect
from web_harness import Served

Shoot = Callable[[Page, str], None]


def reelarr_get(reelarr: Served, path: str) -> Any:
    return httpx.get(
        f"{reelarr.url}/api/v3/{path}", headers={"X-Api-Key": reelarr.ctx.settings.api_key}
    ).json()


def _allowed_names(profile: dict[str, Any]) -> list[str]:
    """Allowed items, highest first, as Radarr shows them."""
    return [
        item.get("name") or item["quality"]["name"] for item in reversed(profile["items"]) if item["allowed"]
    ]


def test_a_quality_profile_is_created_with_its_order_groups_cutoff_and_format_scores(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    headers = {"X-Api-Key": reelarr.ctx.settings.api_key}
    page.request.post(
        f"{reelarr.url}/api/v3/customformat",
        data={
            "name": "x265",
            "specifications": [
                {
                    "name": "x265",
                    "implementation": "ReleaseTitleSpecification",
                    "negate": False,
                    "required": True,
                    "fields": [{"name": "value", "value": "x265|HEVC"}],
                }
            ],
        },
        headers=headers,
    )
    page.goto(f"{reelarr.url}/settings/profiles")
    page.get_by_role("button", name="Add quality profile").click()
    page.fill("#profile-name", "Small HD")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("at least one allowed quality")

    for quality in ("Bluray-1080p", "WEBDL-1080p", "HDTV-1080p"):
        page.get_by_label(f"Allow {quality}").check()
    page.get_by_label("Group of WEBDL-1080p").fill("WEB 1080p")
    # WEBRip-1080p sits right next to WEBDL-1080p; the two named alike become one group.
    page.get_by_label("Group of WEBRip-1080p").fill("WEB 1080p")
    # Put HDTV-1080p above Bluray-1080p with the keyboard-usable buttons.
    hdtv = page.locator("tr.profile-item[data-quality='HDTV-1080p']")
    for _ in range(10):
        order = page.locator("tr.profile-item").evaluate_all("rows => rows.map(r => r.dataset.quality)")
        if order.index("HDTV-1080p") < order.index("Bluray-1080p"):
            break
        hdtv.get_by_role("button", name="Move HDTV-1080p up").click()
    page.get_by_label("Upgrades allowed").check()
    page.fill("input[name=minFormatScore]", "10")
    page.get_by_label("Score of x265").fill("25")
    shoot(page, "settings-quality-profile-edit")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Cutoff must be an allowed quality or group")

    page.select_option("#profile-cutoff", label="Bluray-1080p")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{reelarr.url}/settings/profiles")
    expect(page.locator("article.quality-profile", has_text="Small HD")).to_contain_text("upgrades allowed")

    profile = next(p for p in reelarr_get(reelarr, "qualityprofile") if p["name"] == "Small HD")
    assert _allowed_names(profile) == ["HDTV-1080p", "Bluray-1080p", "WEB 1080p"]
    group = next(item for item in profile["items"] if item.get("name") == "WEB 1080p")
    assert sorted(c["quality"]["name"] for c in group["items"]) == ["WEBDL-1080p", "WEBRip-1080p"]
    assert group["id"] >= 1000
    assert profile["cutoff"] == 7 and profile["upgradeAllowed"] and profile["minFormatScore"] == 10
    assert [(f["name"], f["score"]) for f in profile["formatItems"]] == [("x265", 25)]

    # Opened again, the form shows what was saved.
    page.get_by_role("link", name="Small HD").click()
    expect(page.get_by_label("Group of WEBDL-1080p")).to_have_value("WEB 1080p")
    expect(page.locator("#profile-cutoff")).to_have_value("q:7")


def test_dragging_a_quality_row_reorders_it(reelarr: Served, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 2400})  # both rows on screen: a drag cannot scroll
    page.goto(f"{reelarr.url}/settings/profiles/quality/1")
    rows = page.locator("tr.profile-item")
    first, last = rows.first.get_attribute("data-quality"), rows.last.get_attribute("data-quality")
    rows.last.locator(".drag-handle").drag_to(rows.first.locator(".drag-handle"))
    expect(rows.first).to_have_attribute("data-quality", last or "")
    expect(rows.nth(1)).to_have_attribute("data-quality", first or "")


def test_delay_and_release_profiles_are_added_and_validated(
    reelarr: Served, page: Page, shoot: Shoot
) -> None:
    page.request.post(
        f"{reelarr.url}/api/v3/tag",
        data={"label": "kids"},
        headers={"X-Api-Key": reelarr.ctx.settings.api_key},
    )
    page.goto(f"{reelarr.url}/settings/profiles")
    page.get_by_role("button", name="Add delay profile").click()
    page.fill("#torrent-delay", "120")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Non-default profiles require at least one tag")
    page.select_option("select[name=tags]", label="kids")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr.delay-profile", has_text="kids")).to_contain_text("120 min")
    assert [d["torrentDelay"] for d in reelarr_get(reelarr, "delayprofile")] == [120, 0]

    page.get_by_role("button", name="Add release profile").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("'Must contain' or 'Must not contain' is required")
    page.fill("input[name=name]", "No cams")
    page.fill("#ignored", "CAM\nTELESYNC")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr.release-profile", has_text="No cams")).to_contain_text("CAM, TELESYNC")
    shoot(page, "settings-profiles-filled")
    (release,) = reelarr_get(reelarr, "releaseprofile")
    assert (release["name"], release["ignored"], release["enabled"]) == (
        "No cams",
        ["CAM", "TELESYNC"],
        True,
    )
