"""The logged-in curator's own account: their API token (create, rotate, revoke).

A curator manages only their own token, so whatever they write through the API is recorded
under their name; only superusers administer other users' tokens, in the admin.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from electrolytes import services

CURATOR_PERMISSION = "electrolytes.change_material"
ACTIONS = ("create", "rotate", "revoke")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required(login_url="admin:login")
def api_token(request):
    """GET shows whether the user has a token (never its key); POST action=create|rotate|revoke.
    A new key is shown in the answer to the POST that made it, and nowhere afterwards."""
    if not request.user.has_perm(CURATOR_PERMISSION):
        raise PermissionDenied("Only curators write through the API, so only they have API tokens.")
    new_key = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, f"Unknown action {action!r}; choose create, rotate or revoke.")
            return redirect("api-token")
        if action == "revoke":
            revoked = services.api_token_revoke(user=request.user)
            messages.success(request, "Your API token was revoked." if revoked else "You had no API token.")
            return redirect("api-token")
        new_key = services.api_token_issue(user=request.user)
    created = Token.objects.filter(user=request.user).values_list("created", flat=True).first()
    return render(request, "electrolytes/api_token.html", {"created": created, "new_key": new_key})
