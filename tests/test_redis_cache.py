"""The production cache path: with REDIS_URL set, throttling state lives in Redis.

Uses the Redis server the project's machines run at 127.0.0.1:6379 (database 15, flushed before and
after; with pytest-xdist, worker gwN uses database 15 - N of Redis's 16, so parallel workers never flush
each other's keys); skipped where none answers, except in CI, where that is a failure.
"""

import os
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests import factories

_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _WORKER % 16}")
REDIS_CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache():
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail("No Redis at 127.0.0.1:6379; the project's machines run one.")
        pytest.skip("No Redis at 127.0.0.1:6379.")
    with override_settings(CACHES=REDIS_CACHES):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_settings_use_redis_when_redis_url_is_set():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import electrolytes.settings as s; print(s.CACHES['default']['BACKEND'])"],
        env={**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": "postgres://x@127.0.0.1/x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr


def test_throttling_counts_requests_in_redis(redis_cache, anonymous_client, db):
    factories.electrolyte_class("sulfide")
    rest = {
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "10/min"},
    }
    from django.conf import settings

    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **rest}):
        codes = [anonymous_client.get("/api/v1/classes/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    # The counter is a key in Redis, not in this process's memory.
    keys = redis_cache._cache.get_client(write=False).keys("*throttle_anon*")
    assert len(keys) == 1
