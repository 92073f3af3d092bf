"""The Jobs list in the admin: every background job's state, a progress bar that follows the worker (the page
reloads itself while a job is queued or running), its counts of rows read, written and rejected, its report
and, when it failed, its error."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from electrolytes.models import Job

UNFINISHED = (Job.State.QUEUED, Job.State.RUNNING)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "label", "state", "progress", "rows_read", "rows_written", "rows_rejected"]
    list_filter = ["kind", "state"]
    list_select_related = ["user", "import_run"]
    search_fields = ["label"]
    fields = [
        "kind",
        "label",
        "state",
        "progress",
        "stage",
        "rows_read",
        "rows_written",
        "rows_rejected",
        "report",
        "run_report",
        "error",
        "user",
        "created_at",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields
    change_list_template = "admin/jobs/job_change_list.html"
    change_form_template = "admin/jobs/job_change_form.html"

    @admin.display(description="progress")
    def progress(self, obj: Job) -> str:
        if obj.state == Job.State.DONE:
            share = 100
        elif obj.bytes_total:
            share = min(100, round(100 * obj.bytes_read / obj.bytes_total))
        else:
            share = 0
        return format_html(
            '<progress class="job-progress" max="100" value="{}" title="{} rows read, {} written, {} rejected">'
            "{}%</progress> {}%",
            share,
            obj.rows_read,
            obj.rows_written,
            obj.rows_rejected,
            share,
            share,
        )

    @admin.display(description="rejected-row report")
    def run_report(self, obj: Job) -> str:
        if obj.import_run is None or not obj.import_run.report_csv:
            return "-"
        url = reverse("admin:electrolytes_importrun_report", args=[obj.import_run_id])
        return format_html('<a href="{}">CSV ({} rejected)</a>', url, obj.import_run.rejected)

    def changelist_view(self, request, extra_context=None):
        extra = {"refresh": Job.objects.filter(state__in=UNFINISHED).exists(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"refresh": Job.objects.filter(pk=object_id, state__in=UNFINISHED).exists(), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def has_add_permission(self, request):  # jobs are made by the upload page and the commands
        return False

    def has_change_permission(self, request, obj=None):
        return False
