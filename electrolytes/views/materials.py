"""The material list (filters in the URL, CSV of the same rows) and the material page."""

from __future__ import annotations

import csv
import functools
import math

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from electrolytes import charts, polymers, selectors
from electrolytes.caching import SharedCountPaginator
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
    room_window = query is not None and selectors.is_room_temperature_window(
        query.temperature_min, query.temperature_max
    )
    if query is not None:
        results = selectors.search_materials(query, user=request.user)
        page = SharedCountPaginator(results, PER_PAGE).get_page(request.GET.get("page"))
        if room_window:
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
        "room_window": room_window,
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


# Rows fetched from the server-side cursor at a time: memory follows the chunk, not the file.
CSV_CHUNK = 2_000
_CSV_VALUES = [
    "name",
    "formula",
    "reduced_formula",
    "electrolyte_class__name",
    "family__name",
    "kind",
    "conductivity",
    "activation_energy",
    "oxidation_limit",
    "reduction_limit",
    "slug",
    "physical_state",
    "host_polymer",
    "host_mw",
    "salt",
    "salt_molality",
    "host_smiles",
]


def _number(value, spec: str) -> str:
    """plain_number's text (``spec`` is its ".<digits>g"), without its checks for the floats the query returns."""
    if type(value) is float:
        return format(value, spec) if math.isfinite(value) else ""
    return plain_number(value, int(spec[1:-1]))


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields each row's text."""

    def write(self, value: str) -> str:
        return value


def material_csv(request):
    """The rows the list shows for the same parameters (every page, same order), as CSV, streamed: the rows are
    read in chunks from a server-side cursor while the client downloads, as plain values (no model instances,
    no headline details), so memory stays constant whatever the number of rows."""
    query, errors = _search(request)
    if errors:
        body = "".join(f"{name}: {message}\n" for name, message in errors.items())
        return HttpResponse(body, status=400, content_type="text/plain; charset=utf-8")
    results = selectors.search_materials(query, user=request.user)
    # A text search orders by its rank annotations: selected too, since a masked constant would read as ORDER BY 0.
    ranks = [name for name in ("alias_rank", "name_similarity") if name in results.query.annotations]
    rows = results.values_list(*_CSV_VALUES, *ranks)[:CSV_MAX_ROWS].iterator(chunk_size=CSV_CHUNK)
    window = f"{query.temperature_min:g}-{query.temperature_max:g}"
    prefix = request.build_absolute_uri(reverse("material-detail", args=["slug"]).removesuffix("slug/"))
    writer = csv.writer(_Echo())
    eo_li = functools.lru_cache(maxsize=256)(polymers.eo_li)  # a few hosts and salts recur across many rows

    def lines(first: tuple | None):
        yield writer.writerow(CSV_COLUMNS)
        row, batch = first, []
        while row is not None:
            (name, formula, reduced, class_name, family, kind, sigma, ea, ox, red, slug, state, host, host_mw, salt,
             molality, smiles) = row[: len(_CSV_VALUES)]  # fmt: skip
            batch.append(
                writer.writerow(
                    [
                        name,
                        formula,
                        reduced,
                        class_name,
                        family or "",
                        kind,
                        _number(sigma, ".6g"),
                        window,
                        _number(ea, ".6g"),
                        _number(ox, ".6g"),
                        _number(red, ".6g"),
                        f"{prefix}{slug}/",
                        state,
                        host or "",
                        _number(host_mw, ".6g"),
                        salt or "",
                        _number(molality, ".6g"),
                        _number(eo_li(smiles, molality), ".4g"),
                    ]
                )
            )
            if len(batch) == CSV_CHUNK:
                yield "".join(batch)
                batch = []
            row = next(rows, None)
        if batch:
            yield "".join(batch)

    # The query runs here, inside the view (its errors are a 500, not a truncated download); the rest streams.
    response = StreamingHttpResponse(lines(next(rows, None)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="materials.csv"'
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
