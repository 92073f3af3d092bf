"""Display filters: formulas, significant figures, units, temperatures."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from electrolytes.templatetags import kb_format as f


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Li10GeP2S12", "Li<sub>10</sub>GeP<sub>2</sub>S<sub>12</sub>"),
        ("Li1.3Al0.3Ti1.7(PO4)3", "Li<sub>1.3</sub>Al<sub>0.3</sub>Ti<sub>1.7</sub>(PO<sub>4</sub>)<sub>3</sub>"),
        ("0.75Li2S-0.25P2S5", "0.75Li<sub>2</sub>S-0.25P<sub>2</sub>S<sub>5</sub>"),
        ("Li6PS5Cl", "Li<sub>6</sub>PS<sub>5</sub>Cl"),
        ("<b>Li2</b>", "&lt;b&gt;Li<sub>2</sub>&lt;/b&gt;"),
        ("", ""),
    ],
)
def test_formula_subscripts_numbers_after_symbols_only(text, html):
    assert f.formula(text) == html


@pytest.mark.parametrize(
    ("value", "digits", "html"),
    [
        (0.0123456, 3, "0.0123"),
        (1.2e-3, 3, "1.2 × 10<sup>−3</sup>"),
        (1e-3, 3, "10<sup>−3</sup>"),
        (9.9996e-4, 3, "10<sup>−3</sup>"),
        (250.0, 3, "250"),
        (0.5, 3, "0.5"),
        (-0.25, 2, "−0.25"),
        (12345.0, 3, "1.23 × 10<sup>4</sup>"),
        (0, 3, "0"),
        (None, 3, "—"),
        (float("nan"), 3, "—"),
        ("x", 3, "—"),
    ],
)
def test_sigfig(value, digits, html):
    assert str(f.sigfig(value, digits)) == html


def test_quantity_joins_value_and_unit_with_a_no_break_space():
    assert f.quantity(2.5e-4, "S/cm") == "2.5 × 10<sup>−4</sup>\u00a0S/cm"
    assert f.quantity(0.31, "eV") == "0.31\u00a0eV"
    assert f.quantity(0.5, "mA/cm2") == "0.5\u00a0mA/cm<sup>2</sup>"
    assert f.quantity(0.4, "1") == "0.4"
    assert f.quantity(None, "eV") == "—"


def test_unit_escapes_unknown_symbols():
    assert f.unit("um") == "µm"
    assert f.unit("<x>") == "&lt;x&gt;"


def test_temperatures():
    assert f.celsius(298.15) == "25\u00a0°C"
    assert f.celsius(273.15) == "0\u00a0°C"
    assert f.celsius(250.0) == "−23\u00a0°C"
    assert f.celsius(300.0, 1) == "26.9\u00a0°C"
    assert f.kelvin(298.15) == "298.15\u00a0K"
    assert f.kelvin(300.0) == "300\u00a0K"
    assert f.temperature(298.15) == "25\u00a0°C (298.15\u00a0K)"
    assert f.temperature(None) == "—"


def _measurement(value, qualifier="=", **prop):
    defaults = {"is_qualitative": False, "scale": {}, "canonical_unit": "S/cm"}
    return SimpleNamespace(value=value, qualifier=qualifier, property=SimpleNamespace(**{**defaults, **prop}))


def test_measured_value_shows_qualifier_and_scale_meaning():
    assert f.measured_value(_measurement(1e-8, "<")) == "&lt;\u00a010<sup>−8</sup>\u00a0S/cm"
    level = _measurement(3.0, is_qualitative=True, scale={"3": "stable for hours"}, canonical_unit="level")
    assert f.measured_value(level) == "level 3: stable for hours"
    assert f.measured_value(_measurement(2.0, is_qualitative=True, canonical_unit="level")) == "level 2"


def test_plain_number_for_csv():
    assert f.plain_number(1.234567e-4) == "0.000123457"
    assert f.plain_number(2e-7) == "2e-07"
    assert f.plain_number(0.31) == "0.31"
    assert f.plain_number(None) == ""


def test_ratings_read_without_colour():
    assert [f.rating_symbol(r) for r in (2, 1, 0, -1, -2)] == ["++", "+", "○", "−", "−−"]
    assert f.rating_css(-2) == "rating-serious-weakness"
    assert f.rating_symbol(7) == "?"
