"""Radarr's availability rules, case by case, and the status a movie's dates give it."""

from __future__ import annotations

import datetime as dt

import pytest

from reelarr.library import available_from, is_available
from reelarr.metadata import MovieInfo, movie_status

NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def days(n: int) -> dt.datetime:
    return NOW + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("minimum", "cinemas", "physical", "digital", "expected"),
    [
        # announced and tba: always available, dates or not
        ("announced", None, None, None, True),
        ("announced", days(300), None, None, True),
        ("tba", None, None, None, True),
        # in cinemas: from the cinema date
        ("inCinemas", days(-1), None, None, True),
        ("inCinemas", days(0), None, None, True),
        ("inCinemas", days(1), None, None, False),
        # in cinemas without a cinema date: the released rule decides
        ("inCinemas", None, days(-1), None, True),
        ("inCinemas", None, days(5), None, False),
        ("inCinemas", None, None, None, False),
        # released: the earlier of physical and digital
        ("released", days(-200), days(10), days(-3), True),
        ("released", days(-200), days(-3), days(10), True),
        ("released", days(-200), days(10), days(12), False),
        # released: whichever of physical or digital exists
        ("released", None, days(-1), None, True),
        ("released", None, None, days(-1), True),
        ("released", None, None, days(1), False),
        # released: in cinemas + 90 days when neither exists
        ("released", days(-90), None, None, True),
        ("released", days(-89), None, None, False),
        # released: never with no dates at all
        ("released", None, None, None, False),
    ],
)
def test_availability_follows_radarrs_rules(
    minimum: str,
    cinemas: dt.datetime | None,
    physical: dt.datetime | None,
    digital: dt.datetime | None,
    expected: bool,
) -> None:
    assert is_available(minimum, cinemas, physical, digital, now=NOW) is expected


def test_the_ninety_day_rule_gives_the_date_itself() -> None:
    assert available_from("released", days(-10), None, None) == days(80)


def test_the_delay_pushes_a_dated_movie_back() -> None:
    assert is_available("released", None, days(-2), None, now=NOW, delay_days=1) is True
    assert is_available("released", None, days(-2), None, now=NOW, delay_days=3) is False
    assert is_available("inCinemas", days(-5), None, None, now=NOW, delay_days=5) is True
    assert is_available("inCinemas", days(-5), None, None, now=NOW, delay_days=6) is False
    assert is_available("released", days(-85), None, None, now=NOW, delay_days=0) is False
    assert is_available("released", days(-95), None, None, now=NOW, delay_days=7) is False


def test_the_delay_never_applies_to_always_or_never_available_movies() -> None:
    assert is_available("announced", None, None, None, now=NOW, delay_days=30) is True
    assert is_available("released", None, None, None, now=NOW, delay_days=-1000) is False


@pytest.mark.parametrize(
    ("cinemas", "physical", "digital", "tmdb_status", "expected"),
    [
        (None, None, None, "Released", "released"),
        (None, None, None, "", "tba"),
        (None, None, None, "In Production", "announced"),
        (days(30), None, None, "Post Production", "announced"),
        (days(-10), None, None, "Released", "inCinemas"),
        (days(-10), days(20), None, "Released", "inCinemas"),
        (days(-100), None, None, "Released", "released"),
        (days(-100), days(20), None, "Released", "inCinemas"),
        (days(-10), None, days(-1), "Released", "released"),
        (None, days(-1), None, "Released", "released"),
    ],
)
def test_status_follows_the_dates(
    cinemas: dt.datetime | None,
    physical: dt.datetime | None,
    digital: dt.datetime | None,
    tmdb_status: str,
    expected: str,
) -> None:
    info = MovieInfo(
        tmdb_id=1,
        title="A Movie",
        in_cinemas=cinemas,
        physical_release=physical,
        digital_release=digital,
        tmdb_status=tmdb_status,
    )
    assert movie_status(info, NOW) == expected
