"""Every rejection rule, accepting and rejecting, with the reason a user reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from decision_builders import GB, NOW, candidate, facts, movie, profile, release, with_settings

from reelarr import decisions as d
from reelarr import qualities as q
from reelarr.custom_formats import compile_format
from reelarr.decisions import Blocked, Grab, Indexer, MovieFile, RejectionType, SearchKind
from reelarr.profiles import Copy, DelayRule, Propers, ReleaseRule

BLURAY = "The.Movie.2010.1080p.BluRay.x264-GRP"
PROPER = "The.Movie.2010.1080p.BluRay.x264.PROPER-GRP"
REPACK = "The.Movie.2010.1080p.BluRay.x264.REPACK-GRP"
HOUR = dt.timedelta(hours=1)
X264 = compile_format(
    7, "x264", [{"implementation": "ReleaseTitleSpecification", "fields": {"value": "x264"}}]
)


def bluray_file(**changes: Any) -> MovieFile:
    return MovieFile(
        **{"quality": q.BLURAY_1080P, "release_group": "GRP", "date_added": NOW - HOUR, **changes}
    )


def grab(quality: q.Quality, **changes: Any) -> Grab:
    return Grab(**{"movie_id": 1, "copy": Copy(quality), "date": NOW - HOUR, **changes})


# (rule, release title, release changes, movie changes, facts changes, settings, search, reason)
CASES: list[tuple[Any, ...]] = [
    (d.quality_allowed, BLURAY, {}, {}, {}, {}, "rss", None),
    (
        d.quality_allowed,
        "The.Movie.2010.480p.BluRay.x264-GRP",
        {},
        {},
        {},
        {},
        "rss",
        "Quality Bluray-480p is not wanted in profile HD-1080p",
    ),
    (d.acceptable_size, BLURAY, {"size": 0}, {}, {}, {}, "rss", None),
    (
        d.acceptable_size,
        "The.Movie.2010.1080p.WEB-DL.H264-GRP",
        {"size": 12 * GB},
        {},
        {},
        {},
        "rss",
        "12.0 GB is larger than the maximum of 11.7 GB for WEBDL-1080p",
    ),
    (d.acceptable_size, "The.Movie.2010.1080p.WEB-DL.H264-GRP", {"size": 11 * GB}, {}, {}, {}, "rss", None),
    (d.maximum_size, BLURAY, {"size": 5 * GB}, {}, {}, {"maximum_size": 6000}, "rss", None),
    (
        d.maximum_size,
        BLURAY,
        {"size": 8 * GB},
        {},
        {},
        {"maximum_size": 6000},
        "rss",
        "8.0 GB is too big; the maximum size is 5.9 GB",
    ),
    (
        d.not_sample,
        "The.Movie.2010.1080p.BluRay.x264.sample-GRP",
        {"size": 60 * 1024**2},
        {},
        {},
        {},
        "rss",
        "Sample",
    ),
    (d.not_sample, "The.Movie.2010.1080p.BluRay.x264.sample-GRP", {"size": 9 * GB}, {}, {}, {}, "rss", None),
    (d.raw_disk, "The.Movie.2010.1080p.BluRay.BDMV-GRP", {}, {}, {}, {}, "rss", "Raw BDMV release"),
    (d.raw_disk, "The.Movie.2010.1080p.BluRay.x264-GRP.m2ts", {}, {}, {}, {}, "rss", "Raw Bluray release"),
    (d.raw_disk, BLURAY, {}, {}, {}, {}, "rss", None),
    (
        d.language,
        "The.Movie.2010.GERMAN.1080p.BluRay.x264-GRP",
        {},
        {},
        {},
        {},
        "rss",
        "Language German is not wanted in profile HD-1080p, which wants English",
    ),
    (
        d.language,
        "The.Movie.2010.GERMAN.1080p.BluRay.x264-GRP",
        {},
        {"original_language": 4},
        {},
        {},
        "rss",
        "Language German is not wanted",
    ),
    (
        d.language,
        "The.Movie.2010.GERMAN.1080p.BluRay.x264-GRP",
        {},
        {"original_language": 4, "profile": profile(language_id=-2)},
        {},
        {},
        "rss",
        None,
    ),
    (d.language, BLURAY, {}, {}, {}, {}, "rss", None),
    (
        d.hardcoded_subs,
        "The.Movie.2010.HC.1080p.WEBRip.x264-GRP",
        {},
        {},
        {},
        {},
        "rss",
        "Hardcoded subs found: Generic Hardcoded Subs",
    ),
    (
        d.hardcoded_subs,
        "The.Movie.2010.HC.1080p.WEBRip.x264-GRP",
        {},
        {},
        {},
        {"whitelisted_hardcoded_subs": "Generic Hardcoded Subs"},
        "rss",
        None,
    ),
    (
        d.hardcoded_subs,
        "The.Movie.2010.HC.1080p.WEBRip.x264-GRP",
        {},
        {},
        {},
        {"allow_hardcoded_subs": True},
        "rss",
        None,
    ),
    (
        d.custom_format_score,
        BLURAY,
        {},
        {"profile": profile(min_format_score=10, format_scores={7: 5})},
        {"formats": [X264]},
        {},
        "rss",
        "Custom formats [x264] have score 5, below the minimum of 10 in profile HD-1080p",
    ),
    (
        d.custom_format_score,
        BLURAY,
        {},
        {"profile": profile(min_format_score=10, format_scores={7: 10})},
        {"formats": [X264]},
        {},
        "rss",
        None,
    ),
    (
        d.release_restrictions,
        BLURAY,
        {},
        {},
        {"release_rules": [ReleaseRule(required=("x265", "/hevc/"))]},
        {},
        "rss",
        "Does not contain one of the required terms: x265, /hevc/",
    ),
    (
        d.release_restrictions,
        BLURAY,
        {},
        {},
        {"release_rules": [ReleaseRule(ignored=("x264",))]},
        {},
        "rss",
        "Contains one of the rejected terms: x264",
    ),
    (
        d.release_restrictions,
        BLURAY,
        {},
        {},
        {"release_rules": [ReleaseRule(ignored=("x264",), indexer_id=9)]},
        {},
        "rss",
        None,
    ),
    (
        d.protocol,
        BLURAY,
        {"protocol": "torrent"},
        {},
        {"delay_rules": [DelayRule(enable_torrent=False)]},
        {},
        "rss",
        "Torrent is disabled in the delay profile",
    ),
    (
        d.protocol,
        BLURAY,
        {"protocol": "usenet"},
        {},
        {"delay_rules": [DelayRule(enable_torrent=False)]},
        {},
        "rss",
        None,
    ),
    (
        d.retention,
        BLURAY,
        {"publish_date": NOW - dt.timedelta(days=400)},
        {},
        {},
        {"retention": 365},
        "rss",
        "400 days old, older than the retention of 365 days",
    ),
    (
        d.retention,
        BLURAY,
        {"publish_date": NOW - dt.timedelta(days=400), "protocol": "torrent"},
        {},
        {},
        {"retention": 365},
        "rss",
        None,
    ),
    (
        d.minimum_age,
        BLURAY,
        {"publish_date": NOW - dt.timedelta(minutes=10)},
        {},
        {},
        {"minimum_age": 30},
        "rss",
        "10 minutes old, below the minimum age of 30 minutes",
    ),
    (
        d.minimum_age,
        BLURAY,
        {"publish_date": NOW - dt.timedelta(minutes=40)},
        {},
        {},
        {"minimum_age": 30},
        "rss",
        None,
    ),
    (
        d.blocked_indexer,
        BLURAY,
        {},
        {},
        {"indexers": {1: Indexer(1, "Local", blocked_until=NOW + HOUR)}},
        {},
        "rss",
        "Indexer Local is blocked until 2025-06-01 13:00 UTC after failures",
    ),
    (
        d.blocked_indexer,
        BLURAY,
        {},
        {},
        {"indexers": {1: Indexer(1, "Local", blocked_until=NOW - HOUR)}},
        {},
        "rss",
        None,
    ),
    (
        d.indexer_tags,
        BLURAY,
        {},
        {"tags": frozenset({2})},
        {"indexers": {1: Indexer(1, tags=frozenset({3}))}},
        {},
        "rss",
        "The movie has none of the indexer's tags",
    ),
    (
        d.indexer_tags,
        BLURAY,
        {},
        {"tags": frozenset({3})},
        {"indexers": {1: Indexer(1, tags=frozenset({3}))}},
        {},
        "rss",
        None,
    ),
    (
        d.torrent_seeding,
        BLURAY,
        {"protocol": "torrent", "seeders": 1},
        {},
        {"indexers": {1: Indexer(1, minimum_seeders=5)}},
        {},
        "rss",
        "Not enough seeders: 1; the indexer's minimum is 5",
    ),
    (
        d.torrent_seeding,
        BLURAY,
        {"protocol": "torrent", "seeders": 5},
        {},
        {"indexers": {1: Indexer(1, minimum_seeders=5)}},
        {},
        "rss",
        None,
    ),
    (
        d.required_indexer_flags,
        BLURAY,
        {"indexer_flags": 2},
        {},
        {"indexers": {1: Indexer(1, required_flags=1)}},
        {},
        "rss",
        "None of the indexer's required flags is set on this release",
    ),
    (
        d.required_indexer_flags,
        BLURAY,
        {"indexer_flags": 3},
        {},
        {"indexers": {1: Indexer(1, required_flags=1)}},
        {},
        "rss",
        None,
    ),
    (d.monitored, BLURAY, {}, {"monitored": False}, {}, {}, "rss", "Movie is not monitored"),
    (d.monitored, BLURAY, {}, {"monitored": False}, {}, {}, "interactive", None),
    (
        d.availability,
        BLURAY,
        {},
        {"available": False},
        {},
        {},
        "automatic",
        "The Movie (2010) is not available yet",
    ),
    (d.availability, BLURAY, {}, {"available": False}, {}, {}, "interactive", None),
    (
        d.upgrade_allowed,
        "The.Movie.2010.1080p.BluRay.REMUX.AVC-GRP",
        {},
        {"file": bluray_file(quality=q.WEBDL_1080P), "profile": profile(upgrade_allowed=False)},
        {},
        {},
        "rss",
        "Existing file and the quality profile does not allow upgrades",
    ),
    (
        d.upgrade_allowed,
        "The.Movie.2010.1080p.BluRay.REMUX.AVC-GRP",
        {},
        {"file": bluray_file(quality=q.WEBDL_1080P)},
        {},
        {},
        "rss",
        None,
    ),
    (
        d.upgrade_disk,
        "The.Movie.2010.1080p.BluRay.REMUX.AVC-GRP",
        {},
        {"file": bluray_file()},
        {},
        {},
        "rss",
        "Existing Bluray-1080p meets the cutoff Bluray-1080p",
    ),
    (
        d.upgrade_disk,
        "The.Movie.2010.1080p.WEB-DL.H264-GRP",
        {},
        {"file": bluray_file(quality=q.WEBDL_1080P)},
        {},
        {},
        "rss",
        "Existing file on disk is of equal or higher preference: Custom format score 0 is not better",
    ),
    (d.upgrade_disk, BLURAY, {}, {"file": bluray_file(quality=q.WEBDL_1080P)}, {}, {}, "rss", None),
    (d.upgrade_disk, PROPER, {}, {"file": bluray_file()}, {}, {}, "rss", None),
    (
        d.queue,
        "The.Movie.2010.1080p.WEB-DL.H264-GRP",
        {},
        {},
        {"queue": {1: [grab(q.BLURAY_1080P)]}},
        {},
        "rss",
        "Release in queue already meets the cutoff: Bluray-1080p",
    ),
    (
        d.queue,
        "The.Movie.2010.1080p.HDTV.x264-GRP",
        {},
        {},
        {"queue": {1: [grab(q.WEBDL_1080P)]}},
        {},
        "rss",
        "Release in queue is of equal or higher preference: WEBDL-1080p",
    ),
    (d.queue, BLURAY, {}, {}, {"queue": {1: [grab(q.WEBDL_1080P)]}}, {}, "rss", None),
    (
        d.history,
        "The.Movie.2010.1080p.HDTV.x264-GRP",
        {},
        {},
        {"history": {1: [grab(q.WEBDL_1080P)]}},
        {},
        "rss",
        "Recent grab in history is of equal or higher preference: WEBDL-1080p",
    ),
    (
        d.history,
        "The.Movie.2010.1080p.HDTV.x264-GRP",
        {},
        {},
        {"history": {1: [grab(q.WEBDL_1080P)]}},
        {},
        "automatic",
        None,
    ),
    (
        d.history,
        "The.Movie.2010.1080p.HDTV.x264-GRP",
        {},
        {},
        {"history": {1: [grab(q.WEBDL_1080P, date=NOW - 13 * HOUR)]}},
        {},
        "rss",
        None,
    ),
    (
        d.already_imported,
        BLURAY,
        {"info_hash": "ABC"},
        {"file": bluray_file()},
        {"history": {1: [grab(q.BLURAY_1080P, download_id="abc", imported=True)]}},
        {},
        "rss",
        "Has the same torrent hash as a grab in history that was already imported",
    ),
    (
        d.already_imported,
        BLURAY,
        {},
        {"file": bluray_file()},
        {"history": {1: [grab(q.BLURAY_1080P, source_title=BLURAY, imported=True)]}},
        {},
        "rss",
        "Has the same release name as a grab in history that was already imported",
    ),
    (
        d.already_imported,
        BLURAY,
        {},
        {"file": bluray_file()},
        {"history": {1: [grab(q.BLURAY_1080P, source_title="Other", imported=True)]}},
        {},
        "rss",
        None,
    ),
    (
        d.blocklist,
        BLURAY,
        {},
        {},
        {"blocklist": {1: [Blocked(1, BLURAY.lower(), "usenet")]}},
        {},
        "rss",
        "Release is blocklisted",
    ),
    (
        d.blocklist,
        BLURAY,
        {"info_hash": "ff00"},
        {},
        {"blocklist": {1: [Blocked(1, "x", info_hash="FF00")]}},
        {},
        "rss",
        "Release is blocklisted",
    ),
    (
        d.blocklist,
        BLURAY,
        {"protocol": "torrent"},
        {},
        {"blocklist": {1: [Blocked(1, BLURAY, "usenet")]}},
        {},
        "rss",
        None,
    ),
    (
        d.repack,
        REPACK,
        {},
        {"file": bluray_file(release_group="OTHER")},
        {},
        {},
        "rss",
        "A repack from another release group: release GRP, existing file OTHER",
    ),
    (
        d.repack,
        REPACK,
        {},
        {"file": bluray_file()},
        {},
        {"propers": Propers.DO_NOT_UPGRADE},
        "rss",
        "Repack downloading is disabled",
    ),
    (
        d.repack,
        REPACK,
        {},
        {"file": bluray_file(release_group=None)},
        {},
        {},
        "rss",
        "Unable to tell the existing file's release group",
    ),
    (d.repack, REPACK, {}, {"file": bluray_file()}, {}, {}, "rss", None),
    (
        d.proper,
        PROPER,
        {},
        {"file": bluray_file(date_added=NOW - dt.timedelta(days=8))},
        {},
        {},
        "rss",
        "A proper for a file added more than 7 days ago",
    ),
    (
        d.proper,
        PROPER,
        {},
        {"file": bluray_file()},
        {},
        {"propers": Propers.DO_NOT_UPGRADE},
        "rss",
        "Proper downloading is disabled",
    ),
    (
        d.proper,
        PROPER,
        {},
        {"file": bluray_file(date_added=NOW - dt.timedelta(days=8))},
        {},
        {},
        "automatic",
        None,
    ),
    (d.proper, PROPER, {}, {"file": bluray_file()}, {}, {}, "rss", None),
    (
        d.delay,
        BLURAY,
        {"publish_date": NOW - HOUR},
        {},
        {"delay_rules": [DelayRule(usenet_delay=120)]},
        {},
        "rss",
        "Waiting for a better release: delay of 120 minutes",
    ),
    (
        d.delay,
        BLURAY,
        {"publish_date": NOW - 3 * HOUR},
        {},
        {"delay_rules": [DelayRule(usenet_delay=120)]},
        {},
        "rss",
        None,
    ),
    (
        d.delay,
        BLURAY,
        {"publish_date": NOW - HOUR},
        {},
        {"delay_rules": [DelayRule(usenet_delay=120)], "pending_since": {1: NOW - 3 * HOUR}},
        {},
        "rss",
        None,
    ),
    (
        d.delay,
        "The.Movie.2010.1080p.BluRay.REMUX.AVC-GRP",
        {"publish_date": NOW - HOUR},
        {},
        {"delay_rules": [DelayRule(usenet_delay=120, bypass_if_highest_quality=True)]},
        {},
        "rss",
        None,
    ),
    (
        d.delay,
        BLURAY,
        {"publish_date": NOW - HOUR},
        {"profile": profile(format_scores={7: 100})},
        {
            "formats": [X264],
            "delay_rules": [
                DelayRule(
                    usenet_delay=120, bypass_if_above_custom_format_score=True, minimum_custom_format_score=50
                )
            ],
        },
        {},
        "rss",
        None,
    ),
    (
        d.delay,
        BLURAY,
        {"publish_date": NOW - HOUR},
        {},
        {"delay_rules": [DelayRule(usenet_delay=120)]},
        {},
        "interactive",
        None,
    ),
    (
        d.free_space,
        BLURAY,
        {"size": 10 * GB},
        {},
        {"free_space": {1: 5 * GB}},
        {},
        "rss",
        "Not enough free space: 5.0 GB free, the release is 10.0 GB",
    ),
    (
        d.free_space,
        BLURAY,
        {"size": 10 * GB},
        {},
        {"free_space": {1: 10 * GB + 50 * 1024**2}},
        {},
        "rss",
        "Not enough free space: 50.0 MB would be left, below the minimum of 100 MB",
    ),
    (d.free_space, BLURAY, {"size": 10 * GB}, {}, {"free_space": {1: 20 * GB}}, {}, "rss", None),
    (
        d.free_space,
        BLURAY,
        {"size": 10 * GB},
        {},
        {"free_space": {1: 5 * GB}},
        {"skip_free_space_check": True},
        "rss",
        None,
    ),
]


@pytest.mark.parametrize(
    ("rule", "title", "release_changes", "movie_changes", "facts_changes", "settings", "search", "reason"),
    CASES,
    ids=[
        f"{case[0].__name__}-{'accept' if case[-1] is None else 'reject'}-{i}" for i, case in enumerate(CASES)
    ],
)
def test_each_rule_accepts_or_rejects_with_a_reason_a_user_understands(
    rule: d.Rule,
    title: str,
    release_changes: dict[str, Any],
    movie_changes: dict[str, Any],
    facts_changes: dict[str, Any],
    settings: dict[str, Any],
    search: str,
    reason: str | None,
) -> None:
    the_facts = with_settings(facts(movie(**movie_changes), **facts_changes), **settings)
    found = candidate(release(title, **release_changes), the_facts, SearchKind(search))
    rejection = rule(found, the_facts)
    if reason is None:
        assert rejection is None
    else:
        assert rejection is not None
        assert rejection.reason.startswith(reason)


def test_minimum_age_delay_and_blocked_indexers_reject_only_for_now() -> None:
    the_facts = with_settings(
        facts(delay_rules=[DelayRule(usenet_delay=120)], indexers={1: Indexer(1, blocked_until=NOW + HOUR)}),
        minimum_age=30,
    )
    found = candidate(release(publish_date=NOW - dt.timedelta(minutes=5)), the_facts)
    for rule in (d.minimum_age, d.delay, d.blocked_indexer):
        rejection = rule(found, the_facts)
        assert rejection is not None and rejection.type is RejectionType.TEMPORARY


def test_in_a_search_a_release_for_another_movie_is_rejected_as_the_wrong_movie() -> None:
    wanted = movie()
    other = movie(id=2, title="Another Film", year=2011, tmdb_id=200, imdb_id="tt0000200")
    the_facts = facts(wanted, movies={1: wanted, 2: other})
    found = d.candidate_for(
        release("Another.Film.2011.1080p.BluRay.x264-GRP"),
        the_facts,
        search=SearchKind.AUTOMATIC,
        searched_movie=wanted,
    )
    rejection = d.wrong_movie(found, the_facts)
    assert rejection is not None and rejection.reason == "Wrong movie: the release is for Another Film (2011)"
    own = d.candidate_for(release(), the_facts, search=SearchKind.AUTOMATIC, searched_movie=wanted)
    assert d.wrong_movie(own, the_facts) is None


def test_an_unparsable_or_unknown_release_is_rejected_before_any_rule() -> None:
    the_facts = facts()
    decided = d.decide([release("Nothing.To.See.1999.720p.HDTV-GRP"), release("!!!")], the_facts)
    assert {tuple(r.reason for r in x.rejections) for x in decided} == {
        ("Unable to parse release",),
        ("Unknown movie: unable to match the release to a movie",),
    }


def test_rules_stop_at_the_first_group_that_rejects() -> None:
    the_facts = facts(movie(monitored=False), free_space={1: GB})
    decision = d.evaluate(candidate(release("The.Movie.2010.480p.BluRay.x264-GRP"), the_facts), the_facts)
    assert [r.reason for r in decision.rejections] == [
        "Quality Bluray-480p is not wanted in profile HD-1080p"
    ]


def test_releases_map_to_movies_by_alternative_title_and_by_a_year_off_by_one() -> None:
    amelie = movie(
        id=2,
        title="Le Fabuleux Destin d'Amélie Poulain",
        year=2001,
        tmdb_id=194,
        imdb_id=None,
        alternative_titles=("Amelie",),
    )
    the_facts = facts(movie(), movies={1: movie(), 2: amelie})
    for title in ("Amelie.2001.1080p.BluRay.x264-GRP", "Amelie.2002.1080p.BluRay.x264-GRP"):
        found = d.candidate_for(release(title), the_facts)
        assert found.movie is amelie
    assert d.candidate_for(release("Amelie.2004.1080p.BluRay.x264-GRP"), the_facts).movie is None
