"""What every import_* management command shares: options, progress bar, summary and report file."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from .engine import BadFile, ImportReport, Source, run_import


def report_path(report: ImportReport, path: Path) -> Path:
    """Where a run's report goes by default: the checkout's own reports/ folder (settings.IMPORT_REPORT_DIR),
    named after the ImportRun's id (a dry run, which records no run, after its time and a random suffix), so
    that no run, and no other checkout, overwrites another's report."""
    if report.run_id is not None:
        run = f"run-{report.run_id}"
    else:
        run = f"dry-run-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid4().hex[:8]}"
    return Path(settings.IMPORT_REPORT_DIR) / f"import-{run}-{path.name}.report.csv"


def tqdm_progress(stream):
    """A progress bar on stderr that only appears when the step takes more than a second."""

    def progress(iterable: Iterable, description: str = "", total: int = 0) -> Iterable:
        return tqdm(iterable, desc=description, total=total or None, delay=1.0, file=stream, leave=False)

    return progress


class ImportCommand(BaseCommand):
    """Base for the import commands: ``<path> [--dry-run] [--strict] [--report FILE] [--no-progress]``."""

    file_help = "Path of the file to import."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=self.file_help)
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument("--strict", action="store_true", help="Write nothing if any row is bad.")
        parser.add_argument(
            "--report",
            type=Path,
            help="Where to write the rejected-row report (CSV). Default: "
            "reports/import-run-<id>-<file name>.report.csv in the checkout, when there is anything to report.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def make_source(self, options) -> Source:
        raise NotImplementedError

    def build_source(self, options) -> Source:
        try:
            return self.make_source(options)
        except BadFile as exc:
            raise CommandError(str(exc)) from None

    def handle(self, *args, **options) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        report = self.last_report = self.import_file(self.build_source(options), path, options)
        if report.status == "failed":
            raise CommandError(report.summary())

    def import_file(self, source: Source, path: Path, options) -> ImportReport:
        progress = (lambda it, *_a, **_k: it) if options.get("no_progress") else tqdm_progress(self.stderr._out)
        try:
            report = run_import(
                source,
                path,
                file_name=path.name,
                dry_run=options.get("dry_run", False),
                strict=options.get("strict", False),
                progress=progress,
            )
        except Exception as exc:  # the transaction was rolled back: say so instead of a traceback
            raise CommandError(f"{path.name}: import failed, nothing written: {type(exc).__name__}: {exc}") from exc
        style = self.style.SUCCESS if report.wrote and not report.rejected else self.style.WARNING
        self.stdout.write(style(f"{path.name}: {report.summary()}"))
        if report.issues:
            target = options.get("report") or report_path(report, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(report.report_csv(), encoding="utf-8")
            problems = len(report.rejected_rows)
            warnings = len(report.issues) - problems
            self.stdout.write(
                f"{report.rejected} rejected row{'s' if report.rejected != 1 else ''} "
                f"({problems} problem{'s' if problems != 1 else ''}) and {warnings} warning"
                f"{'s' if warnings != 1 else ''} listed in {target}"
            )
        return report
