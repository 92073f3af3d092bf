"""Crystal structure downloads from the material page (the API serves the representative one too)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from electrolytes import crystal, selectors


def structure_cif(request, slug: str, pk: int) -> HttpResponse:
    """One structure of a visible material as a CIF, with its source and licence in comment lines."""
    structure = selectors.structure_for_download(slug=slug, pk=pk, user=request.user)
    if structure is None:
        raise Http404(f"No structure {pk} for material {slug!r}.")
    response = HttpResponse(crystal.attributed_cif(structure), content_type="chemical/x-cif; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{pk}.cif"'
    return response
