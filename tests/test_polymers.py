"""Polymer hosts from repeat units, EO:Li from molality, names and physical state."""

from __future__ import annotations

import pytest

from electrolytes import polymers
from electrolytes.polymers import KNOWN_POLYMERS, RepeatUnitError, host


@pytest.mark.parametrize("polymer", KNOWN_POLYMERS, ids=lambda p: p.abbreviation)
def test_every_table_entry_is_valid_and_names_itself(polymer):
    assert host(polymer.repeat_unit).abbreviation == polymer.abbreviation


@pytest.mark.parametrize(
    ("smiles", "expected"),
    [
        ("[Cu]CCO[Au]", "PEO"),  # the example: the other frame of [Cu]OCC[Au]
        ("[Cu]OCC[Au]", "PEO"),
        ("[Au]OCC[Cu]", "PEO"),
        ("[Cu]OCCOCC[Au]", "PEO"),  # written as a dimer
        ("[Cu]OCCOCCOCCOCCOCCOCCOCCOCCOCCOCCOCCOCCOCC[Au]", "PEO"),  # a 13-unit oligo-EO block
        ("[Cu]CCCCCC(=O)O[Au]", "PCL"),
        ("[Cu]C(=O)OCCCCC[Au]", "PCL"),
        ("[Cu]C(=O)CCCCC(=O)OCCO[Au]", "PEA"),
        ("[Cu]CN(C)C[Au]", "PMEI"),  # -CH2-NMe-CH2- repeated is -NMe-CH2-CH2-
        ("[Cu]C(C#N)C[Au]", "PAN"),
    ],
)
def test_a_repeat_unit_is_recognised_whatever_its_frame(smiles, expected):
    assert host(smiles).abbreviation == expected


def test_a_unit_not_in_the_table_is_named_from_its_chemistry():
    fallback = host("[Cu]OC(=O)OCCOCC[Au]")
    assert (fallback.abbreviation, fallback.known, fallback.formula) == ("polycarbonate-ether C5H8O4", False, "C5H8O4")
    assert fallback.fallback_reason == "repeat unit not in the table of known polymers; named from its chemistry"


@pytest.mark.parametrize("smiles", ["", "not smiles", "[Cu]CCO", "[Cu]C[Cu]"])
def test_unreadable_units_are_refused(smiles):
    with pytest.raises(RepeatUnitError):
        host(smiles)


@pytest.mark.parametrize(
    ("smiles", "molality", "expected"),
    [
        # PEO, 44.05 g/mol per EO: 1000 / 44.05 / m
        ("[Cu]CCO[Au]", 1.14, 19.91),  # the classic EO:Li 20:1
        ("[Cu]CCO[Au]", 2.84, 7.99),  # 8:1
        ("[Cu]CCO[Au]", 0.757, 29.99),  # 30:1
        ("[Cu]CCO[Au]", 1.514, 14.99),  # 15:1
        # PPO, 58.08 g/mol per ether O
        ("[Cu]CC(C)O[Au]", 1.0, 17.22),
        # PDOL, 74.08 g/mol with two ether O per unit
        ("[Cu]OCOCC[Au]", 1.0, 27.0),
    ],
)
def test_eo_li_worked_examples(smiles, molality, expected):
    assert polymers.eo_li(smiles, molality) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize("smiles", ["[Cu]OC(=O)OCCC[Au]", "[Cu]CC(C#N)[Au]"])
def test_no_eo_li_for_non_ether_hosts(smiles):
    assert polymers.eo_li(smiles, 1.0) is None


def test_no_eo_li_without_salt():
    assert polymers.eo_li("[Cu]CCO[Au]", None) is None
    assert polymers.eo_li("[Cu]CCO[Au]", 0) is None


@pytest.mark.parametrize(
    ("smiles", "salt", "molality", "mw", "expected"),
    [
        ("[Cu]CCO[Au]", "LiTFSI", 1.14, 600_000, "PEO-LiTFSI, EO:Li 20:1, Mw 600k"),
        ("[Cu]CCO[Au]", "LiTFSI", 1.14, 5_000_000, "PEO-LiTFSI, EO:Li 20:1, Mw 5M"),
        ("[Cu]CCO[Au]", "LiTFSI", 1.14, 266, "PEO-LiTFSI, EO:Li 20:1, Mw 266 g/mol"),
        ("[Cu]OC(=O)OCCC[Au]", "LiTFSI", 1.22, 368_000, "PTMC-LiTFSI, 1.22 mol/kg, Mw 368k"),
        ("[Cu]CC(C)O[Au]", "LiClO4", 1.0, None, "PPO-LiClO4, O:Li 17:1"),
        ("[Cu]CCO[Au]", "", None, 2000, "PEO, single-ion (no added salt), Mw 2k"),
    ],
)
def test_formulation_names(smiles, salt, molality, mw, expected):
    assert polymers.formulation_name(host(smiles), salt, molality, mw) == expected


@pytest.mark.parametrize(
    ("mw", "cross_linked", "expected"),
    [
        (266, False, "liquid"),
        (999, False, "liquid"),
        (1000, False, "solid"),
        (266, True, "solid"),
        (None, False, "solid"),
    ],
)
def test_physical_state_from_molecular_weight(mw, cross_linked, expected):
    assert polymers.physical_state(mw, cross_linked=cross_linked) == expected
