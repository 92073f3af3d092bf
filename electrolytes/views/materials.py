"""The material list (filters in the URL, CSV of the same rows) and the material page."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from electrolytes import charts, polymers, selectors
from electrolytes.material_query import QueryError, parse_material_query
from electrolytes.temperature_windows import room_temperature_celsius, room_window_celsius, window_phrase
from electrolytes.templatetags.kb_format import plain_number

from .material_filters import material_filter_form
from .periodic_table import periodic_table

PER_PAGE = 50
CSV_MAX_ROWS = 20_000
COMPARE_PARAM = "compare"


def _search(request, property_keys=None):
    """The shared search: (query, None) or (None, {parameter: message})."""
    try:
        allow_status = selectors.can_see_unpublished(request.user)
        return parse_material_query(request.GET, allow_status=allow_status, property_keys=property_keys), {}
    except QueryError as exc:
        return None, exc.errors


def material_list(request):
    # Read once: the parser's property keys and the legends of the form's property ranges.
    definitions = selectors.property_definitions()
    query, errors = _search(request, property_keys=[definition.key for definition in definitions])
    page = None
    if query is not None:
        results = selectors.search_materials(query, user=request.user)
        page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
        if selectors.is_room_temperature_window(query.temperature_min, query.temperature_max):
            for material in page:
                material.sigma_headline = next(
                    (h for h in material.headline_list if h["key"] == "ionic_conductivity"), None
                )
    selected = [s for s in request.GET.get(COMPARE_PARAM, "").split(",") if s]
    on_page = {m.slug for m in page} if page else set()
    context = {
        "page": page,
        "query": query,
        "errors": errors,
        "params": request.GET,
        "filters": material_filter_form(request.GET, errors, definitions),
        "periodic_table": periodic_table(),
        "selected": selected,
        "selected_elsewhere": [s for s in selected if s not in on_page],
        "window": _window(query),
        "room_window": query is not None
        and selectors.is_room_temperature_window(query.temperature_min, query.temperature_max),
        "room_celsius": room_window_celsius(),
        "room_point": room_temperature_celsius(),
        "csv_query": request.GET.urlencode(),
        "max_compare": selectors.MAX_COMPARE,
    }
    return render(request, "electrolytes/material_list.html", context, status=400 if errors else 200)


def _window(query) -> str:
    if query is None:
        return ""
    return window_phrase(query.temperature_min, query.temperature_max)


CSV_COLUMNS = [
    "name",
    "formula",
    "reduced_formula",
    "electrolyte_class",
    "family",
    "kind",
    "ionic_conductivity_S_per_cm",
    "temperature_window_K",
    "activation_energy_eV",
    "oxidation_limit_V",
    "reduction_limit_V",
    "url",
    # Mixtures: the host polymer and salt, as the list's filters name them.
    "physical_state",
    "polymer",
    "polymer_mw_g_per_mol",
    "salt",
    "salt_molality_mol_per_kg",
    "eo_li",
]


def material_csv(request):
    """The rows the list shows for the same parameters (every page, same order), as CSV."""
    query, errors = _search(request)
    if errors:
        body = "".join(f"{name}: {message}\n" for name, message in errors.items())
        return HttpResponse(body, status=400, content_type="text/plain; charset=utf-8")
    results = selectors.search_materials(query, user=request.user)[:CSV_MAX_ROWS]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="materials.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    window = f"{query.temperature_min:g}-{query.temperature_max:g}"
    for material in results:
        writer.writerow(
            [
                material.name,
                material.formula,
                material.reduced_formula,
                material.electrolyte_class.name,
                material.family.name if material.family else "",
                material.kind,
                plain_number(material.conductivity, 6),
                window,
                plain_number(material.activation_energy, 6),
                plain_number(material.oxidation_limit, 6),
                plain_number(material.reduction_limit, 6),
                request.build_absolute_uri(material.get_absolute_url()),
                material.physical_state,
                material.host_polymer or "",
                plain_number(material.host_mw, 6),
                material.salt or "",
                plain_number(material.salt_molality, 6),
                plain_number(polymers.eo_li(material.host_smiles, material.salt_molality), 4),
            ]
        )
    return response


def material_detail(request, slug):
    material = selectors.material_for_page(slug=slug, user=request.user)
    series = {
        source: charts.ArrheniusSeries(
            name=source,
            points=[(m.temperature_k, m.value) for m in points],
            labels=[m.get_measured_part_display() for m in points],
        )
        for source, points in selectors.conductivity_points(material).items()
    }
    fits = list(material.fits.all())
    for fit in fits:
        # A fit shares the colour of the points it was fitted to.
        source = str(fit.source)
        series.setdefault(source, charts.ArrheniusSeries(name=source)).fits.append(charts.FitLine.from_fit(fit))
    context = {
        "material": material,
        "groups": selectors.property_groups(material),
        "references": selectors.material_references(material),
        "fits": fits,
        "preferred_fit": selectors.preferred_fit(material),
        "headlines": material.headline_list,
        "arrhenius": charts.arrhenius_figure(list(series.values())),
        "related": selectors.related_materials(material, user=request.user),
        "crystal": selectors.structure_view(material),
    }
    return render(request, "electrolytes/material_detail.html", context)
