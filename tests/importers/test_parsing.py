"""The tricky strings real spreadsheets hold, one by one."""

from __future__ import annotations

import pytest

from electrolytes.importers.formulations import canonical_salt_smiles, formulation_key, salt_name
from electrolytes.importers.parsing import (
    CellCache,
    CellError,
    Number,
    clean_text,
    normalise_space_group,
    parse_dois,
    parse_number,
    parse_temperature,
    parse_unit,
    split_value_and_unit,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<1E-10", Number(1e-10, "<")),
        (">5e-3", Number(5e-3, ">")),
        ("≤ 2e-4", Number(2e-4, "<")),
        ("~3", Number(3.0, "~")),
        ("1.2 x 10^-4", Number(1.2e-4, "=")),
        ("1.2×10−4", Number(1.2e-4, "=")),
        ("1.2×10⁻⁴", Number(1.2e-4, "=")),
        ("1.2 × 10^−4", Number(1.2e-4, "=")),
        ("1.2*10**-4", Number(1.2e-4, "=")),
        ("1.2·10^-4", Number(1.2e-4, "=")),
        ("10^-4", Number(1e-4, "=")),
        (" \t3.4e-3 \t", Number(3.4e-3, "=")),
        ("\ufeff5", Number(5.0, "=")),
        ("\u00a07.5\u00a0", Number(7.5, "=")),
        ("1,5", Number(1.5, "=")),
        ("-3.2", Number(-3.2, "=")),
    ],
)
def test_parse_number(raw, expected):
    result = parse_number(raw)
    assert result.qualifier == expected.qualifier
    assert result.value == pytest.approx(expected.value, rel=1e-12)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "The cell is empty."),
        ("abc", "'abc' is not a number."),
        ("nan", "'nan' is not a number."),
        ("1e400", "'1e400' is not a finite number."),
        ("1.2.3", "'1.2.3' is not a number."),
    ],
)
def test_parse_number_refuses(raw, message):
    with pytest.raises(CellError) as exc:
        parse_number(raw)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("raw", "unit", "kelvin"),
    [
        ("25", "degC", 298.15),
        ("25 °C", "", 298.15),
        ("-10 deg C", "", 263.15),
        ("298 K", "degC", 298.0),  # a unit in the cell wins over the column's
        ("25", "deg C", 298.15),
        ("25", "°C", 298.15),
        ("300", "K", 300.0),
    ],
)
def test_parse_temperature(raw, unit, kelvin):
    assert parse_temperature(raw, unit) == pytest.approx(kelvin)


def test_temperature_without_unit_is_refused():
    with pytest.raises(CellError) as exc:
        parse_temperature("25")
    assert str(exc.value) == "Temperature '25' has no unit (K or °C)."


def test_temperature_below_absolute_zero_is_refused():
    with pytest.raises(CellError) as exc:
        parse_temperature("-300", "degC")
    assert str(exc.value) == "Temperature -300 degC is at or below absolute zero."


@pytest.mark.parametrize(
    ("raw", "symbol"),
    [
        ("mS/cm", "mS/cm"),
        ("S cm⁻¹", "S/cm"),
        ("mS·cm⁻¹", "mS/cm"),
        ("S cm^-1", "S/cm"),
        ("log10(S/cm)", "log10(S/cm)"),
        ("log(S cm-1)", "log10(S/cm)"),
        ("µS/cm", "uS/cm"),
    ],
)
def test_parse_unit(raw, symbol):
    assert parse_unit(raw, "S/cm") == symbol


def test_unit_of_another_dimension_is_refused():
    with pytest.raises(CellError) as exc:
        parse_unit("eV", "S/cm")
    assert str(exc.value) == "Unit 'eV' cannot be converted to S/cm."


def test_value_and_unit_in_one_cell():
    assert split_value_and_unit("1.2×10⁻⁴ S cm⁻¹") == ("1.2x10^-4", "S cm^-1")
    assert split_value_and_unit("<1E-10 S/cm") == ("<1E-10", "S/cm")
    assert split_value_and_unit("5") == ("5", "")


def test_several_dois_in_one_cell():
    cell = " 10.1039/C3EE41655K|10.1016/j.ssi.2007.05.020 ; https://doi.org/10.1149/1.2108704\t10.1039/c3ee41655k "
    assert parse_dois(cell) == ["10.1039/c3ee41655k", "10.1016/j.ssi.2007.05.020", "10.1149/1.2108704"]


def test_sici_doi_keeps_its_semicolon():
    assert parse_dois("10.1002/1521-3765(20020118)8:2<349::AID-CHEM349>3.0.CO;2-5") == [
        "10.1002/1521-3765(20020118)8:2<349::aid-chem349>3.0.co;2-5"
    ]


def test_bad_doi_is_named():
    with pytest.raises(CellError) as exc:
        parse_dois("10.1038/nmat3066|not-a-doi")
    assert str(exc.value) == "'not-a-doi' is not a DOI (expected 10.<registrant>/<suffix>)."


def test_clean_text_and_space_groups():
    assert clean_text("\ufeff  Li7La3Zr2O12 \t ") == "Li7La3Zr2O12"
    assert normalise_space_group("P 42/n m c ") == "P42/nmc"
    assert normalise_space_group("Ia-3d ") == "Ia-3d"


def test_two_spellings_of_one_salt_are_one_salt():
    tfsi_a = "O=S(=O)([N-]S(=O)(=O)C(F)(F)F)C(F)(F)F.[Li+]"
    tfsi_b = "O=S([N-]S(=O)(C(F)(F)F)=O)(C(F)(F)F)=O.[Li+]"
    perchlorate_a = "[Li+].[O-][Cl+3]([O-])([O-])[O-]"
    perchlorate_b = "O=Cl(=O)([O-])=O.[Li+]"
    assert canonical_salt_smiles(tfsi_b) == tfsi_a
    assert canonical_salt_smiles("[Li+]." + tfsi_a.removesuffix(".[Li+]")) == tfsi_a  # fragment order
    assert canonical_salt_smiles(perchlorate_b) == perchlorate_a
    assert (salt_name(tfsi_b), salt_name(perchlorate_b)) == ("LiTFSI", "LiClO4")
    one = [{"role": "polymer_host", "smiles": "[Cu]OCC[Au]", "molecular_weight": 5e6}]
    assert formulation_key([*one, {"role": "lithium_salt", "smiles": tfsi_a, "amount": 1.13507378}]) == (
        formulation_key([*one, {"role": "lithium_salt", "smiles": tfsi_b, "amount": 1.135073780001}])
    )


def test_cell_cache_answers_as_the_parser_does_and_forgets_past_its_size():
    calls = []

    def counted(text, unit):
        calls.append(text)
        return parse_temperature(text, unit)

    cells = CellCache(size=2)
    assert [cells(counted, "25", "degC") for _ in range(3)] == [298.15] * 3
    for _ in range(2):  # a refusal is raised each time, with the parser's words
        with pytest.raises(CellError, match=r"^Temperature '<25' must be a single value, not a bound\.$"):
            cells(counted, "<25", "degC")
    assert calls == ["25", "<25"]
    cells(counted, "30", "degC")  # a third answer: the first two are forgotten
    cells(counted, "25", "degC")
    assert calls == ["25", "<25", "30", "25"]
