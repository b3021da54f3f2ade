"""rTorrent through its XML-RPC interface, over HTTP (a web server in front) or SCGI (direct).

rTorrent itself serves XML-RPC only over SCGI (``network.scgi.open_port``); Radarr reaches it
through a web server that forwards ``/RPC2`` (nginx, lighttpd, ruTorrent's ``rpc.php``) with
basic authentication. Reelarr does that too, and can also speak SCGI to the port directly
(the "SCGI" switch), where there is no authentication. The category is rTorrent's
``d.custom1``, the label ruTorrent shows. rTorrent never reports a download as failed; a
storage error in ``d.message`` is the nearest thing and is reported as one.
"""

from __future__ import annotations

import datetime as dt
import http.client
import posixpath
import socket
import xmlrpc.client
from typing import Annotated, Any
from urllib.parse import quote

from reelarr.download_clients.base import (
    CategorySettings,
    ConnectionSettings,
    DownloadClient,
    DownloadClientError,
    DownloadItem,
    Grab,
    ItemStatus,
    parse_version,
    torrent_info_hash,
    unreachable,
    wrong_credentials,
)
from reelarr.download_clients.base import (
    delete_data as remove_data,
)
from reelarr.providers import Form

MINIMUM_VERSION = (0, 9, 0)
# Radarr's RTorrentPriority: rTorrent's d.priority values.
PRIORITY_OPTIONS = ((0, "Don't Download"), (1, "Low"), (2, "Normal"), (3, "High"))
# Where Radarr parks imported torrents, so an rTorrent script can act on them.
IMPORTED_VIEW = "radarr"
FIELDS = (
    "d.name=",
    "d.hash=",
    "d.base_path=",
    "d.directory=",
    "d.is_multi_file=",
    "d.custom1=",
    "d.size_bytes=",
    "d.left_bytes=",
    "d.down.rate=",
    "d.ratio=",
    "d.is_active=",
    "d.complete=",
    "d.hashing=",
    "d.message=",
)


class RTorrentSettings(ConnectionSettings, CategorySettings):
    url_base: Annotated[
        str,
        Form(
            "Url Path",
            "Path to the XML-RPC endpoint, see http(s)://[host]:[port]/[urlPath]; with ruTorrent this is "
            "usually RPC2 or /plugins/rpc/rpc.php",
        ),
    ] = "RPC2"
    movie_directory: Annotated[
        str,
        Form("Directory", "Optional location to put downloads in, blank for rTorrent's own", advanced=True),
    ] = ""
    recent_movie_priority: Annotated[
        int,
        Form(
            "Recent Priority",
            "Priority for movies released within the last 21 days",
            type="select",
            select_options=PRIORITY_OPTIONS,
        ),
    ] = 2
    older_movie_priority: Annotated[
        int,
        Form(
            "Older Priority",
            "Priority for movies released over 21 days ago",
            type="select",
            select_options=PRIORITY_OPTIONS,
        ),
    ] = 2
    add_stopped: Annotated[
        bool,
        Form("Add Stopped", "Torrents are added stopped and must be started in rTorrent", type="checkbox"),
    ] = False
    use_scgi: Annotated[
        bool,
        Form(
            "SCGI",
            "Speak SCGI straight to rTorrent's network.scgi.open_port, without a web server in front "
            "(no username or password then)",
            type="checkbox",
            advanced=True,
        ),
    ] = False


class ScgiTransport(xmlrpc.client.Transport):
    """XML-RPC over SCGI: a netstring of CGI headers, the body, and a CGI-style answer."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, host: Any, handler: str, request_body: Any, verbose: bool = False) -> Any:
        name, _, port = str(host).rpartition(":")
        headers = b"".join(
            key + b"\x00" + value + b"\x00"
            for key, value in (
                (b"CONTENT_LENGTH", str(len(request_body)).encode()),
                (b"SCGI", b"1"),
                (b"REQUEST_METHOD", b"POST"),
                (b"REQUEST_URI", handler.encode()),
            )
        )
        with socket.create_connection((name, int(port)), timeout=self.timeout) as connection:
            connection.sendall(b"%d:%s," % (len(headers), headers) + bytes(request_body))
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0]
        if status.startswith(b"Status:") and not status.split()[1:2] == [b"200"]:
            raise xmlrpc.client.ProtocolError(f"{host}{handler}", 500, status.decode(errors="replace"), {})
        parser, unmarshaller = self.getparser()
        parser.feed(body)
        parser.close()
        return unmarshaller.close()


class RTorrent(DownloadClient):
    implementation = "RTorrent"
    implementation_name = "rTorrent"
    protocol = "torrent"
    settings_model = RTorrentSettings
    settings: RTorrentSettings

    def _proxy(self) -> xmlrpc.client.ServerProxy:
        settings = self.settings
        path = "/" + settings.url_base.strip("/")
        if settings.use_scgi:
            return xmlrpc.client.ServerProxy(
                f"http://{settings.host}:{settings.port}{path}", transport=ScgiTransport(15), allow_none=True
            )
        credentials = ""
        if settings.username or settings.password:
            credentials = f"{quote(settings.username, safe='')}:{quote(settings.password, safe='')}@"
        scheme = "https" if settings.use_ssl else "http"
        url = f"{scheme}://{credentials}{settings.host}:{settings.port}{path}"
        transport = xmlrpc.client.SafeTransport() if settings.use_ssl else xmlrpc.client.Transport()
        transport.timeout = 15  # type: ignore[attr-defined]
        return xmlrpc.client.ServerProxy(url, transport=transport, allow_none=True)

    def _call(self, method: str, *args: Any) -> Any:
        settings = self.settings
        try:
            return getattr(self._proxy(), method)(*args)
        except xmlrpc.client.Fault as exc:
            raise DownloadClientError(f"rTorrent returned error {exc.faultCode}: {exc.faultString}") from None
        except xmlrpc.client.ProtocolError as exc:
            if exc.errcode == 401:
                raise wrong_credentials("rTorrent") from None
            if exc.errcode == 404:
                raise DownloadClientError(
                    f"rTorrent's XML-RPC endpoint was not found at /{settings.url_base.strip('/')}: "
                    "check the Url Path"
                ) from None
            raise DownloadClientError(f"rTorrent answered HTTP {exc.errcode} {exc.errmsg}") from None
        except (OSError, http.client.HTTPException) as exc:
            raise unreachable("rTorrent", settings.host, settings.port, exc) from None
        except xmlrpc.client.ResponseError as exc:
            raise DownloadClientError(f"rTorrent's answer is not XML-RPC: {exc}") from None

    async def check_connection(self) -> None:
        version = str(await self.run(lambda: self._call("system.client_version")))
        if parse_version(version) < MINIMUM_VERSION:
            raise DownloadClientError(f"rTorrent {version} is too old; update to rTorrent 0.9.0 or later")
        await self.run(lambda: self._call("d.multicall2", "", "", "d.hash="))

    def _commands(self, grab: Grab) -> list[str]:
        settings = self.settings
        priority = settings.recent_movie_priority if grab.recent else settings.older_movie_priority
        commands = [f"d.priority.set={priority}"]
        if settings.movie_category:
            commands.append(f"d.custom1.set={settings.movie_category}")
        if settings.movie_directory:
            commands.append(f"d.directory.set={settings.movie_directory}")
        return commands

    async def add(self, grab: Grab) -> str:
        info_hash = torrent_info_hash(grab)
        stopped = self.settings.add_stopped
        if grab.torrent is not None:
            content: Any = xmlrpc.client.Binary(grab.torrent)
            method = "load.raw" if stopped else "load.raw_start"
        else:
            content, method = grab.magnet or "", "load.normal" if stopped else "load.start"
        await self.run(lambda: self._call(method, "", content, *self._commands(grab)))
        return info_hash

    def _item(self, row: list[Any]) -> DownloadItem | None:
        values = _values(row)
        path = _path(values)
        if not path or path.startswith("."):
            return None  # Radarr too leaves relative download paths alone: nothing to import from
        total, left = int(values["d.size_bytes"]), int(values["d.left_bytes"])
        rate = int(values["d.down.rate"])
        finished, active = bool(values["d.complete"]), bool(values["d.is_active"])
        message = str(values["d.message"])
        if finished:
            status = ItemStatus.completed
        elif message and not message.startswith("Tracker:"):
            status = ItemStatus.failed
        elif values["d.hashing"]:
            status = ItemStatus.queued
        else:
            status = ItemStatus.downloading if active else ItemStatus.paused
        return DownloadItem(
            download_id=str(values["d.hash"]).lower(),
            title=str(values["d.name"]),
            category=str(values["d.custom1"]) or None,
            total_size=total,
            remaining_size=left,
            status=status,
            remaining_time=dt.timedelta(seconds=left // rate) if rate > 0 else None,
            message=f"rTorrent reports: {message}" if message else "",
            output_path=path,
            seed_ratio=int(values["d.ratio"]) / 1000,
            # rTorrent keeps seeding until stopped (by hand or a ratio group): stopped is done.
            can_be_removed=finished and not active,
            can_move_files=finished and not active,
        )

    async def items(self) -> list[DownloadItem]:
        rows = await self.run(lambda: self._call("d.multicall2", "", "", *FIELDS))
        labels = {c for c in (self.settings.movie_category, self.settings.movie_imported_category) if c}
        items = [self._item(row) for row in rows]
        return [i for i in items if i is not None and (not labels or i.category in labels)]

    async def remove(self, download_id: str, *, delete_data: bool) -> None:
        rows = await self.run(lambda: self._call("d.multicall2", "", "", *FIELDS))
        found = [_values(row) for row in rows if str(row[1]).lower() == download_id.lower()]
        path = _path(found[0]) if found else ""
        await self.run(lambda: self._call("d.erase", download_id.upper()))
        if delete_data and path:
            # rTorrent's d.erase leaves the data; like Radarr, delete it where Reelarr can see it.
            await self.run(lambda: remove_data(path))

    async def set_category(self, download_id: str, category: str) -> None:
        await self.run(lambda: self._call("d.custom1.set", download_id.upper(), category))

    async def mark_imported(self, download_id: str) -> None:
        if self.settings.movie_imported_category:
            await self.set_category(download_id, self.settings.movie_imported_category)
        await self.run(lambda: self._call("d.views.push_back_unique", download_id.upper(), IMPORTED_VIEW))

    async def pause(self, download_id: str) -> None:
        await self.run(lambda: self._call("d.stop", download_id.upper()))


def _values(row: list[Any]) -> dict[str, Any]:
    return dict(zip((f.rstrip("=") for f in FIELDS), row, strict=True))


def _path(values: dict[str, Any]) -> str:
    """Where the download's data is: d.base_path is empty while a torrent is closed (stopped)."""
    if values["d.base_path"]:
        return str(values["d.base_path"])
    if values["d.is_multi_file"]:
        return str(values["d.directory"])
    return posixpath.join(str(values["d.directory"]), str(values["d.name"])) if values["d.directory"] else ""
