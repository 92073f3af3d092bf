"""Display filters for crystal structures (the material page's sites table).

A cell can hold hundreds of sites: the table body is built here in one pass, with the same number
formatting as kb_format, rather than through a template loop calling a filter per cell.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .kb_format import sig_parts

register = template.Library()


def occupation(species: dict[str, float]) -> str:
    """A site's occupation in words: "Li 1", "La 0.5, Li 0.5" (occupancies to 4 significant figures)."""
    return ", ".join(f"{element} {sig_parts(amount, 4)[0]}" for element, amount in species.items())


@register.filter
def site_rows(sites: list[dict]) -> SafeString:
    """Table rows (label, occupation, fractional x, y, z to 4 decimals) for the sites of a structure."""
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
        ((site["label"], occupation(site["species"]), *(f"{x:.4f}" for x in site["abc"])) for site in sites),
    ) or format_html("")
