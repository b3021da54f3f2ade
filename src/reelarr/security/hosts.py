"""Which client addresses count as local, and which ``Host`` names Reelarr answers to.

The host allow-list stops DNS rebinding: a web page on ``evil.example`` whose name is made to
resolve to 127.0.0.1 reaches Reelarr with ``Host: evil.example``. An IP literal cannot be
rebound, nor can the machine's own names, so those always pass; any other name must be
configured (``allowedHosts`` in config.json or ``REELARR_ALLOWED_HOSTS``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from functools import cache

# Radarr's "local" for authenticationRequired=disabledForLocalAddresses: loopback, RFC 1918
# private ranges (and their IPv6 counterparts) and link-local.
_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_loopback(client_host: str | None) -> bool:
    address = _address(client_host or "")
    return address is not None and address.is_loopback


def is_local(client_host: str | None) -> bool:
    address = _address(client_host or "")
    return address is not None and any(address in network for network in _LOCAL_NETWORKS)


def host_name(host_header: str) -> str:
    """The name part of a ``Host`` header: no port, no brackets, lower case, no trailing dot."""
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


@cache
def _machine_names() -> frozenset[str]:
    names = {socket.gethostname().lower()}
    with contextlib.suppress(OSError):
        names.add(socket.getfqdn().lower())
    return frozenset(name for name in names if name)


def host_allowed(host_header: str | None, bind_address: str, configured: tuple[str, ...]) -> bool:
    if not host_header:
        return False
    name = host_name(host_header)
    if not name:
        return False
    if _address(name) is not None:
        return True
    if name == "localhost" or name.endswith(".localhost"):
        return True
    if name == bind_address.lower() or name in _machine_names():
        return True
    return name in {c.strip().lower().rstrip(".") for c in configured}
