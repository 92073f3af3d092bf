"""Background jobs with a real worker process (django-tasks' db_worker) against the test database: a job is
queued, runs with progress the admin can see while its transaction is open, and ends done with its report;
a job whose database connection dies is marked failed with its error and leaves nothing in the data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from electrolytes import jobs
from electrolytes.models import ImportRun, Job, Material, Measurement, Reference

CHECKOUT = Path(__file__).resolve().parents[2]
MAPPING_OPTIONS = [
    "--dataset",
    "big-lab",
    "--formula-column",
    "formula",
    "--value-column",
    "sigma",
    "--unit",
    "S/cm",
    "--temperature-column",
    "t",
    "--temperature-unit",
    "K",
]


def spreadsheet(path: Path, rows: int) -> Path:
    """A curator spreadsheet of ``rows`` distinct rows over 50 formulas (one temperature per row and formula)."""
    lines = ["formula,sigma,t"]
    lines += [f"Li{2 + k % 50}PS4,{1 + k % 7}e-4,{200 + (k // 50) * 0.5}" for k in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def worker_env() -> dict[str, str]:
    """The environment of a worker that works on pytest-django's test database, not the development one."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db.get("HOST") or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    url = f"postgres://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url}


def start_worker(*extra: str) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(  # noqa: S603 (our own manage.py, arguments fixed here)
        [*command, *extra], cwd=CHECKOUT, env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def wait_for(predicate, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def queue_import(path: Path, batch_rows: int) -> Job:
    call_command("import_curator_csv", str(path), *MAPPING_OPTIONS, "--background", "--no-progress")
    job = Job.objects.get()
    if batch_rows:
        job.options = {**job.options, "batch_rows": batch_rows}
        job.save(update_fields=["options"])
    return job


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' groups
def test_job_is_queued_runs_with_progress_and_ends_done(vocabulary, tmp_path, admin_client):
    # The admin pages are read as a superuser: who may see jobs is the admin permission tests' subject.
    path = spreadsheet(tmp_path / "big.csv", 6000)
    job = queue_import(path, batch_rows=300)
    assert (job.state, job.label, job.rows_read) == ("queued", "big.csv", 0)
    assert Material.objects.count() == 0
    worker = start_worker("--batch")
    try:
        # Part-way: the worker's transaction is still open, yet its progress is visible, and its rows are not.
        running = wait_for(lambda: Job.objects.filter(pk=job.pk, state="running", rows_read__gt=0).first())
        assert 0 < running.rows_read < 6000
        assert 0 < running.bytes_read < running.bytes_total == path.stat().st_size
        assert Measurement.objects.count() == 0
        page = admin_client.get(reverse("admin:electrolytes_job_change", args=[job.pk])).content.decode()
        assert '<meta http-equiv="refresh" content="2">' in page
        assert '<progress class="job-progress" max="100"' in page
        assert worker.wait(timeout=300) == 0
    finally:
        worker.kill()
    job.refresh_from_db()
    assert (job.state, job.rows_read, job.rows_written, job.rows_rejected, job.error) == ("done", 6000, 6000, 0, "")
    assert job.report == (
        f"6000 rows: 6000 created, 0 updated, 0 unchanged, 0 merged, 0 rejected; {job.import_run.fits} fits were "
        "computed."
    )
    assert (job.import_run.status, job.import_run.created) == ("completed", 6000)
    assert job.upload is None
    assert Measurement.objects.filter(source_dataset__key="big-lab", is_derived=False).count() == 6000
    listing = admin_client.get(reverse("admin:electrolytes_job_changelist")).content.decode()
    assert 'value="100" title="6000 rows read, 6000 written, 0 rejected">100%</progress> 100%' in listing
    assert '<meta http-equiv="refresh"' not in listing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' groups
def test_job_whose_connection_dies_is_failed_and_leaves_no_trace(vocabulary, tmp_path):
    path = spreadsheet(tmp_path / "big.csv", 6000)
    job = queue_import(path, batch_rows=200)
    references = Reference.objects.count()
    worker = start_worker("--batch")
    try:
        wait_for(lambda: Job.objects.filter(pk=job.pk, state="running", rows_read__gt=0).exists())
        with connection.cursor() as cursor:
            # The worker's import transaction: the one backend of this database holding a transaction id.
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
            assert cursor.fetchall() == [(True,)]
        worker.wait(timeout=120)
    finally:
        worker.kill()
    job.refresh_from_db()
    assert job.state == "failed"
    # psycopg2's words depend on when the worker noticed ("terminating connection...", "server closed...").
    assert job.error.startswith("OperationalError: ") and "connection" in job.error
    assert (Material.objects.count(), Measurement.objects.count(), Reference.objects.count()) == (0, 0, references)
    assert not ImportRun.objects.filter(status="completed").exists()


@pytest.mark.django_db
def test_admin_upload_in_background_queues_a_job(vocabulary, curator_client, curator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"formula,sigma,t\nLi3PS4,1e-4,300\n"
    response = curator_client.post(
        reverse("admin:electrolytes_importrun_upload"),
        {
            "source": "curator_csv",
            "file": SimpleUploadedFile("lab.csv", content, content_type="text/csv"),
            "dataset_key": "lab-sheet",
            "value_column": "sigma",
            "formula_column": "formula",
            "unit": "S/cm",
            "temperature_column": "t",
            "temperature_unit": "K",
            "background": "on",
        },
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("admin:electrolytes_job_change", args=[job.pk])
    assert (job.state, job.kind, job.label, bytes(job.upload), job.user) == (
        "queued",
        "import",
        "lab.csv",
        content,
        curator,
    )
    assert job.options["form"]["dataset_key"] == "lab-sheet"
    assert (Measurement.objects.count(), ImportRun.objects.count()) == (0, 0)
    # What the worker does with it (in-process here; the real worker is tested above).
    assert jobs.execute(job.pk).startswith("1 rows: 1 created")
    job.refresh_from_db()
    assert (job.state, job.rows_read, job.rows_written, job.import_run.user) == ("done", 1, 1, curator)
    assert Measurement.objects.get().source_dataset.key == "lab-sheet"


@pytest.mark.django_db
def test_rebuild_and_crossref_commands_queue_jobs_the_worker_runs(knowledge):
    call_command("rebuild_headlines", "--background", "--no-refit")
    call_command("fill_references", "--background")
    rebuild_job, crossref_job = Job.objects.order_by("id")
    assert [(j.kind, j.state) for j in (rebuild_job, crossref_job)] == [("headlines", "queued"), ("crossref", "queued")]
    summary = jobs.execute(rebuild_job.pk)
    rebuild_job.refresh_from_db()
    assert (rebuild_job.state, rebuild_job.report) == ("done", summary)
    assert summary.startswith("Rewrote 0 fits and ") and summary.endswith(" headline rows.")


@pytest.mark.django_db
def test_curators_may_see_jobs_and_others_may_not(curator_client, reader_client, anonymous_client):
    url = reverse("admin:electrolytes_job_changelist")
    assert curator_client.get(url).status_code == 200
    assert reader_client.get(url).status_code == 302  # not staff: sent to the admin login
    assert anonymous_client.get(url).status_code == 302


def start_jobs_worker(*extra: str) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "jobs_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(  # noqa: S603 (our own manage.py, arguments fixed here)
        [*command, *extra], cwd=CHECKOUT, env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def killed_mid_import(tmp_path) -> Job:
    """An import job whose worker was killed with SIGKILL part-way, once PostgreSQL has ended its session."""
    job = queue_import(spreadsheet(tmp_path / "big.csv", 6000), batch_rows=200)
    worker = start_worker("--batch")
    try:
        wait_for(lambda: Job.objects.filter(pk=job.pk, state="running", rows_read__gt=0).exists())
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=60)
    with connection.cursor() as cursor:
        # The killed worker's sessions (its import transaction, its lock) end when PostgreSQL sees them closed.
        # Idle sessions of others (a live server's threads from earlier tests) hold neither, so they do not count.
        def others() -> int:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity a WHERE a.datname = current_database()"
                " AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'"
                " AND (a.state <> 'idle' OR EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid"
                " AND l.locktype = 'advisory'))"
            )
            return cursor.fetchone()[0]

        wait_for(lambda: others() == 0, timeout=60)
    return job


def assert_failed_without_trace(job: Job, references: int, rows: int = 6000) -> None:
    from django_tasks_db.models import DBTaskResult

    job.refresh_from_db()
    assert (job.state, job.error, job.stage) == (
        "failed",
        "The worker stopped while the job ran (its process was killed or lost its database connection).",
        "",
    )
    assert job.finished_at is not None and 0 < job.rows_read < rows
    result = DBTaskResult.objects.get(pk=job.task_id)
    assert (result.status, result.exception_class_path) == ("FAILED", "electrolytes.jobs.WorkerStopped")
    assert (Material.objects.count(), Measurement.objects.count(), Reference.objects.count()) == (0, 0, references)
    assert not ImportRun.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' groups
def test_job_of_a_killed_worker_is_failed_when_a_worker_starts(vocabulary, tmp_path):
    references = Reference.objects.count()
    job = killed_mid_import(tmp_path)
    time.sleep(0.5)
    job.refresh_from_db()
    assert job.state == "running"  # nobody is left to say otherwise
    worker = start_jobs_worker("--batch")  # no job is queued: it checks, finds nothing to run and stops
    try:
        assert worker.wait(timeout=120) == 0
    finally:
        worker.kill()
    assert f"Marked failed, their worker gone: job(s) {job.pk}." in worker.stdout.read().decode()
    assert_failed_without_trace(job, references)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' groups
def test_running_worker_fails_the_job_of_a_killed_one_and_leaves_live_ones_running(vocabulary, tmp_path):
    references = Reference.objects.count()
    # A second worker, idle, checking twice a second: while the first one lives, its job stays running.
    # It serves another queue, so the job is the first worker's.
    watcher = start_jobs_worker("--stale-check-interval", "0.5", "--queue-name", "elsewhere")
    try:
        # Large enough that the import is still going when the worker is killed, however fast the machine.
        job = queue_import(spreadsheet(tmp_path / "big.csv", 200_000), batch_rows=200)
        runner = start_worker("--batch")
        try:
            wait_for(lambda: Job.objects.filter(pk=job.pk, state="running", rows_read__gt=0).exists())
            time.sleep(1.5)  # three checks
            assert Job.objects.get(pk=job.pk).state == "running"
        finally:
            runner.send_signal(signal.SIGKILL)
            runner.wait(timeout=60)
        wait_for(lambda: Job.objects.filter(pk=job.pk, state="failed").exists(), timeout=60)
    finally:
        watcher.terminate()
        watcher.wait(timeout=60)
    assert_failed_without_trace(job, references, rows=200_000)


def start_paused_worker(pause_s: float) -> subprocess.Popen:
    """A db_worker that waits ``pause_s`` seconds after claiming a task, before the job's lock (the test hook)."""
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(  # noqa: S603 (our own manage.py, arguments fixed here)
        [*command, "--batch"],
        cwd=CHECKOUT,
        env={**worker_env(), jobs.PAUSE_AFTER_CLAIM_ENV: str(pause_s)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def claimed(job: Job) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' groups
def test_job_of_a_worker_killed_between_claim_and_lock_is_failed_after_the_grace(vocabulary, tmp_path):
    from django_tasks_db.models import DBTaskResult

    references = Reference.objects.count()
    job = queue_import(spreadsheet(tmp_path / "small.csv", 100), batch_rows=0)
    worker = start_paused_worker(120)
    try:
        wait_for(lambda: claimed(job))
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=60)
    job.refresh_from_db()
    assert job.state == "queued"  # claimed by django-tasks, never started: nothing would ever end it
    # Within the grace a claim without its lock may be a live worker on its way to the lock: left alone.
    assert jobs.fail_stale_jobs() == []
    assert Job.objects.get(pk=job.pk).state == "queued"
    worker = start_jobs_worker("--batch", "--claim-grace", "0")
    try:
        assert worker.wait(timeout=120) == 0
    finally:
        worker.kill()
    assert f"Marked failed, their worker gone: job(s) {job.pk}." in worker.stdout.read().decode()
    job.refresh_from_db()
    assert (job.state, job.error, job.stage, job.started_at, job.rows_read) == (
        "failed",
        "The worker stopped after it took the job from the queue, before the job started "
        "(its process was killed or lost its database connection).",
        "",
        None,
        0,
    )
    assert job.finished_at is not None
    result = DBTaskResult.objects.get(pk=job.task_id)
    assert (result.status, result.exception_class_path) == ("FAILED", "electrolytes.jobs.WorkerStopped")
    assert (Material.objects.count(), Measurement.objects.count(), Reference.objects.count()) == (0, 0, references)
    assert not ImportRun.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' groups
def test_slow_worker_whose_claim_was_failed_does_not_run_the_job(vocabulary, tmp_path):
    from django_tasks_db.models import DBTaskResult

    job = queue_import(spreadsheet(tmp_path / "small.csv", 100), batch_rows=0)
    worker = start_paused_worker(3)
    try:
        wait_for(lambda: claimed(job))
        # Its worker is alive but slower than the grace: the check fails the job first.
        assert jobs.fail_stale_jobs(claim_grace=0) == [job.pk]
        assert worker.wait(timeout=120) == 0  # it reaches the lock, finds the job failed and leaves it so
    finally:
        worker.kill()
    job.refresh_from_db()
    assert (job.state, job.started_at, job.report) == ("failed", None, "")
    assert job.error.startswith("The worker stopped after it took the job from the queue")
    result = DBTaskResult.objects.get(pk=job.task_id)
    assert (result.status, result.exception_class_path) == ("FAILED", "electrolytes.jobs.WorkerStopped")
    assert result.traceback.rstrip().endswith(
        f"WorkerStopped: Job {job.pk} is failed, not queued: it is not run again."
    )
    assert (Material.objects.count(), Measurement.objects.count(), ImportRun.objects.count()) == (0, 0, 0)
