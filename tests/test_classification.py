"""Class inference from oxidation states and the structure families' composition rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from electrolytes.chemistry import parse_formula
from electrolytes.classification import family_fits, infer_class

TAXONOMY = Path(__file__).resolve().parent.parent / "fixtures" / "01_taxonomy.json"

CLASS_CASES = [
    # tellurates and selenites: Te/Se are cations in an oxide
    ("LiMn2TeO6", "oxide"),
    ("Li3(Li1.5Al0.5Te)O6", "oxide"),
    ("Li2TeO3", "oxide"),
    ("Li6.5La3Zr1.75Te0.25O12", "oxide"),
    ("Li3Nd3Te2O12", "oxide"),
    ("Li2SeO4", "oxide"),
    ("Li2SO4", "oxide"),
    # selenides and tellurides: chalcogenide anions, filed with the sulfides
    ("Li2Se", "sulfide"),
    ("Li4GeSe4", "sulfide"),
    ("Li4SnS2Se2", "sulfide"),
    ("Li2Te", "sulfide"),
    # nitrides
    ("Li3N", "nitride"),
    ("LiPN2", "nitride"),
    ("Li7PN4", "nitride"),
    ("LiSi2N3", "nitride"),
    ("Li3BN2", "nitride"),
    ("Li3AlN2", "nitride"),
    ("Li6NBr3", "nitride"),
    ("Li14Nd5(Si11N19O5)O2F2", "nitride"),
    # hydrides, borohydrides, amides
    ("LiBH4", "hydride"),
    ("Li4BN3H10", "hydride"),
    ("Li4(BH4)3I", "hydride"),
    ("Li2B12H12", "hydride"),
    ("LiAlH4", "hydride"),
    ("Li3AlH6", "hydride"),
    ("Li3(NH2)2I", "hydride"),
    # phosphides
    ("Li3P", "phosphide"),
    ("Li2.33PSi0.17", "phosphide"),
    ("Li8SiP4", "phosphide"),
    ("Li8GeP4", "phosphide"),
    ("Li14SiP6", "phosphide"),
    # oxyhalides and anti-perovskites go by the framework anion
    ("Li3OCl", "oxide"),
    ("Li3OBr", "oxide"),
    ("Li2OHCl", "oxide"),
    ("Li2(OH)0.9F0.1Cl", "oxide"),
    ("LiNbOCl4", "halide"),
    ("LiTaOCl4", "halide"),
    ("Li4B7O12Cl", "oxide"),
    ("LiV(PO4)F", "oxide"),
    ("Li6PO5Cl", "oxide"),
    # every family's examples
    ("Li7La3Zr2O12", "oxide"),
    ("Li6.4La3Zr1.4Ta0.6O12", "oxide"),
    ("Li6.25Ga0.25La3Zr2O12", "oxide"),
    ("Li1.3Al0.3Ti1.7(PO4)3", "oxide"),
    ("Li1.5Al0.5Ge1.5(PO4)3", "oxide"),
    ("Li0.34La0.51TiO2.94", "oxide"),
    ("Li14Zn(GeO4)4", "oxide"),
    ("Li2.88PO3.73N0.14", "oxide"),
    ("Li2PO2N", "oxide"),
    ("Li10GeP2S12", "sulfide"),
    ("Li9.54Si1.74P1.44S11.7Cl0.3", "sulfide"),
    ("Li6PS5Cl", "sulfide"),
    ("Li5.5PS4.5Cl1.5", "sulfide"),
    ("Li3.25Ge0.25P0.75S4", "sulfide"),
    ("Li7P3S11", "sulfide"),
    ("Li3PS4", "sulfide"),
    ("Li3InCl6", "halide"),
    ("Li3YBr6", "halide"),
    ("Li2ZrCl6", "halide"),
    ("LiAlCl4", "halide"),
    ("Li2MgCl4", "halide"),
    ("Li3AlF6", "halide"),
]


@pytest.mark.parametrize(("formula", "expected"), CLASS_CASES)
def test_class_is_inferred_from_the_anions(formula, expected):
    assert infer_class(parse_formula(formula).composition).slug == expected


def test_at_least_forty_formulas_are_covered():
    assert len(CLASS_CASES) >= 40


def test_the_rule_that_fired_is_stated():
    assert infer_class(parse_formula("LiMn2TeO6").composition).rule == (
        "anion O (pymatgen oxidation-state guess), so oxide"
    )
    assert infer_class(parse_formula("Li3OCl").composition).rule == (
        "anions O, Cl (pymatgen oxidation-state guess); O carries most of the negative charge, so oxide"
    )
    assert infer_class(parse_formula("Li6.4La3Zr1.4Ta0.6O12").composition).rule == (
        "anion O (common anion oxidation states), so oxide"
    )
    assert infer_class(parse_formula("LiBH4").composition).rule == (
        "hydridic H (no O or chalcogen): complex hydride, so hydride"
    )


def test_a_compound_without_anions_is_refused():
    with pytest.raises(ValueError, match=r"^No anion in Cu3Li: not an ionic compound\.$"):
        infer_class({"Li": 1, "Cu": 3})


def _rules() -> dict[str, dict]:
    records = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    return {r["fields"]["slug"]: r["fields"]["composition_rule"] for r in records if r["model"].endswith("family")}


FAMILY_CASES = [
    ("li3mx6-halide", "Li3YCl6", True),
    ("li3mx6-halide", "Li3InCl6", True),
    ("li3mx6-halide", "Li2.5Y0.5Zr0.5Cl6", True),
    ("li3mx6-halide", "Li3ErI6", True),
    ("li3mx6-halide", "Li6NBr3", False),
    ("li3mx6-halide", "LiAlCl4", False),
    ("li3mx6-halide", "Li2MgBr4", False),
    ("li3mx6-halide", "Li2CrCl4", False),
    ("spinel-halide", "Li2MgCl4", True),
    ("spinel-halide", "Li2CrCl4", True),
    ("spinel-halide", "LiAlCl4", True),
    ("spinel-halide", "Li3YCl6", False),
    ("argyrodite", "Li6PS5Cl", True),
    ("argyrodite", "Li5.5PS4.5Cl1.5", True),
    ("argyrodite", "Li6.25P0.75Ge0.25S5I", True),
    ("argyrodite", "Li6P(S4Se)Br", True),
    ("argyrodite", "Li7P3S11", False),
    ("argyrodite", "Li6SiO4Cl2", False),
    ("lgps", "Li10GeP2S12", True),
    ("lgps", "Li9.54Si1.74P1.44S11.7Cl0.3", True),
    ("lgps", "Li10SnP2S12", True),
    ("lgps", "Li9.6P3S12", True),
    ("lgps", "Li3PS4", False),
    ("lgps", "Li7P3S11", False),
    ("garnet", "Li7La3Zr2O12", True),
    ("garnet", "Li6.4La3Zr1.4Ta0.6O12", True),
    ("garnet", "Li6.25Ga0.25La3Zr2O12", True),
    ("garnet", "Li5La3Ta2O12", True),
    ("garnet", "Li6BaLa2Ta2O12", True),
    ("garnet", "Li0.34La0.51TiO2.94", False),
    ("garnet", "Li1.3Al0.3Ti1.7(PO4)3", False),
    ("nasicon", "LiTi2(PO4)3", True),
    ("nasicon", "Li1.3Al0.3Ti1.7(PO4)3", True),
    ("nasicon", "Li1.5Al0.5Ge1.5(PO4)3", True),
    ("nasicon", "Li7La3Zr2O12", False),
    ("nasicon", "Li3PO4", False),
    ("anti-perovskite", "Li3OCl", True),
    ("anti-perovskite", "Li2OHCl", True),
    ("anti-perovskite", "Li3OCl0.5Br0.5", True),
    ("anti-perovskite", "Li6NBr3", False),
    ("anti-perovskite", "Li2O", False),
    ("perovskite", "Li0.34La0.51TiO2.94", True),
    ("perovskite", "Li0.5La0.5TiO3", True),
    ("perovskite", "LaLiO2", False),
    ("lisicon", "Li14Zn(GeO4)4", True),
    ("lisicon", "Li3.5Si0.5P0.5O4", True),
    ("lisicon", "Li2.88PO3.73N0.14", False),
    ("thio-lisicon", "Li3.25Ge0.25P0.75S4", True),
    ("thio-lisicon", "Li4GeS4", True),
    ("thio-lisicon", "Li2P2S6", False),
    ("glass-ceramic-sulfide", "Li7P3S11", True),
    ("glass-ceramic-sulfide", "Li3PS4", True),
    ("glass-ceramic-sulfide", "Li10GeP2S12", False),
    ("lipon", "Li2.88PO3.73N0.14", True),
    ("lipon", "Li3.3PO3.9N0.17", True),
    ("lipon", "Li2PO2N", False),
    ("lipon", "Li3PO4", False),
    ("li2po2n", "Li2PO2N", True),
    ("li2po2n", "Li2.88PO3.73N0.14", False),
    ("complex-hydride", "LiBH4", True),
    ("complex-hydride", "Li4BN3H10", True),
    ("complex-hydride", "Li3N", False),
]


@pytest.mark.parametrize(("family", "formula", "fits"), FAMILY_CASES)
def test_family_composition_rules(family, formula, fits):
    check = family_fits(_rules()[family], parse_formula(formula).composition)
    assert check.fits is fits, check.reason


def test_every_inorganic_family_has_positive_and_negative_cases():
    records = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    inorganic = {
        r["fields"]["slug"]
        for r in records
        if r["model"] == "electrolytes.electrolyteclass" and r["fields"]["category"] == "inorganic"
    }
    families = {
        r["fields"]["slug"]
        for r in records
        if r["model"].endswith("structurefamily") and r["fields"]["electrolyte_class"][0] in inorganic
    }
    for family in families:
        assert _rules()[family], f"{family} has no composition rule"
        outcomes = {fits for slug, _f, fits in FAMILY_CASES if slug == family}
        assert outcomes == {True, False}, family


def test_a_mismatch_names_what_failed():
    check = family_fits(_rules()["li3mx6-halide"], parse_formula("Li6NBr3").composition)
    assert check.reason == "N not allowed in this family"
    check = family_fits(_rules()["li3mx6-halide"], parse_formula("LiAlCl4").composition)
    assert check.reason == "Li = 1.5 per formula, outside 2-4"
