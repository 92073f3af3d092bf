"""Background jobs: what a curator or a command asked the worker to do, how far it has got, and how it ended.

The queue itself is django-tasks' (its table lives in this database); a Job is our record of one piece of
work, with the progress an import reports as it goes, so the admin can show it while the worker runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "Import a file"
        CROSSREF = "crossref", "Fill references from Crossref"
        HEADLINES = "headlines", "Rebuild the summary values"
        FITS = "fits", "Recompute the conductivity fits"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed (nothing written)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    label = models.CharField(max_length=255, blank=True, help_text="What the job works on (a file name).")
    options = models.JSONField(default=dict, blank=True, help_text="How the job was asked for (source, mapping).")
    upload = models.BinaryField(
        null=True, blank=True, editable=False, help_text="The uploaded file, kept until the worker has read it."
    )
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result id of this job.")
    bytes_total = models.BigIntegerField(default=0, help_text="Size of the file in bytes.")
    bytes_read = models.BigIntegerField(default=0, help_text="Bytes of the file read so far.")
    rows_read = models.PositiveIntegerField(default=0, help_text="Rows read from the file so far.")
    rows_written = models.PositiveIntegerField(
        default=0, help_text="Rows written so far (created, updated, merged or found already stored)."
    )
    rows_rejected = models.PositiveIntegerField(default=0, help_text="Rows refused so far.")
    stage = models.CharField(max_length=100, blank=True, help_text="What the job is doing now.")
    report = models.TextField(blank=True, help_text="The job's summary once it is done.")
    error = models.TextField(blank=True, help_text="What stopped a failed job.")
    import_run = models.ForeignKey(
        "electrolytes.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(state="failed") | ~Q(error=""), name="job_failed_has_error"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label or self.pk} ({self.get_state_display()})"
