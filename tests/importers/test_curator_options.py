"""The curator CSV importer's options (fixed temperature), DOI spellings, free-text citations, exit codes and the
summary's separate counts of rejected rows and problems; new materials follow the class/family/alias rules."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from electrolytes.importers.engine import CITATION_FLAG
from electrolytes.models import Material, Measurement, Reference

pytestmark = pytest.mark.django_db


def run(tmp_path, text: str, *extra: str) -> str:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    stdout = StringIO()
    call_command(
        "import_curator_csv", str(path), "--dataset", "room-temperature-sheet", "--formula-column", "Formula",
        "--value-column", "Sigma", "--unit", "S/cm", "--doi-column", "DOI", "--no-progress",
        "--report", str(tmp_path / "report.csv"), *extra, stdout=stdout,
    )  # fmt: skip
    return stdout.getvalue()


def test_a_fixed_temperature_for_every_row(vocabulary, tmp_path):
    run(
        tmp_path, "Formula,Sigma,DOI\nLi3N,6e-4,\nLi6PS5Cl,3e-3,\n", "--temperature", "25", "--temperature-unit", "degC"
    )
    assert sorted(Measurement.objects.values_list("material__reduced_formula", "temperature_k")) == [
        ("Li3N", 298.15),
        ("Li6PS5Cl", 298.15),
    ]


def test_without_a_temperature_every_row_is_rejected_and_the_command_fails(vocabulary, tmp_path):
    with pytest.raises(CommandError, match=r"^No row of sheet\.csv could be imported \(2 rejected\)\.$"):
        run(tmp_path, "Formula,Sigma,DOI\nLi3N,6e-4,\nLi6PS5Cl,3e-3,\n")
    assert not Measurement.objects.exists()


def test_doi_org_and_dx_doi_org_spellings(vocabulary, tmp_path):
    run(
        tmp_path,
        "Formula,Sigma,DOI\nLi3N,6e-4,doi.org/10.1063/1.89694\nLi3InCl6,1.5e-3,https://dx.doi.org/10.1002/ADMA.201901131\n",
        "--temperature", "25", "--temperature-unit", "degC",
    )  # fmt: skip
    assert sorted(Measurement.objects.values_list("reference__doi", flat=True)) == [
        "10.1002/adma.201901131",
        "10.1063/1.89694",
    ]


def test_a_free_text_citation_keeps_the_value_as_a_flagged_reference(vocabulary, tmp_path):
    citation = "Rabenau, Solid State Ionics 6 (1982) 277"
    out = run(
        tmp_path, f'Formula,Sigma,DOI\nLi3N,6e-4,"{citation}"\n', "--temperature", "298", "--temperature-unit", "K"
    )
    measurement = Measurement.objects.select_related("reference").get()
    assert (measurement.value, measurement.reference.title, measurement.reference.kind) == (6e-4, citation, "other")
    assert measurement.reference.notes.startswith(CITATION_FLAG)
    assert "1 rejected" not in out and "0 rejected rows (0 problems) and 1 warning listed in" in out
    report = (tmp_path / "report.csv").read_text().splitlines()
    assert report[1] == (
        f'2,DOI,"{citation}",'
        '"Not a DOI: kept as a reference made from this citation text, flagged for curation.",imported with warning'
    )
    run(tmp_path, f'Formula,Sigma,DOI\nLi3N,6e-4,"{citation}"\n', "--temperature", "298", "--temperature-unit", "K")
    assert Reference.objects.filter(title=citation).count() == 1  # a re-import finds it again


def test_a_doi_with_junk_is_still_rejected(vocabulary, tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path, "Formula,Sigma,DOI\nLi3N,6e-4,10.1063/1.89694|nope\n", "--temperature", "25",
            "--temperature-unit", "degC")  # fmt: skip


def test_summary_counts_rejected_rows_and_problems_separately(vocabulary, tmp_path):
    out = run(
        tmp_path,
        "Formula,Sigma,DOI\nLi3N,6e-4,\nXx2O,abc,\n",
        "--temperature", "25", "--temperature-unit", "degC",
    )  # fmt: skip
    assert "sheet.csv: 2 rows: 1 created, 0 updated, 0 unchanged, 0 merged, 1 rejected" in out
    assert "1 rejected row (2 problems) and 0 warnings listed in" in out


def test_new_materials_follow_the_class_family_and_alias_rules(vocabulary, tmp_path):
    run(
        tmp_path,
        "Formula,Sigma,DOI,Family\nLi3N,6e-4,,\nLi6.4La3Zr1.4Ta0.6O12,1e-3,,LLZO\nLi6NBr3,1e-6,,halides\n",
        "--temperature", "25", "--temperature-unit", "degC", "--family-column", "Family",
    )  # fmt: skip
    rows = {
        m.reduced_formula: (m.electrolyte_class.slug, m.class_origin, m.family.slug if m.family else None)
        for m in Material.objects.select_related("electrolyte_class", "family")
    }
    assert rows == {
        "Li3N": ("nitride", "inferred", None),
        "Li6.4La3Zr1.4Ta0.6O12": ("oxide", "inferred", "garnet"),
        "Li6Br3N": ("nitride", "inferred", None),
    }
    assert Material.objects.get(reduced_formula="Li6Br3N").family_mismatch == (
        "Chlorides is a halide family; the compound is a nitride"
    )
