"""Reads for the class matrix and the class pages: per-class statistics over visible materials."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Floor, JSONObject
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


def class_for_page(*, slug: str, user) -> tuple[ElectrolyteClass, list[Material], dict[int | None, int]]:
    """A class with its families and class-typical processing routes, its best-conducting visible
    materials (at most CLASS_PAGE_MATERIALS) and its room-temperature conductivities counted per histogram bin
    (conductivity_bins)."""
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
    return electrolyte_class, materials, conductivity_bins(members)


# Width of a histogram bin of the class page, in decades of conductivity.
HISTOGRAM_BIN_DECADES = 0.5


def conductivity_bins(members: QuerySet[Material]) -> dict[int | None, int]:
    """How many of ``members`` have a headline conductivity, per bin of its log10: bin ``k`` holds the values
    with ``k * HISTOGRAM_BIN_DECADES <= log10(sigma) < (k + 1) * HISTOGRAM_BIN_DECADES``; bin None the values
    that have no logarithm (zero, negative, infinite). Counted in the database, one row per bin, so the page
    never loads the conductivities of a large class."""
    sigma = F(HEADLINE_SIGMA)
    logarithm = Func(sigma, function="LOG", output_field=FloatField())  # PostgreSQL's one-argument log is base 10
    positive = Q(**{f"{HEADLINE_SIGMA}__gt": 0, f"{HEADLINE_SIGMA}__lt": float("inf")})
    bin_of = Case(When(positive, then=Floor(logarithm / HISTOGRAM_BIN_DECADES)), output_field=IntegerField())
    rows = (
        members.filter(**{f"{HEADLINE_SIGMA}__isnull": False})
        .order_by()
        .values(bin=bin_of)
        .annotate(n=Count("*"))
        .values_list("bin", "n")
    )
    return {None if k is None else int(k): n for k, n in rows}
