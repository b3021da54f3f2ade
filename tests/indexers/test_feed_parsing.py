"""Parsing is a pure function of the answer body, tested on saved feeds of several dialects."""

from __future__ import annotations

import datetime as dt

import pytest
from indexer_support import feed

from reelarr.indexers.base import IndexerError, IndexerFlag
from reelarr.indexers.hdbits import parse_torrents
from reelarr.indexers.newznab import parse_caps, parse_feed
from reelarr.indexers.torrent_rss import parse_torrent_feed


def test_an_nzedb_newznab_feed_gives_title_size_dates_grabs_link_and_ids() -> None:
    matrix, inception = parse_feed(feed("newznab_nzedb.xml"), "usenet")
    assert matrix.title == "The.Matrix.1999.1080p.BluRay.x264-AMIABLE"
    assert matrix.size == 10737418240
    assert matrix.download_url == "https://nzb.example.org/getnzb/8a3f0b2c7d.nzb&i=1&r=secret"
    assert matrix.info_url == "https://nzb.example.org/details/8a3f0b2c7d"
    assert matrix.publish_date == dt.datetime(2020, 3, 13, 22, 1, tzinfo=dt.UTC)  # usenetdate wins
    assert matrix.grabs == 412
    assert matrix.imdb_id == "tt0133093"
    assert matrix.categories == (2000, 2040)
    assert matrix.seeders is None and matrix.protocol == "usenet"
    assert inception.size == 4831838208  # from the enclosure when there is no size attribute
    assert inception.tmdb_id == 27205
    assert inception.publish_date == dt.datetime(2020, 3, 15, 8, tzinfo=dt.UTC)


def test_a_jackett_torznab_feed_gives_seeders_peers_hash_magnet_and_freeleech() -> None:
    remux, inception = parse_feed(feed("torznab_jackett.xml"), "torrent")
    assert remux.seeders == 23 and remux.peers == 25
    assert remux.info_hash == "9f3c2a1b0d4e5f60718293a4b5c6d7e8f9012345"
    assert remux.imdb_id == "tt0133093" and remux.tmdb_id == 603
    assert remux.size == 62277025792
    assert remux.indexer_flags == IndexerFlag.G_Freeleech
    assert remux.download_volume_factor == 0
    assert remux.minimum_ratio == 1 and remux.minimum_seed_time == 2880
    assert remux.grabs is None or remux.grabs == 87
    assert inception.magnet_url and inception.magnet_url.startswith("magnet:?xt=urn:btih:1234")
    assert inception.download_url == inception.magnet_url
    assert inception.indexer_flags == (
        IndexerFlag.G_Halfleech | IndexerFlag.G_DoubleUpload | IndexerFlag.G_Internal
    )


def test_items_without_a_title_or_a_link_are_skipped_and_missing_fields_stay_unknown() -> None:
    (arrival,) = parse_feed(feed("newznab_hydra_missing_fields.xml"), "usenet")
    assert arrival.title == "Arrival.2016.1080p.WEB-DL.DD5.1.H264-FGT"
    assert arrival.size == 5368709120
    assert arrival.publish_date is None and arrival.imdb_id is None and arrival.grabs is None
    assert arrival.guid == "-123456"


def test_an_empty_feed_is_no_releases_not_an_error() -> None:
    assert parse_feed(feed("empty_feed.xml"), "usenet") == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (feed("html_error_page.html"), "web page instead of a feed"),
        (feed("malformed.xml"), "not valid XML"),
        ("", "empty answer"),
        (feed("newznab_error_apikey.xml"), "check the API key"),
        (feed("caps_full.xml"), "not an RSS feed"),
    ],
)
def test_bad_answers_become_an_indexer_error_that_says_what_is_wrong(body: str, message: str) -> None:
    with pytest.raises(IndexerError, match=message):
        parse_feed(body, "usenet")


def test_caps_say_which_ids_a_movie_search_accepts_and_the_page_size() -> None:
    caps = parse_caps(feed("caps_full.xml"))
    assert caps.movie_search_available and caps.movie_search_params == ("q", "imdbid", "tmdbid")
    assert caps.page_size_max == 100 and caps.page_size_default == 50
    assert (2040, "HD") in caps.categories and (5000, "TV") in caps.categories
    small = parse_caps(feed("caps_query_only.xml"))
    assert not small.movie_search_available and small.search_available


def test_an_ezrss_torrent_feed_reads_size_hash_magnet_and_peers_from_its_namespace() -> None:
    dune, unsized = parse_torrent_feed(feed("torrent_rss_ezrss.xml"))
    assert dune.size == 9126805504
    assert dune.info_hash == "abcdef0123456789abcdef0123456789abcdef01"
    assert dune.magnet_url and dune.magnet_url.startswith("magnet:")
    assert (dune.seeders, dune.peers) == (311, 340)
    assert unsized.size == 0


def test_hdbits_json_gives_download_and_details_links_flags_and_imdb_id() -> None:
    ctrlhd, ebp = parse_torrents(feed("hdbits_torrents.json"), "https://hdbits.org", "pk")
    assert ctrlhd.download_url == "https://hdbits.org/download.php?id=401234&passkey=pk"
    assert ctrlhd.info_url == "https://hdbits.org/details.php?id=401234"
    assert ctrlhd.indexer_flags == IndexerFlag.G_Freeleech | IndexerFlag.G_Internal
    assert (ctrlhd.seeders, ctrlhd.peers) == (57, 59)
    assert ctrlhd.imdb_id == "tt0133093"
    assert ctrlhd.publish_date == dt.datetime(2010, 1, 1, tzinfo=dt.UTC)
    assert ebp.indexer_flags == IndexerFlag(0)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"status": 5, "message": "Invalid passkey"}', "rejected the username or passkey"),
        ("not json at all", "not valid JSON"),
        (feed("html_error_page.html"), "web page"),
    ],
)
def test_hdbits_failures_become_indexer_errors(body: str, message: str) -> None:
    with pytest.raises(IndexerError, match=message):
        parse_torrents(body, "https://hdbits.org", "pk")
