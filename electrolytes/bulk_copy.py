"""Bulk inserts with PostgreSQL's COPY, for the imports and refits that write hundreds of thousands of rows.

``bulk_create`` builds one parameterised INSERT per batch, passing every value through each field's
``get_db_prep_save``: for a measurement and its history row that costs more than the rest of an import. COPY
takes the rows as text in one stream. The rows written are what ``bulk_create_with_history`` would write (same
columns, same automatic timestamps, same history user, change reason and type), and statement-level triggers
(the data-version stamp) fire as for an INSERT. Only the field types the callers use are supported; any other
raises TypeError, so a new field type is noticed rather than written wrongly.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

COPY_ROWS = 5000  # rows sent in one COPY statement

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    return str(value).translate(_ESCAPES)


def _float(value: Any) -> str:
    return repr(float(value))  # float(): a numpy scalar's repr names its type


def _bool(value: Any) -> str:
    return "t" if value else "f"


def _datetime(value: datetime) -> str:
    return value.isoformat()


def _json(value: Any) -> str:
    return _text(json.dumps(value))


_FORMATS: dict[str, Callable[[Any], str]] = {
    "AutoField": str,
    "BigAutoField": str,
    "SmallAutoField": str,
    "IntegerField": str,
    "BigIntegerField": str,
    "SmallIntegerField": str,
    "PositiveIntegerField": str,
    "PositiveBigIntegerField": str,
    "PositiveSmallIntegerField": str,
    "ForeignKey": str,
    "OneToOneField": str,
    "FloatField": _float,
    "CharField": _text,
    "TextField": _text,
    "SlugField": _text,
    "BooleanField": _bool,
    "DateTimeField": _datetime,
    "JSONField": _json,
}


def _formatter(field) -> Callable[[Any], str]:
    kind = field.get_internal_type()
    if kind in ("ForeignKey", "OneToOneField"):
        kind = field.target_field.get_internal_type()
    try:
        return _FORMATS[kind]
    except KeyError:
        raise TypeError(f"bulk_copy cannot write {field.model.__name__}.{field.name} ({kind}).") from None


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], formats: Sequence[Callable]) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, None for NULL) into ``table``, COPY_ROWS at a time;
    returns the rows written. ``formats`` turn each column's values into COPY text."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    written = 0
    lines: list[str] = []
    with connection.cursor() as cursor:
        for row in rows:
            lines.append(
                "\t".join("\\N" if value is None else fmt(value) for value, fmt in zip(row, formats, strict=True))
            )
            if len(lines) >= COPY_ROWS:
                _send(cursor, sql, lines)
                written += len(lines)
                lines = []
        if lines:
            _send(cursor, sql, lines)
            written += len(lines)
    return written


def _send(cursor, sql: str, lines: list[str]) -> None:
    data = "\n".join(lines) + "\n"
    raw = cursor.cursor  # the driver's cursor under Django's wrapper
    # Logged as a query where Django logs queries (DEBUG, query-count assertions), like any other statement.
    logged = cursor.debug_sql(f"{sql} ({len(lines)} rows)") if hasattr(cursor, "debug_sql") else nullcontext()
    with logged:
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, io.StringIO(data))
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(data)


def new_pks(model: type[Model], count: int) -> list[int]:
    """``count`` fresh primary keys from the table's own sequence, ascending (as bulk_create would give)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return sorted(pk for (pk,) in cursor.fetchall())


def copy_create(objs: list[Model], model: type[Model], *, history: bool = False) -> list[Model]:
    """Insert unsaved ``objs`` of ``model`` with COPY and give them their primary keys, as
    ``bulk_create`` (or, with ``history``, ``simple_history``'s ``bulk_create_with_history``) does.

    Automatic timestamps (auto_now, auto_now_add) are set to one time for the call. Foreign keys must be set
    (``material_id``), not left to the database: no field's ``pre_save`` other than the timestamps runs.
    """
    if not objs:
        return objs
    meta = model._meta
    fields = list(meta.concrete_fields)
    formats = [_formatter(f) for f in fields]  # before anything is written: an unsupported field fails first
    now = timezone.now()
    stamped = [f for f in meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for pk, obj in zip(new_pks(model, len(objs)), objs, strict=True):
        obj.pk = pk
        for field in stamped:
            setattr(obj, field.attname, now)
        obj._state.adding = False
        obj._state.db = connection.alias
    copy_rows(
        meta.db_table, [f.column for f in fields], ([getattr(obj, f.attname) for f in fields] for obj in objs), formats
    )
    if history:
        _copy_history(objs, model, now)
    return objs


def _copy_history(objs: list[Model], model: type[Model], now: datetime) -> None:
    """The "+" history rows of newly created ``objs``, as ``bulk_history_create`` writes them: the history
    user from the request (the middleware) if any, no change reason unless an object carries one."""
    historical = model.history.model
    user = historical.get_default_history_user(objs[0])
    user_id = getattr(user, "pk", None)
    tracked = list(historical.tracked_fields)
    columns = [historical._meta.get_field(f.name).column for f in tracked]
    formats = [_formatter(historical._meta.get_field(f.name)) for f in tracked]
    extra_columns = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    copy_rows(
        historical._meta.db_table,
        columns + extra_columns,
        (
            [getattr(obj, f.attname) for f in tracked] + [now, "+", user_id, getattr(obj, "_change_reason", None)]
            for obj in objs
        ),
        [*formats, _datetime, _text, str, _text],
    )
