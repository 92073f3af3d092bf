"""Rate limits that read their rates when a request arrives, so settings overrides take effect.

DRF's own throttles copy the rates once at import time, which makes test overrides
(and therefore throttling tests) unreliable. The counters live in the default cache, which is
shared by all workers when DEBUG is off (see electrolytes.caching).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRatesMixin:
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


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
