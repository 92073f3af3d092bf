"""OPTIMADE's JSON:API envelope: the ``meta`` block, error documents and the common headers."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .fields import PROVIDER_PREFIX

API_VERSION = "1.2.0"
MAJOR_VERSION = "1"
CONTENT_TYPE = "application/vnd.api+json"
SCHEMA_URL = "https://schemas.optimade.org/openapi/v1.2/optimade.json"

PROVIDER = {
    "name": "Electrolyte Knowledge Base",
    "description": (
        "Curated solid and polymer electrolytes for lithium batteries with their measured properties. "
        "Published inorganic compounds are served as structures, with their crystal structure (lattice "
        "and sites, partial occupancies kept) where one is known; polymer, gel and composite mixtures are "
        "not structures and are left out."
    ),
    "prefix": PROVIDER_PREFIX,
}

_TITLES = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    501: "Not Implemented",
    553: "Version Not Supported",
}


class OptimadeError(Exception):
    """Raised by a view to answer with an OPTIMADE error document."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def base_url(request: HttpRequest) -> str:
    """The unversioned base URL, absolute, without a trailing slash."""
    return request.build_absolute_uri(reverse("optimade:base")).rstrip("/")


def meta(request: HttpRequest, **extra) -> dict:
    base_path = reverse("optimade:base").rstrip("/")
    full_path = request.get_full_path()
    representation = full_path[len(base_path) :] if full_path.startswith(base_path) else full_path
    body = {
        "query": {"representation": representation},
        "api_version": API_VERSION,
        "more_data_available": False,
        "time_stamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "provider": {**PROVIDER, "homepage": request.build_absolute_uri("/")},
        "implementation": {"name": "electrolyte-kb", "version": "0.1.0"},
        "schema": SCHEMA_URL,
    }
    body.update(extra)
    return body


def json_response(body: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    error = {"status": str(status), "title": _TITLES.get(status, "Error"), "detail": detail}
    return json_response({"errors": [error], "meta": meta(request)}, status=status)
