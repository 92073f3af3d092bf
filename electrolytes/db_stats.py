"""Planner statistics after bulk loads.

PostgreSQL plans queries from the statistics ANALYZE gathers. Autovacuum gathers them eventually, but not on a
server where it is off and not before its thresholds are reached, and a freshly loaded table planned from empty
statistics turns a cheap filter into a sequential scan. So every bulk load (bootstrap, imports,
``seed_synthetic``) ends with an ANALYZE of the tables it changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model


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
