"""Shared state with DEBUG off: throttle counters shared by processes in the database cache; rates checked at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from electrolytes.caching import DATABASE_CACHE_TABLE
from tests.test_settings import load_settings

ROOT = Path(__file__).resolve().parent.parent

# One "worker": a separate Python process with production settings, asking the API N times.
WORKER = """
import sys
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="kb.example.org")
codes = [client.get("/api/v1/classes/", secure=True).status_code for _ in range(int(sys.argv[1]))]
print(settings.CACHES["default"]["BACKEND"], *codes)
"""


def _test_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{quote(s['HOST'] or '', safe='')}:{s['PORT']}/{s['NAME']}"


def _worker(requests: int) -> list[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "electrolytes.settings",
        "DEBUG": "0",
        "SECRET_KEY": "throttle-test-" * 4,
        "ALLOWED_HOSTS": "kb.example.org",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": "",
        "API_ANON_RATE": "4/min",
        "API_USER_RATE": "100/min",
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", WORKER, str(requests)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_anonymous_limit():
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{DATABASE_CACHE_TABLE}"')  # noqa: S608 (a constant)
    first = _worker(3)
    second = _worker(3)
    assert first == ["django.core.cache.backends.db.DatabaseCache", "200", "200", "200"]
    # The second process sees the first one's three requests: one more is allowed, then 429.
    assert second == ["django.core.cache.backends.db.DatabaseCache", "200", "429", "429"]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{DATABASE_CACHE_TABLE}" WHERE cache_key LIKE %s', ["%throttle_anon%"])  # noqa: S608
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"API_ANON_RATE": "lots"}, "API_ANON_RATE must be a number of requests per period such as 120/min"),
        ({"API_USER_RATE": "600/fortnight"}, "API_USER_RATE must be a number of requests per period such as 120/min"),
        ({"API_ANON_RATE": "0/min"}, "got '0/min'."),
    ],
)
def test_bad_rates_refuse_to_start(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_without_redis_uses_the_database_cache():
    result = subprocess.run(
        [sys.executable, "-c", "import electrolytes.settings as s; print(s.CACHES['default'], s.RESPONSE_CACHE)"],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "s3cret-" * 8,
            "ALLOWED_HOSTS": "kb.example.org",
            "DATABASE_URL": "postgres://x@127.0.0.1/x",
            "REDIS_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'electrolytes_cache'" in result.stdout
    assert result.stdout.strip().endswith("True")


def test_anonymous_clients_are_limited_by_the_anonymous_rate_only(db, anonymous_client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "1/min"}}
    codes = [anonymous_client.get("/api/v1/classes/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert not [key for key in cache._cache if "throttle_user" in key]
    cache.clear()
