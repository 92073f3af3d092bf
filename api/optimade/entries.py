"""The entries the endpoint serves and their OPTIMADE resource objects.

A ``structures`` entry is a published material of kind "compound"; mixtures (polymer, gel and
composite electrolytes) are not structures and are left out. Every public reference is a
``references`` entry. Each page is read in a constant number of queries, whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Trunc

from electrolytes import caching
from electrolytes.models import Material, Measurement, Reference
from electrolytes.selectors import visible_materials, visible_references, with_key_properties

from .fields import REFERENCE_PROPERTIES, STRUCTURE_PROPERTIES, Property

_BIB_TYPES = {"article": "article", "review": "article", "book": "book"}


def structures_base() -> QuerySet[Material]:
    """Every material that is a structures entry: published compounds only."""
    return visible_materials(user=None).filter(kind=Material.Kind.COMPOUND)


def structures_queryset() -> QuerySet[Material]:
    """Structures annotated with every filterable column (room-temperature properties as subqueries)."""
    qs = structures_base().annotate(
        opt_modified=Trunc("updated_at", "second"),
        opt_class=F("electrolyte_class__slug"),
        opt_family=F("family__slug"),
        opt_space_group=NullIf(F("space_group"), Value("")),
        **with_representative_structure(),
    )
    return with_key_properties(qs)


class _TextArray(Func):
    template = "ARRAY[%(expressions)s]::text[]"
    output_field = ArrayField(TextField())


def with_representative_structure() -> dict:
    """Annotations reading the material's representative crystal structure in the page query (one LEFT JOIN).

    A structure whose elements differ from the material's (e.g. a CIF that lost its Li) is not served:
    an entry's elements and formulas describe the material, and its sites must agree with them.
    """
    served = FilteredRelation(
        "structures", condition=Q(structures__is_representative=True, structures__elements=F("elements"))
    )
    present = Q(opt_structure__id__isnull=False)

    def flag(field: str, name: str) -> Case:
        return Case(When(**{f"opt_structure__{field}": True}, then=Value(name)), default=None, output_field=CharField())

    flags = [
        flag("no_lithium", "no_lithium"),
        flag("composition_mismatch", "composition_mismatch"),
        flag("is_close_match", "close_match"),
        flag("positions_perturbed", "positions_perturbed"),
        flag("has_partial_occupancy", "partial_occupancy"),
    ]
    return {
        "opt_structure": served,
        "opt_lattice": F("opt_structure__lattice_vectors"),
        "opt_sites": F("opt_structure__sites"),
        "opt_nsites": F("opt_structure__nsites"),
        "opt_nperiodic": Case(When(present, then=Value(3)), default=None, output_field=IntegerField()),
        "opt_features": Case(
            When(opt_structure__has_partial_occupancy=True, then=Value(["disorder"])),
            default=Value([]),
            output_field=ArrayField(TextField()),
        ),
        "opt_nfeatures": Case(
            When(opt_structure__has_partial_occupancy=True, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "opt_structure_flags": Case(
            When(present, then=Func(_TextArray(*flags), Value(None), function="array_remove")),
            default=None,
            output_field=ArrayField(TextField()),
        ),
        "opt_nstructure_flags": Func(F("opt_structure_flags"), function="cardinality", output_field=IntegerField()),
        "opt_composition_difference": F("opt_structure__composition_difference"),
        "opt_structure_space_group": NullIf(F("opt_structure__space_group_found"), Value("")),
        "opt_structure_source": Case(
            When(opt_structure__source_dataset__isnull=False, then=F("opt_structure__source_dataset__key")),
            When(present, then=Value("curator upload")),
            default=None,
            output_field=CharField(),
        ),
        "opt_mp_id": Coalesce(NullIf(F("mp_id"), Value("")), NullIf(F("opt_structure__mp_id"), Value(""))),
    }


def references_base() -> QuerySet[Reference]:
    """The public references (OPTIMADE is anonymous): those published records cite or curators published."""
    return visible_references(user=None)


def references_queryset() -> QuerySet[Reference]:
    history = Reference.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return references_base().annotate(
        opt_modified=Trunc(Subquery(history.values("history_date")[:1]), "second"),
        opt_doi=NullIf(F("doi"), Value("")),
        opt_url=NullIf(F("url"), Value("")),
        opt_journal=NullIf(F("journal"), Value("")),
        opt_volume=NullIf(F("volume"), Value("")),
        opt_pages=NullIf(F("pages"), Value("")),
        opt_licence=NullIf(F("licence"), Value("")),
        opt_year=Cast("year", CharField()),
        opt_bib_type=_bib_type(),
        opt_nauthors=_JsonArrayLength("authors"),
    )


class _JsonArrayLength(Func):
    """Length of a JSON array; 0 for any other JSON value, where jsonb_array_length would fail."""

    template = "CASE WHEN jsonb_typeof(%(expressions)s) = 'array' THEN jsonb_array_length(%(expressions)s) ELSE 0 END"
    output_field = IntegerField()


def _bib_type() -> Case:
    return Case(
        *[When(kind=kind, then=Value(bib)) for kind, bib in _BIB_TYPES.items()],
        default=Value("misc"),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class EntryType:
    name: str
    properties: dict[str, Property]
    queryset: Callable[[], QuerySet]
    id_path: str
    columns: tuple[str, ...]  # what a page reads from the database


STRUCTURES = EntryType(
    name="structures",
    properties=STRUCTURE_PROPERTIES,
    queryset=structures_queryset,
    id_path="slug",
    columns=(
        "pk",
        "slug",
        "name",
        "formula",
        "composition",
        "optimade_formula_reduced",
        "optimade_formula_anonymous",
        "elements",
        "nelements",
        "opt_modified",
        "opt_class",
        "opt_family",
        "opt_space_group",
        "opt_mp_id",
        "opt_lattice",
        "opt_sites",
        "opt_nsites",
        "opt_nperiodic",
        "opt_features",
        "opt_structure_flags",
        "opt_composition_difference",
        "opt_structure_space_group",
        "opt_structure_source",
        "conductivity",
        "activation_energy",
        "oxidation_limit",
        "reduction_limit",
    ),
)

REFERENCES = EntryType(
    name="references",
    properties=REFERENCE_PROPERTIES,
    queryset=references_queryset,
    id_path="key",
    columns=(
        "pk",
        "key",
        "kind",
        "title",
        "authors",
        "opt_modified",
        "opt_doi",
        "opt_url",
        "opt_journal",
        "opt_volume",
        "opt_pages",
        "opt_year",
        "opt_bib_type",
        "opt_licence",
    ),
)

ENTRY_TYPES = {"structures": STRUCTURES, "references": REFERENCES}


def counts(entry: EntryType, condition: Q | None) -> tuple[int, int]:
    """(entries available, entries matching ``condition``) in one query, shared under the data-version
    stamp and the counting query's own SQL (caching.shared_result): a write anywhere recounts, and equal
    filters share one count."""
    qs = entry.queryset()
    totals = {"available": Count("pk"), "returned": Count("pk", filter=condition) if condition else Count("pk")}

    def count() -> tuple[int, int]:
        result = qs.aggregate(**totals)
        return result["available"], result["returned"]

    counting = qs.annotate(**totals).values("available", "returned").query
    return caching.shared_result(f"optimade-counts:{entry.name}", counting, count, using=qs.db)


def page(entry: EntryType, condition: Q | None, ordering: list, offset: int, limit: int) -> list[dict]:
    qs = entry.queryset()
    if condition is not None:
        qs = qs.filter(condition)
    return list(qs.order_by(*ordering).values(*entry.columns)[offset : offset + limit])


def one(entry: EntryType, entry_id: str) -> dict | None:
    return entry.queryset().filter(**{entry.id_path: entry_id}).values(*entry.columns).first()


def references_of(material_pks: list[int]) -> dict[int, list[str]]:
    """Citation keys of the references (papers and datasets) behind each material's values."""
    if not material_pks:
        return {}
    linked: dict[int, set[str]] = {pk: set() for pk in material_pks}
    rows = (
        Measurement.objects.filter(material_id__in=material_pks)
        .values_list("material_id", "reference__key", "source_dataset__key")
        .distinct()
    )
    for material_id, reference_key, dataset_key in rows:
        linked[material_id].update(k for k in (reference_key, dataset_key) if k)
    return {pk: sorted(keys) for pk, keys in linked.items()}


def reference_rows(keys: set[str]) -> list[dict]:
    if not keys:
        return []
    return list(references_queryset().filter(key__in=keys).order_by("key").values(*REFERENCES.columns))


# --- serialisation -------------------------------------------------------------------------------


def _timestamp(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _value(prop: Property, row: dict):
    if prop.backend == "constant":
        return prop.constant
    if prop.backend == "computed":
        return prop.getter(row)
    value = row[prop.path]
    if prop.type == "timestamp":
        return _timestamp(value)
    return value


def resource(entry: EntryType, row: dict, fields: list[str], *, self_url: str, related: list[str] | None = None):
    """One entry as a JSON:API resource object with the requested attributes."""
    attributes = {}
    for name in fields:
        prop = entry.properties.get(name)
        attributes[name] = _value(prop, row) if prop else None
    data = {
        "id": row[entry.id_path],
        "type": entry.name,
        "attributes": attributes,
        "links": {"self": self_url},
    }
    if related is not None:
        data["relationships"] = {"references": {"data": [{"type": "references", "id": key} for key in related]}}
    return data
