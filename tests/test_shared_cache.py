"""The shared cache's own writes (electrolytes.caching): a response stored and a request counted in one query
each on the database cache, read back by Django's own DatabaseCache."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from electrolytes import caching

DATABASE_CACHES = caching.cache_settings(debug=False, redis_url="")


@pytest.fixture
def database_cache(db):
    with override_settings(CACHES=DATABASE_CACHES):
        cache.clear()
        yield cache
        cache.clear()


def test_a_stored_response_is_one_upsert_that_django_reads_back(database_cache, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(caching, "_stores", itertools.count(1))  # not the turn of Django's set (count and cull)
    with django_assert_num_queries(1):
        caching.store("page:1:abc", (200, {"Content-Type": "application/json"}, b'{"a":1}'), 60)
    with django_assert_num_queries(1):
        caching.store("page:1:abc", (200, {}, b"second"), 60)  # the same key again: replaced
    assert database_cache.get("page:1:abc") == (200, {}, b"second")
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires - now() FROM electrolytes_cache WHERE cache_key = %s", [":1:page:1:abc"])
        assert 55 < cursor.fetchone()[0].total_seconds() <= 60


def test_every_cull_every_th_store_is_djangos_set(database_cache, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(caching, "_stores", itertools.count(caching.CULL_EVERY))
    with django_assert_num_queries(5):  # count (then cull past MAX_ENTRIES), savepoint, select, insert, release
        caching.store("page:1:def", "value", 60)
    assert database_cache.get("page:1:def") == "value"


def test_requests_are_counted_in_one_query_each_in_a_window(database_cache, django_assert_num_queries):
    counts = []
    for _ in range(3):
        with django_assert_num_queries(1):
            counts.append(caching.count_request("throttle_anon_1.2.3.4", 60))
    assert [count for count, _ in counts] == [1, 2, 3]
    assert all(58 < remaining <= 60 for _, remaining in counts)
    assert caching.count_request("throttle_anon_5.6.7.8", 60)[0] == 1  # another client, another count
    with connection.cursor() as cursor:  # the window closes: the next request opens a new one
        cursor.execute("UPDATE electrolytes_cache SET expires = now() - interval '1 second'")
    count, remaining = caching.count_request("throttle_anon_1.2.3.4", 30)
    assert count == 1 and 28 < remaining <= 30


def test_counting_in_process_memory(settings):
    cache.clear()
    assert [caching.count_request("throttle_anon_x", 60)[0] for _ in range(3)] == [1, 2, 3]
    cache.clear()


def test_a_shared_count_is_stored_with_one_upsert(database_cache, django_assert_num_queries, monkeypatch, settings):
    from electrolytes.models import Material

    settings.SHARED_COUNTS = True
    monkeypatch.setattr(caching, "_stores", itertools.count(1))  # not the turn of Django's set (count and cull)
    query = Material.objects.filter(name__startswith="Li").query
    computed = []

    def compute():
        computed.append(1)
        return 7

    with django_assert_num_queries(3):  # the stamp, the cache read (a miss), one upsert: no count of the table
        assert caching.shared_result("count", query, compute, using="default") == 7
    with django_assert_num_queries(2):  # the stamp, the cache read (a hit)
        assert caching.shared_result("count", query, compute, using="default") == 7
    assert computed == [1]
