"""BibTeX import, and the curator upload page in the admin (permission matrix, dry run, real run)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from electrolytes.importers.bibtex import BibtexSource
from electrolytes.importers.engine import run_import
from electrolytes.models import ImportRun, Measurement, Reference
from tests import factories

BIB = r"""
@article{Kamaya2011,
  title = {A lithium superionic conductor},
  author = {Kamaya, Noriaki and Homma, Kenji},
  journal = {Nature Materials}, year = {2011}, volume = {10}, pages = {682--686},
  doi = {https://doi.org/10.1038/NMAT3066}
}
@article{bad1, author = {Nobody}, year = {2020}}
@misc{set2025, title = {A {dataset}}, howpublished = {dataset}, year = {20x5}}
@book{Book1, title = {Solid State Ionics}, author = {Someone}, publisher = {Elsevier}, year = {1999}}
"""


def test_bibtex_import_fills_blanks_and_never_overwrites(db):
    factories.reference("doi-10-1038-nmat3066", doi="10.1038/nmat3066", title="Paper with DOI 10.1038/nmat3066")
    factories.reference("book1", title="Curated title", year=1999)
    report = run_import(BibtexSource(), BIB, file_name="refs.bib")
    assert (report.rows, report.created, report.updated, report.unchanged, report.rejected) == (4, 0, 2, 0, 2)
    assert [(i.row, i.column, i.text, i.reason) for i in report.issues] == [
        (2, "title", "", "Entry 'bad1' has no title."),
        (3, "year", "20x5", "The year must be four digits between 1800 and 2100."),
    ]
    kamaya = Reference.objects.get(doi="10.1038/nmat3066")
    assert (kamaya.title, kamaya.authors, kamaya.journal, kamaya.pages) == (
        "A lithium superionic conductor",
        ["Kamaya, Noriaki", "Homma, Kenji"],
        "Nature Materials",
        "682-686",
    )
    book = Reference.objects.get(key="book1")
    assert (book.title, book.authors, book.journal) == ("Curated title", ["Someone"], "Elsevier")
    again = run_import(BibtexSource(), BIB)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_bibtex_creates_new_references(db):
    report = run_import(BibtexSource(), BIB)
    assert report.created == 2
    assert sorted(Reference.objects.values_list("key", "kind", "year")) == [
        ("book1", "book", 1999),
        ("kamaya2011", "article", 2011),
    ]


def test_bibtex_key_clash_takes_a_key_no_stored_reference_has(db):
    """Same key, different paper: the new reference is numbered past every stored numbered key, not only past
    the keys the file names (smith2020-2 was stored by an earlier import)."""
    factories.reference("smith2020", doi="10.1000/first", title="First paper")
    factories.reference("smith2020-2", doi="10.1000/second", title="Second paper")
    bib = "@article{Smith2020, title = {Third paper}, author = {Smith, A.}, year = {2020}, doi = {10.1000/third}}"
    report = run_import(BibtexSource(), bib)
    assert (report.created, report.rejected) == (1, 0)
    assert sorted(Reference.objects.values_list("key", "doi")) == [
        ("smith2020", "10.1000/first"),
        ("smith2020-2", "10.1000/second"),
        ("smith2020-3", "10.1000/third"),
    ]


UPLOAD = reverse("admin:electrolytes_importrun_upload")
QUERIES = 7  # the same with 1 and 12 runs listed
CSV = "formula,sigma,t\nLi3PS4,1e-4,300\nLi3PS4,oops,310\n"


def post(client, **extra):
    data = {
        "source": "curator_csv",
        "file": SimpleUploadedFile("lab.csv", CSV.encode(), content_type="text/csv"),
        "dataset_key": "lab-sheet",
        "value_column": "sigma",
        "formula_column": "formula",
        "unit": "S/cm",
        "temperature_column": "t",
        "temperature_unit": "K",
        **extra,
    }
    return client.post(UPLOAD, data)


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous_client", 302), ("reader_client", 302), ("curator_client", 200)]
)
def test_upload_page_permissions(request, vocabulary, persona, status):
    client = request.getfixturevalue(persona)
    response = client.get(UPLOAD)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/")


def test_upload_dry_run_shows_report_and_writes_nothing(vocabulary, curator_client):
    response = post(curator_client, dry_run="on")
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        '<p id="import-summary">Dry run, nothing written. 2 rows: 1 created, 0 updated, 0 unchanged, 0 merged, '
        "1 rejected; "
        "0 fits would be computed.</p>"
    ) in body
    assert "<td>3</td><td>sigma</td><td>oops</td><td>&#x27;oops&#x27; is not a number.</td><td>rejected</td>" in body
    assert (Measurement.objects.count(), ImportRun.objects.count(), Reference.objects.count()) == (0, 0, 0)


def test_upload_real_run_writes_and_records(vocabulary, curator_client, curator):
    response = post(curator_client)
    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.rejected, run.user, run.file_name) == ("completed", 1, 1, curator, "lab.csv")
    assert Measurement.objects.get().source_dataset.key == "lab-sheet"
    report = curator_client.get(reverse("admin:electrolytes_importrun_report", args=[run.pk]))
    assert report.content.decode() == (
        "row,column,text,reason,outcome\n3,sigma,oops,'oops' is not a number.,rejected\n"
    )


def test_upload_form_names_missing_mapping(vocabulary, curator_client):
    response = post(curator_client, value_column="", dataset_key="")
    form = response.context["form"]
    assert form.errors == {
        "dataset_key": ["Name your spreadsheet as a dataset (a reference key)."],
        "value_column": ["Say which column holds the values."],
    }


def test_import_runs_list_links_the_report(vocabulary, curator_client):
    post(curator_client)
    post(curator_client, file=SimpleUploadedFile("lab2.csv", CSV.encode(), content_type="text/csv"))
    run = ImportRun.objects.first()
    response = curator_client.get(reverse("admin:electrolytes_importrun_changelist"))
    body = response.content.decode()
    assert f'<a href="/admin/electrolytes/importrun/{run.pk}/report.csv">CSV (1 rejected)</a>' in body
    assert '<a href="/admin/electrolytes/importrun/upload/" class="addlink">Import a file</a>' in body


@pytest.mark.parametrize("n", [1, 12])
def test_import_runs_list_query_count(curator, curator_client, django_assert_num_queries, n):
    ImportRun.objects.bulk_create(
        ImportRun(source="obelix", file_name=f"f{k}.csv", status="completed", user=curator, report_csv="x")
        for k in range(n)
    )
    with django_assert_num_queries(QUERIES):
        response = curator_client.get(reverse("admin:electrolytes_importrun_changelist"))
    assert response.content.decode().count("report.csv") == n
