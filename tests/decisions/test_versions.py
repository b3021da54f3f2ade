"""A movie with a 1080p and a 4K version: each release is judged for every version and chosen
for the one it serves, never twice, and never again while it downloads for another version."""

from __future__ import annotations

import dataclasses
import datetime as dt

from decision_builders import GB, NOW, facts, movie, profile, release

from reelarr import decisions as d
from reelarr.decisions import DecisionFacts, Grab, Movie
from reelarr.profiles import Copy
from reelarr.qualities import BLURAY_1080P, REMUX_2160P

REMUX = "The.Movie.2010.2160p.UHD.BluRay.REMUX.HDR.HEVC.DTS-HD.MA.5.1-GRP"
BLURAY = "The.Movie.2010.1080p.BluRay.x264-GRP"


def _versions(**facts_changes: object) -> tuple[DecisionFacts, Movie, Movie]:
    hd = movie(version_id=10, version_name="1080p", is_default_version=True)
    uhd = dataclasses.replace(
        hd, profile=profile("Ultra-HD", id=5), version_id=11, version_name="4K", is_default_version=False
    )
    return facts(hd, other_versions={hd.id: [uhd]}, **facts_changes), hd, uhd


def _by_version(found: list[d.Decision]) -> dict[str, d.Decision]:
    return {decision.candidate.movie.version_name: decision for decision in found if decision.candidate.movie}


def test_a_2160p_remux_is_approved_for_4k_and_rejected_for_1080p_with_a_reason() -> None:
    the_facts, _, _ = _versions()
    found = _by_version(d.decide([release(REMUX, size=60 * GB)], the_facts))

    assert found["4K"].approved, found["4K"].rejections
    assert not found["1080p"].approved
    assert [r.reason for r in found["1080p"].rejections] == [
        "Quality Remux-2160p is not wanted in profile HD-1080p"
    ]


def test_with_both_versions_wanting_each_gets_the_release_it_serves_and_none_is_chosen_twice() -> None:
    the_facts, _, _ = _versions()
    ranked = d.decide([release(REMUX, size=60 * GB), release(BLURAY)], the_facts)
    best = d.best_per_version(ranked)

    assert {key: one.candidate.release.title for key, one in best.items()} == {
        (1, 11): REMUX,
        (1, 10): BLURAY,
    }


def test_a_release_approved_for_two_versions_is_chosen_for_one_only() -> None:
    the_facts, hd, uhd = _versions()
    wide = dataclasses.replace(uhd, profile=profile("Any", id=6))
    the_facts = dataclasses.replace(the_facts, other_versions={hd.id: [wide]})
    ranked = d.decide([release(BLURAY)], the_facts)

    assert all(one.approved for one in ranked), [one.rejections for one in ranked]
    assert len(d.best_per_version(ranked)) == 1


def test_with_4k_downloading_the_same_release_is_not_grabbed_again_for_another_version() -> None:
    downloading = Grab(1, Copy(REMUX_2160P), REMUX, download_id="abc", version_id=11)
    the_facts, hd, _ = _versions(queue={1: [downloading]})
    # A 1080p version whose profile would take 2160p too: only the queue stops it.
    anything = dataclasses.replace(hd, profile=profile("Any", id=6))
    the_facts = dataclasses.replace(the_facts, movies={1: anything})
    found = _by_version(d.decide([release(REMUX, size=60 * GB)], the_facts))

    assert [r.reason for r in found["1080p"].rejections] == [
        "Release is already grabbed for another version: 4K"
    ]
    assert not found["4K"].approved, "4K's own queue holds it"
    assert d.best_per_version(list(found.values())) == {}


def test_a_download_for_4k_does_not_block_a_1080p_release() -> None:
    downloading = Grab(1, Copy(REMUX_2160P), REMUX, download_id="abc", version_id=11)
    the_facts, _, _ = _versions(queue={1: [downloading]})
    found = _by_version(d.decide([release(BLURAY)], the_facts))

    assert found["1080p"].approved, found["1080p"].rejections
    assert not found["4K"].approved


def test_each_versions_file_decides_its_own_upgrades() -> None:
    the_facts, hd, uhd = _versions()
    with_files = dataclasses.replace(
        the_facts,
        movies={
            1: dataclasses.replace(hd, file=d.MovieFile(BLURAY_1080P, date_added=NOW - dt.timedelta(days=30)))
        },
    )
    ranked = d.decide([release(BLURAY), release(REMUX, size=60 * GB)], with_files)
    approved = {
        (one.candidate.movie.version_name, one.candidate.release.title) for one in ranked if one.approved
    }

    assert approved == {("4K", REMUX)}, "the 1080p version already has Bluray-1080p; 4K has no file"
    assert uhd.file is None
