"""Reads that span relations. Each selector does its own select_related/prefetch_related
and applies visibility: drafts and records in review are for curators only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramSimilarity
from django.db.models import (
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Abs, Greatest, Upper
from django.http import Http404

from electrolytes import units
from electrolytes.models import (
    ClassAssessment,
    ConductivityFit,
    Criterion,
    CrystalStructure,
    ElectrolyteClass,
    Material,
    Measurement,
    PropertyDefinition,
    PublicationStatus,
    Reference,
)


def can_see_unpublished(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm("electrolytes.view_unpublished_material"))


def visible_materials(*, user) -> QuerySet[Material]:
    return Material.objects.visible_to(user)


def get_visible_material(*, slug: str, user) -> Material:
    """The one lookup for a material by slug: 404 when missing or not visible to ``user``."""
    material = visible_materials(user=user).select_related("electrolyte_class", "family").filter(slug=slug).first()
    if material is None:
        raise Http404(f"No material {slug!r}.")
    return material


def material_for_page(*, slug: str, user) -> Material:
    """A material with everything its page shows, in a constant number of queries."""
    material = get_visible_material(slug=slug, user=user)
    measurements = Measurement.objects.select_related("property", "reference", "source_dataset").order_by(
        "property__display_order", "temperature_k", "id"
    )
    fits = ConductivityFit.objects.select_related("source").order_by("-is_preferred", "model")
    # The CIF text itself is only read by the download.
    structures = (
        CrystalStructure.objects.select_related("source_dataset", "reference")
        .defer("cif_text", "parse_warnings")
        .order_by("-is_representative", "id")
    )
    material_qs = Material.objects.filter(pk=material.pk).prefetch_related(
        "components",
        Prefetch("measurements", queryset=measurements),
        Prefetch("fits", queryset=fits),
        "processing_routes__reference",
        Prefetch("structures", queryset=structures),
    )
    return material_qs.select_related("electrolyte_class", "family").get()


def structure_for_download(*, slug: str, pk: int, user) -> CrystalStructure | None:
    """A structure of a material ``user`` may see (None otherwise), with what its attribution names."""
    return (
        CrystalStructure.objects.filter(pk=pk, material__in=visible_materials(user=user).filter(slug=slug))
        .select_related("material", "source_dataset", "reference")
        .first()
    )


# --- Room-temperature key properties, as correlated subqueries -----------------------------------


def _closest_value(property_key: str, *, t_min: float | None, t_max: float | None, target: float | None):
    """The value of ``property_key`` for the outer material, measured values before derived ones,
    nearest to ``target`` K within [t_min, t_max] when a window is given."""
    qs = Measurement.objects.filter(material=OuterRef("pk"), property__key=property_key)
    if t_min is not None:
        qs = qs.filter(temperature_k__gte=t_min)
    if t_max is not None:
        qs = qs.filter(temperature_k__lte=t_max)
    order = ["is_derived"]
    if target is not None:
        order.append(Abs(F("temperature_k") - Value(target)).asc(nulls_last=True))
    order += ["-value", "id"]
    return Subquery(qs.order_by(*order).values("value")[:1], output_field=FloatField())


def with_key_properties(
    qs: QuerySet[Material],
    *,
    t_min: float = units.ROOM_TEMPERATURE_MIN_K,
    t_max: float = units.ROOM_TEMPERATURE_MAX_K,
) -> QuerySet[Material]:
    """Annotate conductivity in the temperature window, activation energy and window limits."""
    target = units.ROOM_TEMPERATURE_K if t_min <= units.ROOM_TEMPERATURE_K <= t_max else (t_min + t_max) / 2
    return qs.annotate(
        conductivity=_closest_value("ionic_conductivity", t_min=t_min, t_max=t_max, target=target),
        activation_energy=_closest_value("activation_energy", t_min=None, t_max=None, target=None),
        oxidation_limit=_closest_value("oxidation_limit", t_min=None, t_max=None, target=None),
        reduction_limit=_closest_value("reduction_limit", t_min=None, t_max=None, target=None),
    )


# --- Material search (shared by the API and the web pages) ---------------------------------------


@dataclass
class PropertyRange:
    key: str
    min: float | None = None
    max: float | None = None


@dataclass
class MaterialQuery:
    """Everything a material search can ask for; parsing and validation happen in the caller."""

    elements: list[str] = field(default_factory=list)
    exclude_elements: list[str] = field(default_factory=list)
    chemsys: list[str] | None = None
    reduced_formula: str | None = None
    nelements_min: int | None = None
    nelements_max: int | None = None
    electrolyte_classes: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    text: str = ""
    ranges: list[PropertyRange] = field(default_factory=list)
    temperature_min: float = units.ROOM_TEMPERATURE_MIN_K
    temperature_max: float = units.ROOM_TEMPERATURE_MAX_K
    ordering: list[str] = field(default_factory=lambda: ["name"])


# Public ordering names -> ORM expressions on an annotated queryset.
ORDERINGS = {
    "name": "name",
    "formula": "reduced_formula",
    "nelements": "nelements",
    "electrolyte_class": "electrolyte_class__display_order",
    "conductivity": "conductivity",
    "activation_energy": "activation_energy",
    "oxidation_limit": "oxidation_limit",
    "updated": "updated_at",
    "created": "created_at",
}

TRIGRAM_THRESHOLD = 0.3


def _text_filter(text: str) -> Q:
    """Materials whose names, formulas or descriptions match ``text`` in full-text search, whose
    name or reduced formula contains it or nearly matches it (trigram similarity, so ``Li6PSCl``
    finds Li6PS5Cl), or that cite a reference whose title matches.

    Each branch is an uncorrelated id subquery that its own index answers (the full-text GIN
    expression index, the trigram GIN indexes on UPPER(name) and UPPER(reduced_formula));
    OR-ing row-level conditions instead would make PostgreSQL scan every material.
    """
    query = SearchQuery(text, config="english", search_type="websearch")
    upper = text.upper()
    materials = Material.objects.annotate(
        search=SearchVector("name", "formula", "description", config="english"),
        upper_name=Upper("name"),
        upper_formula=Upper("reduced_formula"),
    )
    branches = [
        materials.filter(search=query),
        materials.filter(upper_name__contains=upper),
        materials.filter(upper_formula__contains=upper),
        materials.filter(upper_name__trigram_similar=upper),
        materials.filter(upper_formula__trigram_similar=upper),
    ]
    condition = Q()
    for branch in branches:
        condition |= Q(pk__in=branch.values("pk"))
    titled = Reference.objects.filter(title__search=query).values("pk")
    # Two branches, not one OR, so each can use its foreign-key index on measurements.
    for relation in ("reference", "source_dataset"):
        cited = Measurement.objects.filter(**{f"{relation}__in": titled}).values("material_id")
        condition |= Q(pk__in=cited)
    return condition


def search_materials(query: MaterialQuery, *, user) -> QuerySet[Material]:
    """Materials matching ``query`` that ``user`` may see, annotated with key properties."""
    qs = visible_materials(user=user).select_related("electrolyte_class", "family")
    if query.statuses and can_see_unpublished(user):
        qs = qs.filter(status__in=query.statuses)
    if query.elements:
        qs = qs.filter(elements__contains=sorted(set(query.elements)))
    if query.exclude_elements:
        qs = qs.exclude(elements__overlap=sorted(set(query.exclude_elements)))
    if query.chemsys is not None:
        system = sorted(set(query.chemsys))
        qs = qs.filter(elements__contains=system, elements__contained_by=system)
    if query.reduced_formula:
        qs = qs.filter(reduced_formula=query.reduced_formula)
    if query.nelements_min is not None:
        qs = qs.filter(nelements__gte=query.nelements_min, kind=Material.Kind.COMPOUND)
    if query.nelements_max is not None:
        qs = qs.filter(nelements__lte=query.nelements_max, kind=Material.Kind.COMPOUND)
    if query.electrolyte_classes:
        qs = qs.filter(electrolyte_class__slug__in=query.electrolyte_classes)
    if query.families:
        qs = qs.filter(family__slug__in=query.families)
    if query.kinds:
        qs = qs.filter(kind__in=query.kinds)
    if query.ranges:
        definitions = {d.key: d for d in PropertyDefinition.objects.filter(key__in=[r.key for r in query.ranges])}
        for rng in query.ranges:
            definition = definitions.get(rng.key)
            if definition is None:
                continue
            # An uncorrelated id set answered by the (property, temperature, value) index, rather
            # than an EXISTS probe per material: much cheaper when few values qualify.
            matching = Measurement.objects.filter(property=definition)
            if rng.min is not None:
                matching = matching.filter(value__gte=rng.min)
            if rng.max is not None:
                matching = matching.filter(value__lte=rng.max)
            if definition.requires_temperature:
                matching = matching.filter(
                    temperature_k__gte=query.temperature_min, temperature_k__lte=query.temperature_max
                )
            qs = qs.filter(pk__in=matching.values("material_id"))
    text = query.text.strip()
    if text:
        qs = qs.filter(_text_filter(text)).annotate(
            name_similarity=Greatest(
                TrigramSimilarity(Upper("name"), text.upper()),
                TrigramSimilarity(Upper("reduced_formula"), text.upper()),
            ),
        )
    qs = with_key_properties(qs, t_min=query.temperature_min, t_max=query.temperature_max)
    return qs.order_by(*_order_by(query.ordering, has_text=bool(text)))


def _order_by(ordering: list[str], *, has_text: bool) -> list:
    expressions = []
    for name in ordering:
        descending = name.startswith("-")
        field_name = ORDERINGS[name.lstrip("-")]
        expression = F(field_name)
        expressions.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
    if has_text and not ordering:
        expressions.insert(0, F("name_similarity").desc())
    expressions.append(F("pk").asc())
    return expressions


# --- Summaries -----------------------------------------------------------------------------------


def knowledge_base_summary(*, user) -> dict:
    """Counts per electrolyte class of the materials ``user`` can see, plus totals."""
    visible = visible_materials(user=user)
    classes = ElectrolyteClass.objects.annotate(
        material_count=Count("materials", filter=Q(materials__in=visible.values("pk")))
    ).order_by("display_order", "name")
    classes = list(classes)
    measurement_count = Measurement.objects.visible_to(user).count()
    return {
        "classes": classes,
        "material_count": sum(c.material_count for c in classes),
        "measurement_count": measurement_count,
        "reference_count": Reference.objects.count(),
        "draft_count": (
            Material.objects.exclude(status=PublicationStatus.PUBLISHED).count() if can_see_unpublished(user) else 0
        ),
    }


def class_matrix() -> tuple[list[ElectrolyteClass], list[Criterion], dict[tuple[int, int], ClassAssessment]]:
    """Classes, criteria and the assessments keyed by (class id, criterion id)."""
    classes = list(ElectrolyteClass.objects.order_by("display_order"))
    criteria = list(Criterion.objects.order_by("display_order"))
    cells = {
        (a.electrolyte_class_id, a.criterion_id): a for a in ClassAssessment.objects.prefetch_related("references")
    }
    return classes, criteria, cells
