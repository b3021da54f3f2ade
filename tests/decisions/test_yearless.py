"""A search for a known movie takes the releases Radarr's parser refuses when they name that movie."""

from __future__ import annotations

from decision_builders import facts, movie, release

from reelarr import decisions as d
from reelarr.decisions import SearchKind


def _search(title: str, wanted: d.Movie, the_facts: d.DecisionFacts) -> d.Decision:
    [decision] = d.decide([release(title)], the_facts, search=SearchKind.INTERACTIVE, searched_movie=wanted)
    return decision


def test_a_search_for_a_known_movie_approves_a_correct_yearless_release() -> None:
    wanted = movie(title="Hua Mulan", year=2009, tmdb_id=0, imdb_id=None)
    decision = _search("Hua.Mulan.1080p.BluRay.x264-HR", wanted, facts(wanted))
    assert decision.approved, [r.reason for r in decision.rejections]
    assert decision.candidate.movie is wanted
    parsed = decision.candidate.parsed
    assert parsed is not None and parsed.year == 0
    assert parsed.quality.quality.name == "Bluray-1080p"
    assert parsed.release_group == "HR"


def test_a_yearless_release_matches_an_alternative_title_too() -> None:
    wanted = movie(title="The Italian Job", year=2003, alternative_titles=("Italian Job",), clean_titles=())
    decision = _search("Italian.Job.1080p.BluRay.x264-GRP", wanted, facts(wanted))
    assert decision.approved, [r.reason for r in decision.rejections]


def test_an_alternative_title_in_brackets_and_an_edition_marker_match_the_searched_movie() -> None:
    wanted = movie(title="The Lincoln Lawyer", year=2011)
    bracketed = _search(
        "La.Defense.Lincoln.(The.Lincoln.Lawyer).2011.1080p.BluRay.x264-GRP", wanted, facts(wanted)
    )
    assert bracketed.approved, [r.reason for r in bracketed.rejections]
    aliens = movie(title="Aliens", year=1986)
    edition = _search("Aliens.SE.1986.1080p.BluRay.x264-GRP", aliens, facts(aliens))
    assert edition.approved, [r.reason for r in edition.rejections]


def test_a_yearless_release_for_another_movie_is_rejected_saying_the_year_is_missing() -> None:
    wanted = movie(title="The Movie", year=2010)
    decision = _search("Another.Film.1080p.BluRay.x264-GRP", wanted, facts(wanted))
    assert [r.reason for r in decision.rejections] == [
        "Unable to parse release: the name has no year, and its title (Another Film) is not one of"
        " the searched movie's titles"
    ]


def test_outside_a_search_a_yearless_release_stays_unparsed_and_says_why() -> None:
    [decision] = d.decide([release("The.Movie.1080p.BluRay.x264-GRP")], facts())
    assert [r.reason for r in decision.rejections] == [
        "Unable to parse release: the name has no year, and a release without one is only taken in a"
        " search for its movie"
    ]


def test_a_rejected_yearless_release_says_the_year_is_unknown() -> None:
    wanted = movie(title="The Movie", year=2010)
    decision = _search("The.Movie.480p.DVDRip.x264-GRP", wanted, facts(wanted))
    reasons = [r.reason for r in decision.rejections]
    assert reasons[-1] == "Year unknown: the release names no year and was matched to The Movie by title"
    assert len(reasons) >= 2 and not decision.approved
