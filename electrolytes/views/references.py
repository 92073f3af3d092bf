from django.shortcuts import get_object_or_404, render

from electrolytes.models import Reference


def reference_detail(request, key):
    reference = get_object_or_404(Reference, key=key)
    return render(request, "electrolytes/reference_detail.html", {"reference": reference})
