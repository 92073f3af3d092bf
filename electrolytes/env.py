"""Reading settings from environment variables, failing loudly on bad values.

Kept apart from settings.py so that manage.py can read DEBUG the same way before the
settings are loaded (it decides whether the embedded PostgreSQL may be started).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}.")
    return value


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def debug_enabled() -> bool:
    """DEBUG as the settings read it: on unless DEBUG says otherwise."""
    return env_bool("DEBUG", True)


_RATE_PERIODS = {"s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day"}


def env_rate(name: str, default: str) -> str | None:
    """A request rate such as ``120/min`` (DRF's form), or None for ``none`` (no limit).

    Checked here, at start-up: DRF itself would only fail on the first request, with a 500.
    """
    raw = os.environ.get(name, default).strip()
    if raw.lower() == "none":
        return None
    number, _, period = raw.partition("/")
    if not (number.isdigit() and int(number) > 0 and period in _RATE_PERIODS):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per period such as 120/min "
            f"(periods: s, min, hour, day; or none for no limit), got {raw!r}."
        )
    return raw
