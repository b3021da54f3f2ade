"""The lenient reading: right where Radarr gives up, and never different where Radarr answers."""

from __future__ import annotations

import pytest
from conformance import load_cases

from reelarr import parser


@pytest.mark.parametrize(
    ("name", "title", "year", "also_known_as"),
    [
        # Yearless names Radarr refuses.
        ("The_Italian_Job.mkv", "The Italian Job", 0, ()),
        ("REDLINE (BD 1080p H264 10bit FLAC) [3xR].mkv", "REDLINE", 0, ()),
        ("Hua.Mulan.BRRIP.MP4.x264.720p-HR.avi", "Hua Mulan", 0, ()),
        ("The.Dark.Knight.IMAX.EDITION.HQ.BluRay.1080p.x264.AC3.Hindi.Eng.ETRG", "The Dark Knight", 0, ()),
        # Alternative titles and credits in brackets.
        ("Youth.In.Revolt.(Be.Bad).2009.720p.BluRay.x264-GROUP", "Youth In Revolt", 2009, ("Be Bad",)),
        ("La Defense Lincoln (The Lincoln Lawyer) 2011", "La Defense Lincoln", 2011, ("The Lincoln Lawyer",)),
        ("Mise à Sac (Alain Cavalier, 1967)", "Mise à Sac", 1967, ()),
        # Edition, 3D, HDR and VR markers before the year.
        ("Alien DC (1979)", "Alien", 1979, ("Alien DC",)),
        ("Aliens.SE.1986", "Aliens", 1986, ()),
        ("Pacific.Rim.3D.2013", "Pacific Rim", 2013, ()),
        ("Movie.Name.VR180.2020", "Movie Name", 2020, ()),
        (
            "Captain.America.Civil.War.HDR.1080p.HEVC.10bit.BT.2020.DTS.x265-GROUP",
            "Captain America Civil War",
            0,
            (),
        ),
        # Site and uploader prefixes.
        ("blow-how.to.be.single.2016.720p.bluray.x264.mkv", "how to be single", 2016, ()),
        ("ulshd-the.right.stuff.1983.1080p.bluray.x264.mkv", "the right stuff", 1983, ()),
        ("spider-man.2002.720p.bluray.x264-sparks.mkv", "spider-man", 2002, ()),
        ("www.Torrenting.com   -    Anatomy Of A Fall (2023)", "Anatomy Of A Fall", 2023, ()),
    ],
)
def test_names_radarr_refuses_or_half_reads_are_read_leniently(
    name: str, title: str, year: int, also_known_as: tuple[str, ...]
) -> None:
    parsed = parser.parse_title_lenient(name)
    assert parsed is not None
    assert (parsed.movie_title, parsed.year) == (title, year)
    assert parsed.movie_titles[0] == title
    assert set(also_known_as) <= set(parsed.movie_titles)


def test_a_yearless_name_keeps_its_quality_group_and_languages() -> None:
    parsed = parser.parse_title_lenient("Hua.Mulan.BRRIP.MP4.x264.720p.FRENCH-HR.avi")
    assert parsed is not None
    assert parsed.quality.quality.name == "Bluray-720p"
    assert parsed.release_group == "HR"
    assert [language.name for language in parsed.languages] == ["French"]


@pytest.mark.parametrize(
    ("name", "title", "part"),
    [
        ("Movie CD1.avi", "Movie", 1),
        ("(CD3) Movie.avi", "Movie", 3),
        ("Filename Part 3.mkv", "Filename", 3),
        ("Some.Movie.2010.DVDRip.XviD.CD2-GROUP.avi", "Some Movie", 2),
        ("Some.Movie.2010.1080p.BluRay.x264-GROUP.mkv", "Some Movie", 0),
    ],
)
def test_cd_and_part_markers_give_a_part_number(name: str, title: str, part: int) -> None:
    parsed = parser.parse_title_lenient(name)
    assert parsed is not None
    assert (parsed.movie_title, parsed.part) == (title, part)


def test_a_path_falls_back_from_the_file_to_its_folder_for_the_year() -> None:
    parsed = parser.parse_path_lenient("/movies/The Italian Job (2003)/The_Italian_Job.mkv")
    assert parsed is not None
    assert (parsed.movie_title, parsed.year) == ("The Italian Job", 2003)
    yearless = parser.parse_path_lenient("/movies/incoming/The_Italian_Job.mkv")
    assert yearless is not None
    assert (yearless.movie_title, yearless.year) == ("The Italian Job", 0)


def test_hashes_and_junk_stay_refused() -> None:
    for junk in ("", "...", "b00bs", "abcdef0123456789abcdef0123456789.mkv"):
        assert parser.parse_title_lenient(junk) is None


def test_where_radarr_answers_the_lenient_path_keeps_its_year_and_titles() -> None:
    """Radarr's titles stay among the lenient ones (so a match on them still counts), the year is
    the same, and the primary title changes only where brackets or tags were cut from it."""
    changed = []
    for case in load_cases():
        if case["api"] != "Parser.ParseMovieTitle" or case["expect"].get("should_not_parse"):
            continue
        strict = parser.parse_title(case["title"], **case.get("args", {}))
        lenient = parser.parse_title_lenient(case["title"], **case.get("args", {}))
        assert strict is not None and lenient is not None, case["title"]
        assert set(strict.movie_titles) <= set(lenient.movie_titles), case["title"]
        assert lenient.year == strict.year, case["title"]
        if lenient.movie_title != strict.movie_title:
            changed.append(strict.movie_title)
    assert sorted(changed) == [
        "Movie Name FRENCH BluRay",
        "Movie Title [",
        "Movie Title [",
        "Movie Title [",
        "Movie Title [",
        "Radarr Under Water (aka Beneath the Code Freeze)",
        "Енола Голмс / Enola Holmes",
    ]
