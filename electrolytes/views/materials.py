from django.shortcuts import render

from electrolytes import selectors


def material_detail(request, slug):
    material = selectors.material_for_page(slug=slug, user=request.user)
    return render(request, "electrolytes/material_detail.html", {"material": material})
