"""Shared cache settings and the anonymous response cache.

With DEBUG off the cache (throttle counters, cached responses, OPTIMADE counts) is shared by every
worker process: Redis when REDIS_URL is set, otherwise a table in the application database
(created by migration 0029_database_cache_table). Per-process memory is for development only.

Anonymous GETs are answered from the data-version stamp (electrolytes.data_version): the stamp
gives the ETag and Last-Modified validators (a matching If-None-Match or If-Modified-Since gets a
304 without running the view) and keys the cached responses, so a write anywhere makes every
cached response unreachable at once. Requests that carry a login (session or API token) always
run their view and are never stored.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import os
import pickle
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date, quote_etag

from electrolytes import data_version

DATABASE_CACHE_TABLE = "electrolytes_cache"

# Paths that are never cached: curation and account pages only ever serve logged-in users.
UNCACHED_PREFIXES = ("/admin/", "/account/", "/static/")
# Responses above this size are served but not stored.
MAX_CACHED_BYTES = 4 * 1024 * 1024
_NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
_CSP_HEADER = "Content-Security-Policy"


def cache_settings(*, debug: bool, redis_url: str) -> dict:
    """CACHES for the settings: Redis, else the database table; process memory only in development."""
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    if debug:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
            # Django culls a third of the table when it is full; the stamp in each key makes old
            # responses unreachable, so culling only reclaims space.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }


# One database-cache store in this many (per process) goes through Django's own set, which counts the table
# and culls it past MAX_ENTRIES; the others are one upsert. The table may so pass MAX_ENTRIES by a few
# hundred rows between culls.
CULL_EVERY = 64
_stores = itertools.count()


def store(key: str, value, timeout: float) -> None:
    """``cache.set(key, value, timeout)``; on the database cache one query (an upsert of the same row
    Django writes) instead of five (count, savepoint, select, insert or update, release)."""
    backend = caches[DEFAULT_CACHE_ALIAS]  # ``cache`` is a proxy: isinstance needs the backend itself
    if not isinstance(backend, DatabaseCache) or next(_stores) % CULL_EVERY == 0:
        backend.set(key, value, timeout)
        return
    db = router.db_for_write(backend.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(backend._table)
    expires = datetime.fromtimestamp(backend.get_backend_timeout(timeout), tz=UTC).replace(microsecond=0)
    encoded = base64.b64encode(pickle.dumps(value, backend.pickle_protocol)).decode("latin1")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608 (quoted name)
            "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires",
            [backend.make_and_validate_key(key), encoded, expires],
        )


def count_request(key: str, seconds: float) -> tuple[int, float]:
    """Count one request against ``key`` in the shared cache, in a window of ``seconds`` opened by the first
    request: (requests in the window so far, this one included; seconds until the window closes).

    One atomic operation, so concurrent workers never lose a count: an upsert on the cache table (one query;
    Django's own get and set would be six), a pipelined INCR and TTL in Redis; in process memory (development)
    a lock. The entry is the cache's own (culled, cleared and expired with it) under ``key`` plus ``:n``."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, DatabaseCache):
        return _count_in_table(backend, backend.make_and_validate_key(f"{key}:n"), seconds)
    if isinstance(backend, RedisCache):
        return _count_in_redis(backend, backend.make_and_validate_key(f"{key}:n"), seconds)
    return _count_in_memory(backend, f"{key}:n", seconds)


def _count_in_table(backend: DatabaseCache, key: str, seconds: float) -> tuple[int, float]:
    db = router.db_for_write(backend.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(backend._table)
    now = datetime.now(UTC).replace(microsecond=0)  # the precision Django's DatabaseCache stores
    # A row whose window has closed (or that holds something else than a count) starts a new window.
    expired = f"{table}.expires <= %(now)s OR {table}.value !~ '^[0-9]{{1,18}}$'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%(key)s, '1', %(end)s) "  # noqa: S608 (quoted name)
            f"ON CONFLICT (cache_key) DO UPDATE SET "
            f"value = CASE WHEN {expired} THEN '1' ELSE ({table}.value::bigint + 1)::text END, "
            f"expires = CASE WHEN {expired} THEN EXCLUDED.expires ELSE {table}.expires END "
            f"RETURNING value, expires",
            {"key": key, "now": now, "end": now + timedelta(seconds=seconds)},
        )
        value, expires = cursor.fetchone()
    if expires.tzinfo is None:  # USE_TZ off: the database hands back UTC without a zone
        expires = expires.replace(tzinfo=UTC)
    return int(value), max((expires - datetime.now(UTC)).total_seconds(), 0.0)


def _count_in_redis(backend: RedisCache, key: str, seconds: float) -> tuple[int, float]:
    client = backend._cache.get_client(key, write=True)
    pipeline = client.pipeline()
    pipeline.incr(key)
    pipeline.pttl(key)
    count, ttl_ms = pipeline.execute()
    if ttl_ms < 0:  # a new window (no expiry yet)
        client.pexpire(key, int(seconds * 1000))
        ttl_ms = int(seconds * 1000)
    return int(count), ttl_ms / 1000


_memory_lock = threading.Lock()


def _count_in_memory(backend, key: str, seconds: float) -> tuple[int, float]:
    with _memory_lock:
        now = time.time()
        count, end = backend.get(key) or (0, 0.0)
        if end <= now:
            count, end = 0, now + seconds
        backend.set(key, (count + 1, end), timeout=max(end - now, 1))
    return count + 1, end - now


def is_anonymous(request: HttpRequest) -> bool:
    """No session login and no API credentials (token authentication happens later, in DRF)."""
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def stamped_key(prefix: str, stamp: data_version.Stamp, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{prefix}:{stamp.version}:{digest}"


def shared_result(prefix: str, query, compute: Callable[[], object], *, using: str):
    """What ``compute`` gives for ``query`` (a Django ``Query``), kept in the shared cache under the
    data-version stamp and the query's own SQL and parameters.

    Counts and matched ids are the expensive part of a filtered list, and they change only when the data
    does: equal queries share one answer until any write moves the stamp. Off with ``SHARED_COUNTS``;
    never shared from a transaction that has written and not committed (what it sees is not what the
    stamp describes). ``using`` is the connection the query reads from (a replica or the primary).
    """
    if not settings.SHARED_COUNTS:
        return compute()
    stamp = data_version.current(using)
    if stamp.uncommitted_writes:
        return compute()
    sql, params = query.sql_with_params()
    key = stamped_key(prefix, stamp, sql, repr(params))
    found = cache.get(key)
    if found is None:
        found = compute()
        store(key, found, settings.RESPONSE_CACHE_SECONDS)
    return found


class SharedCountPaginator(Paginator):
    """Django's paginator whose count of a queryset is shared (shared_result); a queryset that answers its
    own count with more than a number (MatchedOnce keeps the ids it matched) shares that itself."""

    @cached_property
    def count(self) -> int:
        results = self.object_list
        if not isinstance(results, QuerySet) or getattr(results, "shares_its_count", False):
            return super().count
        return shared_result("count", results.query, results.count, using=results.db)


class AnonymousResponseCacheMiddleware:
    """Validators, 304s and a shared response cache for anonymous GET and HEAD requests.

    Sits just outside django-csp's middleware: a stored page keeps its Content-Security-Policy
    header, and each reply from the cache gets a fresh nonce in both the header and the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._applies(request):
            return self.get_response(request)
        stamp = data_version.current()
        variant = request.META.get("HTTP_ACCEPT", "")
        etag = quote_etag(f"{stamp.etag}-{hashlib.sha256(variant.encode()).hexdigest()[:8]}")
        last_modified = int(stamp.changed_at.timestamp()) if stamp.changed_at else None

        conditional = request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since")
        if conditional and self._throttle_allows(request):
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return self._with_validators(not_modified, etag, last_modified)

        key = stamped_key("page", stamp, request.get_full_path(), variant)
        if request.method == "GET":
            stored = cache.get(key)
            if stored is not None and self._throttle_allows(request):
                return self._with_validators(self._from_stored(stored), etag, last_modified)

        response = self.get_response(request)
        if response.status_code != 200 or not is_anonymous(request):
            return response
        # A page that rendered a CSRF token is tied to this client's cookie: never shared.
        if request.method == "GET" and self._storable(response) and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            store(key, self._to_stored(request, response), settings.RESPONSE_CACHE_SECONDS)
        return self._with_validators(response, etag, last_modified)

    @staticmethod
    def _applies(request: HttpRequest) -> bool:
        return (
            settings.RESPONSE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
            and is_anonymous(request)
        )

    @staticmethod
    def _throttle_allows(request: HttpRequest) -> bool:
        """Answers from the cache count against the anonymous API rate like the view's own answers.

        When the rate is used up, the request goes on to the view, whose throttle refuses it with
        the API's error body.
        """
        if not request.path.startswith("/api/"):
            return True
        from api.throttling import AnonymousThrottle

        return AnonymousThrottle().allow_request(request, None)

    @staticmethod
    def _with_validators(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        # Browsers and proxies may keep a copy but must ask again (cheaply, with the ETag) each time.
        response.setdefault("Cache-Control", "no-cache")
        patch_vary_headers(response, ("Accept", "Cookie", "Authorization"))
        return response

    @staticmethod
    def _storable(response: HttpResponse) -> bool:
        if response.streaming or response.cookies or len(response.content) > MAX_CACHED_BYTES:
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control

    @staticmethod
    def _to_stored(request: HttpRequest, response: HttpResponse) -> tuple:
        body = response.content
        headers = dict(response.items())
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            body = body.replace(nonce.encode(), _NONCE_PLACEHOLDER)
            if _CSP_HEADER in headers:
                headers[_CSP_HEADER] = headers[_CSP_HEADER].replace(nonce, _NONCE_PLACEHOLDER.decode())
        return response.status_code, headers, body

    @staticmethod
    def _from_stored(stored: tuple) -> HttpResponse:
        status, headers, body = stored
        nonce = base64.b64encode(os.urandom(16)).decode("ascii")
        response = HttpResponse(body.replace(_NONCE_PLACEHOLDER, nonce.encode()), status=status)
        for name, value in headers.items():
            response[name] = value.replace(_NONCE_PLACEHOLDER.decode(), nonce) if name == _CSP_HEADER else value
        return response
