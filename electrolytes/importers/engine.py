"""The import engine shared by every data source: read, validate and write a file in bounded batches, in one
transaction.

A source module turns a file into ``ParsedRow`` objects (or ``RowError`` lists for bad rows); ``writing``
resolves materials and references with lookups, writes with bulk operations a batch at a time, and refits the
conductivities it touched. A dry run does the same work inside a transaction it rolls back, so it reports
exactly what a real run would do and writes nothing. The parts live by topic: ``specs`` (what a row and a
report are), ``reading`` (the file as a stream of rows), ``writing`` (the batches into the database); the
names are re-exported here for the sources and callers that import them from the engine.
"""

from __future__ import annotations

import csv
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.db import transaction

from electrolytes.db_stats import analyze
from electrolytes.models import ImportRun
from electrolytes.models.references import placeholder_title

from .reading import check_text, csv_records, open_text, read_text
from .specs import (
    CITATION_FLAG,
    KEPT_CURATED,
    BadFile,
    ImportAborted,
    ImportReport,
    MaterialSpec,
    MeasurementSpec,
    OnProgress,
    ParsedRow,
    Progress,
    RowError,
    Source,
    no_progress,
    no_report,
)
from .writing import BATCH_ROWS, _record, _SameReport, _Writer

__all__ = [
    "BATCH_ROWS",
    "CITATION_FLAG",
    "KEPT_CURATED",
    "BadFile",
    "ImportAborted",
    "ImportReport",
    "MaterialSpec",
    "MeasurementSpec",
    "OnProgress",
    "ParsedRow",
    "Progress",
    "RowError",
    "Source",
    "_SameReport",
    "_Writer",
    "check_text",
    "csv_records",
    "no_progress",
    "no_report",
    "open_text",
    "placeholder_title",
    "read_text",
    "run_import",
]


GC_THRESHOLD = 50_000  # allocations between the cyclic collector's young collections during an import


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector, tuned for an import: every batch allocates hundreds of thousands of
    objects (rows, specs, model instances) that live until the batch is written, and with the default
    threshold (700) the collector scans them, and everything loaded before (Django, pymatgen), over and over:
    about a third of an import's time. What exists when the import starts is frozen (never scanned) and
    young collections wait for GC_THRESHOLD allocations; both are restored at the end."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def run_import(
    source: Source,
    data: bytes | str | Path | IO,
    *,
    file_name: str = "",
    dry_run: bool = False,
    strict: bool = False,
    user=None,
    progress: Progress = no_progress,
    record: bool = True,
    batch_rows: int = BATCH_ROWS,
    on_progress: OnProgress = no_report,
) -> ImportReport:
    """Import one file. Each row is all-or-nothing; the whole file is one transaction.

    Default mode writes the valid rows and reports the bad ones; ``strict`` writes nothing if any row is bad;
    ``dry_run`` writes nothing at all. A real run (not a dry run) is recorded as an ImportRun, including
    failed and refused ones. Exceptions other than a bad file are re-raised after the rollback.

    The file is read as a stream and written ``batch_rows`` rows at a time; ``on_progress`` hears after each
    batch (and each chunk of refits) how far the run has got. After a real run that wrote, the tables it
    changed are ANALYZEd so the planner knows their new sizes.
    """
    started = time.monotonic()
    name = file_name or (data.name if isinstance(data, Path) else "upload")
    report = ImportReport(source=source.source, file_name=name, dry_run=dry_run, strict=strict)
    kind = "BibTeX" if source.source == ImportRun.Source.BIBTEX else "CSV"
    writer = _Writer(source, report, progress, batch_rows=batch_rows, on_progress=on_progress)
    text = None
    try:
        text = open_text(data)
        check_text(text, file_name=name, kind=kind)
        with transaction.atomic(), fewer_collections():
            try:
                writer.run(text)
            except csv.Error as exc:  # the csv module's own words name no file and no remedy
                raise BadFile(f"{name} is not a readable {kind} file: {exc}.") from None
            if strict and report.rejected:
                report.status = ImportRun.Status.REFUSED
                raise ImportAborted
            if dry_run:
                raise ImportAborted
    except ImportAborted:
        pass
    except BadFile as exc:
        report.status, report.message = ImportRun.Status.FAILED, str(exc)
    except Exception as exc:
        report.status, report.message = ImportRun.Status.FAILED, f"{type(exc).__name__}: {exc}"
        report.duration_s = time.monotonic() - started
        if record and not dry_run:
            report.run_id = _record(report, user).pk
        raise
    finally:
        if text is not None:
            text.close()
    report.batches = writer.batches
    if report.wrote and writer.changed:
        # Once the rows are committed (at once outside a transaction; inside a caller's, when it commits).
        changed = set(writer.changed)
        transaction.on_commit(lambda: analyze(changed))
    report.duration_s = time.monotonic() - started
    if record and not dry_run:
        report.run_id = _record(report, user).pk
    return report
