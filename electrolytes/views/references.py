"""The literature and datasets behind the values: a list, one page each, and BibTeX."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from electrolytes import selectors
from electrolytes.caching import SharedCountPaginator

PER_PAGE = 50


def reference_list(request):
    references = selectors.references_for_list(user=request.user)
    page = SharedCountPaginator(references, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_value_counts(page.object_list, user=request.user)
    return render(request, "electrolytes/reference_list.html", {"page": page})


def reference_detail(request, key):
    data = selectors.reference_for_page(key=key, user=request.user)
    return render(
        request,
        "electrolytes/reference_detail.html",
        {"data": data, "reference": data.reference, "row_limit": selectors.references.REFERENCE_PAGE_ROWS},
    )


def reference_bibtex(request, key):
    reference = selectors.get_reference(key=key, user=request.user)
    response = HttpResponse(reference.to_bibtex(), content_type="application/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{reference.key}.bib"'
    return response
