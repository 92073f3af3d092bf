"""Reads for the reference list and reference pages: what each visible reference reports."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from electrolytes.models import (
    ClassAssessment,
    ConductivityFit,
    Measurement,
    ProcessingRoute,
    Reference,
)

from .visibility import (
    visible_materials,
    visible_measurements,
    visible_references,
)

REFERENCE_PAGE_ROWS = 300


def _visible_measurement_count(user, relation: str):
    qs = visible_measurements(user=user).filter(**{relation: OuterRef("pk")})
    return Coalesce(
        Subquery(qs.order_by().values(relation).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        0,
    )


# The references page's order: newest first, undated last (the reference_page_order index).
LIST_ORDER = (F("year").desc(nulls_last=True), "key")


def references_for_list(*, user) -> QuerySet[Reference]:
    """The references ``user`` may see, in the list's order (newest first, undated last; the
    reference_page_order index)."""
    return visible_references(user=user).order_by(*LIST_ORDER)


def with_value_counts(page_rows: QuerySet[Reference], *, user) -> QuerySet[Reference]:
    """The references of ``page_rows`` (one page, a slice of references_for_list) with the number of values of
    visible materials each reports or supplies, in one query. The counts are taken for the page's rows alone:
    annotating the whole list would make PostgreSQL count them for every reference before the page's offset too
    (seconds on a late page)."""
    return (
        Reference.objects.filter(pk__in=page_rows.values("pk"))
        .annotate(
            reported_count=_visible_measurement_count(user, "reference"),
            dataset_count=_visible_measurement_count(user, "source_dataset"),
        )
        .order_by(*LIST_ORDER)
    )


@dataclass
class ReferencePage:
    reference: Reference
    measurements: list[Measurement]
    measurement_count: int
    material_count: int
    fits: list[ConductivityFit]
    routes: list[ProcessingRoute]
    assessments: list[ClassAssessment]


def get_reference(*, key: str, user) -> Reference:
    """The one lookup for a reference by key: 404 when missing or not visible to ``user``."""
    reference = visible_references(user=user).filter(key=key).first()
    if reference is None:
        raise Http404(f"No reference {key!r}.")
    return reference


def reference_for_page(*, key: str, user) -> ReferencePage:
    """A reference and what it reports about visible materials (first REFERENCE_PAGE_ROWS values)."""
    reference = get_reference(key=key, user=user)
    visible = visible_materials(user=user)
    values = visible_measurements(user=user).filter(Q(reference=reference) | Q(source_dataset=reference))
    totals = values.aggregate(n=Count("pk"), materials=Count("material", distinct=True))
    measurements = list(
        values.select_related("material", "property").order_by(
            "material__name", "property__display_order", "temperature_k", "id"
        )[:REFERENCE_PAGE_ROWS]
    )
    fits = list(
        ConductivityFit.objects.filter(source=reference, material__in=visible)
        .select_related("material")
        .order_by("material__name", "model")
    )
    routes = list(
        ProcessingRoute.objects.filter(reference=reference)
        .filter(Q(material__isnull=True) | Q(material__in=visible))
        .select_related("electrolyte_class", "material")
    )
    assessments = list(reference.assessments.select_related("electrolyte_class", "criterion"))
    return ReferencePage(
        reference=reference,
        measurements=measurements,
        measurement_count=totals["n"],
        material_count=totals["materials"],
        fits=fits,
        routes=routes,
        assessments=assessments,
    )
