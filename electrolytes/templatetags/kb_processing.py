"""Formatting of processing-route conditions (thickness with its bound, stack pressure)."""

from __future__ import annotations

from django import template

from .kb_format import sigfig

register = template.Library()

_BOUND_SIGNS = {"": "", "below": "< ", "at_least": "≥ "}


@register.filter
def thickness(route) -> str:
    """The electrolyte thickness a route reaches, in µm, with its bound: '< 100 µm', '≥ 200 µm', '35 µm'."""
    if route.electrolyte_thickness_um is None:
        return "—"
    return f"{_BOUND_SIGNS.get(route.thickness_bound, '')}{sigfig(route.electrolyte_thickness_um)}\u00a0µm"


@register.filter
def megapascal(value) -> str:
    """A pressure stored in MPa: '5 MPa'; '—' when the source gives none."""
    if value is None:
        return "—"
    return f"{sigfig(value)}\u00a0MPa"
