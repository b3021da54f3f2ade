"""Indexers: where releases come from. Newznab, Torznab, HDBits and torrent RSS feeds.

Adding an implementation means writing its module and one line in ``IMPLEMENTATIONS``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from reelarr.indexers.base import (
    FailDownloads,
    Indexer,
    IndexerError,
    IndexerFlag,
    ReleaseInfo,
    SearchCriteria,
)
from reelarr.indexers.filelist import FileList
from reelarr.indexers.hdbits import HDBits
from reelarr.indexers.iptorrents import IPTorrents
from reelarr.indexers.newznab import Newznab, Torznab
from reelarr.indexers.nyaa import Nyaa
from reelarr.indexers.passthepopcorn import PassThePopcorn
from reelarr.indexers.torrent_rss import TorrentRss
from reelarr.indexers.torrentpotato import TorrentPotato
from reelarr.providers import ProviderKind

IMPLEMENTATIONS: tuple[type[Indexer], ...] = (
    Newznab,
    Torznab,
    HDBits,
    TorrentRss,
    IPTorrents,
    FileList,
    PassThePopcorn,
    TorrentPotato,
    Nyaa,
)


class IndexerOptions(BaseModel):
    """An indexer's own switches, beside its settings (Radarr's IndexerResource top level)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    enable_rss: bool = True
    enable_automatic_search: bool = True
    enable_interactive_search: bool = True
    download_client_id: int = 0


def _is_enabled(options: BaseModel) -> bool:
    assert isinstance(options, IndexerOptions)
    return options.enable_rss or options.enable_automatic_search or options.enable_interactive_search


INDEXERS = ProviderKind(
    kind="indexer",
    label="Indexer",
    implementations=IMPLEMENTATIONS,
    options_model=IndexerOptions,
    is_enabled=_is_enabled,
    resource_columns=("priority",),
)

__all__ = [
    "IMPLEMENTATIONS",
    "INDEXERS",
    "FailDownloads",
    "Indexer",
    "IndexerError",
    "IndexerFlag",
    "IndexerOptions",
    "ReleaseInfo",
    "SearchCriteria",
]
