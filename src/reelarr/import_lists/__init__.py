"""Import lists: movies that arrive by themselves from lists kept elsewhere.

Each list type is one module beside :mod:`reelarr.import_lists.base` and one line in
``IMPLEMENTATIONS``. A definition carries Radarr's switches (``enabled``, ``enableAuto``,
``monitor``, profile, root folder, availability, ``searchOnAdd``, ``listOrder``) beside its
settings; :mod:`reelarr.import_lists.sync` runs the ``ImportListSync`` command.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.import_lists.couchpotato import CouchPotatoImport
from reelarr.import_lists.custom_list import RadarrListImport
from reelarr.import_lists.imdb import IMDbListImport
from reelarr.import_lists.plex import PlexImport
from reelarr.import_lists.plex_rss import PlexRssImport
from reelarr.import_lists.radarr import RadarrImport
from reelarr.import_lists.rss import RSSImport
from reelarr.import_lists.simkl import SimklUserImport
from reelarr.import_lists.stevenlu import StevenLuImport
from reelarr.import_lists.stevenlu2 import StevenLu2Import
from reelarr.import_lists.tmdb.company import TMDbCompanyImport
from reelarr.import_lists.tmdb.keyword import TMDbKeywordImport
from reelarr.import_lists.tmdb.lists import TMDbListImport
from reelarr.import_lists.tmdb.person import TMDbPersonImport
from reelarr.import_lists.tmdb.popular import TMDbPopularImport
from reelarr.import_lists.tmdb.user import TMDbUserImport
from reelarr.import_lists.trakt.lists import TraktListImport
from reelarr.import_lists.trakt.popular import TraktPopularImport
from reelarr.import_lists.trakt.user import TraktUserImport
from reelarr.providers import ProviderKind

IMPLEMENTATIONS: tuple[type[ImportList], ...] = (
    RadarrImport,
    CouchPotatoImport,
    IMDbListImport,
    PlexImport,
    PlexRssImport,
    RadarrListImport,
    RSSImport,
    SimklUserImport,
    StevenLuImport,
    StevenLu2Import,
    TMDbCompanyImport,
    TMDbKeywordImport,
    TMDbListImport,
    TMDbPersonImport,
    TMDbPopularImport,
    TMDbUserImport,
    TraktListImport,
    TraktPopularImport,
    TraktUserImport,
)

MonitorType = Literal["movieOnly", "movieAndCollection", "none"]
Availability = Literal["tba", "announced", "inCinemas", "released"]


class ImportListOptions(BaseModel):
    """A list's own switches, beside its settings (Radarr's ImportListResource)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    enabled: bool = True
    enable_auto: bool = True
    monitor: MonitorType = "movieOnly"
    root_folder_path: str = ""
    quality_profile_id: int = 0
    search_on_add: bool = False
    minimum_availability: Availability = "released"
    list_order: int = 0


def _is_enabled(options: BaseModel) -> bool:
    return bool(getattr(options, "enabled", True))


IMPORT_LISTS = ProviderKind(
    kind="importlist",
    label="Import List",
    implementations=IMPLEMENTATIONS,
    options_model=ImportListOptions,
    is_enabled=_is_enabled,
    resource_columns=(),
)

__all__ = ["IMPLEMENTATIONS", "IMPORT_LISTS", "ImportList", "ImportListOptions", "ListFailed", "ListMovie"]
