"""The one django-tasks task: run a Job (electrolytes/jobs.py says what each kind of job does)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from electrolytes.jobs import execute

    return execute(job_id)
