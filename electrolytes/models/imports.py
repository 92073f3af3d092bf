"""Bookkeeping for imports: one row per run of an importer, with its summary and rejected-row report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ImportRun(models.Model):
    """What one real importer run did. Dry runs write nothing, so they leave no ImportRun either."""

    class Source(models.TextChoices):
        OBELIX = "obelix", "OBELiX (inorganic, room temperature)"
        BRADFORD = "bradford", "Bradford et al. polymer electrolytes"
        CURATOR_CSV = "curator_csv", "Curator spreadsheet (CSV)"
        BIBTEX = "bibtex", "BibTeX references"

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        REFUSED = "refused", "Refused (strict mode, bad rows: nothing written)"
        FAILED = "failed", "Failed (nothing written)"

    source = models.CharField(max_length=20, choices=Source.choices)
    file_name = models.CharField(max_length=255, help_text="Name of the imported file as given by the user.")
    status = models.CharField(max_length=20, choices=Status.choices)
    strict = models.BooleanField(default=False, help_text="Write nothing if any row is bad.")
    rows = models.PositiveIntegerField(default=0, help_text="Data rows (or entries) read from the file.")
    created = models.PositiveIntegerField(default=0, help_text="Rows that added new records.")
    updated = models.PositiveIntegerField(default=0, help_text="Rows that changed records already stored.")
    unchanged = models.PositiveIntegerField(default=0, help_text="Rows already stored exactly as in the file.")
    merged = models.PositiveIntegerField(
        default=0, help_text="Rows whose values were already stored from another source: linked as a further source."
    )
    rejected = models.PositiveIntegerField(default=0, help_text="Rows refused; see the report.")
    fits = models.PositiveIntegerField(default=0, help_text="Arrhenius/VTF fits created or recomputed.")
    report_csv = models.TextField(blank=True, help_text="Rejected rows: row, column, text, reason (CSV).")
    message = models.TextField(blank=True, help_text="Error that stopped a failed run.")
    duration_s = models.FloatField(default=0, help_text="Wall-clock duration in seconds.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_runs"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="completed") | Q(created=0, updated=0, fits=0),
                name="import_run_no_writes_unless_completed",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.file_name} ({self.get_status_display()})"
