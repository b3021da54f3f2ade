"""Every naming token, its separator and case variants, and its modifiers.

Expected strings are Radarr's documented outputs (its file name builder's tests and the
examples its settings page shows), stated literally.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from reelarr import qualities
from reelarr.naming import (
    FileNamingFacts,
    HdrFormat,
    MediaInfo,
    MovieNamingFacts,
    NamedFormat,
    NamingConfig,
    movie_file_name,
    movie_folder_name,
)
from reelarr.qualities import Revision

SOUTH_PARK = MovieNamingFacts(
    title="South Park",
    year=1997,
    original_title="South of the Park",
    imdb_id="tt0121955",
    tmdb_id=9473,
    certification="R",
    collection="The South Park Collection",
    translations={"de": "German South Park", "fr": "French South Park"},
)
HDTV_FILE = FileNamingFacts(movie=SOUTH_PARK, quality=qualities.HDTV_720P, release_group="RadarrTest")
DTS_MEDIA = MediaInfo(
    video_format="h264",
    audio_format="dts",
    audio_channels=6,
    audio_languages=("eng",),
    subtitle_languages=("eng", "spa", "ita"),
)


def name(template: str, facts: FileNamingFacts = HDTV_FILE, **config: Any) -> str:
    return movie_file_name(facts, NamingConfig(rename_movies=True, standard_movie_format=template, **config))


def with_movie(**changes: Any) -> FileNamingFacts:
    return dataclasses.replace(HDTV_FILE, movie=dataclasses.replace(SOUTH_PARK, **changes))


def with_file(**changes: Any) -> FileNamingFacts:
    return dataclasses.replace(HDTV_FILE, **changes)


def with_media(**changes: Any) -> FileNamingFacts:
    return with_file(media_info=dataclasses.replace(DTS_MEDIA, **changes))


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{Movie Title}", "South Park"),
        ("{Movie CleanTitle}", "South Park"),
        ("{Movie TitleThe}", "South Park"),
        ("{Movie CleanTitleThe}", "South Park"),
        ("{Movie TitleFirstCharacter}", "S"),
        ("{Movie OriginalTitle}", "South of the Park"),
        ("{Movie CleanOriginalTitle}", "South of the Park"),
        ("{Movie Collection}", "The South Park Collection"),
        ("{Movie CollectionThe}", "South Park Collection, The"),
        ("{Movie Certification}", "R"),
        ("{Release Year}", "1997"),
        ("{ImdbId}", "tt0121955"),
        ("{TmdbId}", "9473"),
        ("{Release Group}", "RadarrTest"),
        ("{Quality Title}", "HDTV-720p"),
        ("{Quality Full}", "HDTV-720p"),
        ("{Quality Proper}", ""),
        ("{Quality Real}", ""),
        ("{Movie Title} [{Quality Title}]", "South Park [HDTV-720p]"),
        ("{Custom Formats}", ""),
        ("{Custom Format}", ""),
    ],
)
def test_each_token_renders_its_value(template: str, expected: str) -> None:
    assert name(template) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{Movie Title}", "South Park"),
        ("{Movie_Title}", "South_Park"),
        ("{Movie.Title}", "South.Park"),
        ("{Movie-Title}", "South-Park"),
        ("{MOVIE TITLE}", "SOUTH PARK"),
        ("{movie title}", "south park"),
        ("{mOvIe-tItLE}", "South-Park"),
        ("{MovieTitle}", "South Park"),
        ("{ReleaseGroup}", "RadarrTest"),
        ("{Movie.Title}.{_Quality.Title_}", "South.Park._HDTV-720p"),
        ("{Release.Year}", "1997"),
    ],
)
def test_separator_and_case_variants_of_a_token(template: str, expected: str) -> None:
    assert name(template) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{Movie Title:FR}", "French South Park"),
        ("{Movie Title:DE}", "German South Park"),
        ("{Movie Title:JP}", "South Park"),
        ("{Movie Title:JA}", "South Park"),
        ("{Movie Title:JP|FR}", "French South Park"),
        ("{Movie Title:JP|CN}", "South Park"),
        ("{Movie TitleThe:DE}", "German South Park"),
        ("{Movie CleanTitle:FR}", "French South Park"),
    ],
)
def test_a_language_code_picks_the_translated_title(template: str, expected: str) -> None:
    assert name(template) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("The Mist", "Mist, The"),
        ("A Place to Call Home", "Place to Call Home, A"),
        ("An Adventure in Space and Time", "Adventure in Space and Time, An"),
        ("The Flash (2010)", "Flash, The (2010)"),
        ("A League Of Their Own (AU)", "League Of Their Own, A (AU)"),
        ("The Fixer (ZH) (2015)", "Fixer, The (ZH) (2015)"),
        (
            "The Climax: I (Almost) Got Away With It (2016)",
            "Climax - I (Almost) Got Away With It, The (2016)",
        ),
        ("A", "A"),
        ("Anne", "Anne"),
        ("Theodore", "Theodore"),
        ("3%", "3%"),
    ],
)
def test_title_the_moves_the_article_before_trailing_qualifiers(title: str, expected: str) -> None:
    assert name("{Movie TitleThe}", with_movie(title=title)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("The Mist", "Mist, The"),
        ("The Flash (2010)", "Flash, The 2010"),
        ("A League Of Their Own (AU)", "League Of Their Own, A AU"),
        ("The Fixer (ZH) (2015)", "Fixer, The ZH 2015"),
        ("The Rat Pack (A&E)", "Rat Pack, The AandE"),
        ("The Climax: I (Almost) Got Away With It (2016)", "Climax I Almost Got Away With It, The 2016"),
        ("3%", "3%"),
    ],
)
def test_clean_title_the_cleans_around_the_moved_article(title: str, expected: str) -> None:
    assert name("{Movie CleanTitleThe}", with_movie(title=title)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Florence + the Machine", "Florence + the Machine"),
        ("Beyoncé X10", "Beyoncé X10"),
        ("Girlfriends' Guide to Divorce", "Girlfriends Guide to Divorce"),
        ("Rule #23: Never Lie to the Kids", "Rule #23 Never Lie to the Kids"),
        ("Anne Hathaway/Florence + The Machine", "Anne Hathaway Florence + The Machine"),
        ("Karma's a B*tch!", "Karmas a B-tch!"),
        ("Ke$ha: My Crazy Beautiful Life", "Ke$ha My Crazy Beautiful Life"),
        ("$#*! My Dad Says", "$#-! My Dad Says"),
        ("Free! - Iwatobi Swim Club", "Free! Iwatobi Swim Club"),
        ("Tamara Ecclestone: Billion $$ Girl", "Tamara Ecclestone Billion $$ Girl"),
        ("Marvel's Agents of S.H.I.E.L.D.", "Marvels Agents of S.H.I.E.L.D"),
        ("Castle (2009)", "Castle 2009"),
        ("Law & Order (UK)", "Law and Order UK"),
        ("Is this okay?", "Is this okay"),
        ("[a] title", "a title"),
        ("backslash \\ backlash", "backslash backlash"),
        ("I'm the Boss", "Im the Boss"),
    ],
)
def test_clean_title_drops_punctuation_that_reads_badly(title: str, expected: str) -> None:
    assert name("{Movie CleanTitle}", with_movie(title=title)) == expected


def test_dotted_clean_title_loses_its_brackets() -> None:
    assert name("{Movie.CleanTitle}", with_movie(title="South Park (1997)")) == "South.Park.1997"


def test_clean_original_title_is_cleaned() -> None:
    assert (
        name("{Movie CleanOriginalTitle}", with_movie(original_title="Law & Order: UK")) == "Law and Order UK"
    )


def test_original_title_falls_back_to_the_title() -> None:
    assert name("{Movie OriginalTitle}", with_movie(original_title="")) == "South Park"


@pytest.mark.parametrize(
    ("collection", "expected"),
    [
        ("The Badger Collection", "Badger Collection, The"),
        ("A Stupid Collection", "Stupid Collection, A"),
        ("The Amazing Animal-Hero Collection (2001)", "Amazing Animal-Hero Collection, The (2001)"),
        ("The Gasm: I (Almost) Got Away With It (1900)", "Gasm - I (Almost) Got Away With It, The (1900)"),
    ],
)
def test_collection_the_moves_the_article(collection: str, expected: str) -> None:
    assert name("{Movie CollectionThe}", with_movie(collection=collection)) == expected


def test_a_movie_outside_any_collection_renders_it_empty() -> None:
    assert name("{Movie Collection}", with_movie(collection=None)) == ""


@pytest.mark.parametrize(
    ("title", "folder", "expected"),
    [
        ("The Mist", "{Movie TitleFirstCharacter}\\{Movie Title}", "M/The Mist"),
        ("A", "{Movie TitleFirstCharacter}\\{Movie Title}", "A/A"),
        ("30 Rock", "{Movie TitleFirstCharacter}/{Movie Title}", "3/30 Rock"),
        ("Westworld", "{movie titlefirstcharacter}\\{movie title}", "w/westworld"),
        ("Élan", "{Movie TitleFirstCharacter}", "E"),
    ],
)
def test_first_character_token_makes_alphabetical_folders(title: str, folder: str, expected: str) -> None:
    assert (
        movie_folder_name(MovieNamingFacts(title, 2000), NamingConfig(movie_folder_format=folder)) == expected
    )


def test_release_year_is_empty_for_a_movie_without_one() -> None:
    assert name("{Movie Title} ({Release Year})", with_movie(year=0)) == "South Park"


# ---------------------------------------------------------------- file tokens


def test_original_title_is_the_release_name() -> None:
    facts = with_file(scene_name="30.Rock.S01E01.xvid-LOL", original_file_name="30 Rock - S01E01 - Test")
    assert name("{Movie Title} - {Original Title}", facts) == "South Park - 30.Rock.S01E01.xvid-LOL"


def test_original_title_falls_back_to_the_file_name_without_its_extension() -> None:
    assert name("{Original Title}", with_file(original_file_name="existing.file.mkv")) == "existing.file"


def test_original_filename_is_the_file_name_without_folders_or_extension() -> None:
    facts = with_file(
        scene_name="30.Rock.S01E01.xvid-LOL",
        original_file_name="/downloads/30 Rock/30 Rock - S01E01 - Test.mkv",
    )
    assert name("{Movie Title} - {Original Filename}", facts) == "South Park - 30 Rock - S01E01 - Test"


@pytest.mark.parametrize("group", ["0SEC", "2HD", "IMMERSE"])
def test_release_group_keeps_its_casing(group: str) -> None:
    assert name("{Release Group}", with_file(release_group=group)) == group


def test_a_file_without_a_group_is_named_after_radarr() -> None:
    assert name("{Release Group}", with_file(release_group=None)) == "Radarr"


@pytest.mark.parametrize(
    "template",
    ["{Movie Title}{-Release Group}", "{Movie Title}{ Release Group}", "{Movie Title}{ [Release Group]}"],
)
def test_a_decorated_release_group_token_has_no_default(template: str) -> None:
    assert name(template, with_file(release_group=None)) == "South Park"


@pytest.mark.parametrize(
    ("edition", "expected"),
    [
        ("Uncut", "South Park [Uncut]"),
        ("Ultimate extended edition", "South Park [Ultimate Extended Edition]"),
        ("director's cut", "South Park [Director's Cut]"),
        ("10TH anniversary edition", "South Park [10th Anniversary Edition]"),
        ("imax", "South Park [IMAX]"),
        ("", "South Park"),
    ],
)
def test_edition_tags_are_title_cased(edition: str, expected: str) -> None:
    assert name("{Movie Title} [{Edition Tags}]", with_file(edition=edition)) == expected


# ---------------------------------------------------------------- quality


@pytest.mark.parametrize(
    ("revision", "template", "expected"),
    [
        (Revision(version=2), "{Quality Proper}", "Proper"),
        (Revision(version=2, is_repack=True), "{Quality Proper}", "Repack"),
        (Revision(real=1), "{Quality Real}", "REAL"),
        (Revision(), "{Quality Title} {Quality Proper}", "HDTV-720p"),
        (
            Revision(version=2),
            "{Movie Title} [{Quality Title}] {[Quality Proper]}",
            "South Park [HDTV-720p] [Proper]",
        ),
        (Revision(), "{Movie Title} [{Quality Title}] {[Quality Proper]}", "South Park [HDTV-720p]"),
        (Revision(), "{Movie Title} [{Quality Full}]", "South Park [HDTV-720p]"),
        (Revision(version=2), "{Movie Title} [{Quality Full}]", "South Park [HDTV-720p Proper]"),
        (Revision(real=1), "{Movie Title} [{Quality Full}]", "South Park [HDTV-720p REAL]"),
        (Revision(version=2, real=1), "{Quality Full}", "HDTV-720p Proper REAL"),
    ],
)
def test_quality_tokens_show_propers_and_reals(revision: Revision, template: str, expected: str) -> None:
    assert name(template, with_file(revision=revision)) == expected


@pytest.mark.parametrize("separator", [" ", "-", ".", "_"])
def test_separators_left_by_an_empty_token_are_trimmed(separator: str) -> None:
    s = separator
    assert name(f"{{Quality{s}Title}}{s}{{Quality{s}Proper}}") == "HDTV-720p"
    assert (
        name(f"{{Quality{s}Title}}{s}{{Quality{s}Proper}}{s}{{Movie{s}Title}}") == f"HDTV-720p{s}South{s}Park"
    )


# ---------------------------------------------------------------- media info


@pytest.mark.parametrize(
    ("template", "media", "expected"),
    [
        (
            "{Movie.Title}.{MEDIAINFO.FULL}",
            MediaInfo(
                video_format="h264",
                audio_format="dts",
                audio_languages=("eng", "spa"),
                subtitle_languages=("eng", "spa", "ita"),
            ),
            "South.Park.H264.DTS[EN+ES].[EN+ES+IT]",
        ),
        ("{Movie.Title}.{MEDIAINFO.FULL}", DTS_MEDIA, "South.Park.H264.DTS.[EN+ES+IT]"),
        ("{MediaInfo Simple}", DTS_MEDIA, "h264 DTS"),
        ("{MediaInfo Video}", DTS_MEDIA, "h264"),
        ("{MediaInfo VideoCodec}", DTS_MEDIA, "h264"),
        ("{MediaInfo Audio}", DTS_MEDIA, "DTS"),
        ("{MediaInfo AudioCodec}", DTS_MEDIA, "DTS"),
        ("{MediaInfo AudioChannels}", DTS_MEDIA, "5.1"),
        ("{MediaInfo AudioLanguages}", DTS_MEDIA, ""),
        ("{MediaInfo AudioLanguagesAll}", DTS_MEDIA, "[EN]"),
        (
            "{MediaInfo AudioLanguages}",
            dataclasses.replace(DTS_MEDIA, audio_languages=("eng", "deu")),
            "[EN+DE]",
        ),
        (
            "{MediaInfo AudioLanguagesAll}",
            dataclasses.replace(DTS_MEDIA, audio_languages=("eng", "deu")),
            "[EN+DE]",
        ),
        ("{MediaInfo SubtitleLanguages}", DTS_MEDIA, "[EN+ES+IT]"),
        ("{MediaInfo SubtitleLanguagesAll}", DTS_MEDIA, "[EN+ES+IT]"),
        ("{MediaInfo SubtitleLanguages:EN+IT}", DTS_MEDIA, "[EN+IT]"),
        ("{MediaInfo SubtitleLanguages:-EN}", DTS_MEDIA, "[ES+IT]"),
        ("{MediaInfo AudioLanguagesAll:-EN}", DTS_MEDIA, ""),
        ("{MediaInfo SubtitleLanguages}", dataclasses.replace(DTS_MEDIA, subtitle_languages=("und", "")), ""),
        ("{MediaInfo VideoBitDepth}", dataclasses.replace(DTS_MEDIA, video_bit_depth=10), "10"),
        ("{MediaInfo 3D}", DTS_MEDIA, ""),
        ("{MediaInfo 3D}", dataclasses.replace(DTS_MEDIA, multi_view_count=2), "3D"),
        (
            "{Movie CleanTitle} ({Release Year}) [{Quality Title}] [tmdb-{TmdbId}] [{MediaInfo AudioCodec}]",
            DTS_MEDIA,
            "South Park (1997) [HDTV-720p] [tmdb-9473] [DTS]",
        ),
    ],
)
def test_media_info_tokens(template: str, media: MediaInfo, expected: str) -> None:
    assert name(template, with_file(media_info=media)) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("nob", "NB"),
        ("swe", "SV"),
        ("zho", "ZH"),
        ("chi", "ZH"),
        ("fre", "FR"),
        ("rum", "RO"),
        ("per", "FA"),
        ("ger", "DE"),
        ("cze", "CS"),
        ("ice", "IS"),
        ("dut", "NL"),
        ("nor", "NO"),
    ],
)
def test_language_codes_are_shown_as_two_letter_codes(code: str, expected: str) -> None:
    media = dataclasses.replace(DTS_MEDIA, subtitle_languages=(code,))
    assert (
        name("{Movie.Title}.{MEDIAINFO.FULL}", with_file(media_info=media))
        == f"South.Park.H264.DTS.[{expected}]"
    )


@pytest.mark.parametrize(
    ("hdr", "dynamic_range", "dynamic_range_type"),
    [
        (HdrFormat.NONE, "South.Park", "South.Park"),
        (HdrFormat.HLG10, "South.Park.HDR", "South.Park.HLG"),
        (HdrFormat.HDR10, "South.Park.HDR", "South.Park.HDR10"),
        (HdrFormat.HDR10_PLUS, "South.Park.HDR", "South.Park.HDR10Plus"),
        (HdrFormat.PQ10, "South.Park.HDR", "South.Park.PQ"),
        (HdrFormat.DOLBY_VISION, "South.Park.HDR", "South.Park.DV"),
        (HdrFormat.DOLBY_VISION_HDR10, "South.Park.HDR", "South.Park.DV.HDR10"),
        (HdrFormat.DOLBY_VISION_HDR10_PLUS, "South.Park.HDR", "South.Park.DV.HDR10Plus"),
        (HdrFormat.DOLBY_VISION_HLG, "South.Park.HDR", "South.Park.DV.HLG"),
        (HdrFormat.DOLBY_VISION_SDR, "South.Park.HDR", "South.Park.DV.SDR"),
    ],
)
def test_dynamic_range_tokens(hdr: HdrFormat, dynamic_range: str, dynamic_range_type: str) -> None:
    facts = with_media(hdr_format=hdr)
    assert name("{Movie.Title}.{MediaInfo VideoDynamicRange}", facts) == dynamic_range
    assert name("{Movie.Title}.{MediaInfo.VideoDynamicRangeType}", facts) == dynamic_range_type


@pytest.mark.parametrize(
    ("media", "scene_name", "expected"),
    [
        (MediaInfo(video_format="h264", video_encoder="x264 - core 164 r3095"), None, "x264"),
        (MediaInfo(video_format="h264"), None, "h264"),
        (MediaInfo(video_format="AVC"), "Movie.2010.1080p.BluRay.x264-GRP", "x264"),
        (MediaInfo(video_format="hevc", video_encoder="x265 (build 199)"), None, "x265"),
        (MediaInfo(video_format="hevc"), None, "h265"),
        (MediaInfo(video_format="av1"), None, "AV1"),
        (MediaInfo(video_format="vp9"), None, "VP9"),
        (MediaInfo(video_format="mpeg4", video_codec_tag="XVID"), None, "XviD"),
        (MediaInfo(video_format="mpeg4", video_codec_tag="DX50"), None, "DivX"),
        (MediaInfo(video_format="mpeg2video"), None, "MPEG2"),
        (MediaInfo(video_format="vc1"), None, "VC1"),
    ],
)
def test_video_codec_names_follow_the_encoder(
    media: MediaInfo, scene_name: str | None, expected: str
) -> None:
    assert name("{MediaInfo VideoCodec}", with_file(media_info=media, scene_name=scene_name)) == expected


@pytest.mark.parametrize(
    ("audio_format", "profile", "expected"),
    [
        ("aac", "LC", "AAC"),
        ("ac3", "", "AC3"),
        ("eac3", "", "EAC3"),
        ("eac3", "Dolby Digital Plus + Dolby Atmos", "EAC3 Atmos"),
        ("truehd", "", "TrueHD"),
        ("truehd", "Dolby TrueHD + Dolby Atmos", "TrueHD Atmos"),
        ("dts", "DTS", "DTS"),
        ("dts", "DTS-HD MA", "DTS-HD MA"),
        ("dts", "DTS-HD HRA", "DTS-HD HRA"),
        ("dts", "DTS-HD MA + DTS:X", "DTS-X"),
        ("dts", "DTS-ES", "DTS-ES"),
        ("flac", "", "FLAC"),
        ("mp3", "", "MP3"),
        ("opus", "", "Opus"),
        ("vorbis", "", "Vorbis"),
        ("pcm_s24le", "", "PCM"),
        ("E-AC-3", "", "EAC3"),
    ],
)
def test_audio_codec_names(audio_format: str, profile: str, expected: str) -> None:
    assert (
        name("{MediaInfo AudioCodec}", with_media(audio_format=audio_format, audio_profile=profile))
        == expected
    )


@pytest.mark.parametrize(
    ("layout", "channels", "expected"),
    [
        ("5.1(side)", 6, "5.1"),
        ("7.1", 8, "7.1"),
        ("stereo", 2, "2.0"),
        ("mono", 1, "1.0"),
        ("", 6, "5.1"),
        ("", 8, "7.1"),
        ("", 2, "2.0"),
        ("", 0, ""),
    ],
)
def test_audio_channels_are_main_channels_dot_lfe(layout: str, channels: int, expected: str) -> None:
    facts = with_media(audio_channel_layout=layout, audio_channels=channels)
    assert name("{MediaInfo AudioChannels}", facts) == expected


def test_media_info_tokens_are_empty_without_media_info() -> None:
    assert name("{Movie Title} {MediaInfo Full} {MediaInfo AudioChannels}") == "South Park"


# ---------------------------------------------------------------- custom formats

FORMATS = (
    NamedFormat("INTERNAL"),
    NamedFormat("AMZN"),
    NamedFormat("NAME WITH SPACES"),
    NamedFormat("NotIncludedFormat", include_when_renaming=False),
)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{Custom Formats}", "INTERNAL AMZN NAME WITH SPACES"),
        ("{Custom Formats:-INTERNAL}", "AMZN NAME WITH SPACES"),
        ("{Custom Formats:-NAME WITH SPACES}", "INTERNAL AMZN"),
        ("{Custom Formats:-INTERNAL,NAME WITH SPACES}", "AMZN"),
        ("{Custom Formats:INTERNAL}", "INTERNAL"),
        ("{Custom Formats:NAME WITH SPACES}", "NAME WITH SPACES"),
        ("{Custom Formats:INTERNAL,NAME WITH SPACES}", "INTERNAL NAME WITH SPACES"),
        ("{Custom Formats:-}", "{Custom Formats:-}"),
        ("{Custom Formats:}", "{Custom Formats:}"),
        ("{Custom Format}", ""),
        ("{Custom Format:INTERNAL}", "INTERNAL"),
        ("{Custom Format:AMZN}", "AMZN"),
        ("{Custom Format:NAME WITH SPACES}", "NAME WITH SPACES"),
        ("{Custom Format:DOESNOTEXIST}", ""),
        ("{Custom Format:NotIncludedFormat}", ""),
        ("{Custom Format:INTERNAL} - {Custom Format:AMZN}", "INTERNAL - AMZN"),
        ("{Custom Format:AMZN} - {Custom Format:INTERNAL}", "AMZN - INTERNAL"),
    ],
)
def test_custom_format_tokens_list_the_formats_included_when_renaming(template: str, expected: str) -> None:
    assert name(template, with_file(custom_formats=FORMATS)) == expected


def test_custom_format_tokens_are_empty_without_formats() -> None:
    assert name("{Custom Formats}{Custom Format:INTERNAL}") == ""
