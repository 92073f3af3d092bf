"""Curator upload page for the importers, reached from the Import runs list in the admin.

The page calls the same engine as the import_* commands (``importers.engine.run_import``); a dry run shows the
report without writing anything, a real run is recorded as an ImportRun with its rejected-row report. With
"background" ticked (the default) the file is handed to the worker as a Job instead (electrolytes/jobs.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from electrolytes.importers.engine import BadFile, run_import
from electrolytes.importers.sources import source_from_form
from electrolytes.jobs import enqueue_upload
from electrolytes.models import ImportRun

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(choices=ImportRun.Source.choices)
    file = forms.FileField(help_text="CSV (UTF-8, with or without BOM; comma, semicolon or tab) or .bib.")
    dry_run = forms.BooleanField(required=False, initial=True, help_text="Show what would happen; write nothing.")
    strict = forms.BooleanField(required=False, help_text="Write nothing if any row is bad.")
    dataset_key = forms.SlugField(required=False, help_text="Spreadsheet only: reference key naming your file.")
    value_column = forms.CharField(required=False, help_text="Spreadsheet only: column of the values.")
    formula_column = forms.CharField(required=False)
    name_column = forms.CharField(required=False)
    unit_column = forms.CharField(required=False)
    unit = forms.CharField(required=False, help_text="Unit of every value, when there is no unit column.")
    temperature_column = forms.CharField(required=False)
    temperature_unit = forms.CharField(required=False, help_text="K or degC, when the cells give no unit.")
    doi_column = forms.CharField(required=False)
    class_column = forms.CharField(required=False)
    family_column = forms.CharField(required=False)
    id_column = forms.CharField(required=False)
    property_key = forms.CharField(required=False, initial="ionic_conductivity")
    background = forms.BooleanField(
        required=False,
        initial=True,
        help_text="Run as a job in the worker and follow it under Jobs (unticked: wait here for the report).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        return upload

    def clean(self):
        data = super().clean()
        if data.get("source") == ImportRun.Source.CURATOR_CSV:
            if not data.get("dataset_key"):
                self.add_error("dataset_key", "Name your spreadsheet as a dataset (a reference key).")
            if not data.get("value_column"):
                self.add_error("value_column", "Say which column holds the values.")
            if not (data.get("formula_column") or data.get("name_column")):
                self.add_error("formula_column", "Say which column holds the formula (or the material name).")
        return data

    def make_source(self):
        return source_from_form(self.cleaned_data)

    def job_data(self) -> dict:
        """What the worker needs to build the same source: the cleaned data without the file."""
        return {key: value for key, value in self.cleaned_data.items() if key not in ("file", "background")}


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "source",
        "file_name",
        "status",
        "rows",
        "created",
        "updated",
        "unchanged",
        "merged",
        "rejected",
        "report",
    ]
    list_filter = ["source", "status"]
    list_select_related = ["user"]
    search_fields = ["file_name"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]
    change_list_template = "admin/imports/importrun_change_list.html"

    @admin.display(description="report")
    def report(self, obj: ImportRun) -> str:
        if not obj.report_csv:
            return "-"
        url = reverse("admin:electrolytes_importrun_report", args=[obj.pk])
        return format_html('<a href="{}">CSV ({} rejected)</a>', url, obj.rejected)

    def has_add_permission(self, request):  # runs are made by the upload page, never typed in
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        urls = [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="electrolytes_importrun_upload"),
            path(
                "<int:pk>/report.csv",
                self.admin_site.admin_view(self.report_view),
                name="electrolytes_importrun_report",
            ),
        ]
        return urls + super().get_urls()

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("electrolytes.add_importrun"):
            raise PermissionDenied
        report = None
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                source = form.make_source()
            except BadFile as exc:
                form.add_error(None, str(exc))
            else:
                if form.cleaned_data["background"]:
                    job = enqueue_upload(
                        form_data=form.job_data(), content=upload.read(), file_name=upload.name, user=request.user
                    )
                    self.message_user(request, f"{upload.name}: queued as job {job.pk}; its progress shows here.")
                    return redirect(reverse("admin:electrolytes_job_change", args=[job.pk]))
                try:
                    report = run_import(
                        source,
                        upload.read(),
                        file_name=upload.name,
                        dry_run=form.cleaned_data["dry_run"],
                        strict=form.cleaned_data["strict"],
                        user=request.user,
                    )
                except Exception as exc:  # rolled back and recorded as failed; tell the curator, not a 500
                    form.add_error(None, f"Import failed, nothing written: {type(exc).__name__}: {exc}")
                else:
                    level = messages.SUCCESS if report.wrote and not report.rejected else messages.WARNING
                    self.message_user(request, f"{upload.name}: {report.summary()}", level)
                    if report.wrote and not report.issues:
                        return redirect(reverse("admin:electrolytes_importrun_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a file",
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/imports/upload.html", context)

    def report_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("electrolytes.view_importrun"):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        response = HttpResponse(run.report_csv, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-report.csv"'
        return response
