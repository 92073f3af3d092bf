"""Reads for the explore page: one point per visible material with values of two properties."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import (
    F,
    FloatField,
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
    """Every visible material with a value for both properties (one query)."""
    rows = (
        visible_materials(user=user)
        .annotate(
            x_value=_property_value(x, t_min=t_min, t_max=t_max),
            y_value=_property_value(y, t_min=t_min, t_max=t_max),
        )
        .filter(x_value__isnull=False, y_value__isnull=False)
        .order_by("electrolyte_class__display_order", "name")
        .values_list("name", "slug", "electrolyte_class__name", "x_value", "y_value")
    )
    return list(map(ExplorePoint._make, rows))
