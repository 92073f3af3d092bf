"""Shared test fixtures: the three personas (anonymous, reader, curator) and data builders."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


# The modules whose behaviour depends on the database server itself (its version, settings and programs):
# SQL that the ORM cannot check for us (COPY, advisory locks, set-based updates, array and text-search
# operators, filters translated to SQL), transactions across processes, the shared cache and throttle tables,
# migrations, backups and replicas. CI's second pass runs only these against the machine's PostgreSQL server
# (``-m server``); the first pass runs everything on the embedded one.
SERVER_MODULES = frozenset(
    {
        "tests/importers/test_bad_files.py",
        "tests/importers/test_bibtex_and_admin.py",
        "tests/importers/test_curated_values.py",
        "tests/importers/test_curator_options.py",
        "tests/importers/test_engine.py",
        "tests/importers/test_fitting.py",
        "tests/importers/test_jobs.py",
        "tests/importers/test_streaming.py",
        "tests/test_bulk_copy.py",
        "tests/test_migrations.py",
        "tests/test_migration_room_temperature.py",
        "tests/test_response_cache.py",
        "tests/test_shared_cache.py",
        "tests/test_shared_throttling.py",
        "tests/test_redis_cache.py",
        "tests/test_settings.py",
        "tests/test_read_replicas.py",
        "tests/test_backup.py",
        "tests/test_evidence.py",
        "tests/test_constraints.py",
        "tests/test_services.py",
        "tests/test_visibility.py",
        "tests/test_hostile_inputs.py",
        "tests/api/test_filters.py",
        "tests/api/test_materials.py",
        "tests/api/test_measurements_references.py",
        "tests/api/test_query_counts.py",
        "tests/api/test_text_search_once.py",
        "tests/optimade/test_views.py",
        "tests/optimade/test_structural.py",
        "tests/screening/test_example_cells.py",
    }
)


def pytest_collection_modifyitems(items):
    """Marks the server group (SERVER_MODULES) and makes every transactional test restore the rows the
    migrations created (serialized rollback).

    A transactional test empties the database when it ends; without serialized rollback Django then
    re-creates content types and permissions itself (but not the migrations' other rows, such as the
    curators group), and a later test that does restore the snapshot meets duplicates or misses rows.
    One rule for all of them keeps the order of tests free. A test is transactional through its marker
    or through the transactional_db or live_server fixtures.
    """
    for item in items:
        if item.path.relative_to(ROOT).as_posix() in SERVER_MODULES:
            item.add_marker(pytest.mark.server)
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        fixtures = getattr(item, "fixturenames", ())
        transactional = kwargs.get("transaction") or "transactional_db" in fixtures or "live_server" in fixtures
        if not transactional or "serialized_rollback" in kwargs:
            continue
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


def on_embedded_server() -> bool:
    """Whether the test database lives on the embedded PostgreSQL (reached through its socket directory).

    The standby and the dump/restore round trip use the embedded wheel's server programs, whose major
    version need not match a server given in DATABASE_URL (the machine's server is PostgreSQL 15, and
    pg_basebackup refuses a server of another major version), so those tests run in the embedded pass.
    """
    from django.conf import settings

    return str(settings.DATABASES["default"].get("HOST", "")).startswith("/")


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def reader(db):
    """A logged-in user with no curation rights."""
    return get_user_model().objects.create_user(username="reader", password="reader-pass-123")


@pytest.fixture
def curator(db):
    """A member of the curators group (staff, not superuser)."""
    user = get_user_model().objects.create_user(username="curator", password="curator-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name="curators"))
    return user


@pytest.fixture
def reader_client(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    client.force_login(curator)
    return client


@pytest.fixture
def properties(db):
    """The property definitions from the curated fixtures."""
    call_command("loaddata", str(FIXTURES / "00_properties.json"), verbosity=0)


@pytest.fixture
def knowledge(db):
    """Every curated fixture file loaded (classes, matrix, materials, references...)."""
    call_command("loaddata", *sorted(str(p) for p in FIXTURES.glob("*.json")), verbosity=0)
    # loaddata bypasses the services: compute the stored headlines as bootstrap does (fits stay as loaded).
    from electrolytes.evidence import rebuild_all_headlines

    rebuild_all_headlines()
