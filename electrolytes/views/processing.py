"""Ex-situ against in-situ solidification (Figure 2), from the processing-route records."""

from __future__ import annotations

from django.shortcuts import render

from electrolytes import selectors
from electrolytes.selectors.processing import processing_comparison


def processing(request):
    routes = selectors.processing_routes(user=request.user)
    comparison = processing_comparison(routes)
    context = {
        "routes": routes,
        "comparison": comparison,
        "modes": [(m.mode, m.label, m.routes) for m in comparison.modes],
    }
    return render(request, "electrolytes/processing.html", context)
