"""Names the file system accepts: colons, illegal characters, Plex tags, truncation, length limits,
folders; and the examples and format checks the settings page relies on."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from reelarr import qualities
from reelarr.naming import (
    ColonReplacement,
    FileNamingFacts,
    MovieNamingFacts,
    NamingConfig,
    movie_file_name,
    movie_folder_name,
    naming_examples,
    render,
    validate_formats,
)

MOVIE = MovieNamingFacts(title="Movie Title", year=2024, imdb_id="tt12345", tmdb_id=123456)
FILE = FileNamingFacts(movie=MOVIE, quality=qualities.HDTV_720P, release_group="RadarrTest")


def file_name(template: str, title: str = "Movie Title", facts: FileNamingFacts = FILE, **config: Any) -> str:
    facts = dataclasses.replace(facts, movie=dataclasses.replace(facts.movie, title=title))
    return movie_file_name(facts, NamingConfig(rename_movies=True, standard_movie_format=template, **config))


def folder_name(template: str, movie: MovieNamingFacts = MOVIE, **config: Any) -> str:
    return movie_folder_name(movie, NamingConfig(movie_folder_format=template, **config))


# ---------------------------------------------------------------- colons and illegal characters


@pytest.mark.parametrize(
    ("title", "mode", "expected"),
    [
        ("CSI: Vegas", ColonReplacement.SMART, "CSI - Vegas"),
        ("CSI: Vegas", ColonReplacement.DASH, "CSI- Vegas"),
        ("CSI: Vegas", ColonReplacement.DELETE, "CSI Vegas"),
        ("CSI: Vegas", ColonReplacement.SPACE_DASH, "CSI - Vegas"),
        ("CSI: Vegas", ColonReplacement.SPACE_DASH_SPACE, "CSI - Vegas"),
        ("Movie:Title", ColonReplacement.SMART, "Movie-Title"),
        ("Movie:Title", ColonReplacement.DASH, "Movie-Title"),
        ("Movie:Title", ColonReplacement.DELETE, "MovieTitle"),
        ("Movie:Title", ColonReplacement.SPACE_DASH, "Movie -Title"),
        ("Movie:Title", ColonReplacement.SPACE_DASH_SPACE, "Movie - Title"),
        (
            "Mission: Impossible - Dead Reckoning",
            ColonReplacement.SMART,
            "Mission - Impossible - Dead Reckoning",
        ),
    ],
)
def test_colons_are_replaced_per_the_colon_mode(title: str, mode: ColonReplacement, expected: str) -> None:
    assert file_name("{Movie Title}", title, colon_replacement_format=mode) == expected


def test_smart_colon_replacement_is_the_default() -> None:
    assert file_name("{Movie Title}", "CSI: Vegas") == "CSI - Vegas"


@pytest.mark.parametrize(
    ("title", "replaced", "removed"),
    [
        ("AC/DC", "AC+DC", "ACDC"),
        ("Back\\Slash", "Back+Slash", "BackSlash"),
        ("What If?", "What If!", "What If"),
        ("Star*Wars", "Star-Wars", "StarWars"),
        ('The "Movie"', "The Movie", "The Movie"),
        ("Left <Right>", "Left Right", "Left Right"),
        ("Pipe|Dream", "PipeDream", "PipeDream"),
        ("CSI: Vegas", "CSI - Vegas", "CSI Vegas"),
    ],
)
def test_illegal_characters_are_replaced_or_removed(title: str, replaced: str, removed: str) -> None:
    assert file_name("{Movie Title}", title) == replaced
    assert file_name("{Movie Title}", title, replace_illegal_characters=False) == removed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (".45", "45 (2024)"),
        (" The Movie Title ", "The Movie Title (2024)"),
        ("Venture Bros.", "Venture Bros. (2024)"),
    ],
)
def test_folder_names_lose_leading_dots_and_spaces(title: str, expected: str) -> None:
    assert folder_name("{Movie Title} ({Release Year})", dataclasses.replace(MOVIE, title=title)) == expected


def test_doubled_separators_collapse_and_trailing_ones_go() -> None:
    assert file_name("{Movie.Title}", "Venture Bros.") == "Venture.Bros"


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Con Game", "Con_Game (2021)"), ("Com1 Sat", "Com1_Sat (2021)")],
)
def test_windows_device_names_are_avoided(title: str, expected: str) -> None:
    movie = dataclasses.replace(MOVIE, title=title, year=2021)
    assert folder_name("{Movie.Title} ({Release Year})", movie) == expected
    assert (
        movie_file_name(
            dataclasses.replace(FILE, movie=movie),
            NamingConfig(rename_movies=True, standard_movie_format="{Movie.Title} ({Release Year})"),
        )
        == expected
    )


def test_a_folder_named_only_after_a_device_gets_an_underscore() -> None:
    assert folder_name("{Movie Title}", dataclasses.replace(MOVIE, title="Nul")) == "Nul_"


# ---------------------------------------------------------------- Plex tags and braces


@pytest.mark.parametrize(
    ("template", "movie", "expected"),
    [
        ("{Movie Title} ({ImdbId})", MOVIE, "Movie Title (tt12345)"),
        ("{Movie Title} ({TmdbId})", MOVIE, "Movie Title (123456)"),
        ("{Movie Title} {imdb-{ImdbId}}", MOVIE, "Movie Title {imdb-tt12345}"),
        ("{Movie Title} {tmdb-{TmdbId}}", MOVIE, "Movie Title {tmdb-123456}"),
        ("{Movie Title} {imdb-{ImdbId}}", dataclasses.replace(MOVIE, imdb_id=None), "Movie Title"),
        ("{Movie Title} {{literal}}", MOVIE, "Movie Title {literal}"),
    ],
)
def test_plex_id_tags_and_escaped_braces(template: str, movie: MovieNamingFacts, expected: str) -> None:
    assert folder_name(template, movie) == expected


@pytest.mark.parametrize(
    ("edition", "expected"),
    [("Director's Cut", "Movie Title {edition-Director's Cut}"), ("", "Movie Title"), (None, "Movie Title")],
)
def test_plex_edition_tag_vanishes_without_an_edition(edition: str | None, expected: str) -> None:
    facts = dataclasses.replace(FILE, edition=edition)
    assert file_name("{Movie Title} {edition-{Edition Tags}}", facts=facts) == expected


# ---------------------------------------------------------------- truncation and length


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{Movie Title:16}", "The Fantastic..."),
        ("{Movie TitleThe:17}", "Fantastic Life..."),
        ("{Movie CleanTitle:-13}", "...Mr. Sisko"),
        ("{Movie Title:100}", "The Fantastic Life of Mr. Sisko"),
    ],
)
def test_a_number_after_a_colon_truncates_with_an_ellipsis(template: str, expected: str) -> None:
    assert (
        folder_name(template, dataclasses.replace(MOVIE, title="The Fantastic Life of Mr. Sisko")) == expected
    )


LONG_GROUP = (
    "IWishIWasALittleBitTallerIWishIWasABallerIWishIHadAGirlWhoLookedGoodIWouldCallHer"
    "IWishIHadARabbitInAHatWithABatAndASixFourImpala"
)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "{Movie Title} ({Release Year}) {Quality Full}-{ReleaseGroup:12}",
            "The Fantastic Life of Mr. Sisko (2024) Bluray-1080p-IWishIWas...",
        ),
        (
            "{Movie Title} ({Release Year}) {Quality Full}-{ReleaseGroup:-17}",
            "The Fantastic Life of Mr. Sisko (2024) Bluray-1080p-...ASixFourImpala",
        ),
    ],
)
def test_release_group_truncates_from_either_end(template: str, expected: str) -> None:
    facts = dataclasses.replace(FILE, quality=qualities.BLURAY_1080P, release_group=LONG_GROUP)
    assert file_name(template, "The Fantastic Life of Mr. Sisko", facts) == expected


def test_a_name_too_long_for_the_file_system_shortens_the_title_not_the_rest() -> None:
    title = "A Very Long Title " * 20
    result = file_name("{Movie Title} ({Release Year}) {Quality Full}", title.strip())
    assert len(result.encode()) <= 255 - 24
    assert result.startswith("A Very Long Title A Very")
    assert result.endswith("... (2024) HDTV-720p")


def test_the_length_limit_counts_bytes_not_characters() -> None:
    title = "Ünïcödé " * 40
    result = file_name("{Movie Title} {Quality Full}", title.strip(), suffix_bytes=4)
    assert len(result.encode()) <= 251
    assert result.endswith("... HDTV-720p")
    result.encode().decode()  # no character was cut in half


def test_a_long_folder_title_is_shortened_to_fit_a_segment() -> None:
    result = folder_name("{Movie Title} ({Release Year})", dataclasses.replace(MOVIE, title="Word " * 80))
    assert len(result.encode()) <= 255
    assert result.endswith("... (2024)")


def test_a_format_with_folders_names_each_segment() -> None:
    assert file_name("{Movie Title}/{Quality Title}/{Movie Title} {Quality Full}") == (
        "Movie Title/HDTV-720p/Movie Title HDTV-720p"
    )


# ---------------------------------------------------------------- folders and renaming off


@pytest.mark.parametrize(
    ("title", "year", "template", "expected"),
    [
        ("Arrival", 2016, "{Movie Title} ({Release Year})", "Arrival (2016)"),
        ("The Big Short", 2015, "{Movie TitleThe} ({Release Year})", "Big Short, The (2015)"),
        ("The Big Short", 2015, "{Movie Title} ({Release Year})", "The Big Short (2015)"),
        ("Arrival", 2016, "{Movie Title} ({Release Year}) {Quality Full}", "Arrival (2016)"),
    ],
)
def test_folder_format_builds_the_movie_folder(title: str, year: int, template: str, expected: str) -> None:
    assert folder_name(template, MovieNamingFacts(title, year)) == expected


def test_with_renaming_off_the_file_keeps_its_release_name() -> None:
    facts = dataclasses.replace(
        FILE, scene_name="30.Rock.S01E01.xvid-LOL", original_file_name="30 Rock - S01E01.mkv"
    )
    assert movie_file_name(facts, NamingConfig(rename_movies=False)) == "30.Rock.S01E01.xvid-LOL"
    without_scene = dataclasses.replace(facts, scene_name=None)
    assert movie_file_name(without_scene, NamingConfig(rename_movies=False)) == "30 Rock - S01E01"


def test_render_accepts_plain_values_under_any_spelling_of_the_token() -> None:
    assert render("{Movie.Title} {unknown}", {"movie title": "South Park"}) == "South.Park "


# ---------------------------------------------------------------- examples and validation


def test_examples_name_radarrs_sample_movie_with_the_default_formats() -> None:
    assert naming_examples(NamingConfig()) == {
        "movieExample": "The Movie - Title (2010) Bluray-1080p Proper",
        "movieFolderExample": "The Movie - Title (2010)",
    }


def test_examples_show_every_kind_of_token() -> None:
    config = NamingConfig(
        standard_movie_format=(
            "{Movie CleanTitle} {(Release Year)} {imdb-{ImdbId}} {edition-{Edition Tags}} {[Custom Formats]}"
            "{[Quality Full]}{[MediaInfo 3D]}{[MediaInfo VideoDynamicRangeType]}{[Mediainfo AudioCodec}"
            "{ Mediainfo AudioChannels]}{[MediaInfo VideoCodec]}{-Release Group}"
        ),
        movie_folder_format="{Movie CollectionThe}/{Movie TitleThe} ({Release Year}) {tmdb-{TmdbId}}",
    )
    assert naming_examples(config) == {
        "movieExample": (
            "The Movie Title (2010) {imdb-tt0066921} {edition-Ultimate Extended Edition} "
            "[Surround Sound x264][Bluray-1080p Proper][3D][HLG][DTS 5.1][x264]-EVOLVE"
        ),
        "movieFolderExample": "Movie Collection, The/Movie - Title, The (2010) {tmdb-345691}",
    }


def test_examples_with_media_info_languages() -> None:
    config = NamingConfig(standard_movie_format="{Movie Title} {MediaInfo Full} {MediaInfo VideoBitDepth}bit")
    assert naming_examples(config)["movieExample"] == "The Movie - Title x264 DTS[DE] [EN+DE] 10bit"


def test_examples_are_null_for_an_empty_format() -> None:
    config = NamingConfig(standard_movie_format="", movie_folder_format=" ")
    assert naming_examples(config) == {"movieExample": None, "movieFolderExample": None}


def test_default_formats_are_valid() -> None:
    assert validate_formats(NamingConfig()) == []


@pytest.mark.parametrize(
    ("standard", "folder", "problems"),
    [
        ("{Original Title}", "{Movie TitleThe} ({Release Year})", []),
        ("{Movie.CleanTitle}.{MEDIAINFO.FULL}", "{Movie TitleFirstCharacter}/{Movie Title}", []),
        ("{Movie Title} {Custom Format:x264} {Custom Formats:-AMZN}", "{Movie Title} {imdb-{ImdbId}}", []),
        ("", "{Movie Title}", [("standardMovieFormat", "Must not be empty")]),
        (
            "{Release Year} {Quality Full}",
            "{Movie Title}",
            [("standardMovieFormat", "Must contain the movie title or the original title")],
        ),
        (
            "{Movie Title} {Quality Fulll}",
            "{Movie Title}",
            [("standardMovieFormat", "Unknown token(s): {Quality Fulll}")],
        ),
        (
            "{Movie Title}",
            "{Movie Title} {Quality Full} {edition-{Edition Tags}}",
            [("movieFolderFormat", "A folder format cannot use file tokens: {Quality Full}, {Edition Tags}")],
        ),
        (
            "{Movie Title}: {Quality Full}?",
            "{Release Year}",
            [
                ("standardMovieFormat", "Contains illegal characters: : ?"),
                ("movieFolderFormat", "Must contain the movie title"),
            ],
        ),
    ],
)
def test_format_validation_explains_what_is_wrong(
    standard: str, folder: str, problems: list[tuple[str, str]]
) -> None:
    config = NamingConfig(standard_movie_format=standard, movie_folder_format=folder)
    assert validate_formats(config) == problems
