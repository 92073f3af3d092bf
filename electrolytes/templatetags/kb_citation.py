"""Short citations of references for pages: 'Kato et al. (2016)', never the citation key."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def citation(reference) -> str:
    """The reference's short citation (Reference.citation: "Kato et al. (2016)", never the key)."""
    return "" if reference is None else reference.citation


@register.simple_tag
def condition_citation(route, field: str) -> str:
    """The citation of one condition of a processing route, linked to its reference page.

    Reads ``route.condition_refs`` (selectors.processing.processing_routes fills it); empty when the route
    does not state that condition or no reference is known for it.
    """
    reference = getattr(route, "condition_refs", {}).get(field)
    if reference is None:
        return ""
    return format_html(
        '<small class="cite" data-field="{}">(<a href="{}">{}</a>)</small>',
        field,
        reference.get_absolute_url(),
        citation(reference),
    )
