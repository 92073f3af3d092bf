"""The streaming importer: a file is read and written in bounded batches (memory follows the batch, not the
file), a row id seen in an earlier batch is still refused, and every import ends with an ANALYZE of the
tables it changed."""

from __future__ import annotations

import pytest
from django.db import connection

from electrolytes import evidence
from electrolytes.importers import engine, writing
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource
from electrolytes.models import ConductivityFit, Measurement

MAPPING = ColumnMapping(
    value="sigma", formula="formula", temperature="t", row_id="id", default_unit="S/cm", default_temperature_unit="K"
)


def spreadsheet(rows: int, *, repeat: int | None = None) -> str:
    lines = ["id,formula,sigma,t"]
    lines += [f"r{k},Li{2 + k % 20}PS4,{1 + k % 7}e-4,{200 + (k // 20) * 0.5}" for k in range(rows)]
    if repeat is not None:
        lines.append(f"r{repeat},Li3PS4,1e-4,300")
    return "\n".join(lines) + "\n"


class CountingSource(CuratorCsvSource):
    """Records how many rows the source had handed out, and not yet seen written, at its fullest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.handed_out = 0
        self.most_pending = 0

    def parse(self, text, progress):
        for item in super().parse(text, progress):
            self.handed_out += 1
            written = sum(self.writer_batches)
            self.most_pending = max(self.most_pending, self.handed_out - written)
            yield item


@pytest.mark.parametrize("rows", [1050, 4150])
def test_rows_are_written_in_bounded_batches(vocabulary, monkeypatch, rows):
    source = CountingSource(MAPPING, dataset_key="stream")
    seen: list[int] = []
    original = engine._Writer.write

    def write(self, batch, dataset):
        seen.append(len(batch))
        return original(self, batch, dataset)

    source.writer_batches = seen
    monkeypatch.setattr(engine._Writer, "write", write)
    report = engine.run_import(source, spreadsheet(rows).encode(), batch_rows=100)
    assert (report.rows, report.created, report.rejected) == (rows, rows, 0)
    assert report.batches == seen == [100] * (rows // 100) + [rows % 100]
    # Never more than one batch of parsed rows held at a time, whatever the file's length.
    assert source.most_pending <= 101
    assert Measurement.objects.filter(source_dataset__key="stream", is_derived=False).count() == rows


def test_row_id_of_an_earlier_batch_is_refused(vocabulary):
    report = engine.run_import(
        CuratorCsvSource(MAPPING, dataset_key="stream"), spreadsheet(250, repeat=7).encode(), batch_rows=100
    )
    assert (report.rows, report.created, report.rejected) == (251, 250, 1)
    assert [(i.row, i.column, i.text, i.reason) for i in report.issues] == [
        (252, "id", "r7", "Row id 'r7' appears earlier in the file.")
    ]
    assert report.batches == [100, 100, 50]


def analyze_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname, analyze_count FROM pg_stat_user_tables WHERE relname IN "
            "('electrolytes_measurement', 'electrolytes_material', 'electrolytes_historicalmeasurement', "
            "'electrolytes_reference', 'electrolytes_conductivityfit')"
        )
        return dict(cursor.fetchall())


def test_import_analyzes_the_tables_it_changed(vocabulary, django_capture_on_commit_callbacks):
    before = analyze_counts()
    # The ANALYZE runs once the import is committed (here: the test's transaction stands for the commit).
    with django_capture_on_commit_callbacks(execute=True):
        report = engine.run_import(CuratorCsvSource(MAPPING, dataset_key="stream"), spreadsheet(30).encode())
    assert report.created == 30
    after = analyze_counts()
    assert {table: after[table] - before.get(table, 0) for table in after} == {
        "electrolytes_measurement": 1,
        "electrolytes_material": 1,
        "electrolytes_historicalmeasurement": 1,
        "electrolytes_reference": 1,
        "electrolytes_conductivityfit": 1,
    }


def test_dry_run_analyzes_nothing(vocabulary, django_capture_on_commit_callbacks):
    before = analyze_counts()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        engine.run_import(CuratorCsvSource(MAPPING, dataset_key="stream"), spreadsheet(30).encode(), dry_run=True)
    assert callbacks == []
    assert analyze_counts() == before


def test_refit_reads_the_touched_materials_in_chunks_bounded_by_measurements(vocabulary, monkeypatch):
    # 20 compounds of 60 rows each at distinct temperatures (the spreadsheet above, 1200 rows); at most 130
    # measurements a chunk: two compounds (120) per chunk, never three (180).
    monkeypatch.setattr(writing, "FIT_CHUNK_MEASUREMENTS", 130)
    asked: list[list[int]] = []
    original = evidence.evidence_changed

    def evidence_changed(ids, **kwargs):
        ids = list(ids)
        asked.append(ids)
        # What this chunk's refit reads: its materials' measurements, none of another chunk's.
        read = Measurement.objects.filter(material_id__in=ids, is_derived=False).count()
        assert read <= 130
        return original(ids, **kwargs)

    monkeypatch.setattr(evidence, "evidence_changed", evidence_changed)
    report = engine.run_import(
        CuratorCsvSource(MAPPING, dataset_key="stream"), spreadsheet(1200).encode(), batch_rows=500
    )
    assert (report.rows, report.created, report.batches) == (1200, 1200, [500, 500, 200])
    assert report.refit_chunks == [(2, 120)] * 10
    assert [len(ids) for ids in asked] == [2] * 10
    refitted = [pk for ids in asked for pk in ids]
    stored = set(Measurement.objects.filter(source_dataset__key="stream").values_list("material_id", flat=True))
    assert sorted(refitted) == sorted(stored) and len(stored) == 20
    # Every compound got its fit (Arrhenius at least) from its own 60 points.
    fits = ConductivityFit.objects.filter(model="arrhenius")
    assert sorted(fits.values_list("n_points", flat=True)) == [60] * 20
    assert report.fits == ConductivityFit.objects.count()


def test_a_material_with_more_measurements_than_a_chunk_is_refitted_alone(vocabulary, monkeypatch):
    monkeypatch.setattr(writing, "FIT_CHUNK_MEASUREMENTS", 50)
    report = engine.run_import(CuratorCsvSource(MAPPING, dataset_key="stream"), spreadsheet(1200).encode())
    assert report.refit_chunks == [(1, 60)] * 20
    assert ConductivityFit.objects.filter(model="arrhenius").count() == 20


# --- Each batch's look-ups read what they look for, not everything written so far ---------------------------------


def _scans_of_measurements(plan: dict) -> list[dict]:
    found = [plan] if plan.get("Relation Name") == "electrolytes_measurement" else []
    for child in plan.get("Plans", ()):
        found += _scans_of_measurements(child)
    return found


def test_each_batch_looks_up_its_rows_through_an_index_condition_on_what_it_looks_for(vocabulary, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    # Statistics after the first batch, as a large import gathers them after its first 20,000 rows (written
    # with 5,000-row batches): the look-ups are planned from statistics that know the rows written so far.
    monkeypatch.setattr(writing, "ANALYZE_FIRST", 200)
    source = CuratorCsvSource(
        ColumnMapping(value="sigma", formula="formula", temperature="t", row_id="id", default_unit="S/cm",
                      default_temperature_unit="K", doi="doi"),
        dataset_key="stream",
    )  # fmt: skip
    lines = ["id,formula,sigma,t,doi"] + [
        f"r{k},Li{2 + k % 20}PS4,{1 + k % 7}e-4,{200 + k * 0.5},10.1000/paper.{k // 50}" for k in range(600)
    ]
    with CaptureQueriesContext(connection) as queries:
        report = engine.run_import(source, ("\n".join(lines) + "\n").encode(), batch_rows=200)
    assert (report.created, report.batches) == (600, [200, 200, 200])
    lookups = [q["sql"] for q in queries if 'FROM "electrolytes_measurement"' in q["sql"] and "FOR UPDATE" in q["sql"]]
    assert len(lookups) == 6  # per batch: its row ids, and the same papers' reports of its materials
    with connection.cursor() as cursor:
        for sql in lookups[-2:]:  # the last batch's, with the earlier batches' 400 rows in the table
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            scans = _scans_of_measurements(cursor.fetchone()[0][0]["Plan"])
            assert scans, sql
            for scan in scans:
                assert scan["Node Type"] != "Seq Scan", sql
                # An index scan's condition, or a bitmap scan's (the conditions of the indexes it combined).
                conditions = [scan.get("Index Cond", ""), scan.get("Recheck Cond", "")]
                # By row id, material, paper or primary key: never only by dataset (every row written so far).
                assert any(
                    key in condition
                    for condition in conditions
                    for key in ("source_row", "material_id", "reference_id", "(id = ")
                ), (scan["Node Type"], conditions, sql)


def test_a_long_import_gathers_statistics_as_it_goes(vocabulary, monkeypatch):
    def reltuples() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'electrolytes_measurement'")
            return cursor.fetchone()[0]

    gathered: list[tuple[int, int]] = []  # (rows the import had written, measurements in the table) at each
    original = writing.analyze_if_free

    def analyze_if_free(models):
        written = Measurement.objects.filter(source_dataset__key="second", is_derived=False).count()
        gathered.append((written, Measurement.objects.count()))
        return original(models)

    monkeypatch.setattr(writing, "analyze_if_free", analyze_if_free)
    before = reltuples()
    monkeypatch.setattr(writing, "ANALYZE_FIRST", 10**9)
    engine.run_import(CuratorCsvSource(MAPPING, dataset_key="first"), spreadsheet(300).encode(), batch_rows=100)
    assert gathered == [] and reltuples() == before  # below the first threshold: no statistics taken
    monkeypatch.setattr(writing, "ANALYZE_FIRST", 150)
    engine.run_import(CuratorCsvSource(MAPPING, dataset_key="second"), spreadsheet(450).encode(), batch_rows=100)
    # After 200 rows (the first batch past 150), then once they had doubled (400), inside the import's
    # transaction: the statistics count the rows the table held then, this import's uncommitted ones included.
    assert [created for created, _ in gathered] == [200, 400]
    assert reltuples() == gathered[-1][1]


def test_statistics_are_skipped_while_another_transaction_holds_their_lock(vocabulary):
    import psycopg2

    from electrolytes.db_stats import analyze_if_free

    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("ANALYZE electrolytes_measurement")  # inside its transaction: the lock stays held
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '7s'")
            assert analyze_if_free([Measurement]) is False
            cursor.execute("SELECT current_setting('lock_timeout')")
            assert cursor.fetchone()[0] == "7s"  # the caller's setting is back, and its transaction usable
            other.rollback()
            assert analyze_if_free([Measurement]) is True
    finally:
        other.close()
