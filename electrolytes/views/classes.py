"""The class matrix (Figure 1) with rows computed from the data, and one page per class."""

from __future__ import annotations

from django.shortcuts import render

from electrolytes import charts, selectors
from electrolytes.temperature_windows import room_window_celsius


def class_matrix(request):
    classes, criteria, cells = selectors.class_matrix()
    stats = selectors.class_statistics(user=request.user)
    empty = selectors.classes.ClassStats()
    grid = [(criterion, [cells.get((cls.pk, criterion.pk)) for cls in classes]) for criterion in criteria]
    context = {
        "classes": classes,
        "criteria": criteria,
        "grid": grid,
        "stats": [stats.get(cls.pk, empty) for cls in classes],
        "window": room_window_celsius(),
    }
    return render(request, "electrolytes/class_matrix.html", context)


def class_detail(request, slug):
    electrolyte_class, materials, bins = selectors.class_for_page(slug=slug, user=request.user)
    context = {
        "electrolyte_class": electrolyte_class,
        "materials": materials,
        "conductivity_count": sum(bins.values()),
        "histogram": charts.conductivity_histogram(
            {k: n for k, n in bins.items() if k is not None},
            bin_width=selectors.classes.HISTOGRAM_BIN_DECADES,
            window_label=room_window_celsius(),
        ),
        "window": room_window_celsius(),
        "limit": selectors.classes.CLASS_PAGE_MATERIALS,
    }
    return render(request, "electrolytes/class_detail.html", context)
