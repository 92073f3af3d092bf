from django.shortcuts import get_object_or_404, render

from electrolytes.models import ElectrolyteClass


def class_detail(request, slug):
    electrolyte_class = get_object_or_404(ElectrolyteClass, slug=slug)
    return render(request, "electrolytes/class_detail.html", {"electrolyte_class": electrolyte_class})
