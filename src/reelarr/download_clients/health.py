"""Health checks on how each download client is set up, from what the client says about itself.

One question per client and health run (:meth:`DownloadClient.setup`) feeds four of Radarr's
checks: finished downloads landing in a root folder, the client deleting finished downloads,
the client sorting Reelarr's category, and finished downloads in a folder Reelarr cannot see.
A client that cannot be reached or is backed off is left to the download client checks.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from sqlalchemy import select

from reelarr import settings as settings_store
from reelarr.context import Context
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.download_clients.base import ClientSetup, DownloadClientError
from reelarr.downloads import DownloadClientConfig, client_for, local_path
from reelarr.health import HealthIssue
from reelarr.models import RemotePathMapping, RootFolder
from reelarr.providers import Definition, definitions, is_blocked, statuses

log = logging.getLogger(__name__)

LOCAL_HOSTS = ("127.0.0.1", "localhost")  # Radarr's rule for a client on this machine


async def _setups(ctx: Context) -> list[tuple[Definition, str, ClientSetup]]:
    """Each enabled, available client with its host and set-up."""
    async with ctx.db.read() as session:
        enabled = [d for d in await definitions(session, DOWNLOAD_CLIENTS.kind) if d.enable]
        status = await statuses(session, DOWNLOAD_CLIENTS.kind)
    found = []
    for definition in enabled:
        if is_blocked(status.get(definition.id), ctx.clock()):
            continue
        client = client_for(definition, ctx)
        try:
            setup = await client.setup()
        except DownloadClientError as exc:
            log.debug("cannot read %s's set-up: %s", definition.name, exc)
            continue
        except Exception:
            log.exception("reading %s's set-up failed", definition.name)
            continue
        if setup is not None:
            found.append((definition, str(getattr(client.settings, "host", "")), setup))
    return found


def _is_within(path: str, folder: str) -> bool:
    path, folder = path.rstrip("/"), folder.rstrip("/")
    return path == folder or path.startswith(folder + "/")


def _root_folder_issue(name: str, folders: Sequence[str], roots: Sequence[str]) -> HealthIssue | None:
    for root in roots:
        if any(_is_within(folder, root) for folder in folders):
            return HealthIssue(
                "DownloadClientRootFolderCheck",
                "warning",
                f"Download client {name} places downloads in the root folder {root}. Point the client at "
                "a folder outside your root folders; downloads do not belong in the library",
                "downloads-in-root-folder",
            )
    return None


def _remote_path_issue(name: str, host: str, folders: Sequence[str]) -> HealthIssue | None:
    local = host.lower() in LOCAL_HOSTS
    for folder in folders:
        if not folder.startswith("/"):
            advice = (
                "Review the client's settings"
                if local
                else "Add a remote path mapping from it to a folder on this machine"
            )
            return HealthIssue(
                "RemotePathMappingCheck",
                "error",
                f"{'Local' if local else 'Remote'} download client {name} places downloads in {folder}, "
                f"which is not a path on this system. {advice}",
                "bad-download-client-settings" if local else "bad-remote-path-mapping",
            )
        if not os.path.isdir(folder):
            if local:
                message = (
                    f"Download client {name} places downloads in {folder}, but Reelarr cannot see that "
                    "folder. Check that it exists and that Reelarr's user may read it"
                )
            else:
                message = (
                    f"Remote download client {name} places downloads in {folder}, which does not exist "
                    "here. Add or correct the remote path mapping for that folder"
                )
            return HealthIssue(
                "RemotePathMappingCheck",
                "error",
                message,
                "permissions-error" if local else "bad-remote-path-mapping",
            )
    return None


async def check_download_client_setups(ctx: Context) -> list[HealthIssue]:
    """Radarr's four set-up checks; each reports the first client it finds, as Radarr's do."""
    setups = await _setups(ctx)
    if not setups:
        return []
    async with ctx.db.read() as session:
        roots = list(await session.scalars(select(RootFolder.path)))
        mappings = list(await session.scalars(select(RemotePathMapping)))
        handling = (
            await settings_store.load(session, DownloadClientConfig)
        ).enable_completed_download_handling
    found: dict[str, HealthIssue] = {}
    for definition, host, setup in setups:
        name = definition.name
        folders = [local_path(mappings, host, folder) for folder in setup.output_folders]
        candidates = [
            _root_folder_issue(name, folders, roots),
            _remote_path_issue(name, host, folders) if handling else None,
        ]
        if setup.removes_completed_downloads:
            candidates.append(
                HealthIssue(
                    "DownloadClientRemovesCompletedDownloadsCheck",
                    "warning",
                    f"Download client {name} removes completed downloads, which can happen before "
                    "Reelarr imports them. Keep finished downloads in the client's history",
                    "download-client-removes-completed-downloads",
                )
            )
        if setup.sorting_mode:
            candidates.append(
                HealthIssue(
                    "DownloadClientSortingCheck",
                    "warning",
                    f"Download client {name} applies {setup.sorting_mode} sorting to Reelarr's category. "
                    "Turn that sorting off in the client so imports find the files",
                    "download-folder-and-library-folder-not-different-folders",
                )
            )
        for issue in candidates:
            if issue is not None:
                found.setdefault(issue.source, issue)
    return list(found.values())
