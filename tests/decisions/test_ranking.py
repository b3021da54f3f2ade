"""Which release wins: Radarr's ranking over the accepted, for several profiles and situations."""

from __future__ import annotations

import datetime as dt

from decision_builders import GB, NOW, facts, movie, profile, release

from reelarr import decisions as d
from reelarr import qualities as q
from reelarr.custom_formats import compile_format
from reelarr.decisions import MovieFile, SearchKind
from reelarr.profiles import DelayRule

HOUR = dt.timedelta(hours=1)
OFFERED = [
    release("The.Movie.2010.720p.BluRay.x264-GRP", size=6 * GB),
    release("The.Movie.2010.1080p.WEB-DL.DDP5.1.H264-NTb", size=8 * GB),
    release("The.Movie.2010.1080p.BluRay.x264-GRP", size=12 * GB),
    release("The.Movie.2010.1080p.BluRay.x264.PROPER-GRP", size=12 * GB),
    release("The.Movie.2010.1080p.BluRay.x264-OTHER", size=11 * GB, protocol="torrent", seeders=50),
]
HDR = compile_format(
    3, "NTb", [{"implementation": "ReleaseGroupSpecification", "fields": {"value": "^NTb$"}}]
)


def _winner(decided: list[d.Decision]) -> str | None:
    best = d.best_per_movie(decided)
    return best[1].candidate.release.title if best else None


def test_interactive_search_lists_accepted_by_quality_then_revision_then_protocol_then_rejected() -> None:
    decided = d.decide(OFFERED, facts(), search=SearchKind.INTERACTIVE, searched_movie=movie())
    assert [(x.candidate.release.title, [r.reason for r in x.rejections]) for x in decided] == [
        ("The.Movie.2010.1080p.BluRay.x264.PROPER-GRP", []),
        ("The.Movie.2010.1080p.BluRay.x264-GRP", []),
        ("The.Movie.2010.1080p.BluRay.x264-OTHER", []),
        ("The.Movie.2010.1080p.WEB-DL.DDP5.1.H264-NTb", []),
        (
            "The.Movie.2010.720p.BluRay.x264-GRP",
            ["Quality Bluray-720p is not wanted in profile HD-1080p"],
        ),
    ]


def test_with_no_file_the_best_quality_and_the_proper_wins() -> None:
    assert _winner(d.decide(OFFERED, facts())) == "The.Movie.2010.1080p.BluRay.x264.PROPER-GRP"


def test_when_the_file_meets_the_cutoff_only_a_proper_of_it_is_taken() -> None:
    at_cutoff = movie(file=MovieFile(q.BLURAY_1080P, release_group="GRP", date_added=NOW - HOUR))
    assert _winner(d.decide(OFFERED, facts(at_cutoff))) == "The.Movie.2010.1080p.BluRay.x264.PROPER-GRP"
    no_proper = [r for r in OFFERED if "PROPER" not in r.title]
    assert _winner(d.decide(no_proper, facts(at_cutoff))) is None


def test_a_web_file_is_upgraded_to_bluray_when_upgrades_are_allowed_and_kept_when_not() -> None:
    web_file = MovieFile(q.WEBDL_1080P, release_group="NTb")
    upgradable = movie(file=web_file)
    assert _winner(d.decide(OFFERED, facts(upgradable))) == "The.Movie.2010.1080p.BluRay.x264.PROPER-GRP"
    locked = movie(file=web_file, profile=profile(upgrade_allowed=False))
    assert _winner(d.decide(OFFERED, facts(locked))) is None


def test_format_score_outranks_the_protocol_and_indexer_but_not_quality() -> None:
    scored = movie(profile=profile(cutoff=q.WEBDL_1080P.id, format_scores={3: 500}))
    web_only = [r for r in OFFERED if "WEB" in r.title or "720p" in r.title] + [
        release("The.Movie.2010.1080p.WEBRip.x264-RARBG", size=8 * GB, indexer_priority=1)
    ]
    assert _winner(d.decide(web_only, facts(scored, formats=[HDR]))) == (
        "The.Movie.2010.1080p.WEB-DL.DDP5.1.H264-NTb"
    )


def test_the_preferred_protocol_wins_between_equal_releases() -> None:
    same = [
        release("The.Movie.2010.1080p.BluRay.x264-GRP", protocol="usenet"),
        release("The.Movie.2010.1080p.BluRay.x264-GRP", guid="t", protocol="torrent", seeders=100),
    ]
    torrent_first = facts(delay_rules=[DelayRule(preferred_protocol="torrent")])
    assert d.best_per_movie(d.decide(same, torrent_first))[1].candidate.release.protocol == "torrent"
    assert d.best_per_movie(d.decide(same, facts()))[1].candidate.release.protocol == "usenet"


def test_a_delay_profile_holds_back_everything_but_the_best_quality_in_rss_sync() -> None:
    recent = [
        release("The.Movie.2010.1080p.WEB-DL.DDP5.1.H264-NTb", publish_date=NOW - HOUR),
        release("The.Movie.2010.1080p.BluRay.REMUX.AVC-GRP", size=30 * GB, publish_date=NOW - HOUR),
    ]
    waiting = facts(delay_rules=[DelayRule(usenet_delay=240, bypass_if_highest_quality=True)])
    decided = d.decide(recent, waiting)
    assert _winner(decided) == "The.Movie.2010.1080p.BluRay.REMUX.AVC-GRP"
    web = next(x for x in decided if "WEB-DL" in x.candidate.release.title)
    assert web.temporarily_rejected
    only_web = d.decide(recent[:1], waiting)
    assert _winner(only_web) is None and only_web[0].temporarily_rejected
