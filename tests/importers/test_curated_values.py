"""A value a curator edited (admin or API) is never overwritten by an import, and concurrent writes to
one measurement row are serialised, so a row always agrees with itself."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from electrolytes import fitting, services
from electrolytes.importers import engine
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource
from electrolytes.models import ImportRun, Measurement
from tests.importers.vocabulary import create_vocabulary

FILE = "id,formula,sigma,unit,t\nr1,Li3PS4,0.2,mS/cm,300\nr2,Li6PS5Cl,2,mS/cm,300\n"
CHANGED = FILE.replace("0.2,mS/cm", "0.3,mS/cm")
MAPPING = ColumnMapping(
    value="sigma", formula="formula", unit="unit", temperature="t", row_id="id", default_temperature_unit="K"
)


def source() -> CuratorCsvSource:
    return CuratorCsvSource(MAPPING, dataset_key="lab-sheet")


def row(source_row: str = "r1") -> Measurement:
    return Measurement.objects.get(source_dataset__key="lab-sheet", source_row=source_row)


def stored(source_row: str = "r1") -> tuple:
    m = row(source_row)
    return (round(m.value, 9), m.reported_value, m.reported_unit, m.notes)


@pytest.mark.django_db
def test_value_edited_through_the_api_is_kept_and_reported(vocabulary, curator_client):
    engine.run_import(source(), FILE)
    response = curator_client.patch(
        f"/api/v1/measurements/{row().pk}/",
        {"value": 0.777, "unit": "mS/cm", "notes": "Re-measured by the curator."},
        content_type="application/json",
    )
    assert response.status_code == 200
    curated_at = row().curated_at
    assert curated_at is not None

    report = engine.run_import(source(), CHANGED, file_name="lab-v2.csv")
    assert stored() == (0.000777, "0.777", "mS/cm", "Re-measured by the curator.")
    assert (report.created, report.updated, report.unchanged, report.kept) == (0, 0, 2, 1)
    when = curated_at.strftime("%Y-%m-%d %H:%M UTC")
    line = (
        "2,ionic_conductivity,0.3 mS/cm,The stored Ionic conductivity 0.000777 S/cm (reported 0.777 mS/cm) was "
        f"edited by a curator on {when}; the file's 0.0003 S/cm was not written.,kept: edited by a curator"
    )
    assert report.report_csv() == f"row,column,text,reason,outcome\n{line}\n"
    assert report.summary() == (
        "2 rows: 0 created, 0 updated, 2 unchanged, 0 merged, 0 rejected; 0 fits were computed. "
        "1 value kept: edited by a curator."
    )
    assert ImportRun.objects.get(file_name="lab-v2.csv").report_csv == report.report_csv()
    assert report.rejected_rows == []


@pytest.mark.django_db
def test_value_edited_in_the_admin_is_kept(vocabulary, curator_client):
    engine.run_import(source(), FILE)
    m = row()
    form = {
        "material": m.material_id, "property": m.property_id, "qualifier": "=", "value": "0.5",
        "value_unit": "mS/cm", "temperature_k": "300", "temperature_unit": "K", "measured_part": m.measured_part,
        "method": "eis", "reference": "", "source_dataset": m.source_dataset_id, "source_row": "r1",
        "reported_value": "", "reported_unit": "", "notes": "Checked against the paper.",
    }  # fmt: skip
    response = curator_client.post(reverse("admin:electrolytes_measurement_change", args=[m.pk]), form)
    assert response.status_code == 302, response.content
    assert row().curated_at is not None

    report = engine.run_import(source(), CHANGED)
    assert stored() == (0.0005, "0.5", "mS/cm", "Checked against the paper.")
    assert report.kept == 1
    assert [i.outcome for i in report.issues] == ["kept: edited by a curator"]


@pytest.mark.django_db
def test_curated_value_the_file_agrees_with_is_simply_unchanged(vocabulary, curator_client):
    engine.run_import(source(), FILE)
    curator_client.patch(f"/api/v1/measurements/{row().pk}/", {"notes": "Looked at."}, content_type="application/json")
    report = engine.run_import(source(), FILE)
    assert (report.unchanged, report.kept, report.issues) == (2, 0, [])
    assert stored()[3] == "Looked at."


@pytest.mark.django_db
def test_uncurated_values_are_updated_with_their_reported_text(vocabulary):
    engine.run_import(source(), FILE)
    report = engine.run_import(source(), CHANGED)
    assert (report.updated, report.kept) == (1, 0)
    assert stored()[:3] == (0.0003, "0.3", "mS/cm")
    assert row().curated_at is None


@pytest.mark.django_db
def test_measurement_created_through_the_api_is_curated(vocabulary, curator_client):
    engine.run_import(source(), FILE)
    body = {"material": row().material.slug, "property": "ionic_conductivity", "value": 1, "unit": "mS/cm",
            "temperature": 320, "reference": None, "source_dataset": "lab-sheet", "source_row": "r3"}  # fmt: skip
    response = curator_client.post("/api/v1/measurements/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert row("r3").curated_at is not None
    assert row("r1").curated_at is None


# --- two connections at once -----------------------------------------------------------------------------


def wait_until_blocked(timeout: float = 20.0) -> None:
    """Until another backend of this database waits for a row lock (what the test is about to release)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("no connection ever waited for the row lock")


def in_thread(target, errors: list) -> threading.Thread:
    def run():
        try:
            target()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_import_waits_for_a_curators_uncommitted_edit_and_keeps_it(properties):
    create_vocabulary()
    engine.run_import(source(), FILE)
    target = row()
    locked, release, errors, reports = threading.Event(), threading.Event(), [], []

    def curator():
        with transaction.atomic():
            services.measurement_update(measurement=target, value=0.777, unit="mS/cm", notes="Curator's value.")
            locked.set()
            release.wait(20)

    curator_thread = in_thread(curator, errors)
    assert locked.wait(20)
    import_thread = in_thread(lambda: reports.append(engine.run_import(source(), CHANGED)), errors)
    wait_until_blocked()  # the import waits for the curator's row lock...
    release.set()  # ...which is released when the curator's transaction commits
    curator_thread.join(20)
    import_thread.join(20)
    assert errors == []
    assert stored() == (0.000777, "0.777", "mS/cm", "Curator's value.")
    assert (reports[0].kept, reports[0].updated) == (1, 0)


@pytest.mark.django_db(transaction=True)
def test_curators_edit_waits_for_a_running_import_and_applies_to_its_result(properties, monkeypatch):
    create_vocabulary()
    engine.run_import(source(), FILE)
    stale = row()  # what the curator's request read before the import started
    importing, release, errors = threading.Event(), threading.Event(), []
    refit = fitting.refit_materials

    def slow_refit(material_ids):
        importing.set()  # the import has written its rows and still holds their locks
        release.wait(20)
        return refit(material_ids)

    monkeypatch.setattr(fitting, "refit_materials", slow_refit)
    import_thread = in_thread(lambda: engine.run_import(source(), CHANGED), errors)
    assert importing.wait(20)
    curator_thread = in_thread(lambda: services.measurement_update(measurement=stale, notes="Checked."), errors)
    wait_until_blocked()
    release.set()
    import_thread.join(20)
    curator_thread.join(20)
    assert errors == []
    # The import's value with its own reported text, and the curator's note: one consistent row.
    assert stored() == (0.0003, "0.3", "mS/cm", "Checked.")
    assert row().curated_at is not None
