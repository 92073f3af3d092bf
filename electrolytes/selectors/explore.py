"""Reads for the explore page: one point per visible material with values of two properties."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from django.db import connections
from django.db.models import (
    BooleanField,
    F,
    FloatField,
    Func,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Abs

from electrolytes.evidence import HEADLINE_COLUMNS
from electrolytes.models import (
    Measurement,
    PropertyDefinition,
)
from electrolytes.temperature_windows import window_target

from .materials import is_room_temperature_window
from .visibility import visible_materials


class ExplorePoint(NamedTuple):  # a tuple: cheap to build for 100,000 rows
    name: str
    slug: str
    class_name: str
    x: float
    y: float


def _property_value(definition: PropertyDefinition, *, t_min: float, t_max: float):
    """The outer material's value of ``definition``: its stored headline for the headline properties (at room
    temperature), else a subquery (temperature-bound ones within the window, nearest its middle, unflagged,
    measured values before fit-derived ones)."""
    column = HEADLINE_COLUMNS.get(definition.key)
    if column and (not definition.requires_temperature or is_room_temperature_window(t_min, t_max)):
        return F(column)
    qs = Measurement.objects.filter(material=OuterRef("pk"), property=definition, flag="")
    order: list = ["is_derived"]
    if definition.requires_temperature:
        target = window_target(t_min, t_max)
        qs = qs.filter(temperature_k__gte=t_min, temperature_k__lte=t_max)
        order.append(Abs(F("temperature_k") - Value(target)))
    order += ["-value", "id"]
    return Subquery(qs.order_by(*order).values("value")[:1], output_field=FloatField())


def explore_points(
    *, x: PropertyDefinition, y: PropertyDefinition, t_min: float, t_max: float, user
) -> list[ExplorePoint]:
    """Every visible material with a value for both properties, in drawing order (class display order, then id;
    one query). The page draws ``explore_map``, which thins these in the database."""
    rows = (
        visible_materials(user=user)
        .annotate(
            x_value=_property_value(x, t_min=t_min, t_max=t_max),
            y_value=_property_value(y, t_min=t_min, t_max=t_max),
        )
        .filter(x_value__isnull=False, y_value__isnull=False)
        .order_by("electrolyte_class__display_order", "id")
        .values_list("name", "slug", "electrolyte_class__name", "x_value", "y_value")
    )
    return list(map(ExplorePoint._make, rows))


class ExploreMap(NamedTuple):
    """The explore chart's content: at most one point per grid cell, and how many materials they stand for."""

    points: list[ExplorePoint]  # in drawing order: class display order, then id
    count: int  # materials with both values that can be placed on the chosen axes
    dropped: int  # materials with both values that cannot (zero or negative on a log axis, not finite)


# Thinning on a grid of cells, in SQL (one query, whatever the number of materials). ``pts``: every visible material
# with both values, narrow (id, class order, the values, whether they can be placed, their plotted coordinates);
# ``totals``: the counts and the plotted ranges; ``cells``: one hash aggregate over the placeable points keeping each
# cell's first material in drawing order (class display order, then id), packed in one bigint (order * 2**40 + id;
# ids stay below 2**40), so no row is sorted. Only the drawn materials are then read, by primary key (``drawn``:
# id = ANY(ARRAY(SELECT id FROM cells))), with their names. With at most ``small`` placeable points each is its own
# cell. The cell arithmetic is charts.thin_scatter's, in the same double precision: int((v - low) / step), with
# step = (high - low) / cells, or 1 when the range is empty.
_THIN_SQL = """
WITH pts AS {materialized} (
    SELECT b.id, b.class_order, b.ok,
           CASE WHEN b.ok THEN {tx} END AS tx, CASE WHEN b.ok THEN {ty} END AS ty
    FROM (
        SELECT b.id, b.class_order, b.x, b.y,
               b.x > '-Infinity' AND b.x < 'Infinity' {x_positive}
               AND b.y > '-Infinity' AND b.y < 'Infinity' {y_positive} AS ok
        -- OFFSET 0 keeps the values computed once per row, not once per mention below
        FROM ({base} OFFSET 0) AS b (id, class_order, x, y)
    ) AS b
),
totals AS (
    SELECT count(*) FILTER (WHERE NOT ok) AS dropped, count(*) FILTER (WHERE ok) AS n,
           min(tx) AS x_low, COALESCE(NULLIF((max(tx) - min(tx)) / %s, 0), 1.0) AS x_step,
           min(ty) AS y_low, COALESCE(NULLIF((max(ty) - min(ty)) / %s, 0), 1.0) AS y_step
    FROM pts
),
cells AS (
    SELECT min(p.class_order::bigint * 1099511627776 + p.id) %% 1099511627776 AS id
    FROM pts p CROSS JOIN totals t
    WHERE p.ok
    GROUP BY CASE WHEN t.n <= %s THEN p.id ELSE 0 END,
             trunc((p.tx - t.x_low) / t.x_step), trunc((p.ty - t.y_low) / t.y_step)
)
SELECT t.n, t.dropped, d.name, d.slug, d.class_name, d.x, d.y
FROM totals t LEFT JOIN ({drawn}) AS d (name, slug, class_name, x, y, class_order, id) ON true
ORDER BY d.class_order, d.id
"""


class _InCells(Func):
    """``pk = ANY(ARRAY(SELECT id FROM cells))``: the materials drawn, as one primary-key index scan."""

    template = "%(expressions)s = ANY(ARRAY(SELECT id FROM cells))"
    output_field = BooleanField()


def explore_map(
    *,
    x: PropertyDefinition,
    y: PropertyDefinition,
    t_min: float,
    t_max: float,
    user,
    log_x: bool,
    log_y: bool,
    class_slugs: Collection[str] = (),
    grid: tuple[int, int],
) -> ExploreMap:
    """What the explore chart draws, thinned in the database (one query): of the visible materials with a value
    for both properties (in ``class_slugs`` when given) that can be placed on the axes, the first in drawing order
    (class display order, then id) in each cell of ``grid`` laid over their ranges (in log10 on a log axis);
    every one of them when there are at most a quarter as many as cells. The same points as
    ``charts.thin_scatter(charts.plottable(explore_points(...)))``, without reading every material into Python."""
    x_value = _property_value(x, t_min=t_min, t_max=t_max)
    y_value = _property_value(y, t_min=t_min, t_max=t_max)
    materials = visible_materials(user=user).annotate(x_value=x_value, y_value=y_value).order_by()
    base = materials.filter(x_value__isnull=False, y_value__isnull=False)
    if class_slugs:
        base = base.filter(electrolyte_class__slug__in=list(class_slugs))
    base = base.values_list("id", "electrolyte_class__display_order", "x_value", "y_value")
    drawn = materials.filter(_InCells(F("pk"))).values_list(
        "name", "slug", "electrolyte_class__name", "x_value", "y_value", "electrolyte_class__display_order", "id"
    )
    base_sql, base_params = base.query.sql_with_params()
    drawn_sql, drawn_params = drawn.query.sql_with_params()
    # Stored headlines are cheaper read twice than kept; values looked up per material (another temperature window,
    # a property without a headline) are computed once for all and again for those drawn.
    columns_only = isinstance(x_value, F) and isinstance(y_value, F)
    sql = _THIN_SQL.format(
        materialized="NOT MATERIALIZED" if columns_only else "MATERIALIZED",
        base=base_sql,
        drawn=drawn_sql,
        x_positive="AND b.x > 0" if log_x else "",
        y_positive="AND b.y > 0" if log_y else "",
        tx="log(b.x)" if log_x else "b.x",
        ty="log(b.y)" if log_y else "b.y",
    )
    columns, rows = grid
    params = [*base_params, float(columns), float(rows), columns * rows // 4, *drawn_params]
    with connections[base.db].cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    count, dropped = result[0][0], result[0][1]
    points = [ExplorePoint(*row[2:]) for row in result if row[2] is not None]
    return ExploreMap(points=points, count=count, dropped=dropped)
