import math

import pytest

from electrolytes import units


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1.0, "S/cm", 1.0),
        (12, "mS/cm", 0.012),
        (12, "mS cm-1", 0.012),
        (12, "mS·cm⁻¹", 0.012),
        (3.5, "µS/cm", 3.5e-6),
        (3.5, "μS/cm", 3.5e-6),
        (3.5, "uS/cm", 3.5e-6),
        (1.0, "S/m", 0.01),
        (-3.0, "log10(S/cm)", 1e-3),
        (-3.0, "log(S/cm)", 1e-3),
        (4, "nS/cm", 4e-9),
    ],
)
def test_conductivity_units_convert_to_siemens_per_cm(value, unit, expected):
    assert math.isclose(units.to_canonical(value, unit, units.SIEMENS_PER_CM), expected, rel_tol=1e-12)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(250, "meV", 0.25), (96.48533212, "kJ/mol", 1.0), (23.0605478, "kcal/mol", 1.0), (0.3, "eV", 0.3)],
)
def test_energy_units_convert_to_electronvolt(value, unit, expected):
    assert math.isclose(units.to_canonical(value, unit, units.ELECTRONVOLT), expected, rel_tol=1e-9)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(25, "°C", 298.15), (25, "degC", 298.15), (25, "deg C", 298.15), (25, "C", 298.15), (300, "K", 300.0)],
)
def test_temperatures_convert_to_kelvin(value, unit, expected):
    assert math.isclose(units.temperature_to_kelvin(value, unit), expected)


def test_temperature_below_absolute_zero_is_refused():
    with pytest.raises(units.UnitError, match=r"^Temperature -300 degC is at or below absolute zero\.$"):
        units.temperature_to_kelvin(-300, "degC")


def test_unknown_unit_is_named():
    with pytest.raises(units.UnitError, match=r"^Unknown unit 'furlongs'\.$"):
        units.to_canonical(1, "furlongs", units.SIEMENS_PER_CM)


def test_unit_of_the_wrong_dimension_is_refused():
    with pytest.raises(units.UnitError, match=r"^Unit 'eV' cannot be converted to S/cm\.$"):
        units.to_canonical(1, "eV", units.SIEMENS_PER_CM)


def test_overflowing_log_value_is_refused():
    with pytest.raises(units.UnitError, match="is not a finite number"):
        units.to_canonical(1e6, "log10(S/cm)", units.SIEMENS_PER_CM)


def test_accepted_units_lists_every_conductivity_unit():
    assert units.accepted_units(units.SIEMENS_PER_CM) == [
        "S/cm",
        "mS/cm",
        "uS/cm",
        "nS/cm",
        "S/m",
        "mS/m",
        "log10(S/cm)",
    ]
