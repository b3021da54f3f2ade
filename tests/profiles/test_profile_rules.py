"""Quality profile rules: allowed, rank, cutoff, upgrades; delay and release profiles."""

from __future__ import annotations

import pytest

from reelarr import profiles
from reelarr import qualities as q
from reelarr.profiles import Copy, DelayRule, Profile, Propers, ReleaseRule

HD_1080P = next(row for row in profiles.default_profile_rows() if row["name"] == "HD-1080p")


def _profile(**changes: object) -> Profile:
    values = {**HD_1080P, "id": 4, "upgrade_allowed": True, **changes}
    values["items"] = tuple(values["items"])
    values.pop("format_items")
    values.setdefault("format_scores", {})
    return Profile(**values)  # type: ignore[arg-type]


def test_the_profile_allows_only_its_ticked_qualities() -> None:
    profile = _profile()
    assert profile.allows(q.BLURAY_1080P)
    assert profile.allows(q.WEBRIP_1080P)
    assert not profile.allows(q.BLURAY_720P)


def test_qualities_in_one_group_rank_equal_and_above_lower_items() -> None:
    profile = _profile()
    assert profile.rank(q.WEBDL_1080P) == profile.rank(q.WEBRIP_1080P)
    assert profile.rank(q.HDTV_1080P) < profile.rank(q.WEBDL_1080P) < profile.rank(q.BLURAY_1080P)


def test_the_cutoff_may_name_a_group() -> None:
    web_group = next(item["id"] for item in HD_1080P["items"] if item.get("name") == "WEB 1080p")
    profile = _profile(cutoff=web_group)
    assert profile.cutoff_name == "WEB 1080p"
    assert profile.cutoff_met(q.WEBRIP_1080P, 0)
    assert not profile.cutoff_met(q.HDTV_1080P, 0)


@pytest.mark.parametrize(
    ("current", "new", "propers", "reason"),
    [
        (Copy(q.WEBDL_1080P), Copy(q.BLURAY_1080P), Propers.PREFER_AND_UPGRADE, None),
        (Copy(q.BLURAY_1080P), Copy(q.WEBDL_1080P), Propers.PREFER_AND_UPGRADE, "Bluray-1080p is better"),
        (Copy(q.WEBDL_1080P), Copy(q.WEBRIP_1080P), Propers.PREFER_AND_UPGRADE, "Custom format score 0"),
        (Copy(q.WEBDL_1080P), Copy(q.WEBDL_1080P, q.Revision(version=2)), Propers.PREFER_AND_UPGRADE, None),
        (
            Copy(q.WEBDL_1080P, q.Revision(version=3)),
            Copy(q.WEBDL_1080P, q.Revision(version=1, real=1)),
            Propers.PREFER_AND_UPGRADE,
            None,
        ),
        (
            Copy(q.WEBDL_1080P),
            Copy(q.WEBDL_1080P, q.Revision(version=2)),
            Propers.DO_NOT_UPGRADE,
            "Custom format score 0 is not better",
        ),
        (
            Copy(q.WEBDL_1080P, q.Revision(version=2)),
            Copy(q.WEBDL_1080P, format_score=100),
            Propers.PREFER_AND_UPGRADE,
            "newer revision",
        ),
        (
            Copy(q.WEBDL_1080P, format_score=10),
            Copy(q.WEBDL_1080P, format_score=30),
            Propers.DO_NOT_PREFER,
            None,
        ),
        (
            Copy(q.WEBDL_1080P, format_score=10),
            Copy(q.WEBDL_1080P, format_score=15),
            Propers.PREFER_AND_UPGRADE,
            "by the profile's minimum of 10",
        ),
    ],
)
def test_an_upgrade_needs_better_quality_revision_or_enough_format_score(
    current: Copy, new: Copy, propers: Propers, reason: str | None
) -> None:
    refusal = profiles.upgrade_refusal(_profile(min_upgrade_format_score=10), current, new, propers)
    if reason is None:
        assert refusal is None
    else:
        assert refusal is not None and reason in refusal


def test_a_file_at_the_cutoff_is_not_replaced_except_by_a_proper_of_the_same_quality() -> None:
    profile = _profile()
    at_cutoff = Copy(q.BLURAY_1080P)
    refusal = profiles.cutoff_refusal(profile, at_cutoff, Copy(q.REMUX_1080P))
    assert refusal == "Existing Bluray-1080p meets the cutoff Bluray-1080p"
    assert profiles.cutoff_refusal(profile, at_cutoff, Copy(q.BLURAY_1080P, q.Revision(2))) is None
    assert profiles.cutoff_refusal(profile, Copy(q.WEBDL_1080P), Copy(q.REMUX_1080P)) is None


def test_the_format_score_cutoff_keeps_upgrades_coming_until_it_is_reached() -> None:
    profile = _profile(cutoff_format_score=100)
    assert (
        profiles.cutoff_refusal(profile, Copy(q.BLURAY_1080P, format_score=50), Copy(q.BLURAY_1080P)) is None
    )
    refusal = profiles.cutoff_refusal(profile, Copy(q.BLURAY_1080P, format_score=100), Copy(q.REMUX_1080P))
    assert refusal is not None and "score 100" in refusal


def test_the_delay_profile_is_the_first_by_order_sharing_a_tag_else_the_default() -> None:
    default = DelayRule(id=1, usenet_delay=0)
    anime = DelayRule(id=2, order=1, tags=frozenset({7}), torrent_delay=120)
    kids = DelayRule(id=3, order=2, tags=frozenset({7, 8}))
    rules = [default, kids, anime]
    assert profiles.delay_rule_for(rules, [7, 8]).id == 2
    assert profiles.delay_rule_for(rules, [8]).id == 3
    assert profiles.delay_rule_for(rules, [9]).id == 1
    assert profiles.delay_rule_for([], [9]) == DelayRule()


@pytest.mark.parametrize(
    ("rule", "title", "reason"),
    [
        (ReleaseRule(required=("x265",)), "Movie.2010.1080p.BluRay.X265-GRP", None),
        (ReleaseRule(required=("x265",)), "Movie.2010.1080p.BluRay.x264-GRP", "required terms: x265"),
        (ReleaseRule(required=("/\\bDV\\b/",)), "Movie.2010.2160p.WEB-DL.DV.H265-GRP", None),
        (ReleaseRule(required=("/\\bDV\\b/",)), "Movie.2010.2160p.WEB-DL.DVD-GRP", "required terms"),
        (ReleaseRule(ignored=("CAM", "/telesync|\\bTS\\b/i")), "Movie.2010.TS.x264-GRP", "rejected terms"),
        (ReleaseRule(ignored=("CAM",)), "Movie.2010.1080p.WEB-DL-GRP", None),
    ],
)
def test_release_profiles_require_and_reject_plain_and_regex_terms(
    rule: ReleaseRule, title: str, reason: str | None
) -> None:
    refusal = profiles.release_rule_refusal([rule], title)
    assert refusal == reason if reason is None else reason in (refusal or "")


def test_a_release_profile_applies_to_its_indexer_and_tags_only() -> None:
    rule = ReleaseRule(indexer_id=2, tags=frozenset({5}))
    assert rule.applies_to(2, [5, 6])
    assert not rule.applies_to(3, [5])
    assert not rule.applies_to(2, [6])
    assert not ReleaseRule(enabled=False).applies_to(2, [])
