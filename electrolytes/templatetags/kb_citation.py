"""Short citations of references for pages: 'Kato et al. (2016)', never the citation key."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def citation(reference) -> str:
    """First author's surname, 'et al.' when there are more, and the year.

    A reference recorded without authors is named by its journal (or the start of its title) and year, so a
    reader never sees the internal key.
    """
    if reference is None:
        return ""
    year = reference.year or "n.d."
    if reference.metadata_pending:
        return f"doi:{reference.doi} (metadata pending)"
    if reference.authors:
        surname = reference.authors[0].split(",")[0].strip()
        etal = " et al." if len(reference.authors) > 1 else ""
        return f"{surname}{etal} ({year})"
    if reference.journal:
        return f"{reference.journal} ({year})"
    title = reference.title.strip()
    short = title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0] + "…"
    return f"{short} ({year})"


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
