"""The job worker: django-tasks' ``db_worker`` (same options), which first, and then every STALE_CHECK_S,
marks failed the jobs left by a worker that is gone (killed with SIGKILL, its machine lost): running ones, and
queued ones it had claimed from the queue but not started (killed in between; after ``--claim-grace`` seconds)."""

from __future__ import annotations

import logging
import threading
import time

from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from electrolytes import jobs

logger = logging.getLogger("django_tasks_db")  # the worker's own log (its -v option)


def report_stale(claim_grace: float) -> None:
    failed = jobs.fail_stale_jobs(claim_grace=claim_grace)
    if failed:
        logger.warning("Marked failed, their worker gone: job(s) %s.", ", ".join(map(str, failed)))


def check_periodically(interval: float, claim_grace: float) -> None:
    while True:
        time.sleep(interval)
        try:
            report_stale(claim_grace)
        except Exception:  # a lost connection must not end the checks; the next one tries again
            logger.exception("Checking for jobs whose worker is gone failed.")
        finally:
            connection.close()  # this thread's own connection


class Command(DbWorkerCommand):
    help = "Run the job worker (django-tasks db_worker), failing the jobs of workers that are gone"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stale-check-interval",
            type=float,
            default=jobs.STALE_CHECK_S,
            help="Seconds between checks for running jobs whose worker is gone (default: %(default)s).",
        )
        parser.add_argument(
            "--claim-grace",
            type=float,
            default=jobs.CLAIM_GRACE_S,
            help="Seconds after which a job claimed from the queue but neither started nor locked counts as "
            "left by a dead worker (default: %(default)s).",
        )

    def handle(self, *args, stale_check_interval: float, claim_grace: float, **options) -> None:
        report_stale(claim_grace)
        connection.close()
        if stale_check_interval > 0:
            threading.Thread(
                target=check_periodically, args=(stale_check_interval, claim_grace), name="stale-jobs", daemon=True
            ).start()
        super().handle(*args, **options)
