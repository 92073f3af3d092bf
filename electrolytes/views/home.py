from django.shortcuts import render

from electrolytes import selectors


def home(request):
    return render(request, "electrolytes/home.html", {"summary": selectors.knowledge_base_summary(user=request.user)})
