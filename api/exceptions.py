"""The one error shape of the API: {"error": {"status", "code", "message", "fields"}}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.views import csrf
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


class Conflict(exceptions.APIException):
    """The request is well formed but clashes with stored data (e.g. deleting a record still in use)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still in use."
    default_code = "conflict"


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            fields.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                fields.update(_flatten(item, f"{prefix}[{index}]"))
    else:
        fields[prefix or "non_field_errors"] = [str(detail)]
    return fields


def error_body(status_code: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail) or {"non_field_errors": ["Invalid input."]}
        first_field, messages = next(iter(fields.items()))
        message = f"{first_field}: {messages[0]}" if first_field != "non_field_errors" else messages[0]
        code = "invalid"
    else:
        fields = {}
        message = str(exc.detail) if hasattr(exc, "detail") else str(exc)
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None) if request is not None else None
    if renderer is not None and renderer.format not in ("json", "api"):
        # Errors are JSON even when CSV or BibTeX was asked for.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    body = error_body(response.status_code, code, message, fields)
    return Response(body, status=response.status_code, headers=_retry_headers(response))


def _retry_headers(response) -> dict[str, str]:
    headers = {}
    for name in ("Retry-After", "WWW-Authenticate", "Allow"):
        if name in response:
            headers[name] = response[name]
    return headers


@csrf_exempt  # a POST to a missing endpoint is a 404, not Django's HTML CSRF page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Unknown paths under /api/ answer in the API's error shape too."""
    return JsonResponse(error_body(404, "not_found", "No such API endpoint."), status=404)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the API's error shape under /api/, Django's own page everywhere else."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(403, "permission_denied", f"CSRF Failed: {reason}"), status=403)
    return csrf.csrf_failure(request, reason=reason)
