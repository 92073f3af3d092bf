"""The OBELiX import with the 321 CIFs beside all.csv: exact counts of every flag, idempotence, reports."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command

from electrolytes.importers.engine import run_import
from electrolytes.importers.obelix import ObelixSource, cif_folder_beside
from electrolytes.models import CrystalStructure, Material

pytestmark = pytest.mark.datasets


def flag_counts() -> dict[str, int]:
    qs = CrystalStructure.objects.all()
    return {
        "structures": qs.count(),
        "materials": qs.values("material").distinct().count(),
        "representative": qs.filter(is_representative=True).count(),
        "no_lithium": qs.filter(no_lithium=True).count(),
        "composition_mismatch": qs.filter(composition_mismatch=True).count(),
        "close_match": qs.filter(is_close_match=True).count(),
        "positions_perturbed": qs.filter(positions_perturbed=True).count(),
        "partial_occupancy": qs.filter(has_partial_occupancy=True).count(),
        "mp_id": qs.exclude(mp_id="").count(),
    }


EXPECTED = {
    "structures": 321,
    "materials": 283,  # rows sharing a composition share a material, each row keeps its own structure
    "representative": 283,
    "no_lithium": 7,
    "composition_mismatch": 27,
    "close_match": 61,
    "positions_perturbed": 321,  # OBELiX added noise to every position
    "partial_occupancy": 249,
    "mp_id": 2,
}


def test_all_321_cifs_import_with_exact_flag_counts(vocabulary, open_data):
    path = open_data / "obelix" / "all.csv"
    report = run_import(ObelixSource(cif_dir=cif_folder_beside(path)), path)
    # Since the evidence work no row is refused: values below 1e-14 S/cm are kept, flagged as implausible.
    assert (report.rows, report.created, report.rejected) == (599, 599, 0)
    assert (report.structures_created, report.structures_updated, report.structures_unchanged) == (321, 0, 0)
    assert report.structures_rejected == 0
    assert report.summary().endswith("321 crystal structures: 321 created, 0 updated, 0 unchanged, 0 rejected.")
    assert flag_counts() == EXPECTED

    no_li = CrystalStructure.objects.get(source_row="5tl")  # upstream issue #8: the CIF lost its Li
    assert (no_li.material.formula, no_li.formula, no_li.no_lithium, no_li.composition_mismatch) == (
        "La0.62Li0.14TiO3",
        "La1.24Ti2O6",
        True,
        True,
    )
    assert no_li.composition_difference == pytest.approx(0.14 / 4.76, abs=1e-4)  # exactly the missing Li
    mp = CrystalStructure.objects.get(source_row="4p7")
    assert (mp.material.formula, mp.mp_id, mp.is_close_match, mp.reference) == ("Li3ClO", "mp-985585", True, None)
    assert (mp.space_group_number_given, mp.space_group_number_found, mp.space_group_found) == (221, 221, "Pm-3m")
    own = CrystalStructure.objects.get(source_row="jqc")
    assert (own.reference.doi, own.is_close_match, own.source_kind) == ("10.1002/zaac.200500231", False, "dataset")
    assert (own.source_dataset.key, own.source_dataset.licence) == ("obelix", "CC BY 4.0")  # the attribution
    assert own.cif_text == (open_data / "obelix" / "cifs" / "jqc.cif").read_text()
    # A row with an implausibly low conductivity (4.4e-18 S/cm) is kept, flagged in the report, with its structure.
    low = CrystalStructure.objects.get(source_row="7cr")
    assert (low.material.formula, low.material.measurements.count()) == ("Li2NaBP2O8", 1)
    # Representatives: each material has exactly one, the least doubtful of its structures.
    for material in Material.objects.filter(structures__isnull=False).distinct().prefetch_related("structures"):
        structures = list(material.structures.all())
        chosen = [s for s in structures if s.is_representative]
        assert len(chosen) == 1
        assert not any((s.no_lithium, s.composition_mismatch) < (chosen[0].no_lithium, chosen[0].composition_mismatch)
                       for s in structures)  # fmt: skip

    again = run_import(ObelixSource(cif_dir=cif_folder_beside(path)), path)
    assert (again.structures_created, again.structures_updated, again.structures_unchanged) == (0, 0, 321)
    assert flag_counts() == EXPECTED


def test_dry_run_reports_structures_and_writes_none(vocabulary, open_data, capsys):
    call_command("import_obelix", str(open_data / "obelix" / "all.csv"), "--dry-run", "--no-progress")
    assert CrystalStructure.objects.count() == 0
    assert "321 crystal structures: 321 created, 0 updated, 0 unchanged, 0 rejected." in capsys.readouterr().out


def test_changed_bad_and_missing_cifs_are_reported_per_row(vocabulary, open_data, tmp_path):
    folder = tmp_path / "obelix"
    folder.mkdir()
    shutil.copy(open_data / "obelix" / "all.csv", folder / "all.csv")
    shutil.copytree(open_data / "obelix" / "cifs", folder / "cifs")
    run_import(ObelixSource(cif_dir=folder / "cifs"), folder / "all.csv")
    curated = CrystalStructure.objects.get(source_row="jqc")
    curated.label = "triclinic, as published"
    curated.save()

    jqc = folder / "cifs" / "jqc.cif"
    jqc.write_text(jqc.read_text().replace("_cell_length_a   5.44268689", "_cell_length_a   5.60000000"))
    (folder / "cifs" / "oi6.cif").write_text("not a CIF at all\n")
    (folder / "cifs" / "00x.cif").unlink()
    report = run_import(ObelixSource(cif_dir=folder / "cifs"), folder / "all.csv")
    assert (report.structures_created, report.structures_updated, report.structures_unchanged) == (0, 1, 318)
    assert report.structures_rejected == 2
    issues = {(i.column, i.text, i.reason, i.outcome) for i in report.issues if i.column == "Cif ID"}
    assert issues == {
        ("Cif ID", "oi6.cif", "Structure not imported: pymatgen cannot read this CIF: Invalid CIF file with no "
         "structures!", "imported without its structure"),
        ("Cif ID", "00x.cif", "The row says its CIF is done, but the file is missing.",
         "imported without its structure"),
    }  # fmt: skip
    changed = CrystalStructure.objects.get(source_row="jqc")
    assert (changed.a, changed.label) == (5.6, "triclinic, as published")  # the curator's label is kept
    # A structure already stored stays when its file turns bad: nothing is deleted by a re-import.
    assert CrystalStructure.objects.filter(source_row__in=["oi6", "00x"]).count() == 2
    assert report.rejected == 0
