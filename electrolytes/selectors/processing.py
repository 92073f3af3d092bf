"""Reads for the processing page: routes of whole classes and of visible materials, and the cell-line
steps each one reuses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from electrolytes.models import (
    ProcessingRoute,
    Reference,
    RouteConditionSource,
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


def condition_references(route: ProcessingRoute) -> dict[str, Reference]:
    """The reference of each condition the route states: its own source row, else the route's reference.

    Reads ``route.condition_sources.all()``, so prefetch it (with the reference) when looping over routes.
    """
    own = {source.field: source.reference for source in route.condition_sources.all()}
    result = {}
    for field in RouteConditionSource.Field.values:
        if not route.states(field):
            continue
        reference = own.get(field, route.reference)
        if reference is not None:
            result[field] = reference
    return result


def processing_routes(*, user) -> list[ProcessingRoute]:
    """Processing routes of whole classes and of visible materials.

    Each gets ``line_steps`` (set of keys) and ``condition_refs`` (condition field -> the reference it comes
    from, see ``condition_references``).
    """
    routes = (
        visible_routes(user=user)
        .select_related("electrolyte_class", "material", "reference")
        .prefetch_related(
            Prefetch("condition_sources", queryset=RouteConditionSource.objects.select_related("reference"))
        )
        .order_by("mode", "electrolyte_class__display_order", "name")
    )
    result = list(routes)
    for route in result:
        route.line_steps = {key for key in map(cell_line_step, route.cell_manufacturing_steps) if key}
        route.condition_refs = condition_references(route)
    return result


@dataclass(frozen=True)
class LineStepUse:
    """How many routes of one mode reuse one step of the Li-ion line."""

    key: str
    label: str
    count: int
    total: int

    @property
    def share(self) -> str:
        """'all', 'some' or 'none': the CSS class and the word the page shows."""
        if self.count == 0:
            return "none"
        return "all" if self.count == self.total else "some"


@dataclass(frozen=True)
class ModeComparison:
    """One column of the Figure 2 comparison: the routes of a mode, the line steps they reuse, the steps they add."""

    mode: str
    label: str
    routes: list[ProcessingRoute]
    line_steps: list[LineStepUse]


@dataclass(frozen=True)
class ProcessingComparison:
    modes: list[ModeComparison]
    shared_steps: list[tuple[str, str]]  # reused by every route: said once, not as a column of ticks
    differing_steps: list[tuple[str, str]]  # reused by some routes only: the columns worth showing


def processing_comparison(routes: list[ProcessingRoute]) -> ProcessingComparison:
    """Ex-situ against in-situ (the perspective's Figure 2) from routes that carry ``line_steps``.

    A line step every route reuses is listed once in ``shared_steps``; only the steps that tell routes apart
    become table columns.
    """
    modes = []
    for mode, label in ProcessingRoute.Mode.choices:
        members = [r for r in routes if r.mode == mode]
        uses = [
            LineStepUse(key, step_label, sum(key in r.line_steps for r in members), len(members))
            for key, step_label in CELL_LINE_STEPS
        ]
        modes.append(ModeComparison(mode, label, members, uses))
    shared = [(k, lbl) for k, lbl in CELL_LINE_STEPS if routes and all(k in r.line_steps for r in routes)]
    differing = [(k, lbl) for k, lbl in CELL_LINE_STEPS if (k, lbl) not in shared]
    return ProcessingComparison(modes, shared, differing)
