"""Rate limits that read their rates when a request arrives, so settings overrides take effect.

DRF's own throttles copy the rates once at import time, which makes test overrides
(and therefore throttling tests) unreliable. The counters live in the default cache, which is
shared by all workers when DEBUG is off (see electrolytes.caching).

Each client gets a window of the rate's period that opens with its first request and allows the rate's
number of requests; a refused request is told to retry when the window closes. DRF keeps the time of every
request (a get and a set of the whole list per request, six queries with the database cache, and two
workers can lose each other's counts); here it is one atomic increment (electrolytes.caching.count_request).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from electrolytes.caching import count_request


class _LiveRatesMixin:
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        count, self.remaining = count_request(self.key, self.duration)
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the client's window closes."""
        return max(self.remaining, 1.0)


class AnonymousThrottle(_LiveRatesMixin, AnonRateThrottle):
    """Anonymous clients, counted per address, at the anonymous rate."""


class UserThrottle(_LiveRatesMixin, UserRateThrottle):
    """Logged-in users, counted per user, at the user rate.

    DRF's UserRateThrottle also counts anonymous clients (per address) at the user rate; here
    they are left to AnonymousThrottle alone, so the anonymous rate is the one that limits them.
    """

    def allow_request(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)
