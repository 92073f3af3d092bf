"""Who sees what: the one visibility rule every page, API view, download and OPTIMADE entry starts from.

Curators (the ``view_unpublished_material`` permission) see every record; everybody else sees published
materials and what hangs off them, class-wide records, and the references those public records cite.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from electrolytes.models import (
    ClassAssessment,
    ConductivityFit,
    CrystalStructure,
    Material,
    Measurement,
    MeasurementTally,
    ProcessingRoute,
    PublicationStatus,
    Reference,
    RouteConditionSource,
)

UNPUBLISHED_PERMISSION = "electrolytes.view_unpublished_material"


def can_see_unpublished(user) -> bool:
    """True when ``user`` may see drafts and records in review."""
    return bool(user is not None and user.is_authenticated and user.has_perm(UNPUBLISHED_PERMISSION))


UNPUBLISHED = [status for status in PublicationStatus if status != PublicationStatus.PUBLISHED]


def published(prefix: str = "") -> Q:
    """The public rule: the material (itself, or the one reached through ``prefix``, e.g. ``"material__"``) is
    published.

    Through a foreign key it reads "not one of the unpublished materials": an anti-join against the drafts and
    records in review, which the status index lists, rather than a join to every published material. Drafts are
    the few, so PostgreSQL hashes a few thousand ids instead of the whole catalogue (a count of the room-temperature
    conductivities of 100,000 materials: 25 ms instead of 56 ms). A record without a material passes this test;
    the callers' foreign keys are never null, but routes (visible_routes) say what a class-wide record means.
    """
    if not prefix:
        return Q(status=PublicationStatus.PUBLISHED)
    relation = prefix.removesuffix("__")
    return ~Exists(Material.objects.filter(pk=OuterRef(relation), status__in=UNPUBLISHED))


def _restrict(queryset: QuerySet, *, user, prefix: str = "") -> QuerySet:
    return queryset if can_see_unpublished(user) else queryset.filter(published(prefix))


def visible_materials(*, user) -> QuerySet[Material]:
    return _restrict(Material.objects.all(), user=user)


def visible_measurements(*, user) -> QuerySet[Measurement]:
    return _restrict(Measurement.objects.all(), user=user, prefix="material__")


def visible_fits(*, user) -> QuerySet[ConductivityFit]:
    return _restrict(ConductivityFit.objects.all(), user=user, prefix="material__")


def visible_structures(*, user) -> QuerySet[CrystalStructure]:
    return _restrict(CrystalStructure.objects.all(), user=user, prefix="material__")


def visible_routes(*, user) -> QuerySet[ProcessingRoute]:
    """Routes of a whole class (public like the class) and routes of the materials ``user`` may see."""
    if can_see_unpublished(user):
        return ProcessingRoute.objects.all()
    return ProcessingRoute.objects.filter(Q(material__isnull=True) | published("material__"))


def visible_tallies(*, user) -> QuerySet[MeasurementTally]:
    """The trigger-kept value tallies (one row per material status) ``user`` may count."""
    return _restrict(MeasurementTally.objects.all(), user=user)


def unpublished_material_count(*, user) -> int:
    """How many drafts and records in review there are, for those who may see them (0 for everybody else)."""
    return Material.objects.exclude(published()).count() if can_see_unpublished(user) else 0


def visible_references(*, user) -> QuerySet[Reference]:
    """The references ``user`` may see. Curators see every one; everybody else sees a reference only
    when a curator published it or a public record cites it: a value or fit of a published material,
    a processing route of a whole class or of a published material (its own reference or the source of one
    of its conditions), or a class assessment (the class
    matrix is public). A reference created for a draft stays as private as the draft.
    """
    if can_see_unpublished(user):
        return Reference.objects.all()
    values = visible_measurements(user=user)
    cited = (
        visible_fits(user=user).values("source_id"),
        visible_routes(user=user).filter(reference__isnull=False).values("reference_id"),
        RouteConditionSource.objects.filter(route__in=visible_routes(user=user)).values("reference_id"),
        ClassAssessment.references.through.objects.values("reference_id"),
    )
    condition = published()
    for relation in ("reference", "source_dataset"):
        # A probe of the foreign-key index per reference (its first published value is enough), not the id set of
        # every published value: that set is too large to hash, so PostgreSQL would rescan it for each reference.
        condition |= Exists(values.filter(**{relation: OuterRef("pk")}))
    for ids in cited:
        condition |= Q(pk__in=ids)
    return Reference.objects.filter(condition)
