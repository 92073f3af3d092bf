"""Background jobs: queue an import, a Crossref filling, a headline rebuild or a refit, and run it in the worker.

Web requests and commands only create a ``Job`` and enqueue ``tasks.run_job`` (django-tasks, its queue in this
database); the worker (``manage.py db_worker``) calls ``execute``. An import keeps its one transaction, so a
job that dies half-way leaves nothing behind; its progress is written on a second, autocommit connection, so
the admin sees it while that transaction is still open.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from django.core.management import load_command_class
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from electrolytes.importers.specs import ImportReport
from electrolytes.models import Job

PROGRESS_INTERVAL_S = 0.5  # at most two progress writes a second


def enqueue(job: Job) -> Job:
    """Save the job and put it on the queue, together (the worker only sees both once they commit)."""
    from electrolytes.tasks import run_job

    with transaction.atomic():
        job.state = Job.State.QUEUED
        job.save()
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.task_id = str(result.id)
    return job


def enqueue_upload(*, form_data: dict, content: bytes, file_name: str, user=None) -> Job:
    """An admin upload as a job: the form's choices and the file's bytes are stored with it."""
    return enqueue(
        Job(
            kind=Job.Kind.IMPORT,
            label=file_name[:255],
            options={"form": form_data},
            upload=content,
            bytes_total=len(content),
            user=user,
        )
    )


PATH_OPTIONS = ("path", "report")


def enqueue_command(*, command: str, options: dict, batch_rows: int | None = None) -> Job:
    """An ``import_*`` command run with ``--background``: the worker builds the same source from the same
    options, so it must see the same file (the path is made absolute here)."""
    path = Path(options["path"]).resolve()
    stored = {
        key: str(Path(value).resolve()) if key in PATH_OPTIONS and value else value
        for key, value in options.items()
        if isinstance(value, str | int | float | bool | Path | type(None))
    }
    extra = {"batch_rows": batch_rows} if batch_rows else {}
    return enqueue(
        Job(
            kind=Job.Kind.IMPORT,
            label=path.name[:255],
            options={"command": command, "options": stored, **extra},
            bytes_total=path.stat().st_size,
        )
    )


class _ProgressWriter:
    """Writes a job's progress on its own autocommit connection, at most every PROGRESS_INTERVAL_S."""

    def __init__(self, job: Job):
        self.job = job
        self.last = 0.0
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, stage: str, report: ImportReport, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL_S and not (stage == "fits" and done == total):
            return
        self.last = now
        written = report.created + report.updated + report.merged + report.unchanged
        text = "reading and writing rows" if stage == "rows" else f"refitting materials: {done} of {total}"
        with self.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE electrolytes_job SET rows_read = %s, rows_written = %s, rows_rejected = %s, "
                "bytes_read = %s, stage = %s WHERE id = %s",
                [report.rows, written, report.rejected, report.bytes_read, text, self.job.pk],
            )

    def close(self) -> None:
        self.connection.close()


def _run_import(job: Job) -> str:
    from electrolytes.importers.engine import run_import
    from electrolytes.importers.sources import source_from_form

    options = job.options
    progress = _ProgressWriter(job)
    batch_rows = options.get("batch_rows")
    extra = {"batch_rows": batch_rows} if batch_rows else {}
    try:
        if "command" in options:
            command = load_command_class("electrolytes", options["command"])
            parsed = {
                key: Path(value) if key in PATH_OPTIONS and value else value
                for key, value in options["options"].items()
            }
            source = command.build_source(parsed)
            data, name, dry_run, strict = parsed["path"], parsed["path"].name, parsed["dry_run"], parsed["strict"]
        else:
            form = options["form"]
            source = source_from_form(form)
            data, name = bytes(job.upload), job.label
            dry_run, strict = form.get("dry_run", False), form.get("strict", False)
        report = run_import(
            source,
            data,
            file_name=name,
            dry_run=dry_run,
            strict=strict,
            user=job.user,
            on_progress=progress,
            **extra,
        )
    finally:
        progress.close()
    if report.status == "failed":
        raise JobFailed(report.message, report)
    _finish_counts(job, report)
    return report.summary()


def _finish_counts(job: Job, report: ImportReport) -> None:
    job.rows_read, job.rows_rejected = report.rows, report.rejected
    job.rows_written = report.created + report.updated + report.merged + report.unchanged
    job.bytes_read = job.bytes_total
    job.import_run_id = report.run_id


class JobFailed(Exception):
    def __init__(self, message: str, report: ImportReport | None = None):
        super().__init__(message)
        self.report = report


def _run_crossref(job: Job) -> str:
    from electrolytes import crossref

    report = crossref.fill_references(list(crossref.pending_references()))
    return f"Crossref: {report.summary()}"


def rebuild(*, refit: bool) -> str:
    """Refit every material's conductivities (unless ``refit`` is off) and rebuild every stored headline, in
    one transaction, then ANALYZE what changed (the ``rebuild_headlines`` command and its job)."""
    from electrolytes.db_stats import analyze
    from electrolytes.evidence import rebuild_all_headlines
    from electrolytes.fitting import refit_materials
    from electrolytes.models import ConductivityFit, Material, Measurement, PropertyHeadline

    with transaction.atomic():
        fits = refit_materials(Material.objects.values_list("pk", flat=True)) if refit else 0
        rows = rebuild_all_headlines()
    analyze([PropertyHeadline, Material] + ([ConductivityFit, Measurement] if refit else []))
    return f"Rewrote {fits} fits and {rows} headline rows."


RUNNERS = {
    Job.Kind.IMPORT: _run_import,
    Job.Kind.CROSSREF: _run_crossref,
    Job.Kind.HEADLINES: lambda job: rebuild(refit=False),
    Job.Kind.FITS: lambda job: rebuild(refit=True),
}


# Every running job is held by an advisory lock of its worker's, on a connection of its own: PostgreSQL
# releases it when that process dies (kill -9, a lost machine), as it rolls the job's transaction back.
LOCK_SPACE = 0x4A4F42  # "JOB": the first key of the job locks, the job id the second
WORKER_GONE = "The worker stopped while the job ran (its process was killed or lost its database connection)."
WORKER_GONE_BEFORE_START = (
    "The worker stopped after it took the job from the queue, before the job started "
    "(its process was killed or lost its database connection)."
)
STALE_CHECK_S = 30.0  # how often a worker looks for running jobs whose worker is gone
# django-tasks commits its claim of a task before the task's code (execute) can take the job's lock: a claimed
# job whose lock is still free this long after the claim lost its worker in between.
CLAIM_GRACE_S = 60.0
# Test hook: seconds execute() waits after the claim, before taking the lock (the window above).
PAUSE_AFTER_CLAIM_ENV = "ELECTROLYTES_JOB_PAUSE_AFTER_CLAIM"


class WorkerStopped(Exception):
    """Why a job's django-tasks result is failed when its worker died under it."""


def _hold(job: Job):
    """A new connection holding the job's lock (closed, and the lock released, when the job ends)."""
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    with holder.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_SPACE, job.pk])
    return holder


def _claimed_without_start(claim_grace: float) -> list[tuple[int, str]]:
    """Queued jobs whose django-tasks result a worker claimed (RUNNING) more than ``claim_grace`` seconds ago."""
    from django_tasks_db.models import DBTaskResult

    queued = dict(Job.objects.filter(state=Job.State.QUEUED).exclude(task_id="").values_list("task_id", "pk"))
    if not queued:
        return []
    claimed = DBTaskResult.objects.filter(
        pk__in=list(queued), status="RUNNING", started_at__lt=timezone.now() - timedelta(seconds=claim_grace)
    ).values_list("pk", flat=True)
    return sorted((queued[str(task_id)], str(task_id)) for task_id in claimed)


def fail_stale_jobs(*, claim_grace: float | None = None) -> list[int]:
    """Mark failed every job left by a worker that is gone (its lock is free), and its django-tasks result
    with it; returns their ids. That is a running job (WORKER_GONE), and a queued one whose task a worker
    claimed more than ``claim_grace`` seconds (default CLAIM_GRACE_S) ago without starting it
    (WORKER_GONE_BEFORE_START): killed between django-tasks' claim and the job's lock. An import wrote
    nothing: PostgreSQL rolled the transaction back when the worker's connection closed. Run when a worker
    starts, every STALE_CHECK_S while it runs, and before each job.

    The lock is held while the job is marked, so a worker that reaches the lock late finds the job failed
    and does not run it (see execute)."""
    from django_tasks_db.models import DBTaskResult

    grace = CLAIM_GRACE_S if claim_grace is None else claim_grace
    running = Job.objects.filter(state=Job.State.RUNNING).order_by("pk").values_list("pk", "task_id")
    candidates = [(pk, task_id, Job.State.RUNNING, WORKER_GONE) for pk, task_id in running]
    candidates += [
        (pk, task_id, Job.State.QUEUED, WORKER_GONE_BEFORE_START) for pk, task_id in _claimed_without_start(grace)
    ]
    failed = []
    for pk, task_id, state, error in candidates:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_SPACE, pk])
            (free,) = cursor.fetchone()
            if not free:
                continue  # its worker holds it: still running (or about to run)
            try:
                # The job and its django-tasks result fail together (one transaction): nobody reads one failed
                # and the other still running.
                with transaction.atomic():
                    # state=... again: a job that ended (or started) between the two reads keeps its state.
                    if Job.objects.filter(pk=pk, state=state).update(
                        state=Job.State.FAILED, error=error, finished_at=timezone.now(), stage=""
                    ):
                        failed.append(pk)
                        result = DBTaskResult.objects.filter(pk=task_id, status="RUNNING").first() if task_id else None
                        if result is not None:
                            result.set_failed(WorkerStopped(error))
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, pk])
    return failed


def execute(job_id: int) -> str:
    """Run one job (in the worker): running, then done with its report, or failed with its error.

    A job that is no longer queued when its lock is taken (a check found its claim too old and failed it) is
    not run: WorkerStopped."""
    job = Job.objects.get(pk=job_id)
    pause = float(os.environ.get(PAUSE_AFTER_CLAIM_ENV) or 0)
    if pause > 0:
        time.sleep(pause)
    holder = _hold(job)  # before it is running, so a running job without its lock is one whose worker died
    try:
        fail_stale_jobs()
        started = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, started_at=timezone.now(), stage="starting"
        )
        if not started:
            state = Job.objects.filter(pk=job.pk).values_list("state", flat=True).first()
            raise WorkerStopped(f"Job {job.pk} is {state}, not queued: it is not run again.")
        return _execute(job)
    finally:
        holder.close()


def _execute(job: Job) -> str:
    try:
        summary = RUNNERS[job.kind](job)
    except Exception as exc:
        error = str(exc) if isinstance(exc, JobFailed) else f"{type(exc).__name__}: {exc}"
        report = getattr(exc, "report", None)
        if connection.needs_rollback or not connection.is_usable():
            connection.close()  # the connection died with the work (a killed backend): start a new one
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED,
            error=error or "The job stopped without saying why.",
            report=report.summary() if report else "",
            import_run_id=report.run_id if report else None,
            finished_at=timezone.now(),
            stage="",
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE,
        report=summary,
        rows_read=job.rows_read,
        rows_written=job.rows_written,
        rows_rejected=job.rows_rejected,
        bytes_read=job.bytes_read,
        import_run_id=job.import_run_id,
        upload=None,
        finished_at=timezone.now(),
        stage="",
    )
    return summary
