"""The parser's main behaviours, one readable table per concern."""

from __future__ import annotations

import pytest

from reelarr import parser
from reelarr.parser import Detection


@pytest.mark.parametrize(
    ("release", "title", "year", "edition"),
    [
        ("The.Movie.Title.2019.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GROUP", "The Movie Title", 2019, ""),
        ("R.I.P.D.2013.720p.BluRay.x264-SPARKS", "R.I.P.D.", 2013, ""),
        ("Movie.Klasse.von.1999.1990.German.720p.HDTV.x264-NORETAiL", "Movie Klasse von 1999", 1990, ""),
        (
            "Movie.Title.(Extended.Theatrical.Version.IMAX).2012.BluRay",
            "Movie Title",
            2012,
            "Extended Theatrical Version IMAX",
        ),
        (
            "Das.A.Team.Der.Film.Extended.Cut.German.720p.BluRay.x264-ANCIENT",
            "Das A Team Der Film",
            0,
            "Extended Cut",
        ),
        ("[MTBB] Kimi no Na wa. (2016) v2 [97681524].mkv", "Kimi no Na wa", 2016, ""),
        ("www.Torrenting.com - Movie.2008.720p.X264-DIMENSION", "Movie", 2008, ""),
    ],
)
def test_a_release_name_gives_title_year_and_edition(
    release: str, title: str, year: int, edition: str
) -> None:
    parsed = parser.parse_title(release)
    assert parsed is not None
    assert (parsed.movie_title, parsed.year, parsed.edition) == (title, year, edition)


def test_an_aka_title_lists_both_names_after_the_full_title() -> None:
    parsed = parser.parse_title("Skjegg.AKA.Rox.Beard.1965.CD1.CRiTERiON.DVDRip.XviD-KG.avi")
    assert parsed is not None
    assert parsed.movie_titles == ("Skjegg AKA Rox Beard", "Skjegg", "Rox Beard")


@pytest.mark.parametrize(
    "junk",
    [
        "185d86a343e39f3341e35c4dad3f9959",
        'password - "bdc435cb.337" yEnc',
        "THIS SHOULD NEVER PARSE",
        "abc.xyz.af60",
    ],
)
def test_hashes_and_junk_are_not_releases(junk: str) -> None:
    assert parser.parse_title(junk) is None


@pytest.mark.parametrize(
    ("release", "quality", "version", "repack"),
    [
        ("Movie.2016.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-iFT", "Remux-1080p", 1, False),
        ("Movie.2019.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTG", "WEBDL-1080p", 1, False),
        ("Movie.2019.2160p.AMZN.WEBRip.DD2.0.X264-TrollUHD", "WEBRip-2160p", 1, False),
        ("Movie.2018.REPACK2.720p.HDTV.x264-aAF", "HDTV-720p", 3, True),
        ("Movie.2018.PROPER.DVDRip.XviD-GROUP", "DVD", 2, False),
        ("Movie.2005.1080p.USA.Blu-ray.AVC.DTS-HD.MA.5.1-PTP", "BR-DISK", 1, False),
        ("Movie Name 2018 NEW 720p HD-CAM X264 HQ-CPG", "CAM", 1, False),
    ],
)
def test_a_release_name_gives_its_quality_and_revision(
    release: str, quality: str, version: int, repack: bool
) -> None:
    parsed = parser.parse_quality(release)
    assert parsed.quality.name == quality
    assert (parsed.revision.version, parsed.revision.is_repack) == (version, repack)


def test_a_file_with_no_quality_words_falls_back_on_its_extension() -> None:
    parsed = parser.parse_quality("Movie.Title.mkv")
    assert parsed.quality.name == "HDTV-720p"
    assert parsed.source_detection == Detection.EXTENSION


@pytest.mark.parametrize(
    ("release", "group"),
    [
        ("Movie.2009.English.HDTV.XviD-LOL", "LOL"),
        ("Movie.2019.1080p.BDRip.X264.AC3-EVO-Rakuv02", "EVO"),
        ("SomeMovie.1080p.BluRay.DTS.x264.-Blu-bits.mkv", "Blu-bits"),
        ("Movie Name (2019) (1080p BluRay x265 HEVC 10bit AAC 7.1 Tigole) [QxR]", "QxR"),
        ("Movie.2013.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1", None),
        ("[HorribleSubs] Movie - 01 [1080p].mkv", "HorribleSubs"),
    ],
)
def test_the_release_group_is_found_and_tags_after_it_are_ignored(release: str, group: str | None) -> None:
    assert parser.parse_release_group(release) == group


@pytest.mark.parametrize(
    ("release", "languages"),
    [
        ("The.Movie.2016.German.DTS.DL.720p.BluRay.x264-RlsGrp", {"German", "Original"}),
        ("The.Movie.2023.German.ML.EAC3.720p.NF.WEB.H264-RlsGrp", {"German", "Original", "English"}),
        ("The.Italian.Movie.2025.720p.BluRay.X264-AMIABLE", {"Unknown"}),
        ("Movie.Title.1994.PL-SUB.1080p.XviD-LOL", {"Unknown"}),
        ("Movie.Title.2016.ENG-ITA-FRA.AAC.1080p.WebDL.x264", {"English", "Italian", "French"}),
    ],
)
def test_languages_come_from_tags_after_the_title_only(release: str, languages: set[str]) -> None:
    parsed = parser.parse_title(release)
    assert parsed is not None
    assert {language.name for language in parsed.languages} == languages


def test_a_subtitle_file_names_language_tags_and_track_title() -> None:
    info = parser.parse_subtitle_info("Movie (2020).commentary.default.eng.forced.ass")
    assert (info.language.name, set(info.tags), info.title) == (
        "English",
        {"default", "forced"},
        "commentary",
    )


def test_clean_titles_drop_filler_words_but_keep_acronyms() -> None:
    assert parser.clean_title("Law_and_Order_SVU") == "lawordersvu"
    assert parser.clean_title("word a N K L E word") == "wordankleword"


def test_a_hashed_file_in_a_release_folder_is_parsed_from_the_folder() -> None:
    parsed = parser.parse_path("/downloads/Movie.2018.DVDRip.XviD-RADARR/AHFMZXGHEWD660.mkv")
    assert parsed is not None
    assert (parsed.movie_title, parsed.quality.quality.name, parsed.release_group) == (
        "Movie",
        "DVD",
        "RADARR",
    )
