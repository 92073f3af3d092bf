"""Full imports of both open datasets (skipped, with the reason, when the data folder is absent)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from electrolytes.importers.bradford import BradfordSource
from electrolytes.importers.engine import run_import
from electrolytes.importers.obelix import ObelixSource
from electrolytes.models import ConductivityFit, Material, Measurement, Reference

pytestmark = pytest.mark.datasets
TFSI = "O=S(=O)([N-]S(=O)(=O)C(F)(F)F)C(F)(F)F.[Li+]"


def counts() -> tuple[int, ...]:
    return (
        Material.objects.filter(kind="compound").count(),
        Material.objects.filter(kind="mixture").count(),
        Measurement.objects.filter(is_derived=False).count(),
        Measurement.objects.filter(is_derived=True).count(),
        ConductivityFit.objects.count(),
    )


def test_obelix_full_import_and_reimport(vocabulary, open_data):
    report = run_import(ObelixSource(), open_data / "obelix" / "all.csv")
    # Values below 1e-14 S/cm are implausible, not impossible: kept, with a warning (issue 9).
    assert (report.rows, report.created, report.updated, report.unchanged, report.rejected) == (599, 599, 0, 0, 0)
    assert [(i.row, i.column, i.text, i.outcome) for i in report.issues if "implausible" in i.reason] == [
        (6, "value", "4.4e-18", "imported with warning"),
        (53, "value", "5.55e-18", "imported with warning"),
        (62, "value", "1.59881e-17", "imported with warning"),
        (108, "value", "4.2e-18", "imported with warning"),
    ]
    assert counts() == (505, 0, 626, 0, 0)  # rows sharing a composition share a material
    assert not Material.objects.filter(optimade_formula_reduced="").exists()
    assert not Material.objects.filter(optimade_formula_anonymous="").exists()
    dataset = Reference.objects.get(doi="10.48550/arxiv.2502.14234")
    assert (dataset.key, dataset.kind, dataset.licence) == ("obelix", "dataset", "CC BY 4.0")
    first = Measurement.objects.get(source_row="jqc")
    assert (first.material.name, first.material.family, first.material.electrolyte_class.slug) == (
        "Li7BiO6",
        None,
        "oxide",
    )
    assert (first.value, first.temperature_k, first.reference.doi) == (1.58489e-06, 298.15, "10.1002/zaac.200500231")
    several = Measurement.objects.filter(notes__contains="Also reported in:").count()
    assert several == 6
    bounded = Measurement.objects.filter(qualifier="<", reported_value="<1E-10").count()
    assert bounded == 36

    again = run_import(ObelixSource(), open_data / "obelix" / "all.csv")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 599, 0)
    assert counts() == (505, 0, 626, 0, 0)


def test_bradford_full_import_fits_and_reimport(vocabulary, open_data):
    path = open_data / "polymer_bradford" / "clean_train_data.csv"
    report = run_import(BradfordSource(), path)
    assert (report.rows, report.created, report.updated, report.unchanged, report.rejected) == (10114, 10114, 0, 0, 0)
    # 9 below 1e-14 S/cm: implausible, kept with a warning (issue 9)
    assert len([i for i in report.issues if "implausible" in i.reason]) == 9
    assert counts() == (0, 1622, 10114, 1697, 1657)
    assert report.fits == 1657
    # Issue 10: names say host, salt and EO:Li (from the molality) and Mw, as people write them.
    peo = Material.objects.get(name="PEO-LiTFSI, EO:Li 20:1, Mw 5M", components__amount=1.13507378)
    assert [(c.role, c.name, c.amount, c.amount_unit) for c in peo.components.all()] == [
        ("polymer_host", "PEO", None, ""),
        ("lithium_salt", "LiTFSI", 1.13507378, "mol/kg"),
    ]
    # Both spellings of LiTFSI and of LiClO4 end up as one salt.
    assert not Measurement.objects.filter(material__components__smiles__startswith="O=S([N-]").exists()
    assert not Measurement.objects.filter(material__components__smiles__startswith="O=Cl(").exists()
    preferred = ConductivityFit.objects.filter(is_preferred=True)
    assert preferred.count() == preferred.values("material", "source").distinct().count()

    again = run_import(BradfordSource(), path)
    assert (again.created, again.updated, again.unchanged, again.rejected, again.fits) == (0, 0, 10114, 0, 0)
    assert counts() == (0, 1622, 10114, 1697, 1657)


def test_open_datasets_command_dry_run_writes_nothing(vocabulary, open_data, capsys):
    call_command("import_open_datasets", str(open_data), "--dry-run", "--no-progress")
    assert counts() == (0, 0, 0, 0, 0)
    assert "Dry run, nothing written. 599 rows: 599 created" in capsys.readouterr().out


def test_curated_rows_and_materials_are_recognised_not_duplicated(knowledge, open_data):
    """fixtures/04_materials.json already holds some OBELiX and Bradford rows (same dataset + row id)."""
    curated = {
        key: set(Measurement.objects.filter(source_dataset__key=key).values_list("source_row", flat=True))
        for key in ("obelix", "bradford2023")
    }
    materials_before = Material.objects.count()
    obelix = run_import(ObelixSource(), open_data / "obelix" / "all.csv")
    bradford = run_import(BradfordSource(), open_data / "polymer_bradford" / "clean_train_data.csv")
    assert obelix.unchanged == len(curated["obelix"]) and obelix.created == 599 - len(curated["obelix"])
    assert bradford.unchanged == len(curated["bradford2023"])
    assert bradford.created == 10114 - len(curated["bradford2023"])
    assert Measurement.objects.get(source_dataset__key="obelix", source_row="1hh").material.slug == "li10gep2s12"
    row = Measurement.objects.get(source_dataset__key="bradford2023", source_row="1202")
    assert (row.material.slug, row.temperature_k) == ("peo-litfsi-1-14molkg-mw5000k", 298.15)
    # The curated PEO-LiTFSI material gained the dataset's other rows of that formulation, not a twin.
    twins = (
        Material.objects.filter(components__smiles="[Cu]OCC[Au]", components__molecular_weight=5e6)
        .filter(components__smiles=TFSI, components__amount__gt=1.1357, components__amount__lt=1.1359)
        .values_list("slug", flat=True)
    )
    assert list(twins) == ["peo-litfsi-1-14molkg-mw5000k"]
    assert Reference.objects.filter(key__startswith="bradford").count() == 1  # the fixtures' dataset is reused
    assert Material.objects.count() - materials_before == obelix.materials_created + bradford.materials_created
