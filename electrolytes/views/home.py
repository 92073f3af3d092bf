from django.shortcuts import render

from electrolytes import selectors


def home(request):
    summary = selectors.knowledge_base_summary(user=request.user)
    return render(request, "electrolytes/home.html", {"summary": summary})
