"""Files an importer cannot use are refused in words, from the commands and the admin upload page alike;
a header-only file writes nothing; each run's report has a file of its own under reports/."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from electrolytes.importers import engine
from electrolytes.importers.bibtex import BibtexSource
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource
from electrolytes.importers.obelix import ObelixSource
from electrolytes.models import ImportRun, Material, Measurement, Reference

pytestmark = pytest.mark.django_db

# Bytes of a zip archive (an .xlsx saved where a CSV was expected): the csv module alone would say
# "new-line character seen in unquoted field".
BINARY = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb2\r\x8a\x1e\x9d\x01\x00\x00\x1d\x07\x00\x00" * 40
HEADER_ONLY = "formula,sigma,t\n"
MAPPING = ColumnMapping(value="sigma", formula="formula", temperature="t", default_unit="S/cm")
COMMAND = ["--dataset", "lab-sheet", "--formula-column", "formula", "--value-column", "sigma"]
COMMAND += ["--temperature-column", "t", "--temperature-unit", "K", "--unit", "S/cm", "--no-progress"]
UPLOAD = reverse("admin:electrolytes_importrun_upload")


def counts() -> tuple[int, int, int]:
    return Material.objects.count(), Measurement.objects.count(), Reference.objects.count()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BINARY, "lab.csv is not a text CSV file (it holds binary data)."),
        (b"", "lab.csv is empty."),
        (b"  \r\n\n", "lab.csv is empty."),
        (b"formula,sigma,t\nLi3PS4,1e-4,\x00300\n", "lab.csv is not a text CSV file (it holds binary data)."),
    ],
)
def test_unusable_files_are_named_and_write_nothing(vocabulary, content, message):
    report = engine.run_import(CuratorCsvSource(MAPPING, dataset_key="lab-sheet"), content, file_name="lab.csv")
    assert (report.status, report.message) == ("failed", message)
    assert report.summary() == f"Import failed, nothing written: {message}"
    assert counts() == (0, 0, 0)
    assert ImportRun.objects.get().message == message


def test_binary_bibtex_is_not_a_text_bibtex_file(vocabulary):
    report = engine.run_import(BibtexSource(), BINARY, file_name="refs.bib")
    assert report.message == "refs.bib is not a text BibTeX file (it holds binary data)."


def test_unreadable_csv_names_the_file_and_the_reason(vocabulary):
    # Text, but a field the csv module refuses (a quote, then a value longer than its field limit).
    text = 'formula,sigma,t\n"' + "x" * 200_000 + "\n"
    report = engine.run_import(CuratorCsvSource(MAPPING, dataset_key="lab-sheet"), text.encode(), file_name="l.csv")
    assert report.status == "failed"
    assert report.message == "l.csv is not a readable CSV file: field larger than field limit (131072)."
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("source", ["curator", "obelix"])
def test_header_only_file_creates_nothing_not_even_the_dataset(request, vocabulary, source):
    if source == "curator":
        src, text = CuratorCsvSource(MAPPING, dataset_key="lab-sheet"), HEADER_ONLY
    else:
        path = request.getfixturevalue("open_data") / "obelix" / "all.csv"
        src, text = ObelixSource(), path.read_text(encoding="utf-8-sig").splitlines()[0] + "\n"
    before = counts()
    report = engine.run_import(src, text.encode(), file_name="head.csv")
    assert (report.status, report.rows, report.created) == ("completed", 0, 0)
    assert report.summary() == "The file has a header but no data rows: nothing written."
    assert counts() == before


def test_file_of_only_rejected_rows_creates_no_dataset_reference(vocabulary):
    report = engine.run_import(
        CuratorCsvSource(MAPPING, dataset_key="lab-sheet"), b"formula,sigma,t\nXx2O,1e-4,300\n", file_name="x.csv"
    )
    assert (report.rows, report.rejected) == (1, 1)
    assert not Reference.objects.filter(key="lab-sheet").exists()


def test_command_says_what_is_wrong_with_the_file(vocabulary, tmp_path):
    path = tmp_path / "lab.csv"
    path.write_bytes(BINARY)
    with pytest.raises(CommandError) as raised:
        call_command("import_curator_csv", str(path), *COMMAND)
    assert str(raised.value) == "Import failed, nothing written: lab.csv is not a text CSV file (it holds binary data)."
    path.write_bytes(b"")
    with pytest.raises(CommandError, match=r"^Import failed, nothing written: lab\.csv is empty\.$"):
        call_command("import_curator_csv", str(path), *COMMAND)
    path.write_text(HEADER_ONLY)
    stdout = StringIO()
    call_command("import_curator_csv", str(path), *COMMAND, stdout=stdout)
    assert stdout.getvalue() == "lab.csv: The file has a header but no data rows: nothing written.\n"
    assert counts() == (0, 0, 0)


def test_command_reports_go_to_the_checkouts_reports_folder_one_per_run(vocabulary, tmp_path, settings):
    settings.IMPORT_REPORT_DIR = tmp_path / "reports"
    path = tmp_path / "lab.csv"
    path.write_text("formula,sigma,t\nLi3PS4,1e-4,300\nLi3PS4,oops,310\n")
    for _ in range(2):
        call_command("import_curator_csv", str(path), *COMMAND, stdout=StringIO())
    runs = list(ImportRun.objects.order_by("id").values_list("id", flat=True))
    written = sorted(p.name for p in settings.IMPORT_REPORT_DIR.iterdir())
    assert written == [f"import-run-{run}-lab.csv.report.csv" for run in runs]
    for name in written:
        assert (settings.IMPORT_REPORT_DIR / name).read_text() == (
            "row,column,text,reason,outcome\n3,sigma,oops,'oops' is not a number.,rejected\n"
        )
    stdout = StringIO()
    call_command("import_curator_csv", str(path), *COMMAND, "--dry-run", stdout=stdout)
    dry = [p.name for p in settings.IMPORT_REPORT_DIR.iterdir() if p.name.startswith("import-dry-run-")]
    assert len(dry) == 1 and dry[0].endswith("-lab.csv.report.csv")
    assert str(settings.IMPORT_REPORT_DIR / dry[0]) in stdout.getvalue()


def test_default_report_folder_is_the_git_ignored_reports_of_the_checkout():
    assert Path(settings.IMPORT_REPORT_DIR) == settings.BASE_DIR / "reports"
    assert "reports/" in (settings.BASE_DIR / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BINARY, "lab.csv: Import failed, nothing written: lab.csv is not a text CSV file (it holds binary data)."),
        (b"", None),  # Django's own form refuses an empty upload
        (HEADER_ONLY.encode(), "lab.csv: The file has a header but no data rows: nothing written."),
    ],
)
def test_upload_page_says_the_same(vocabulary, curator_client, content, message):
    data = {
        "source": "curator_csv",
        "file": SimpleUploadedFile("lab.csv", content, content_type="text/csv"),
        "dataset_key": "lab-sheet",
        "value_column": "sigma",
        "formula_column": "formula",
        "unit": "S/cm",
        "temperature_column": "t",
        "temperature_unit": "K",
    }
    response = curator_client.post(UPLOAD, data, follow=True)
    assert response.status_code == 200
    if message is None:
        assert response.context["form"].errors == {"file": ["The submitted file is empty."]}
    else:
        assert message in [str(m) for m in response.context["messages"]]
    assert counts() == (0, 0, 0)
