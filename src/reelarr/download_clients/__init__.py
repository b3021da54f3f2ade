"""Download clients: where a grabbed release is downloaded. One module per implementation.

Adding an implementation means writing its module and one line in ``IMPLEMENTATIONS``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from reelarr.download_clients.aria2 import Aria2
from reelarr.download_clients.base import (
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
)
from reelarr.download_clients.deluge import Deluge
from reelarr.download_clients.flood import Flood
from reelarr.download_clients.freebox import FreeboxDownload
from reelarr.download_clients.hadouken import Hadouken
from reelarr.download_clients.nzbget import Nzbget
from reelarr.download_clients.nzbvortex import NzbVortex
from reelarr.download_clients.pneumatic import Pneumatic
from reelarr.download_clients.qbittorrent import QBittorrent
from reelarr.download_clients.rtorrent import RTorrent
from reelarr.download_clients.sabnzbd import Sabnzbd
from reelarr.download_clients.torrent_blackhole import TorrentBlackhole
from reelarr.download_clients.torrent_download_station import TorrentDownloadStation
from reelarr.download_clients.transmission import Transmission
from reelarr.download_clients.usenet_blackhole import UsenetBlackhole
from reelarr.download_clients.usenet_download_station import UsenetDownloadStation
from reelarr.download_clients.utorrent import UTorrent
from reelarr.download_clients.vuze import Vuze
from reelarr.providers import ProviderKind

IMPLEMENTATIONS: tuple[type[DownloadClient], ...] = (
    QBittorrent,
    Transmission,
    Deluge,
    Sabnzbd,
    Nzbget,
    TorrentBlackhole,
    UsenetBlackhole,
    RTorrent,
    Aria2,
    Pneumatic,
    Vuze,
    UTorrent,
    Hadouken,
    Flood,
    NzbVortex,
    FreeboxDownload,
    TorrentDownloadStation,
    UsenetDownloadStation,
)


class DownloadClientOptions(BaseModel):
    """A download client's own switches, beside its settings (Radarr's DownloadClientResource)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    enable: bool = True
    remove_completed_downloads: bool = True
    remove_failed_downloads: bool = True


DOWNLOAD_CLIENTS = ProviderKind(
    kind="downloadclient",
    label="Download Client",
    implementations=IMPLEMENTATIONS,
    options_model=DownloadClientOptions,
)

__all__ = [
    "DOWNLOAD_CLIENTS",
    "IMPLEMENTATIONS",
    "DownloadClient",
    "DownloadClientError",
    "DownloadClientOptions",
    "DownloadItem",
    "Grab",
    "ItemStatus",
]
