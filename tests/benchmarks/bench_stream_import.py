"""Benchmark: generate a 50 MB curator spreadsheet (about 760,000 rows) and import it, printing wall time and
peak memory (RSS) of the import.

    DATABASE_URL=postgres://... .venv/bin/python tests/benchmarks/bench_stream_import.py [rows]

A scratch database (TEST_DATABASE_NAME, default bench_stream_import) is created, migrated and dropped. The
spreadsheet is written to a temporary file, row by row: 19,000 papers of 40 rows each, every paper reporting
its own few compounds (Li-P-S formulas from a pool of 2,000, class given in a column) at a range of
temperatures, as a lab's collected measurements look. Targets (issue 13): under 2 minutes and under 500 MB peak.
Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(CHECKOUT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "electrolytes.settings")
os.environ.setdefault("TEST_DATABASE_NAME", "bench_stream_import")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# As in production (DEBUG=0): with DEBUG on, Django keeps the text of the last 9,000 queries, and a batch's
# lookups name thousands of row ids, so the log alone would grow to hundreds of megabytes.
settings.DEBUG = False

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from electrolytes.importers import writing  # noqa: E402
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource  # noqa: E402
from electrolytes.importers.engine import run_import  # noqa: E402
from tests.importers.vocabulary import create_vocabulary  # noqa: E402

TARGET_S = 120.0
TARGET_MB = 500.0
ROWS = 760_000
ROWS_PER_PAPER = 40
FORMULAS = [f"Li{2 + i % 40}P{1 + i // 40 % 5}S{4 + i // 200}" for i in range(2000)]


def write_spreadsheet(path: Path, rows: int) -> None:
    rng = random.Random(13)  # synthetic data, not security
    with path.open("w", encoding="utf-8") as out:
        out.write("ID,Formula,Class,Sigma,Unit,T (degC),DOI\n")
        for k in range(rows):
            paper = k // ROWS_PER_PAPER
            formula = FORMULAS[(paper * 7 + k % 3) % len(FORMULAS)]  # three compounds per paper
            temperature = 20 + (k % ROWS_PER_PAPER) * 2.5 + (k % 3) * 0.1
            sigma = rng.uniform(0.1, 9.9) * 10.0 ** rng.randint(-7, -2)
            out.write(f"row-{k:07d},{formula},sulfide,{sigma:.4g},S/cm,{temperature:.1f},10.5555/bench.{paper:06d}\n")


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class Ticker:
    """Prints, every 50,000 rows and at each refit chunk, how far the import is, so a run stopped early still
    tells its rate and memory."""

    def __init__(self, started: float):
        self.started, self.next = started, 50_000

    def __call__(self, stage, report, done, total) -> None:
        if stage == "rows" and report.rows < self.next:
            return
        self.next = report.rows + 50_000
        what = f"{report.rows} rows read" if stage == "rows" else f"refitted {done} of {total} materials"
        elapsed = time.perf_counter() - self.started
        print(f"  {elapsed:7.1f} s: {what}, peak RSS {peak_rss_mb():.0f} MB", flush=True)


class Split:
    """Wall time spent writing batches, refitting and committing (what is left of the import is reading and
    parsing the file): each is timed around its method while the import runs."""

    def __init__(self):
        self.seconds = {"write": 0.0, "refit": 0.0, "commit": 0.0}

    def timed(self, owner, name: str, part: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - started

        setattr(owner, name, wrapper)

    def line(self, total: float) -> str:
        parse = total - sum(self.seconds.values())
        return ", ".join(f"{part} {s:.1f} s" for part, s in {"parse": parse, **self.seconds}.items())


def server_cpu_s() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far, when the server runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("loaddata", str(CHECKOUT / "fixtures" / "00_properties.json"), verbosity=0)
        create_vocabulary()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "lab-sheet.csv"
            write_spreadsheet(path, rows)
            size_mb = path.stat().st_size / 1e6
            mapping = ColumnMapping(
                value="Sigma", formula="Formula", electrolyte_class="Class", unit="Unit", temperature="T (degC)",
                default_temperature_unit="degC", doi="DOI", row_id="ID",
            )  # fmt: skip
            split = Split()
            split.timed(writing._Writer, "flush", "write")
            split.timed(writing._Writer, "refit", "refit")
            split.timed(connection, "commit", "commit")
            before = peak_rss_mb()
            cpu_before = cpu_s()
            server_before = server_cpu_s()
            started = time.perf_counter()
            report = run_import(
                CuratorCsvSource(mapping, dataset_key="bench-lab"), path, record=False, on_progress=Ticker(started)
            )
            elapsed = time.perf_counter() - started
            cpu = cpu_s() - cpu_before
            server_after = server_cpu_s()
            peak = peak_rss_mb()
        ok = elapsed < TARGET_S and peak < TARGET_MB
        print(
            f"{size_mb:.1f} MB, {report.rows} rows in {elapsed:.1f} s = {report.rows / elapsed:.0f} rows/s "
            f"({cpu:.1f} s of this process's CPU; load average {os.getloadavg()[0]:.1f}) "
            f"({report.created} created, {report.rejected} rejected, {report.fits} fits, {len(report.batches)} "
            f"batches of at most {max(report.batches, default=0)} rows; refit in {len(report.refit_chunks)} chunks "
            f"of at most {max((n for _m, n in report.refit_chunks), default=0)} measurements); peak RSS {peak:.0f} MB "
            f"(before the import {before:.0f} MB); targets < {TARGET_S:g} s, < {TARGET_MB:g} MB: "
            f"{'ok' if ok else 'MISSED'}"
        )
        server = "" if server_before is None else f"; the server's CPU for it {server_after - server_before:.1f} s"
        print(f"time split: {split.line(elapsed)}{server}")
        if report.rejected:
            print("first problems:", [(i.row, i.reason) for i in report.rejected_rows[:3]])
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
