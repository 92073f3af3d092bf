"""Small builders for hand-made test data (no fixtures files involved)."""

from __future__ import annotations

import itertools

from electrolytes import services
from electrolytes.models import ElectrolyteClass, Material, PropertyDefinition, Reference, StructureFamily

_counter = itertools.count(1)


def electrolyte_class(slug: str = "sulfide", *, category: str = "inorganic", order: int = 0) -> ElectrolyteClass:
    obj, _ = ElectrolyteClass.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title(), "category": category, "display_order": order}
    )
    return obj


def family(slug: str, *, electrolyte_class_slug: str = "sulfide") -> StructureFamily:
    obj, _ = StructureFamily.objects.get_or_create(
        slug=slug, defaults={"name": slug.title(), "electrolyte_class": electrolyte_class(electrolyte_class_slug)}
    )
    return obj


def reference(key: str | None = None, *, doi: str = "", title: str = "A study of ion transport", **fields) -> Reference:
    n = next(_counter)
    key = key or f"ref{n}"
    obj, _ = Reference.objects.get_or_create(key=key, defaults={"doi": doi, "title": title, "year": 2020, **fields})
    return obj


def material(
    name: str,
    formula: str = "",
    *,
    electrolyte_class_slug: str = "sulfide",
    family_slug: str | None = None,
    status: str = "published",
    kind: str = Material.Kind.COMPOUND,
    **fields,
) -> Material:
    cls = electrolyte_class(electrolyte_class_slug)
    fam = family(family_slug, electrolyte_class_slug=electrolyte_class_slug) if family_slug else None
    return services.material_create(
        name=name,
        formula=formula,
        electrolyte_class=cls,
        family=fam,
        status=status,
        kind=kind,
        **fields,
    )


def measurement(
    material: Material,
    key: str,
    value: float,
    unit: str,
    *,
    temperature=None,
    temperature_unit="K",
    ref: Reference | None = None,
    **fields,
):
    return services.measurement_create(
        material=material,
        property=PropertyDefinition.objects.get(key=key),
        value=value,
        unit=unit,
        temperature=temperature,
        temperature_unit=temperature_unit,
        reference=ref or reference(),
        # Hand-built data stays exactly as built; tests of fitting ask for it explicitly.
        refit=fields.pop("refit", False),
        **fields,
    )


def property_definition(key: str, *, canonical_unit: str = "level", **fields) -> PropertyDefinition:
    """A property definition not (yet) in the curated fixtures, e.g. a new qualitative scale."""
    defaults = {
        "name": key.replace("_", " ").capitalize(),
        "canonical_unit": canonical_unit,
        "accepted_units": [canonical_unit],
        "min_value": 1.0,
        "max_value": 3.0,
        "is_qualitative": canonical_unit == "level",
        **fields,
    }
    obj, _ = PropertyDefinition.objects.get_or_create(key=key, defaults=defaults)
    return obj
