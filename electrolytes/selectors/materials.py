"""Reads that span relations. Each selector does its own select_related/prefetch_related
and applies visibility: drafts and records in review are for curators only."""

from __future__ import annotations

import re

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramSimilarity
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Abs, Coalesce, Greatest, JSONObject, Upper
from django.http import Http404

from electrolytes import polymers, units
from electrolytes.aliases import ALIASES, find_alias
from electrolytes.evidence import CONDUCTIVITY, HEADLINE_COLUMNS
from electrolytes.material_parameters import MaterialQuery, rankings, sort_keys
from electrolytes.models import (
    ClassAssessment,
    Component,
    ConductivityFit,
    Criterion,
    CrystalStructure,
    ElectrolyteClass,
    Material,
    Measurement,
    MeasurementSource,
    PropertyDefinition,
    PropertyHeadline,
    Reference,
)
from electrolytes.temperature_windows import window_target

from .matched_once import MatchedOnce
from .visibility import (
    can_see_unpublished,
    unpublished_material_count,
    visible_materials,
    visible_references,
    visible_tallies,
)


def get_visible_material(*, slug: str, user) -> Material:
    """The one lookup for a material by slug: 404 when missing or not visible to ``user``."""
    material = visible_materials(user=user).select_related("electrolyte_class", "family").filter(slug=slug).first()
    if material is None:
        raise Http404(f"No material {slug!r}.")
    return material


def material_for_page(*, slug: str, user) -> Material:
    """A material with everything its page shows, in a constant number of queries."""
    material = get_visible_material(slug=slug, user=user)
    measurements = (
        Measurement.objects.select_related("property", "reference", "source_dataset")
        .annotate(other_sources=measurement_other_sources())
        .order_by("property__display_order", "temperature_k", "id")
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
    flags = {f"alias_{i}": Case(When(a.condition(), then=True), default=False) for i, a in enumerate(ALIASES)}
    material = with_headlines(material_qs.select_related("electrolyte_class", "family")).annotate(**flags).get()
    material.aliases = [alias for i, alias in enumerate(ALIASES) if getattr(material, f"alias_{i}")]
    components = list(material.components.all())
    host = next((c for c in components if c.role == Component.Role.POLYMER_HOST), None)
    salt = next((c for c in components if c.role == Component.Role.LITHIUM_SALT), None)
    molality = salt.amount if salt and salt.amount_unit == Component.AmountUnit.MOLALITY else None
    material.eo_li = polymers.eo_li(host.smiles if host else None, molality)
    return material


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
    qs = Measurement.objects.filter(material=OuterRef("pk"), property__key=property_key, flag="")
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
    """Annotate the headline conductivity, activation energy and window limits (electrolytes.evidence).

    They are the stored headline values; only a conductivity asked for in another temperature window than room
    temperature is looked up per material (the unflagged measured value nearest temperature_windows.window_target).
    """
    columns = {key: F(column) for key, column in HEADLINE_COLUMNS.items()}
    if not is_room_temperature_window(t_min, t_max):
        target = window_target(t_min, t_max)
        columns[CONDUCTIVITY] = _closest_value(CONDUCTIVITY, t_min=t_min, t_max=t_max, target=target)
    return qs.annotate(
        conductivity=columns[CONDUCTIVITY],
        activation_energy=columns["activation_energy"],
        oxidation_limit=columns["oxidation_limit"],
        reduction_limit=columns["reduction_limit"],
    )


def measurement_other_sources() -> ArraySubquery:
    """The further provenances of the outer measurement (merged copies) as [{key, title, row}], same query."""
    rows = (
        MeasurementSource.objects.filter(measurement=OuterRef("pk"))
        .order_by("id")
        .values(entry=JSONObject(key="dataset__key", title="dataset__title", row="source_row"))
    )
    return ArraySubquery(rows)


def with_headlines(qs: QuerySet[Material]) -> QuerySet[Material]:
    """Annotate ``headline_list``: the material's stored headlines as dicts (key, name, unit, value, temperature,
    n_sources, min, max, agreement, basis, sources), in display order, in the same query (an array subquery
    on the (material, property) unique index), so no page or endpoint needs a further query for them."""
    rows = (
        PropertyHeadline.objects.filter(material=OuterRef("pk"))
        .order_by("property__display_order", "property__name")
        .values(
            entry=JSONObject(
                key="property__key",
                name="property__name",
                unit="property__canonical_unit",
                value="value",
                temperature="temperature_k",
                n_sources="n_sources",
                min="min_value",
                max="max_value",
                agreement="agreement",
                basis="basis",
                sources="sources",
            )
        )
    )
    return qs.annotate(headline_list=ArraySubquery(rows))


def is_room_temperature_window(t_min: float, t_max: float) -> bool:
    return (t_min, t_max) == (units.ROOM_TEMPERATURE_MIN_K, units.ROOM_TEMPERATURE_MAX_K)


def with_components_summary(qs: QuerySet[Material]) -> QuerySet[Material]:
    """Annotate a mixture's first host polymer (name, repeat-unit SMILES, Mw) and first salt (name, molality in
    mol/kg), for list rows and CSV columns without a query per row; None for compounds."""

    def first(role: str, column: str, **extra):
        rows = Component.objects.filter(material=OuterRef("pk"), role=role, **extra).order_by("position", "id")
        return Subquery(rows.values(column)[:1])

    host, salt = Component.Role.POLYMER_HOST, Component.Role.LITHIUM_SALT
    return qs.annotate(
        host_polymer=first(host, "name"),
        host_smiles=first(host, "smiles"),
        host_mw=first(host, "molecular_weight"),
        salt=first(salt, "name"),
        salt_molality=first(salt, "amount", amount_unit=Component.AmountUnit.MOLALITY),
    )


# --- Material search (shared by the API and the web pages; the query is electrolytes.material_parameters) --


TRIGRAM_THRESHOLD = 0.3


def _text_filter(text: str) -> Q:
    """Materials whose names, formulas or descriptions match ``text`` in full-text search, whose
    name or reduced formula contains it or nearly matches it (trigram similarity, so ``Li6PSCl``
    finds Li6PS5Cl), or that cite a reference whose title matches.

    Each branch is an uncorrelated id subquery that its own index answers (the full-text GIN
    expression index, the trigram GiST indexes on UPPER(name) and UPPER(reduced_formula));
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
        # formula is never NULL: the test only reads a column the (name, id) and (reduced_formula, name, id) B-trees
        # lack, so the planner takes the trigram indexes instead of computing the similarity of every entry of those.
        materials.filter(upper_name__trigram_similar=upper, formula__isnull=False),
        materials.filter(upper_formula__trigram_similar=upper, formula__isnull=False),
    ]
    ids = [branch.order_by().values("pk") for branch in branches]
    titled = Reference.objects.filter(title__search=query).values("pk")
    # Two branches, not one OR, so each can use its foreign-key index on measurements.
    for relation in ("reference", "source_dataset"):
        ids.append(Measurement.objects.filter(**{f"{relation}__in": titled}).order_by().values("material_id"))
    # One id array computed once and probed by primary key (id = ANY(ARRAY(...)): an index scan for the few
    # matches), rather than every material tested against each branch in turn. UNION ALL: an id two branches find
    # is simply listed twice, which = ANY ignores, so no step removes the repeats.
    return Q(_EqualsAny(F("pk"), ArraySubquery(ids[0].union(*ids[1:], all=True))))


class _EqualsAny(Func):
    """``a = ANY(b)``: ``a`` is one of the elements of the array ``b``."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


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
        # Exactly these elements: ``elements`` is stored sorted without repeats (chemistry.parse_formula), so the
        # set equality is an array equality, which the (elements, status, name, id) B-tree answers: an index-only
        # count and the first page in name order, where containment both ways went through the GIN index and
        # rechecked every row of the heap.
        qs = qs.filter(elements=sorted(set(query.chemsys)))
    if query.reduced_formula:
        qs = qs.filter(reduced_formula=query.reduced_formula)
    if query.nelements_min is not None:
        qs = qs.filter(nelements__gte=query.nelements_min, kind=Material.Kind.COMPOUND)
    if query.nelements_max is not None:
        qs = qs.filter(nelements__lte=query.nelements_max, kind=Material.Kind.COMPOUND)
    if query.electrolyte_classes:
        qs = qs.filter(_by_slugs("electrolyte_class", query.electrolyte_classes))
    if query.families:
        qs = qs.filter(_by_slugs("family", query.families))
    if query.kinds:
        qs = qs.filter(kind__in=query.kinds)
    qs = _filter_components(qs, query)
    if query.physical_states:
        qs = qs.filter(physical_state__in=query.physical_states)
    elif any(name.lstrip("-") in rankings() for name in query.ordering):
        qs = exclude_liquids(qs)
    if query.ranges:
        definitions = {d.key: d for d in PropertyDefinition.objects.filter(key__in=[r.key for r in query.ranges])}
        room = is_room_temperature_window(query.temperature_min, query.temperature_max)
        for rng in query.ranges:
            definition = definitions.get(rng.key)
            if definition is None:
                continue
            column = HEADLINE_COLUMNS.get(rng.key)
            if column and (room or not definition.requires_temperature):
                # Headline properties filter on the stored headline (its own index), as the list shows it.
                if rng.min is not None:
                    qs = qs.filter(**{f"{column}__gte": rng.min})
                if rng.max is not None:
                    qs = qs.filter(**{f"{column}__lte": rng.max})
                continue
            # An uncorrelated id set answered by the (property, temperature, value) index, rather
            # than an EXISTS probe per material: much cheaper when few values qualify.
            matching = Measurement.objects.filter(property=definition, flag="")
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
    ranks: list[str] = []  # the annotations a text search ranks by, first to last
    named = Q(pk__in=[])
    if text:
        # An alias (LAGP, LiPON, PEO...) finds what it names, ranked before the merely similar spellings. With no
        # alias there is no such rank: a constant one would order nothing (and, inlined, read as ORDER BY 0).
        alias = find_alias(text)
        if alias:
            named = alias.condition()
            qs = qs.annotate(alias_rank=Case(When(named, then=Value(1)), default=Value(0)))
            ranks.append("alias_rank")
        qs = qs.annotate(
            name_similarity=Greatest(
                TrigramSimilarity(Upper("name"), text.upper()),
                TrigramSimilarity(Upper("reduced_formula"), text.upper()),
            ),
        )
        ranks.append("name_similarity")

    def finish(qs: QuerySet[Material]) -> QuerySet[Material]:
        qs = with_headlines(with_key_properties(qs, t_min=query.temperature_min, t_max=query.temperature_max))
        qs = with_components_summary(qs)
        return qs.order_by(*_order_by(query.ordering, ranks=ranks))

    everything = finish(qs)
    if not text:
        return everything
    # The text filter runs once: the count fetches the ids of the matches, the page reads its rows by id. The
    # annotations are built once and the filter added after them (no annotation aggregates, so the SQL is alike).
    return MatchedOnce.of(everything.filter(_text_filter(text) | named), unfiltered=everything)


def _by_slugs(relation: str, slugs: list[str]) -> Q:
    """On the foreign key's literal values when the parser looked them up (material_query.KnownSlugs): the
    (family, name) and (class, ...) indexes then serve a rare family or class; else on the slugs."""
    ids = getattr(slugs, "ids", None)
    return Q(**{f"{relation}_id__in": ids}) if ids is not None else Q(**{f"{relation}__slug__in": slugs})


def exclude_liquids(qs: QuerySet[Material]) -> QuerySet[Material]:
    """Liquids (oligomer hosts below 1,000 g/mol) are not solid electrolytes: left out of solid-class
    statistics and headline rankings unless a caller asks for them with a physical_state filter."""
    return qs.exclude(physical_state=Material.PhysicalState.LIQUID)


def _named(names: list[str]) -> Q:
    """Components called one of ``names``, or whose name holds it as a word: PEO finds "PEO" and
    "poly(ethylene oxide) (PEO)" but not "PEOX" (case-insensitive, the user's text escaped)."""
    words = "|".join(re.escape(name) for name in names)
    return Q(name__iregex=rf"(^|[^A-Za-z0-9])({words})([^A-Za-z0-9]|$)")


def _filter_components(qs: QuerySet[Material], query: MaterialQuery) -> QuerySet[Material]:
    """Mixture filters on the components: each an id subquery on the (UPPER(name), role) or (role, value) index."""
    hosts = Component.objects.filter(role=Component.Role.POLYMER_HOST)
    salts = Component.objects.filter(role=Component.Role.LITHIUM_SALT)
    for names, components in ((query.polymers, hosts), (query.salts, salts)):
        if names:
            qs = qs.filter(pk__in=components.filter(_named(names)).values("material_id"))
    if query.salt_molality_min is not None or query.salt_molality_max is not None:
        molal = salts.filter(amount_unit=Component.AmountUnit.MOLALITY)
        if query.salt_molality_min is not None:
            molal = molal.filter(amount__gte=query.salt_molality_min)
        if query.salt_molality_max is not None:
            molal = molal.filter(amount__lte=query.salt_molality_max)
        qs = qs.filter(pk__in=molal.values("material_id"))
    if query.polymer_mw_min is not None or query.polymer_mw_max is not None:
        weighed = hosts
        if query.polymer_mw_min is not None:
            weighed = weighed.filter(molecular_weight__gte=query.polymer_mw_min)
        if query.polymer_mw_max is not None:
            weighed = weighed.filter(molecular_weight__lte=query.polymer_mw_max)
        qs = qs.filter(pk__in=weighed.values("material_id"))
    return qs


def _order_by(ordering: list[str], *, ranks: list[str]) -> list:
    """The ORDER BY of a search: the sort keys asked for, else a text search's ranks (``ranks``, descending),
    then the primary key so that every order is total."""
    expressions = []
    keys = sort_keys()
    for name in ordering:
        descending = name.startswith("-")
        expression = F(keys[name.lstrip("-")].expression)
        expressions.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
    if not ordering:
        expressions[:0] = [F(name).desc() for name in ranks]
    expressions.append(F("pk").asc())
    return expressions


# --- Summaries -----------------------------------------------------------------------------------


def knowledge_base_summary(*, user) -> dict:
    """Counts per electrolyte class of the materials ``user`` can see, plus totals."""
    # Per class, a count of its visible members: an index-only scan of the (status, class) index.
    members = (
        visible_materials(user=user)
        .filter(electrolyte_class=OuterRef("pk"))
        .order_by()
        .values("electrolyte_class")
        .annotate(n=Count("*"))
        .values("n")
    )
    classes = ElectrolyteClass.objects.annotate(
        material_count=Coalesce(Subquery(members[:1], output_field=IntegerField()), 0)
    ).order_by("display_order", "name")
    classes = list(classes)
    # The tally the database's triggers keep per material status (exact on every write), not a count of every row.
    measurement_count = visible_tallies(user=user).aggregate(n=Coalesce(Sum("measurements"), 0))["n"]
    return {
        "classes": classes,
        "material_count": sum(c.material_count for c in classes),
        "measurement_count": measurement_count,
        "reference_count": visible_references(user=user).count(),
        "draft_count": unpublished_material_count(user=user),
    }


def class_matrix() -> tuple[list[ElectrolyteClass], list[Criterion], dict[tuple[int, int], ClassAssessment]]:
    """Classes, criteria and the assessments keyed by (class id, criterion id)."""
    classes = list(ElectrolyteClass.objects.order_by("display_order"))
    criteria = list(Criterion.objects.order_by("display_order"))
    cells = {
        (a.electrolyte_class_id, a.criterion_id): a for a in ClassAssessment.objects.prefetch_related("references")
    }
    return classes, criteria, cells
