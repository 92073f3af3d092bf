"""Ashby-style chart: any property against any other, coloured by class."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from electrolytes import charts, selectors
from electrolytes.forms import ExploreForm
from electrolytes.models import ElectrolyteClass

DEFAULTS = {"x": "activation_energy", "y": "ionic_conductivity"}


def explore(request):
    definitions = selectors.property_definitions()
    data = {**DEFAULTS, **request.GET.dict()}
    form = ExploreForm(data, definitions=definitions)
    figure, count, drawn, dropped = {}, 0, 0, 0
    if form.is_valid():
        x = form.definitions[form.cleaned_data["x"]]
        y = form.definitions[form.cleaned_data["y"]]
        log_x = form.cleaned_data["x_scale"] == "log"
        log_y = form.cleaned_data["y_scale"] == "log"
        points = selectors.explore_points(
            x=x,
            y=y,
            t_min=form.cleaned_data["temperature_min"],
            t_max=form.cleaned_data["temperature_max"],
            user=request.user,
        )
        placeable = charts.plottable(points, log_x=log_x, log_y=log_y)
        prefix = reverse("material-detail", args=["slug"]).removesuffix("slug/")
        figure = charts.ashby_figure(
            [
                charts.ScatterPoint(name=p.name, url=f"{prefix}{p.slug}/", group=p.class_name, x=p.x, y=p.y)
                for p in charts.thin_scatter(placeable, log_x=log_x, log_y=log_y)
            ],
            x_title=f"{x.name} ({x.canonical_unit})",
            y_title=f"{y.name} ({y.canonical_unit})",
            log_x=log_x,
            log_y=log_y,
            group_order=list(ElectrolyteClass.objects.order_by("display_order").values_list("name", flat=True)),
        )
        count = len(placeable)
        drawn = sum(len(trace["x"]) for trace in figure.get("data", []))
        dropped = len(points) - count
    context = {"form": form, "figure": figure, "count": count, "drawn": drawn, "dropped": dropped}
    return render(request, "electrolytes/explore.html", context, status=200 if form.is_valid() else 400)
