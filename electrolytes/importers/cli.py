"""What every import_* management command shares: options, progress bar, summary and report file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from .engine import BadFile, ImportReport, Source, no_report, run_import


def report_path(report: ImportReport, path: Path) -> Path:
    """Where a run's report goes by default: the checkout's own reports/ folder (settings.IMPORT_REPORT_DIR),
    named after the ImportRun's id (a dry run, which records no run, after its time and a random suffix), so
    that no run, and no other checkout, overwrites another's report."""
    if report.run_id is not None:
        run = f"run-{report.run_id}"
    else:
        run = f"dry-run-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid4().hex[:8]}"
    return Path(settings.IMPORT_REPORT_DIR) / f"import-{run}-{path.name}.report.csv"


class RowsBar:
    """The command's progress, on stderr until the end: bytes of the file read, with the rows read, written and
    rejected so far; then the refits. Appears only when the import takes more than a second."""

    def __init__(self, stream, size: int):
        self.stream = stream
        self.bar = tqdm(total=size, unit="B", unit_scale=True, desc="Importing", delay=1.0, file=stream, leave=False)
        self.fits = None

    def __call__(self, stage: str, report: ImportReport, done: int, total: int) -> None:
        if stage == "rows":
            self.bar.update(report.bytes_read - self.bar.n)
            written = report.created + report.updated + report.merged + report.unchanged
            self.bar.set_postfix_str(f"{report.rows} rows read, {written} written, {report.rejected} rejected")
            return
        if self.fits is None:
            self.fits = tqdm(total=total, desc="Refitting materials", delay=1.0, file=self.stream, leave=False)
        self.fits.update(done - self.fits.n)

    def close(self) -> None:
        self.bar.close()
        if self.fits is not None:
            self.fits.close()


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
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the import as a job for the worker (manage.py db_worker) and return at once; follow it "
            "under Jobs in the admin. The worker must see the same file.",
        )

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
        source = self.build_source(options)  # a bad mapping is refused now, not later in the worker
        self.last_report: ImportReport | None = None
        if options.get("background"):
            from electrolytes.jobs import enqueue_command

            name = type(self).__module__.rsplit(".", 1)[-1]
            job = enqueue_command(command=name, options={**options, "background": False})
            self.stdout.write(f"{path.name}: queued as job {job.pk}; the worker runs it (see Jobs in the admin).")
            return
        report = self.last_report = self.import_file(source, path, options)
        if report.status == "failed":
            raise CommandError(report.summary())

    def import_file(self, source: Source, path: Path, options) -> ImportReport:
        bar = None if options.get("no_progress") else RowsBar(self.stderr._out, path.stat().st_size)
        try:
            report = run_import(
                source,
                path,
                file_name=path.name,
                dry_run=options.get("dry_run", False),
                strict=options.get("strict", False),
                on_progress=bar or no_report,
            )
        except Exception as exc:  # the transaction was rolled back: say so instead of a traceback
            raise CommandError(f"{path.name}: import failed, nothing written: {type(exc).__name__}: {exc}") from exc
        finally:
            if bar is not None:
                bar.close()
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
