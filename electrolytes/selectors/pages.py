"""Reads for the public web pages: each selector applies visibility (drafts never reach the public)
and fetches what its page shows in a constant number of queries, whatever the data size.

Functions that take already-fetched objects (``property_groups``, ``compare_rows``...) do no queries;
they only arrange prefetched rows for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Abs, Coalesce, JSONObject
from django.http import Http404

from electrolytes import crystal, units
from electrolytes.aggregates import Median
from electrolytes.charts import FitLine, fit_sigma
from electrolytes.evidence import HEADLINE_COLUMNS
from electrolytes.models import (
    ClassAssessment,
    ConductivityFit,
    ElectrolyteClass,
    Material,
    Measurement,
    ProcessingRoute,
    PropertyDefinition,
    Reference,
)

from .materials import (
    exclude_liquids,
    is_room_temperature_window,
    visible_materials,
    visible_references,
    with_headlines,
    with_key_properties,
)

CONDUCTIVITY = "ionic_conductivity"
MIN_COMPARE = 2
MAX_COMPARE = 8
EXACT_TEMPERATURE_TOLERANCE_K = 0.5
RELATED_LIMIT = 8
CLASS_PAGE_MATERIALS = 50
REFERENCE_PAGE_ROWS = 300


# --- Material page ----------------------------------------------------------------------------------


@dataclass
class PropertyGroup:
    definition: PropertyDefinition
    measurements: list[Measurement] = field(default_factory=list)


def property_groups(material: Material) -> list[PropertyGroup]:
    """The material's prefetched measurements grouped by property, in display order (no queries)."""
    groups: dict[int, PropertyGroup] = {}
    for measurement in material.measurements.all():
        group = groups.setdefault(measurement.property_id, PropertyGroup(definition=measurement.property))
        group.measurements.append(measurement)
    return sorted(groups.values(), key=lambda g: (g.definition.display_order, g.definition.name))


def material_references(material: Material) -> list[Reference]:
    """Every reference behind the material's values, fits and processing routes (no queries)."""
    found: dict[int, Reference] = {}
    for measurement in material.measurements.all():
        for reference in (measurement.reference, measurement.source_dataset):
            if reference is not None:
                found.setdefault(reference.pk, reference)
    for fit in material.fits.all():
        found.setdefault(fit.source.pk, fit.source)
    for route in material.processing_routes.all():
        if route.reference is not None:
            found.setdefault(route.reference.pk, route.reference)
    return sorted(found.values(), key=lambda r: (-(r.year or 0), r.key))


def conductivity_points(material: Material) -> dict[str, list[Measurement]]:
    """Measured (not fit-derived) conductivities with a temperature, grouped by their source (no queries)."""
    series: dict[str, list[Measurement]] = {}
    for measurement in material.measurements.all():
        if measurement.property.key != CONDUCTIVITY or measurement.temperature_k is None or measurement.is_derived:
            continue
        source = measurement.reference or measurement.source_dataset
        series.setdefault(str(source) if source else "Unattributed", []).append(measurement)
    return series


def related_materials(material: Material, *, user, limit: int = RELATED_LIMIT) -> list[Material]:
    """Other visible materials of the same structure family, best room-temperature conductors first."""
    if material.family_id is None:
        return []
    qs = (
        visible_materials(user=user)
        .filter(family_id=material.family_id)
        .exclude(pk=material.pk)
        .select_related("electrolyte_class")
    )
    qs = with_key_properties(qs).order_by(F("conductivity").desc(nulls_last=True), "name")
    return list(qs[:limit])


@dataclass
class StructureView:
    """The material page's crystal structure section: the representative structure and the others."""

    structure: object
    flags: list[str]
    viewer: dict
    others: list = field(default_factory=list)


def structure_view(material: Material) -> StructureView | None:
    """The prefetched structures arranged for the page (no queries); None when the material has none."""
    structures = list(material.structures.all())
    if not structures:
        return None
    shown = structures[0]  # representative first (see material_for_page)
    for structure in structures:
        structure.material = material  # already loaded: the flag sentences name its formula
    return StructureView(
        structure=shown,
        flags=crystal.flag_sentences(shown),
        viewer={
            "atoms": crystal.viewer_atoms(shown.lattice_vectors, shown.sites),
            "cell": [shown.a, shown.b, shown.c, shown.alpha, shown.beta, shown.gamma],
        },
        others=[(s, crystal.flag_sentences(s)) for s in structures[1:]],
    )


# --- Compare ------------------------------------------------------------------------------------------


def materials_for_compare(slugs: Sequence[str], *, user) -> tuple[list[Material], list[str]]:
    """The visible materials named by ``slugs`` in the order given, and the slugs that matched nothing.

    Drafts count as missing for users who may not see them, so the page does not reveal they exist.
    """
    measurements = Measurement.objects.select_related("property", "reference", "source_dataset").order_by(
        "property__display_order", "temperature_k", "id"
    )
    fits = ConductivityFit.objects.select_related("source").order_by("-is_preferred", "model")
    found = {
        m.slug: m
        for m in with_headlines(visible_materials(user=user))
        .filter(slug__in=list(slugs))
        .select_related("electrolyte_class", "family")
        .prefetch_related(
            "components",
            Prefetch("measurements", queryset=measurements),
            Prefetch("fits", queryset=fits),
        )
    }
    return [found[s] for s in slugs if s in found], [s for s in slugs if s not in found]


@dataclass
class CompareCell:
    measurement: Measurement | None = None
    value: float | None = None
    temperature_k: float | None = None
    exact: bool = True
    note: str = ""
    headline: dict | None = None  # a stored headline, as selectors.with_headlines gives it


@dataclass
class CompareRow:
    label: str
    unit: str
    definition: PropertyDefinition | None
    cells: list[CompareCell]


def _nearest(measurements: list[Measurement], definition: PropertyDefinition, target_k: float) -> CompareCell:
    measurements = [m for m in measurements if not m.flag]
    if not measurements:
        return CompareCell()
    if definition.requires_temperature:
        with_t = [m for m in measurements if m.temperature_k is not None]
        if not with_t:
            return CompareCell()
        best = min(
            with_t,
            key=lambda m: (
                round(abs(m.temperature_k - target_k), 3),
                m.is_derived,
                m.measured_part != Measurement.MeasuredPart.TOTAL,
                m.pk,
            ),
        )
        exact = abs(best.temperature_k - target_k) <= EXACT_TEMPERATURE_TOLERANCE_K
        return CompareCell(measurement=best, value=best.value, temperature_k=best.temperature_k, exact=exact)
    best = min(measurements, key=lambda m: (m.is_derived, m.pk))
    return CompareCell(measurement=best, value=best.value, temperature_k=best.temperature_k)


def compare_rows(
    materials: Sequence[Material], definitions: Sequence[PropertyDefinition], *, temperature_k: float
) -> list[CompareRow]:
    """One row per property that at least one material has, values nearest ``temperature_k`` (no queries).

    A conductivity row from each material's preferred fit, evaluated at ``temperature_k``, follows the
    measured conductivity row; it is flagged when the temperature lies outside the fitted range.
    """
    by_material = []
    for material in materials:
        per_property: dict[int, list[Measurement]] = {}
        for measurement in material.measurements.all():
            per_property.setdefault(measurement.property_id, []).append(measurement)
        by_material.append(per_property)
    headlines = [{h["key"]: h for h in material.headline_list} for material in materials]
    rows = []
    for definition in definitions:
        if definition.key in HEADLINE_COLUMNS and (
            not definition.requires_temperature
            or abs(temperature_k - units.ROOM_TEMPERATURE_K) <= EXACT_TEMPERATURE_TOLERANCE_K
        ):
            # The stored headline, as every other surface shows it.
            cells = [_headline_cell(h.get(definition.key)) for h in headlines]
            if any(cell.headline for cell in cells):
                rows.append(
                    CompareRow(
                        label=definition.name, unit=definition.canonical_unit, definition=definition, cells=cells
                    )
                )
            continue
        cells = [
            _nearest(per_property.get(definition.pk, []), definition, temperature_k) for per_property in by_material
        ]
        if any(cell.measurement for cell in cells):
            rows.append(
                CompareRow(label=definition.name, unit=definition.canonical_unit, definition=definition, cells=cells)
            )
        if definition.key == CONDUCTIVITY:
            fit_cells = [_fit_cell(material, temperature_k) for material in materials]
            if any(cell.value is not None for cell in fit_cells):
                rows.append(
                    CompareRow(label="Ionic conductivity from fit", unit="S/cm", definition=None, cells=fit_cells)
                )
    return rows


def _headline_cell(headline: dict | None) -> CompareCell:
    if headline is None:
        return CompareCell()
    return CompareCell(value=headline["value"], temperature_k=headline["temperature"], headline=headline)


def fit_energy_label(fit: ConductivityFit) -> str:
    """The name of a fit's energy parameter: Ea for Arrhenius, the VTF pseudo-activation energy B·k_B otherwise."""
    return "B·k_B (VTF pseudo-activation)" if fit.model == ConductivityFit.Model.VTF else "Ea"


def preferred_fit(material: Material) -> ConductivityFit | None:
    """The preferred fit among the prefetched ones (the first preferred, else the best R²)."""
    fits = list(material.fits.all())
    if not fits:
        return None
    return min(fits, key=lambda f: (not f.is_preferred, -f.r_squared))


def _fit_cell(material: Material, temperature_k: float) -> CompareCell:
    fit = preferred_fit(material)
    if fit is None:
        return CompareCell()
    sigma = fit_sigma(FitLine.from_fit(fit), temperature_k)
    if sigma is None:
        return CompareCell(note="Outside the model's range")
    inside = fit.t_min_k - EXACT_TEMPERATURE_TOLERANCE_K <= temperature_k <= fit.t_max_k + EXACT_TEMPERATURE_TOLERANCE_K
    return CompareCell(
        value=sigma,
        temperature_k=temperature_k,
        exact=inside,
        note=f"{fit.get_model_display()}, {fit_energy_label(fit)} {fit.activation_energy_ev:.3g} eV"
        + ("" if inside else ", extrapolated")
        + (", poor fit" if fit.quality == ConductivityFit.Quality.POOR else ""),
    )


# --- Class matrix and class pages -------------------------------------------------------------------


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


# --- Processing -------------------------------------------------------------------------------------

CELL_LINE_STEPS = [
    ("coating", "Electrode coating"),
    ("stacking_winding", "Stacking or winding"),
    ("injection", "Electrolyte injection"),
    ("sealing", "Sealing"),
    ("formation", "Formation"),
]
_STEP_WORDS = {
    "coat": "coating",
    "stack": "stacking_winding",
    "wind": "stacking_winding",
    "inject": "injection",
    "fill": "injection",
    "seal": "sealing",
    "formation": "formation",
}


def cell_line_step(text: str) -> str | None:
    """The standard cell-line step a stored step name refers to ('stacking/winding' -> 'stacking_winding')."""
    lowered = text.lower()
    for word, key in _STEP_WORDS.items():
        if word in lowered:
            return key
    return None


def processing_routes(*, user) -> list[ProcessingRoute]:
    """Processing routes of whole classes and of visible materials; each gets ``line_steps`` (set of keys)."""
    routes = (
        ProcessingRoute.objects.filter(Q(material__isnull=True) | Q(material__in=visible_materials(user=user)))
        .select_related("electrolyte_class", "material", "reference")
        .order_by("mode", "electrolyte_class__display_order", "name")
    )
    result = list(routes)
    for route in result:
        route.line_steps = {key for key in map(cell_line_step, route.cell_manufacturing_steps) if key}
    return result


# --- Explore ----------------------------------------------------------------------------------------


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
        target = units.ROOM_TEMPERATURE_K if t_min <= units.ROOM_TEMPERATURE_K <= t_max else (t_min + t_max) / 2
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


# --- References -------------------------------------------------------------------------------------


def _visible_measurement_count(user, relation: str):
    qs = Measurement.objects.visible_to(user).filter(**{relation: OuterRef("pk")})
    return Coalesce(
        Subquery(qs.order_by().values(relation).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        0,
    )


def references_for_list(*, user) -> QuerySet[Reference]:
    """The references ``user`` may see, with the number of values of visible materials they report or supply."""
    return (
        visible_references(user=user)
        .annotate(
            reported_count=_visible_measurement_count(user, "reference"),
            dataset_count=_visible_measurement_count(user, "source_dataset"),
        )
        .order_by(F("year").desc(nulls_last=True), "key")
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
    values = Measurement.objects.visible_to(user).filter(Q(reference=reference) | Q(source_dataset=reference))
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


def property_definitions(*, quantitative_only: bool = False) -> list[PropertyDefinition]:
    qs = PropertyDefinition.objects.order_by("display_order", "name")
    if quantitative_only:
        qs = qs.filter(is_qualitative=False)
    return list(qs)
