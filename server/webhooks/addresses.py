"""Server-side request forgery guard: which URLs a webhook may point at, and where to connect.

Checked when an endpoint is registered and again before every send (DNS may have changed since),
and the sender connects to the address checked here, never to a second lookup of the name.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from server.errors import ValidationFailed

# Cloud metadata services that are not in a private or link-local range.
METADATA = {ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254")}
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: an operator's internal network


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked IP the sender connects to
    path: str


def refused(field: str, message: str) -> ValidationFailed:
    """422 naming `field` for a URL the sender will not call."""
    return ValidationFailed(field, message)


def _kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_loopback: bool) -> str | None:
    """Why this address is refused, or None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip in METADATA or str(ip) == "169.254.169.254":
        return "a cloud metadata address"
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "not a public unicast address"
    if ip.is_private or ip in SHARED:
        return "a private address"
    return None


def check(url: str, *, production: bool, allow_loopback: bool, field: str = "url") -> Target:
    """The URL's scheme, host and one allowed address, else `ValidationFailed(field)` saying why."""
    parts = urlsplit(url)
    allowed = ("https",) if production else ("https", "http")
    if parts.scheme not in allowed:
        raise refused(field, "Must be an https:// URL." if production else "Must be an http:// or https:// URL.")
    if parts.username or parts.password:
        raise refused(field, "Must not carry a user name or password.")
    host = parts.hostname
    if not host:
        raise refused(field, "Has no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except ValueError:
        raise refused(field, "Has an invalid port.") from None
    except (socket.gaierror, UnicodeError):
        raise refused(field, f"The host {host} does not resolve.") from None
    addresses = list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))
    # Every address the name resolves to must be allowed: otherwise a later lookup could pick a bad one.
    for address in addresses:
        reason = _kind(ipaddress.ip_address(address), allow_loopback)
        if reason:
            raise refused(field, f"Resolves to {address}, {reason}; webhooks only go to public addresses.")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, addresses[0], path)
