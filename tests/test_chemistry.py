import pytest

from electrolytes.chemistry import FormulaError, integer_formula, optimade_formulas, parse_formula


@pytest.mark.parametrize(
    ("written", "reduced", "elements"),
    [
        ("Li6PS5Cl", "Li6PS5Cl", ("Cl", "Li", "P", "S")),
        ("ClLi6PS5", "Li6PS5Cl", ("Cl", "Li", "P", "S")),
        ("Li10GeP2S12", "Li10GeP2S12", ("Ge", "Li", "P", "S")),
        ("Li20Ge2P4S24", "Li10GeP2S12", ("Ge", "Li", "P", "S")),
        ("Li1.3Al0.3Ti1.7(PO4)3", "Li1.3Ti1.7Al0.3P3O12", ("Al", "Li", "O", "P", "Ti")),
        ("Li1.3Ti1.7Al0.3P3O12", "Li1.3Ti1.7Al0.3P3O12", ("Al", "Li", "O", "P", "Ti")),
        (" Li3InCl6 ", "Li3InCl6", ("Cl", "In", "Li")),
        ("Li9.54Si1.74P1.44S11.7Cl0.3", "Li9.54Si1.74P1.44S11.7Cl0.3", ("Cl", "Li", "P", "S", "Si")),
    ],
)
def test_formulas_normalise_to_one_reduced_form(written, reduced, elements):
    parsed = parse_formula(written)
    assert parsed.reduced_formula == reduced
    assert parsed.elements == elements
    assert parsed.nelements == len(elements)
    assert parsed.written == written.strip()


def test_composition_is_a_mapping_pymatgen_reads_back():
    from pymatgen.core import Composition

    parsed = parse_formula("Li6PS5Cl")
    assert parsed.composition == {"Li": 6.0, "P": 1.0, "S": 5.0, "Cl": 1.0}
    assert Composition(parsed.composition).reduced_formula == "Li6PS5Cl"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("Xx2O", "Unknown element 'Xx' in formula 'Xx2O'."),
        ("Q", "Unknown element 'Q' in formula 'Q'."),
        ("li3InCl6", "Formula 'li3InCl6' cannot be parsed."),
        ("Li(PO4", "Formula 'Li(PO4' cannot be parsed."),
        ("", "Formula is empty."),
        ("   ", "Formula is empty."),
    ],
)
def test_bad_formulas_are_refused_with_a_message_naming_them(written, message):
    with pytest.raises(FormulaError) as exc_info:
        parse_formula(written)
    assert str(exc_info.value) == message


def test_integer_formula_scales_fractional_amounts():
    assert integer_formula({"Li": 6.4, "La": 3, "Zr": 1.4, "Ta": 0.6, "O": 12}) == {
        "Li": 32,
        "La": 15,
        "Zr": 7,
        "Ta": 3,
        "O": 60,
    }
    assert integer_formula({"Li": 10, "Ge": 1, "P": 2, "S": 12}) == {"Li": 10, "Ge": 1, "P": 2, "S": 12}


@pytest.mark.parametrize(
    ("composition", "reduced", "anonymous"),
    [
        ({"Li": 1.3, "Al": 0.3, "Ti": 1.7, "P": 3.0, "O": 12.0}, "Al3Li13O120P30Ti17", "A120B30C17D13E3"),
        ({"Li": 10.0, "Ge": 1.0, "P": 2.0, "S": 12.0}, "GeLi10P2S12", "A12B10C2D"),
        ({"Li": 3.0, "Y": 1.0, "Cl": 6.0}, "Cl6Li3Y", "A6B3C"),
        ({"Li": 1.0}, "Li", "A"),
        ({}, "", ""),
    ],
)
def test_optimade_formulas_use_whole_numbers(composition, reduced, anonymous):
    assert optimade_formulas(composition) == (reduced, anonymous)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("Li1e309", "Formula 'Li1e309' has an amount above 1,000,000."),
        ("Li1e309Cl", "Formula 'Li1e309Cl' has an amount above 1,000,000."),
        ("Li1e300Cl", "Formula 'Li1e300Cl' has an amount above 1,000,000."),
        ("(Li1000)1001", "Formula '(Li1000)1001' has an amount above 1,000,000."),
        ("Li" + "9" * 310, f"Formula {'Li' + '9' * 55 + '...'!r} is longer than 200 characters."),
        ("Li" + "9" * 198, f"Formula {'Li' + '9' * 55 + '...'!r} has an amount above 1,000,000."),
    ],
)
def test_huge_amounts_and_lengths_are_formula_errors(written, message):
    with pytest.raises(FormulaError) as raised:
        parse_formula(written)
    assert str(raised.value) == message


def test_amounts_up_to_the_bound_are_accepted():
    assert parse_formula("Li1000000Cl").composition == {"Li": 1_000_000.0, "Cl": 1.0}
    assert parse_formula("(Li1000)1000").reduced_formula == "Li"
