"""Reads for screening (electrolytes.screening decides; this module only fetches).

A constant number of queries whatever the number of materials: classes, criteria, the matrix and its
references, the screened materials' values (one query per kind of value, each over every material at
once), then the shown rows with their stored headlines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Abs

from electrolytes import screening, units
from electrolytes.evidence import CONDUCTIVITY, HEADLINE_COLUMNS, PART_RANK, VALUE_QUALIFIERS, _source_label
from electrolytes.fitting import fit_sigma
from electrolytes.models import (
    ClassAssessment,
    ConductivityFit,
    Criterion,
    ElectrolyteClass,
    Material,
    Measurement,
    ProcessingRoute,
)
from electrolytes.screening import MaterialData, Requirements
from electrolytes.selectors.material_page import fit_energy_label, preferred_fit
from electrolytes.selectors.materials import exclude_liquids, visible_materials, with_headlines

MOISTURE = "moisture_stability"
LITHIUM_METAL = "lithium_metal_stability"
FILM_THICKNESS = "film_thickness"
OXIDATION = "oxidation_limit"
REDUCTION = "reduction_limit"
HEADLINE_KEYS = (CONDUCTIVITY, OXIDATION, REDUCTION)
BOUND_QUALIFIERS = (Measurement.Qualifier.GREATER, Measurement.Qualifier.LESS)
SHOWN_ROWS = 50
MAX_ROWS = 500


@dataclass
class MaterialRow:
    material: Material
    result: screening.MaterialChecks
    class_ruled_out: bool


@dataclass
class ScreeningResult:
    requirements: Requirements
    classes: list[screening.ClassVerdict]
    materials: list[MaterialRow]
    total: int  # materials screened (visible, solid or gel, in the class filter)


def class_slugs() -> list[str]:
    """Slugs a class filter may name."""
    return list(ElectrolyteClass.objects.order_by("display_order", "name").values_list("slug", flat=True))


def _class_verdicts(requirements: Requirements) -> tuple[list[screening.ClassVerdict], dict[int, str]]:
    classes = list(ElectrolyteClass.objects.order_by("display_order", "name").values_list("pk", "slug", "name"))
    names = dict(Criterion.objects.values_list("slug", "name"))
    matrix = {
        (a.electrolyte_class.slug, a.criterion.slug): screening.Assessment(
            rating=a.rating,
            explanation=a.explanation,
            references=tuple((r.key, str(r)) for r in a.references.all()),
        )
        for a in ClassAssessment.objects.select_related("electrolyte_class", "criterion").prefetch_related("references")
    }
    verdicts = screening.class_verdicts(requirements, [(slug, name) for _, slug, name in classes], names, matrix)
    return verdicts, {pk: slug for pk, slug, _ in classes}


def _values_by_material(
    materials, keys: list[str], bound_keys: list[str] = ()
) -> dict[tuple[int, str], list[screening.Value | screening.Bound]]:
    """Unflagged values of properties ``keys`` and unflagged bounds ("<", ">") of properties ``bound_keys``
    of every screened material, in one query."""
    found: dict[tuple[int, str], list[screening.Value | screening.Bound]] = defaultdict(list)
    if not keys and not bound_keys:
        return found
    wanted = Q(property__key__in=keys, qualifier__in=VALUE_QUALIFIERS) | Q(
        property__key__in=bound_keys, qualifier__in=BOUND_QUALIFIERS
    )
    rows = (
        Measurement.objects.filter(wanted, material__in=materials, flag="")
        .select_related("property", "reference", "source_dataset")
        .order_by("id")
    )
    for m in rows:
        if m.qualifier in BOUND_QUALIFIERS:
            entry = screening.Bound(m.qualifier, m.value, _source_label(m), _method_note(m))
        else:
            entry = screening.Value(m.value, _source_label(m), m.temperature_k, _method_note(m))
        found[(m.material_id, m.property.key)].append(entry)
    return found


def _method_note(measurement: Measurement) -> str:
    if measurement.method == Measurement.Method.NOT_SPECIFIED:
        return ""
    return measurement.get_method_display()


def _route_peaks(materials) -> dict[int, list[screening.Value]]:
    found: dict[int, list[screening.Value]] = defaultdict(list)
    routes = ProcessingRoute.objects.filter(material__in=materials, peak_temperature_k__isnull=False).select_related(
        "reference"
    )
    for route in routes:
        source = str(route.reference) if route.reference_id else "Unattributed"
        found[route.material_id].append(screening.Value(route.peak_temperature_k, source, note=route.name))
    return found


def _nearest_conductivities(materials, temperature_k: float) -> dict[int, screening.Value]:
    """Per material, the unflagged measured conductivity nearest ``temperature_k`` (total before bulk before
    grain boundary at equal distance), in one DISTINCT ON query."""
    part = Case(
        *(When(measured_part=name, then=Value(rank)) for name, rank in PART_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        Measurement.objects.filter(
            material__in=materials,
            property__key=CONDUCTIVITY,
            flag="",
            is_derived=False,
            qualifier__in=VALUE_QUALIFIERS,
            temperature_k__isnull=False,
        )
        .annotate(distance=Abs(F("temperature_k") - Value(temperature_k, output_field=FloatField())), part_rank=part)
        .select_related("reference", "source_dataset")
        .order_by("material_id", "distance", "part_rank", "id")
        .distinct("material_id")
    )
    return {m.material_id: screening.Value(m.value, _source_label(m), m.temperature_k) for m in rows}


def _fits(materials, temperature_k: float) -> dict[int, screening.FitInput]:
    found = {}
    fits_by_material: dict[int, list[ConductivityFit]] = defaultdict(list)
    for fit in ConductivityFit.objects.filter(material__in=materials).select_related("source").order_by("id"):
        fits_by_material[fit.material_id].append(fit)
    for material_id, fits in fits_by_material.items():
        fit = preferred_fit(_Fits(fits))
        found[material_id] = screening.FitInput(
            sigma=fit_sigma(fit, temperature_k),
            t_min_k=fit.t_min_k,
            t_max_k=fit.t_max_k,
            good=fit.quality == ConductivityFit.Quality.GOOD,
            label=f"{fit.get_model_display()} ({fit_energy_label(fit)} {fit.activation_energy_ev:.3g} eV)",
            source=str(fit.source),
        )
    return found


class _Fits:
    """Stands in for a material with prefetched fits, so the one preferred-fit rule applies."""

    def __init__(self, fits: list[ConductivityFit]):
        self.fits = self
        self._fits = fits

    def all(self) -> list[ConductivityFit]:
        return self._fits


def _headline_value(entry: dict | None) -> screening.Value | None:
    if entry is None:
        return None
    sources = list(dict.fromkeys(s["source"] for s in entry.get("sources") or []))
    return screening.Value(entry["value"], "; ".join(sources), entry.get("temperature"), entry["basis"])


def _bare(value: float | None) -> screening.Value | None:
    return None if value is None else screening.Value(value, "")


def screen(
    requirements: Requirements, *, user, electrolyte_class: str | None = None, limit: int = SHOWN_ROWS
) -> ScreeningResult:
    """Class verdicts and the ``limit`` best materials ``user`` may see, checked against ``requirements``."""
    verdicts, class_by_pk = _class_verdicts(requirements)
    ruled_out = {v.slug for v in verdicts if v.ruled_out}
    materials = exclude_liquids(visible_materials(user=user))
    if electrolyte_class:
        materials = materials.filter(electrolyte_class__slug=electrolyte_class)
    r = requirements
    keys = []
    if r.atmosphere in screening.MOISTURE_LEVEL_NEEDED:
        keys.append(MOISTURE)
    if r.anode == "lithium-metal":
        keys.append(LITHIUM_METAL)
    if r.max_thickness is not None:
        keys.append(FILM_THICKNESS)
    # A window limit known only as a bound can still settle its check (electrolytes.screening._from_bounds).
    bound_keys = [
        key for key, asked in ((OXIDATION, r.cathode_voltage is not None), (REDUCTION, bool(r.anode))) if asked
    ]
    values = _values_by_material(materials, keys, bound_keys)
    routes = _route_peaks(materials) if r.max_processing_temperature is not None else {}
    t = r.operating_temperature
    off_room = t is not None and not (units.ROOM_TEMPERATURE_MIN_K <= t <= units.ROOM_TEMPERATURE_MAX_K)
    nearest = _nearest_conductivities(materials, t) if off_room else {}
    fits = _fits(materials, t) if off_room else {}
    rows = materials.values_list(
        "pk", "name", "electrolyte_class_id", *(HEADLINE_COLUMNS[key] for key in HEADLINE_KEYS)
    )

    def data(pk, sigma, ox, red, headlines: dict | None = None) -> MaterialData:
        """The values of one material: bare headline copies to rank, or the stored headlines with sources."""
        if headlines is not None:
            sigma, ox, red = (_headline_value(headlines.get(key)) for key in HEADLINE_KEYS)
        else:
            sigma, ox, red = _bare(sigma), _bare(ox), _bare(red)
        return MaterialData(
            headline_conductivity=sigma,
            fit=fits.get(pk),
            nearest_conductivity=nearest.get(pk),
            oxidation=ox,
            reduction=red,
            oxidation_bounds=tuple(values.get((pk, OXIDATION), ())),
            reduction_bounds=tuple(values.get((pk, REDUCTION), ())),
            moisture=tuple(values.get((pk, MOISTURE), ())),
            lithium_metal=tuple(values.get((pk, LITHIUM_METAL), ())),
            route_peaks=tuple(routes.get(pk, ())),
            films=tuple(values.get((pk, FILM_THICKNESS), ())),
        )

    # First pass: statuses and conductivities only (no sources needed to rank).
    ranked = sorted(
        (
            (screening.rank_key(screening.check_material(r, data(pk, sigma, ox, red)), name), pk)
            for pk, name, _, sigma, ox, red in rows
        )
    )
    total = len(ranked)
    shown = [pk for _, pk in ranked[:limit]]
    # Second pass, for the shown rows: the same checks with the stored headlines' sources.
    by_pk = {m.pk: m for m in with_headlines(Material.objects.filter(pk__in=shown).select_related("electrolyte_class"))}
    result_rows = []
    for pk in shown:
        material = by_pk[pk]
        headlines = {h["key"]: h for h in material.headline_list}
        checks = screening.check_material(r, data(pk, None, None, None, headlines))
        result_rows.append(MaterialRow(material, checks, class_by_pk.get(material.electrolyte_class_id) in ruled_out))
    return ScreeningResult(requirements=r, classes=verdicts, materials=result_rows, total=total)
