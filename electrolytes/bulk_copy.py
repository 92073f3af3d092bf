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
from django.db.models import Model, signals
from django.db.models.base import ModelState
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
    return copy_lines(
        table,
        columns,
        (
            "\t".join("\\N" if value is None else fmt(value) for value, fmt in zip(row, formats, strict=True))
            for row in rows
        ),
    )


def copy_lines(table: str, columns: Sequence[str], lines: Iterable[str]) -> int:
    """COPY rows already written as COPY text lines (tab-separated, without the line feed) into ``table``."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    written = 0
    batch: list[str] = []
    with connection.cursor() as cursor:
        for line in lines:
            batch.append(line)
            if len(batch) >= COPY_ROWS:
                _send(cursor, sql, batch)
                written += len(batch)
                batch = []
        if batch:
            _send(cursor, sql, batch)
            written += len(batch)
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


class Blueprint:
    """Unsaved instances of ``model`` for a bulk write, built the way unpickling builds them (``__new__`` and the
    instance's dict) rather than through ``Model.__init__``, which costs more than cleaning and writing the row.

    Every field starts at its default, as ``model()`` would give it, and the keyword arguments set fields by
    attribute name (``material_id``, not ``material``); an unknown name raises TypeError as ``model(...)`` does.
    A model whose defaults are callables (a fresh list or time per instance) or that has init signals is refused
    (TypeError) rather than built differently from ``model(...)``.
    """

    def __init__(self, model: type[Model]):
        fields = model._meta.concrete_fields
        dynamic = [f.name for f in fields if f.has_default() and callable(f.default)]
        if dynamic or signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
            raise TypeError(f"Blueprint cannot build {model.__name__}: callable defaults {dynamic} or init signals.")
        self.model = model
        self.attnames = frozenset(f.attname for f in fields)
        self.defaults = {name: value for name, value in model().__dict__.items() if name != "_state"}

    def __call__(self, **values: Any) -> Model:
        if not values.keys() <= self.attnames:
            unknown = ", ".join(sorted(values.keys() - self.attnames))
            raise TypeError(f"{self.model.__name__} has no field {unknown}.")
        obj = self.model.__new__(self.model)
        obj.__dict__.update(self.defaults)
        obj.__dict__.update(values)
        obj._state = ModelState()
        return obj


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
    With ``history``, the "+" history rows are written as ``bulk_history_create`` writes them: the history
    user from the request (the middleware) if any, no change reason unless an object carries one. Each value
    is turned into text once, for its row and its history row.
    """
    if not objs:
        return objs
    meta = model._meta
    fields = list(meta.concrete_fields)
    formats = [(f.attname, _formatter(f)) for f in fields]  # before anything is written: unsupported fields fail
    if history:
        historical = model.history.model
        tracked = list(historical.tracked_fields)
        position = {f.attname: i for i, f in enumerate(fields)}
        picks = [position[f.attname] for f in tracked]
        history_columns = [historical._meta.get_field(f.name).column for f in tracked] + [
            "history_date",
            "history_type",
            "history_user_id",
            "history_change_reason",
        ]
        user = historical.get_default_history_user(objs[0])
        user_id = "\\N" if getattr(user, "pk", None) is None else str(user.pk)
    now = timezone.now()
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    history_head = f"\t{_datetime(now)}\t+\t{user_id}\t" if history else ""
    lines: list[str] = []
    history_lines: list[str] = []
    for pk, obj in zip(new_pks(model, len(objs)), objs, strict=True):
        obj.pk = pk
        for attname in stamped:
            setattr(obj, attname, now)
        obj._state.adding = False
        obj._state.db = connection.alias
        values = ["\\N" if (value := getattr(obj, attname)) is None else fmt(value) for attname, fmt in formats]
        lines.append("\t".join(values))
        if history:
            reason = getattr(obj, "_change_reason", None)
            history_lines.append(
                "\t".join([values[i] for i in picks]) + history_head + ("\\N" if reason is None else _text(reason))
            )
    copy_lines(meta.db_table, [f.column for f in fields], lines)
    if history:
        copy_lines(historical._meta.db_table, history_columns, history_lines)
    return objs
