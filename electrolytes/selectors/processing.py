"""Reads for the processing page: routes of whole classes and of visible materials, and the cell-line
steps each one reuses."""

from __future__ import annotations

from electrolytes.models import (
    ProcessingRoute,
)

from .visibility import visible_routes

CELL_LINE_STEPS = [
    ("coating", "Electrode coating"),
    ("stacking_winding", "Stacking or winding"),
    ("injection", "Electrolyte injection"),
    ("sealing", "Sealing"),
    ("formation", "Formation"),
]
_STEP_WORDS = {
    "coat": "coating",
    "stack": "stacking_winding",
    "wind": "stacking_winding",
    "inject": "injection",
    "fill": "injection",
    "seal": "sealing",
    "formation": "formation",
}


def cell_line_step(text: str) -> str | None:
    """The standard cell-line step a stored step name refers to ('stacking/winding' -> 'stacking_winding')."""
    lowered = text.lower()
    for word, key in _STEP_WORDS.items():
        if word in lowered:
            return key
    return None


def processing_routes(*, user) -> list[ProcessingRoute]:
    """Processing routes of whole classes and of visible materials; each gets ``line_steps`` (set of keys)."""
    routes = (
        visible_routes(user=user)
        .select_related("electrolyte_class", "material", "reference")
        .order_by("mode", "electrolyte_class__display_order", "name")
    )
    result = list(routes)
    for route in result:
        route.line_steps = {key for key in map(cell_line_step, route.cell_manufacturing_steps) if key}
    return result
