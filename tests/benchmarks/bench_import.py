"""Benchmark: import OBELiX and the Bradford polymer set into a scratch database and print rows per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python tests/benchmarks/bench_import.py [data dir]

The data folder defaults to ELECTROLYTES_DATA_DIR, else ../shared/data next to the checkout. A scratch
database (named from TEST_DATABASE_NAME, default bench_import) is created, migrated and dropped afterwards.
Targets on a 2-core machine: OBELiX under 10 s, Bradford under 30 s (each including its fits).
Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(CHECKOUT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "electrolytes.settings")
os.environ.setdefault("TEST_DATABASE_NAME", "bench_import")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from electrolytes.importers.bradford import BradfordSource  # noqa: E402
from electrolytes.importers.engine import run_import  # noqa: E402
from electrolytes.importers.obelix import ObelixSource  # noqa: E402
from tests.importers.vocabulary import create_vocabulary  # noqa: E402

TARGETS_S = {"OBELiX": 10.0, "Bradford": 30.0}


def main() -> int:
    folder = Path(
        sys.argv[1]
        if len(sys.argv) > 1
        else os.environ.get("ELECTROLYTES_DATA_DIR", "") or CHECKOUT.parent / "shared" / "data"
    )
    files = [
        ("OBELiX", ObelixSource, folder / "obelix" / "all.csv"),
        ("Bradford", BradfordSource, folder / "polymer_bradford" / "clean_train_data.csv"),
    ]
    if not all(path.is_file() for _n, _s, path in files):
        print(f"Open datasets not found in {folder}; nothing to measure.")
        return 1
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failed = False
    try:
        call_command("loaddata", str(CHECKOUT / "fixtures" / "00_properties.json"), verbosity=0)
        create_vocabulary()
        for name, source_class, path in files:
            started = time.perf_counter()
            report = run_import(source_class(), path, file_name=path.name, record=False)
            elapsed = time.perf_counter() - started
            again_started = time.perf_counter()
            again = run_import(source_class(), path, file_name=path.name, record=False)
            again_elapsed = time.perf_counter() - again_started
            ok = elapsed < TARGETS_S[name]
            failed |= not ok
            print(
                f"{name:9s} {report.rows:6d} rows in {elapsed:6.2f} s = {report.rows / elapsed:7.0f} rows/s "
                f"({report.created} created, {report.rejected} rejected, {report.fits} fits); "
                f"re-import {again_elapsed:5.2f} s ({again.unchanged} unchanged); "
                f"target < {TARGETS_S[name]:g} s: {'ok' if ok else 'MISSED'}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
