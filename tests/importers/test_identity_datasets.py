"""Classes and families of the OBELiX compounds under the curated taxonomy (issue 10's examples)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from electrolytes.chemistry import normalise_formula
from electrolytes.importers.engine import run_import
from electrolytes.importers.obelix import ObelixSource
from electrolytes.models import Material

pytestmark = pytest.mark.datasets
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def obelix(db, open_data):
    call_command("loaddata", str(FIXTURES / "00_properties.json"), str(FIXTURES / "01_taxonomy.json"), verbosity=0)
    return run_import(ObelixSource(), open_data / "obelix" / "all.csv")


def identity(formula: str) -> tuple[str, str | None, str]:
    material = Material.objects.select_related("electrolyte_class", "family").get(
        reduced_formula=normalise_formula(formula)
    )
    return material.electrolyte_class.slug, material.family.slug if material.family else None, material.family_label


def test_classes_come_from_the_chemistry(obelix):
    assert identity("Li3N") == ("nitride", None, "nitrides")
    assert identity("LiAlH4") == ("hydride", "complex-hydride", "hydrides")
    assert identity("Li3P") == ("phosphide", None, "phosphates")
    assert identity("Li8GeP4")[0] == "phosphide"
    assert identity("Li3ClO")[:2] == ("oxide", "anti-perovskite")
    assert not Material.objects.filter(class_origin="curated", kind="compound").exists()


def test_family_labels_apply_only_when_the_compound_fits(obelix):
    assert identity("Li6NBr3") == ("nitride", None, "halides")
    assert identity("LiAlCl4") == ("halide", None, "halides")
    assert identity("Li2MgBr4") == ("halide", None, "halides")
    assert identity("Li2CrCl4") == ("halide", None, "halides")
    assert identity("Li3YCl6") == ("halide", "li3mx6-halide", "halides")
    assert identity("Li2P2S6") == ("sulfide", None, "thio-LISICON")
    assert identity("Li7P3S11") == ("sulfide", "glass-ceramic-sulfide", "")
    # Crystalline Li2PO2N labelled "LIPON": not a LiPON glass; the label is kept and listed for curators.
    assert identity("Li2PO2N") == ("oxide", None, "LIPON")
    assert Material.objects.get(reduced_formula=normalise_formula("Li2PO2N")).family_mismatch == (
        "does not fit LiPON glass: O = 2 per formula, outside 2.4-4.2"
    )
    assert identity("Li10GeP2S12")[:2] == ("sulfide", "lgps")
    mismatch = Material.objects.get(reduced_formula=normalise_formula("Li6NBr3")).family_mismatch
    assert mismatch == "Li3MX6 halide is a halide family; the compound is a nitride"
    assert Material.objects.get(reduced_formula="LiAlCl4").family_mismatch == (
        "does not fit Li3MX6 halide: Li = 1.5 per formula, outside 2-4"
    )
