"""Planner statistics after bulk loads.

PostgreSQL plans queries from the statistics ANALYZE gathers. Autovacuum gathers them eventually, but not on a
server where it is off and not before its thresholds are reached, and a freshly loaded table planned from empty
statistics turns a cheap filter into a sequential scan. So every bulk load (bootstrap, imports,
``seed_synthetic``) ends with an ANALYZE of the tables it changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import OperationalError, connection, transaction
from django.db.models import Model

# How long an ANALYZE inside a long transaction waits for a table's statistics lock before it gives up.
LOCK_WAIT = "20ms"


def tables_of(models: Iterable[type[Model]]) -> list[str]:
    """The tables of these models and of their history models (django-simple-history), sorted."""
    tables = set()
    for model in models:
        tables.add(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            tables.add(history.model._meta.db_table)
    return sorted(tables)


def analyze(models: Iterable[type[Model]]) -> list[str]:
    """ANALYZE the tables of these models (and their history tables) in one statement; returns the tables."""
    tables = tables_of(models)
    if tables:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
    return tables


def analyze_if_free(models: Iterable[type[Model]]) -> bool:
    """ANALYZE these models' own tables inside the caller's transaction (an import's, so that what it has
    written so far is planned for), unless another transaction holds their statistics lock: then nothing.

    Inside a transaction the lock ANALYZE takes is held until the commit, so a second import waiting for it
    could deadlock with the first over their row locks; a busy lock is skipped instead (the rows are still
    right, only planned from older statistics). Returns whether it ran.
    """
    tables = sorted({model._meta.db_table for model in models})
    if not tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (previous,) = cursor.fetchone()
        try:
            with transaction.atomic():  # a savepoint: a refused lock leaves the caller's transaction usable
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_WAIT])
                cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
        except OperationalError:  # lock_timeout: another transaction holds the lock
            return False
        finally:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return True
