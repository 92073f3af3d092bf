"""Ex-situ against in-situ solidification (Figure 2), from the processing-route records."""

from __future__ import annotations

from django.shortcuts import render

from electrolytes import selectors
from electrolytes.models import ProcessingRoute


def processing(request):
    routes = selectors.processing_routes(user=request.user)
    modes = [(mode, label, [r for r in routes if r.mode == mode]) for mode, label in ProcessingRoute.Mode.choices]
    context = {"routes": routes, "modes": modes, "line_steps": selectors.processing.CELL_LINE_STEPS}
    return render(request, "electrolytes/processing.html", context)
