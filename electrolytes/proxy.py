"""What the reverse proxies in front of the app may tell it: the client's address.

X-Forwarded-For is written by whoever sent the request, so it is read only when
``TRUSTED_PROXIES`` says how many proxies in front append to it, and then only the entry
the outermost trusted proxy added (counted from the right). DRF's throttles use the same
rule through ``NUM_PROXIES`` (set from the same variable).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded.strip():
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    candidate = entries[-min(proxies, len(entries))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # Not an address (a proxy that forwards the client's own header unchecked): the
        # connection's address is the one thing not written by the client.
        return remote
