"""Behaviour every importer shares, exercised through a curator's CSV: dry run, strict mode, the rejected-row
report, idempotency, an interrupted import, and a query count that does not grow with the file."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from electrolytes.importers import engine
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource
from electrolytes.models import ConductivityFit, ImportRun, Material, Measurement, Reference

GOOD = (
    "Formula;Sigma;Unit;T;DOI;Family\n"
    "Li7La3Zr2O12;1.2×10⁻⁴;S cm⁻¹;25 °C;10.1002/anie.200701144;garnet\n"
    "Li10GeP2S12;12;mS/cm;298 K;https://doi.org/10.1038/NMAT3066;LGPS\n"
    "Li3YCl6;<1E-10;S/cm;25;;\n"
)
BAD = GOOD + (
    "Xx2O;1;S/cm;25;;\n"
    "Li3PS4;abc;S/cm;25;;Thio LISICON\n"
    "Li3PS4;1e-4;eV;25;;\n"
    "Li3PS4;1e-4;S/cm;25;10.1038/nmat3066|nope;\n"
    "Li3PS4;1e-4;S/cm;25;;honeycomb\n"
)
MAPPING = ColumnMapping(
    value="sigma",
    formula="formula",
    unit="unit",
    temperature="T",
    default_temperature_unit="degC",
    doi="doi",
    family="family",
)


def source() -> CuratorCsvSource:
    return CuratorCsvSource(MAPPING, dataset_key="lab-sheet")


def snapshot() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Material, Measurement, Reference, ConductivityFit, ImportRun)
    }


EMPTY = {"Material": 0, "Measurement": 0, "Reference": 0, "ConductivityFit": 0, "ImportRun": 0}


def test_good_file_imports_with_provenance(vocabulary):
    report = engine.run_import(source(), GOOD.encode(), file_name="lab.csv")
    assert (report.rows, report.created, report.updated, report.unchanged, report.rejected) == (3, 3, 0, 0, 0)
    rows = list(
        Measurement.objects.order_by("source_row").values_list(
            "material__reduced_formula",
            "material__status",
            "material__family__slug",
            "material__electrolyte_class__slug",
            "value",
            "qualifier",
            "temperature_k",
            "reported_value",
            "reported_unit",
            "source_dataset__key",
            "source_row",
            "reference__doi",
        )
    )
    assert rows == [
        ("Li7La3Zr2O12", "draft", "garnet", "oxide", pytest.approx(1.2e-4), "=", 298.15, "1.2×10⁻⁴", "S cm⁻¹",
         "lab-sheet", "2", "10.1002/anie.200701144"),
        ("Li10GeP2S12", "draft", "lgps", "sulfide", pytest.approx(0.012), "=", 298.0, "12", "mS/cm",
         "lab-sheet", "3", "10.1038/nmat3066"),
        ("Li3YCl6", "draft", None, "halide", pytest.approx(1e-10), "<", 298.15, "<1E-10", "S/cm",
         "lab-sheet", "4", None),
    ]  # fmt: skip
    assert Reference.objects.get(key="lab-sheet").kind == "dataset"
    li3ycl6 = Material.objects.get(reduced_formula="Li3YCl6")
    assert li3ycl6.description == "Imported from a curator spreadsheet."
    assert (li3ycl6.electrolyte_class.slug, li3ycl6.class_origin, li3ycl6.class_rule) == (
        "halide",
        "inferred",
        "anion Cl (pymatgen oxidation-state guess), so halide",
    )
    run = ImportRun.objects.get()
    assert (run.source, run.status, run.created, run.rejected, run.report_csv) == ("curator_csv", "completed", 3, 0, "")


def test_imported_compounds_carry_their_optimade_formulas(vocabulary):
    engine.run_import(source(), GOOD.encode(), file_name="lab.csv")
    assert sorted(
        Material.objects.values_list("reduced_formula", "optimade_formula_reduced", "optimade_formula_anonymous")
    ) == [
        ("Li10GeP2S12", "GeLi10P2S12", "A12B10C2D"),
        ("Li3YCl6", "Cl6Li3Y", "A6B3C"),
        ("Li7La3Zr2O12", "La3Li7O12Zr2", "A12B7C3D2"),
    ]


def test_rejected_row_report(vocabulary):
    report = engine.run_import(source(), BAD.encode(), file_name="lab.csv")
    assert (report.created, report.rejected) == (3, 5)
    assert report.report_csv() == (
        "row,column,text,reason,outcome\n"
        "5,Formula,Xx2O,Unknown element 'Xx' in formula 'Xx2O'.,rejected\n"
        "6,Sigma,abc,'abc' is not a number.,rejected\n"
        "7,Unit,eV,Unit 'eV' cannot be converted to S/cm.,rejected\n"
        "8,DOI,10.1038/nmat3066|nope,'nope' is not a DOI (expected 10.<registrant>/<suffix>).,rejected\n"
        "9,Family,honeycomb,Unknown structure family.,rejected\n"
    )
    assert ImportRun.objects.get().report_csv == report.report_csv()
    assert Measurement.objects.count() == 3


def test_reimport_changes_nothing(vocabulary):
    engine.run_import(source(), GOOD.encode())
    before = list(Measurement.objects.order_by("id").values())
    report = engine.run_import(source(), GOOD.encode())
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 3, 0)
    assert list(Measurement.objects.order_by("id").values()) == before
    assert Material.objects.count() == 3


def test_changed_value_is_updated(vocabulary):
    engine.run_import(source(), GOOD.encode())
    report = engine.run_import(source(), GOOD.replace(";12;mS/cm", ";13;mS/cm").encode())
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Measurement.objects.get(source_row="3").value == pytest.approx(0.013)


def test_dry_run_writes_nothing_and_reports_what_a_real_run_would_do(vocabulary):
    dry = engine.run_import(source(), BAD.encode(), dry_run=True)
    assert snapshot() == {**EMPTY}
    real = engine.run_import(source(), BAD.encode())
    assert (dry.created, dry.updated, dry.unchanged, dry.rejected) == (real.created, real.updated, real.unchanged, 5)
    assert dry.report_csv() == real.report_csv()
    assert (
        dry.summary() == "Dry run, nothing written. 8 rows: 3 created, 0 updated, 0 unchanged, 0 merged, 5 rejected; "
        "0 fits would be computed."
    )


def test_strict_mode_writes_nothing_on_a_bad_file(vocabulary):
    report = engine.run_import(source(), BAD.encode(), strict=True)
    assert report.status == "refused"
    assert snapshot() == {**EMPTY, "ImportRun": 1}
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.rejected, run.strict) == ("refused", 0, 5, True)
    assert engine.run_import(source(), GOOD.encode(), strict=True).created == 3


def test_interrupted_import_leaves_no_trace(vocabulary, monkeypatch):
    def crash(self, measurements):
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine._Writer, "create_measurements", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        engine.run_import(source(), GOOD.encode(), file_name="lab.csv")
    # Materials, the dataset and the paper references were written before the crash; all rolled back.
    assert snapshot() == {**EMPTY, "ImportRun": 1}
    run = ImportRun.objects.get()
    assert (run.status, run.message, run.created) == ("failed", "RuntimeError: disk full", 0)


def test_duplicate_row_id_is_rejected(vocabulary):
    text = "id,formula,sigma,t\na1,Li3PS4,1e-4,300\na1,Li3PS4,2e-4,320\n"
    mapping = ColumnMapping(value="sigma", formula="formula", temperature="t", row_id="id", default_unit="S/cm",
                            default_temperature_unit="K")  # fmt: skip
    report = engine.run_import(CuratorCsvSource(mapping, dataset_key="ids"), text)
    assert [(i.row, i.column, i.text, i.reason) for i in report.issues] == [
        (3, "id", "a1", "Row id 'a1' appears earlier in the file.")
    ]


def test_material_named_in_the_row_must_exist(vocabulary):
    mapping = ColumnMapping(value="sigma", name="material", default_unit="S/cm", temperature="t",
                            default_temperature_unit="K")  # fmt: skip
    report = engine.run_import(
        CuratorCsvSource(mapping, dataset_key="names"), "material,sigma,t\nPEO-LiTFSI,1e-4,300\n"
    )
    assert [i.reason for i in report.issues] == ["No stored material has this name; give a formula."]


def test_bad_mapping_is_refused_before_reading(vocabulary):
    with pytest.raises(engine.BadFile, match="a formula or a name column is required"):
        CuratorCsvSource(ColumnMapping(value="sigma"), dataset_key="x")
    report = engine.run_import(
        CuratorCsvSource(ColumnMapping(value="sigma", formula="nope"), dataset_key="x"), "formula,sigma\n"
    )
    assert (report.status, report.message) == (
        "failed",
        "Column 'nope' (mapped as formula) is not in the file's header.",
    )
    assert Reference.objects.count() == 0


def csv_with(n: int) -> str:
    lines = ["formula,sigma,unit,t,doi"]
    lines += [f"Li{k + 2}PS4,{k + 1}e-5,S/cm,{290 + k},10.1000/paper{k % 3}" for k in range(n)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("n", [5, 40])
def test_query_count_does_not_grow_with_rows(vocabulary, django_assert_num_queries, n):
    mapping = ColumnMapping(value="sigma", formula="formula", unit="unit", temperature="t", doi="doi",
                            default_temperature_unit="K")  # fmt: skip
    src = CuratorCsvSource(mapping, dataset_key="bulk")
    with django_assert_num_queries(54):  # the same at 5 and 40 rows: no query per row
        report = engine.run_import(src, csv_with(n))
    assert report.created == n


def test_command_prints_summary_and_writes_report(vocabulary, tmp_path):
    path = tmp_path / "lab.csv"
    path.write_text(BAD, encoding="utf-8-sig")  # with a byte-order mark
    out = tmp_path / "report.csv"
    from io import StringIO

    stdout = StringIO()
    call_command(
        "import_curator_csv", str(path), "--dataset", "lab-sheet", "--formula-column", "Formula", "--value-column",
        "Sigma", "--unit-column", "Unit", "--temperature-column", "T", "--temperature-unit", "degC",
        "--doi-column", "DOI", "--family-column", "Family", "--report", str(out), "--no-progress", stdout=stdout,
    )  # fmt: skip
    assert stdout.getvalue() == (
        "lab.csv: 8 rows: 3 created, 0 updated, 0 unchanged, 0 merged, 5 rejected; 0 fits were computed.\n"
        f"5 rejected rows (5 problems) and 0 warnings listed in {out}\n"
    )
    assert out.read_text().splitlines()[1] == "5,Formula,Xx2O,Unknown element 'Xx' in formula 'Xx2O'.,rejected"


def test_command_refuses_missing_file(vocabulary):
    with pytest.raises(CommandError, match=r"No such file: /nonexistent\.csv"):
        call_command("import_curator_csv", "/nonexistent.csv", "--dataset", "x", "--value-column", "v")
