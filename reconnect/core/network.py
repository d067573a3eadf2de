"""The client's address, for the sign-in lockout, the API rate limits and the audit trail.

`X-Forwarded-For` is written by whoever sends the request, so it is read only through the
proxies named in `RECONNECT_TRUSTED_PROXIES`: a count of proxies in front of the server, or the
proxies' own addresses as comma-separated CIDRs. With none (the default) the header is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_proxies(value: str) -> int | tuple[Network, ...]:
    """Parse the setting: a count of proxies, or a tuple of networks."""
    text = (value or "").strip()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(","))
    except ValueError as exc:
        raise ImproperlyConfigured(
            "RECONNECT_TRUSTED_PROXIES must be a number of proxies or comma-separated CIDRs."
        ) from exc


def _address(text: str) -> str | None:
    """A bare IP address from one header entry (ports and IPv6 brackets removed), or None."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the person making the request, as far as the trusted proxies vouch."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trust = trusted_proxies(getattr(settings, "RECONNECT_TRUSTED_PROXIES", "0"))
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trust or not header:
        return remote
    hops = [_address(part) for part in header.split(",")]
    if isinstance(trust, int):
        # Each of the `trust` proxies appended one address; the first of those is the client's.
        candidate = hops[-min(trust, len(hops))]
        return candidate or remote
    if _address(remote) is None or not _trusted(remote, trust):
        return remote  # the request did not come through a trusted proxy
    for hop in reversed(hops):
        if hop is None:
            return remote  # a garbled entry: trust nothing to its left
        if not _trusted(hop, trust):
            return hop
    return hops[0] or remote
