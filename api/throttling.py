"""Rate limits that read their rates when a request arrives, so settings overrides take effect.

DRF's own throttles copy the rates once at import time, which makes test overrides
(and therefore throttling tests) unreliable.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRatesMixin:
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(_LiveRatesMixin, AnonRateThrottle):
    pass


class UserThrottle(_LiveRatesMixin, UserRateThrottle):
    pass
