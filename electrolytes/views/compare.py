"""Two to eight materials side by side; the selection and temperature live in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse

from electrolytes import charts, selectors
from electrolytes.forms import CompareForm
from electrolytes.templatetags.kb_format import measured_at_celsius

# Properties drawn as bar panels, with the axis scale each gets.
BAR_PROPERTIES = [
    "ionic_conductivity",
    "activation_energy",
    "oxidation_limit",
    "transference_number",
    "critical_current_density",
    "shear_modulus",
]


def compare(request):
    if len(request.GET.getlist("materials")) > 1:
        # Row checkboxes on the list page send materials=a&materials=b; keep one shareable form.
        params = {"materials": ",".join(request.GET.getlist("materials"))}
        if request.GET.get("temperature"):
            params["temperature"] = request.GET["temperature"]
        return redirect(f"{reverse('compare')}?{urlencode(params, safe=',')}")
    form = CompareForm(request.GET)
    materials, missing, rows, figures = [], [], [], {}
    temperature_k = None
    if form.is_valid():
        slugs = form.cleaned_data["materials"]
        temperature_k = form.cleaned_data["temperature"]
        materials, missing = selectors.materials_for_compare(slugs, user=request.user)
        definitions = selectors.property_definitions()
        rows = selectors.compare_rows(materials, definitions, temperature_k=temperature_k)
        if len(materials) >= selectors.MIN_COMPARE:
            figures = _figures(materials, rows)
    context = {
        "form": form,
        "materials": materials,
        "missing": missing,
        "rows": rows,
        "temperature_k": temperature_k,
        "figures": figures,
        "min_compare": selectors.MIN_COMPARE,
        "max_compare": selectors.MAX_COMPARE,
        "slugs": [m.slug for m in materials],
        # What this address shows: static/js/compare-basket.js makes it the browser's basket.
        "current_basket": [{"slug": m.slug, "name": m.name} for m in materials],
    }
    return render(request, "electrolytes/compare.html", context, status=200 if form.is_valid() else 400)


def _mismatch(cell) -> str:
    """The bar's mark when its value is from another temperature than the one asked for ("" when none)."""
    if cell.exact or cell.measurement is None:
        return ""
    return f"at {measured_at_celsius(cell.measurement)}"


def _figures(materials, rows) -> dict:
    series = []
    for material in materials:
        points = [p for ps in selectors.conductivity_points(material).values() for p in ps]
        fit = selectors.preferred_fit(material)
        series.append(
            charts.ArrheniusSeries(
                name=material.name,
                points=[(m.temperature_k, m.value) for m in points],
                labels=[str(m.reference or m.source_dataset or "") for m in points],
                fits=[charts.FitLine.from_fit(fit, label=f"{material.name}: {fit.get_model_display()} fit")]
                if fit
                else [],
            )
        )
    by_key = {row.definition.key: row for row in rows if row.definition is not None}
    panels = [
        charts.BarPanel(
            label=by_key[key].label,
            unit=by_key[key].unit,
            values=[cell.value for cell in by_key[key].cells],
            log=by_key[key].definition.log_scale,
            mismatches=[_mismatch(cell) for cell in by_key[key].cells],
        )
        for key in BAR_PROPERTIES
        if key in by_key
    ]
    names = [m.name for m in materials]
    return {
        "arrhenius": charts.arrhenius_figure(series),
        "bars": charts.compare_bars_figure(names, panels),
    }
