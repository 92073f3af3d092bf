"""Ashby-style chart: any property against any other, coloured by class."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from electrolytes import charts, selectors
from electrolytes.evidence import HEADLINE_COLUMNS
from electrolytes.forms import ExploreForm
from electrolytes.models import ElectrolyteClass
from electrolytes.temperature_windows import window_phrase

DEFAULTS = {"x": "activation_energy", "y": "ionic_conductivity"}


def _axis_hover(definition, *, t_min: float, t_max: float) -> str:
    """The hover box's name for an axis: property, unit and which value it is (the selector's rule: the stored
    headline at room temperature, else the value nearest the window's target temperature)."""
    text = f"{definition.name} ({definition.canonical_unit})"
    if not definition.requires_temperature:
        return text
    if HEADLINE_COLUMNS.get(definition.key) and selectors.is_room_temperature_window(t_min, t_max):
        return f"{text}, room-temperature headline"
    return f"{text}, {window_phrase(t_min, t_max)}"


def explore(request):
    definitions = selectors.property_definitions()
    classes = list(ElectrolyteClass.objects.order_by("display_order", "name"))
    data = request.GET.copy()
    for key, value in DEFAULTS.items():
        data.setdefault(key, value)
    form = ExploreForm(data, definitions=definitions, classes=classes)
    figure, count, drawn, dropped = {}, 0, 0, 0
    if form.is_valid():
        x = form.definitions[form.cleaned_data["x"]]
        y = form.definitions[form.cleaned_data["y"]]
        log_x = form.cleaned_data["x_scale"] == "log"
        log_y = form.cleaned_data["y_scale"] == "log"
        t_min, t_max = form.cleaned_data["temperature_min"], form.cleaned_data["temperature_max"]
        names = {c.slug: c.name for c in classes}
        # Thinned in the database: only the points drawn (at most one per cell of the grid) reach Python.
        chart = selectors.explore_map(
            x=x,
            y=y,
            t_min=t_min,
            t_max=t_max,
            user=request.user,
            log_x=log_x,
            log_y=log_y,
            class_slugs=form.cleaned_data["electrolyte_class"],
            grid=charts.SCATTER_GRID,
        )
        prefix = reverse("material-detail", args=["slug"]).removesuffix("slug/")
        figure = charts.ashby_figure(
            [
                charts.ScatterPoint(name=p.name, url=f"{prefix}{p.slug}/", group=p.class_name, x=p.x, y=p.y)
                for p in chart.points
            ],
            x_title=f"{x.name} ({x.canonical_unit})",
            y_title=f"{y.name} ({y.canonical_unit})",
            log_x=log_x,
            log_y=log_y,
            group_order=[c.name for c in classes],
            x_hover=_axis_hover(x, t_min=t_min, t_max=t_max),
            y_hover=_axis_hover(y, t_min=t_min, t_max=t_max),
            highlight=names.get(form.cleaned_data["highlight"], ""),
        )
        count = chart.count
        drawn = sum(len(trace["x"]) for trace in figure.get("data", []))
        dropped = chart.dropped
    context = {"form": form, "figure": figure, "count": count, "drawn": drawn, "dropped": dropped}
    return render(request, "electrolytes/explore.html", context, status=200 if form.is_valid() else 400)
