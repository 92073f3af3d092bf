"""Reads for the class matrix and the class pages: per-class statistics over visible materials."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    JSONField,
    OuterRef,
    Prefetch,
    Subquery,
)
from django.db.models.functions import JSONObject
from django.http import Http404

from electrolytes.aggregates import Median
from electrolytes.evidence import HEADLINE_COLUMNS
from electrolytes.models import (
    ElectrolyteClass,
    Material,
    ProcessingRoute,
)

from .materials import (
    exclude_liquids,
    with_key_properties,
)
from .visibility import visible_materials

CONDUCTIVITY = "ionic_conductivity"
CLASS_PAGE_MATERIALS = 50


@dataclass
class ClassStats:
    material_count: int = 0
    conductivity_count: int = 0
    median_conductivity: float | None = None
    best_conductivity: float | None = None
    best_material_name: str = ""
    best_material_slug: str = ""


HEADLINE_SIGMA = HEADLINE_COLUMNS[CONDUCTIVITY]


def class_statistics(*, user) -> dict[int, ClassStats]:
    """Per class id: visible materials, median and best headline room-temperature conductivity.

    One query over the classes: per class, one aggregate over its visible members and one look-up of its best
    member, both index-only scans of the (class, headline conductivity, name) index, whatever the data size.
    """
    members = exclude_liquids(visible_materials(user=user)).filter(electrolyte_class=OuterRef("pk")).order_by()
    aggregate = (
        members.values("electrolyte_class")
        .annotate(stats=JSONObject(n=Count("*"), n_sigma=Count(HEADLINE_SIGMA), median=Median(HEADLINE_SIGMA)))
        .values("stats")[:1]
    )
    best = (
        members.filter(**{f"{HEADLINE_SIGMA}__isnull": False})
        .order_by(F(HEADLINE_SIGMA).desc(nulls_last=True), "name")
        .values(entry=JSONObject(value=HEADLINE_SIGMA, name="name", slug="slug"))[:1]
    )
    rows = (
        ElectrolyteClass.objects.order_by()
        .annotate(stats=Subquery(aggregate, output_field=JSONField()), best=Subquery(best, output_field=JSONField()))
        .values_list("pk", "stats", "best")
    )
    stats: dict[int, ClassStats] = {}
    for class_id, counts, top in rows:
        if not counts:
            continue  # no visible member
        top = top or {}
        stats[class_id] = ClassStats(
            material_count=counts["n"],
            conductivity_count=counts["n_sigma"],
            median_conductivity=counts["median"],
            best_conductivity=top.get("value"),
            best_material_name=top.get("name", ""),
            best_material_slug=top.get("slug", ""),
        )
    return stats


def class_for_page(*, slug: str, user) -> tuple[ElectrolyteClass, list[Material], list[float]]:
    """A class with its families and class-typical processing routes, its best-conducting visible
    materials (at most CLASS_PAGE_MATERIALS) and every room-temperature conductivity of the class."""
    routes = ProcessingRoute.objects.filter(material__isnull=True).select_related("reference")
    electrolyte_class = (
        ElectrolyteClass.objects.filter(slug=slug)
        .prefetch_related("families", Prefetch("processing_routes", queryset=routes, to_attr="typical_routes"))
        .first()
    )
    if electrolyte_class is None:
        raise Http404(f"No electrolyte class {slug!r}.")
    members = exclude_liquids(visible_materials(user=user)).filter(electrolyte_class=electrolyte_class)
    materials = list(
        with_key_properties(members.select_related("family")).order_by(F("conductivity").desc(nulls_last=True), "name")[
            :CLASS_PAGE_MATERIALS
        ]
    )
    conductivities = list(
        members.filter(**{f"{HEADLINE_SIGMA}__isnull": False}).order_by().values_list(HEADLINE_SIGMA, flat=True)
    )
    return electrolyte_class, materials, conductivities
