"""/screening/: which class and which materials for my cell. Temperatures in °C here (K in the API);
the requirements live in the URL, so a screening can be shared or bookmarked."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from electrolytes import screening, units
from electrolytes.selectors import MAX_COMPARE
from electrolytes.selectors import screening as screening_selectors
from electrolytes.templatetags.kb_format import plain_number

CSV_COLUMNS = [
    "rank",
    "name",
    "formula",
    "class",
    "class_ruled_out",
    "passed",
    "failed",
    "unknown",
    "conductivity_s_cm",
    "conductivity_temperature_k",
    "conductivity_basis",
    *[
        f"{key}_{part}"
        for key in screening.CHECK_LABELS
        if key != "conductivity"
        for part in ("status", "qualifier", "value", "unit", "source")
    ],
    "conductivity_check_status",
    "url",
]


def _number(label: str, help_text: str, **bounds) -> forms.FloatField:
    return forms.FloatField(
        required=False, label=label, help_text=help_text, widget=forms.NumberInput(attrs={"step": "any"}), **bounds
    )


class ScreeningForm(forms.Form):
    anode = forms.ChoiceField(
        required=False, choices=[("", "Any"), *((k, e.name) for k, e in screening.ANODES.items())], label="Anode"
    )
    cathode_voltage = _number(
        "Cathode voltage (V vs Li/Li+)", "e.g. 4.3 for NMC, 3.45 for LFP.", min_value=0.5, max_value=10
    )
    operating_temperature = _number(
        "Operating temperature (°C)", "Blank: room temperature.", min_value=-120, max_value=320
    )
    atmosphere = forms.ChoiceField(
        required=False, choices=[("", "Any"), *screening.ATMOSPHERES.items()], label="Processing atmosphere"
    )
    max_processing_temperature = _number(
        "Highest process temperature (°C)", "The hottest step you can run.", min_value=-70, max_value=2700
    )
    max_thickness = _number("Thickest layer (µm)", "The electrolyte layer's limit.", min_value=0.1, max_value=100000)
    existing_cell_line = forms.ChoiceField(
        required=False,
        choices=[("", "Either"), ("true", "Yes, today's Li-ion line"), ("false", "No, new equipment is fine")],
        label="Existing cell line",
    )
    min_conductivity = _number(
        "Minimum conductivity (S/cm)", "At the operating temperature, e.g. 1e-4.", min_value=1e-15, max_value=10
    )
    electrolyte_class = forms.ChoiceField(required=False, label="Show materials of class")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["electrolyte_class"].choices = [("", "Every class")] + [
            (slug, slug.replace("-", " ").capitalize()) for slug in screening_selectors.class_slugs()
        ]

    def requirements(self) -> screening.Requirements:
        data = self.cleaned_data

        def kelvin(name):
            return None if data[name] is None else units.temperature_to_kelvin(data[name], "°C")

        line = {"true": True, "false": False}.get(data["existing_cell_line"])
        return screening.Requirements(
            anode=data["anode"] or None,
            cathode_voltage=data["cathode_voltage"],
            operating_temperature=kelvin("operating_temperature"),
            atmosphere=data["atmosphere"] or None,
            max_processing_temperature=kelvin("max_processing_temperature"),
            max_thickness=data["max_thickness"],
            existing_cell_line=line,
            min_conductivity=data["min_conductivity"],
        )


def _screen(request, limit: int):
    form = ScreeningForm(request.GET)
    if not form.is_valid():
        return form, None
    result = screening_selectors.screen(
        form.requirements(),
        user=request.user,
        electrolyte_class=form.cleaned_data["electrolyte_class"] or None,
        limit=limit,
    )
    return form, result


def screening_page(request):
    form, result = _screen(request, screening_selectors.SHOWN_ROWS)
    query = urlencode({k: v for k, v in request.GET.items() if v})
    context = {"form": form, "result": result, "query": query, "asked": bool(query)}
    if result is not None:
        top = [row.material.slug for row in result.materials[:MAX_COMPARE]]
        context["compare_url"] = f"{reverse('compare')}?{urlencode({'materials': ','.join(top)}, safe=',')}"
        context["compare_count"] = len(top)
        context["check_keys"] = [c.key for c in result.materials[0].result.checks] if result.materials else []
    return render(request, "electrolytes/screening.html", context, status=200 if result is not None else 400)


def screening_csv(request):
    """The ranked table for the same parameters (up to MAX_ROWS rows), one row per material."""
    form, result = _screen(request, screening_selectors.MAX_ROWS)
    if result is None:
        body = "".join(f"{name}: {' '.join(errors)}\n" for name, errors in form.errors.items())
        return HttpResponse(body, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="screening.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for rank, row in enumerate(result.materials, start=1):
        checks = {c.key: c for c in row.result.checks}
        sigma = row.result.conductivity
        cells = []
        for key in screening.CHECK_LABELS:
            if key == "conductivity":
                continue
            check = checks.get(key)
            cells += (
                [check.status, check.qualifier, plain_number(check.value, 6), check.unit, check.source]
                if check
                else ["", "", "", "", ""]
            )
        writer.writerow(
            [
                rank,
                row.material.name,
                row.material.formula,
                row.material.electrolyte_class.name,
                "yes" if row.class_ruled_out else "no",
                row.result.passed,
                row.result.failed,
                row.result.unknown,
                plain_number(sigma.value, 6) if sigma else "",
                plain_number(sigma.temperature_k, 6) if sigma else "",
                sigma.note if sigma else "",
                *cells,
                checks["conductivity"].status if "conductivity" in checks else "",
                request.build_absolute_uri(row.material.get_absolute_url()),
            ]
        )
    return response
