"""Reads for a material's page: its values grouped by property, references, related materials, structure.

Functions that take an already-fetched material do no queries; they arrange its prefetched rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    F,
)

from electrolytes import crystal
from electrolytes.models import (
    ConductivityFit,
    Material,
    Measurement,
    PropertyDefinition,
    Reference,
)

from .materials import with_key_properties
from .visibility import visible_materials

CONDUCTIVITY = "ionic_conductivity"
RELATED_LIMIT = 8


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


def fit_energy_label(fit: ConductivityFit) -> str:
    """The name of a fit's energy parameter: Ea for Arrhenius, the VTF pseudo-activation energy B·k_B otherwise."""
    return "B·k_B (VTF pseudo-activation)" if fit.model == ConductivityFit.Model.VTF else "Ea"


def preferred_fit(material: Material) -> ConductivityFit | None:
    """The preferred fit among the prefetched ones (the first preferred, else the best R²)."""
    fits = list(material.fits.all())
    if not fits:
        return None
    return min(fits, key=lambda f: (not f.is_preferred, -f.r_squared))
