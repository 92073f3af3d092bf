"""Reads for the compare page: the chosen visible materials and their values side by side (no queries
once the materials are fetched)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Prefetch,
)

from electrolytes import fitting, units
from electrolytes.evidence import HEADLINE_COLUMNS
from electrolytes.models import (
    ConductivityFit,
    Material,
    Measurement,
    PropertyDefinition,
)

from .material_page import CONDUCTIVITY, fit_energy_label, preferred_fit
from .materials import with_headlines
from .visibility import visible_materials

MIN_COMPARE = 2
MAX_COMPARE = 8
EXACT_TEMPERATURE_TOLERANCE_K = 0.5


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


def _fit_cell(material: Material, temperature_k: float) -> CompareCell:
    fit = preferred_fit(material)
    if fit is None:
        return CompareCell()
    sigma = fitting.fit_sigma(fit, temperature_k)
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
