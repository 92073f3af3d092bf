"""The columns a material derives from its formula: one chemistry function, applied by every service write,
including the ones that do not run full_clean() (publish, unpublish, confirm class)."""

import pytest
from django.core.exceptions import ValidationError

from electrolytes import services
from electrolytes.chemistry import FormulaError, material_formula
from electrolytes.models import Material, PublicationStatus
from tests import factories

DERIVED = [
    "formula",
    "reduced_formula",
    "elements",
    "nelements",
    "composition",
    "optimade_formula_reduced",
    "optimade_formula_anonymous",
]


def stored(material: Material) -> dict:
    return Material.objects.filter(pk=material.pk).values(*DERIVED).get()


def test_material_formula_gives_every_derived_column():
    derived = material_formula("Li1.3Al0.3Ti1.7(PO4)3", is_compound=True, max_optimade_length=120)
    columns = derived.columns()
    assert set(columns) == set(DERIVED)
    assert {name: columns[name] for name in DERIVED if name not in ("reduced_formula", "composition")} == {
        "formula": "Li1.3Al0.3Ti1.7(PO4)3",
        "elements": ["Al", "Li", "O", "P", "Ti"],
        "nelements": 5,
        "optimade_formula_reduced": "Al3Li13O120P30Ti17",
        "optimade_formula_anonymous": "A120B30C17D13E3",
    }
    assert derived.composition == {"Li": 1.3, "Al": 0.3, "Ti": 1.7, "P": 3.0, "O": 12.0}


def test_material_formula_of_a_mixture_has_no_optimade_formulas():
    derived = material_formula("LiN(SO2CF3)2", is_compound=False, max_optimade_length=120)
    assert (derived.optimade_formula_reduced, derived.optimade_formula_anonymous) == ("", "")
    assert derived.elements == ["C", "F", "Li", "N", "O", "S"]
    empty = material_formula("", is_compound=False, max_optimade_length=120)
    assert empty.columns() == dict.fromkeys(DERIVED, "") | {"elements": [], "nelements": 0, "composition": {}}


@pytest.mark.parametrize(
    ("formula", "limit", "message"),
    [
        ("", 120, "An inorganic compound needs a formula."),
        ("Li10GeP2S12", 5, "The whole-number ratio of formula 'Li10GeP2S12' is too long for OPTIMADE."),
    ],
)
def test_material_formula_refuses_what_a_compound_cannot_store(formula, limit, message):
    with pytest.raises(FormulaError) as exc_info:
        material_formula(formula, is_compound=True, max_optimade_length=limit)
    assert str(exc_info.value) == message


@pytest.fixture
def lps(properties):
    sulfide = factories.electrolyte_class("sulfide")
    return services.material_create(name="LPS", formula="Li3PS4", electrolyte_class=sulfide)


def _argyrodite_columns() -> dict:
    return {
        "formula": "Li6PS5Cl",
        "reduced_formula": "Li6PS5Cl",
        "elements": ["Cl", "Li", "P", "S"],
        "nelements": 4,
        "composition": {"Li": 6.0, "P": 1.0, "S": 5.0, "Cl": 1.0},
        "optimade_formula_reduced": "ClLi6PS5",
        "optimade_formula_anonymous": "A6B5CD",
    }


def test_publishing_without_full_clean_keeps_the_formula_columns_right(lps):
    # A formula changed on the object without full_clean() (as a bulk edit or a shell session would leave it)...
    lps.formula = "Li6PS5Cl"
    assert stored(lps)["optimade_formula_reduced"] == "Li3PS4"
    services.materials_set_status(materials=[lps], status=PublicationStatus.PUBLISHED)
    # ...is stored with every column derived from it, not with the columns of the old formula.
    assert stored(lps) == _argyrodite_columns()
    assert Material.objects.get(pk=lps.pk).status == PublicationStatus.PUBLISHED


def test_confirming_the_class_of_a_queryset_rederives_stale_columns(lps):
    # A queryset update bypasses the model entirely: the derived columns are stale in the database.
    Material.objects.filter(pk=lps.pk).update(formula="Li6PS5Cl", class_origin=Material.ClassOrigin.INFERRED)
    assert stored(lps)["reduced_formula"] == "Li3PS4"
    assert services.materials_confirm_class(materials=Material.objects.filter(pk=lps.pk)) == 1
    assert stored(lps) == _argyrodite_columns()


def test_a_bad_formula_stops_the_whole_status_change(lps, properties):
    other = services.material_create(name="LGPS", formula="Li10GeP2S12", electrolyte_class=lps.electrolyte_class)
    Material.objects.filter(pk=other.pk).update(formula="Xq2")
    before = stored(other)
    with pytest.raises(ValidationError) as exc_info:
        services.materials_set_status(
            materials=Material.objects.filter(pk__in=[lps.pk, other.pk]).order_by("pk"),
            status=PublicationStatus.PUBLISHED,
        )
    assert exc_info.value.message_dict == {"formula": [str(_formula_error("Xq2"))]}
    # All or none: the first material stays a draft, the second keeps its stored columns.
    assert Material.objects.get(pk=lps.pk).status == PublicationStatus.DRAFT
    assert stored(other) == before


def _formula_error(formula: str) -> FormulaError:
    with pytest.raises(FormulaError) as exc_info:
        material_formula(formula, is_compound=True, max_optimade_length=120)
    return exc_info.value


def test_elements_are_sorted_without_repeats_whatever_the_formula_order():
    # chemsys= matches by array equality with the sorted, de-duplicated symbols (selectors.search_materials).
    derived = material_formula("S5P2Li7S0.5Cl", is_compound=True, max_optimade_length=120)
    assert derived.elements == ["Cl", "Li", "P", "S"]
    assert derived.nelements == 4
