"""OPTIMADE API v1 views: parse the query parameters, read the entries, render the envelope.

Errors are OPTIMADE error documents (not the main API's error shape), produced here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import entries
from .entries import ENTRY_TYPES, EntryType
from .fields import PROVIDER_PREFIX
from .responses import (
    API_VERSION,
    MAJOR_VERSION,
    OptimadeError,
    base_url,
    error_response,
    json_response,
    meta,
)
from .transformer import STANDARD_PROPERTIES, FilterError, filter_to_q

DEFAULT_PAGE_LIMIT = 20
MAX_PAGE_LIMIT = 100
MAX_PAGE_OFFSET = 2**63 - 1 - MAX_PAGE_LIMIT  # the database's OFFSET and LIMIT are 64-bit
_API_HINT = re.compile(r"^v\d+(\.\d+)?$")
_UNSUPPORTED_PAGING = ("page_number", "page_cursor", "page_above", "page_below")


# What a browser's CORS preflight is told: any origin may GET, with any request header.
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "86400",
}


def optimade_view(view: Callable) -> Callable:
    """GET and HEAD, plus the CORS preflight (OPTIONS); turns OptimadeError (and filter errors) into
    OPTIMADE error documents, other methods into a 405 document."""

    @csrf_exempt  # read-only: the 405 for a POST is an OPTIMADE document, not Django's CSRF page
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            return preflight(request)
        if request.method not in ("GET", "HEAD"):
            response = error_response(request, 405, f"{request.method} is not allowed; OPTIMADE is read-only (GET).")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            _check_common_parameters(request, kwargs)
            return view(request, *args, **kwargs)
        except OptimadeError as exc:
            return error_response(request, exc.status, exc.detail)
        except FilterError as exc:
            return error_response(request, exc.status, exc.detail)

    return wrapper


def preflight(request: HttpRequest) -> HttpResponse:
    """The answer to a CORS preflight: 200, no body, the headers that let any origin GET."""
    response = HttpResponse(status=200)
    for name, value in PREFLIGHT_HEADERS.items():
        response[name] = value
    response["Allow"] = "GET, HEAD, OPTIONS"
    return response


def _check_common_parameters(request: HttpRequest, path_values: dict) -> None:
    # PostgreSQL can neither store nor compare NUL: refuse it in the path and in every parameter.
    for name, value in path_values.items():
        if "\x00" in str(value):
            raise OptimadeError(400, f"The {name.replace('_', ' ')} must not contain NUL characters.")
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise OptimadeError(400, f"The parameter {name.replace(chr(0), '')!r} must not contain NUL characters.")
    response_format = request.GET.get("response_format", "json")
    if response_format != "json":
        raise OptimadeError(400, f"response_format {response_format!r} is not served; the only format is 'json'.")
    hint = request.GET.get("api_hint")
    if hint is not None and not _API_HINT.match(hint):
        raise OptimadeError(400, f"api_hint {hint!r} is not of the form vMAJOR or vMAJOR.MINOR, e.g. 'v1'.")


# --- non-entry endpoints -------------------------------------------------------------------------


@optimade_view
def versions(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(f"version\n{MAJOR_VERSION}\n", content_type="text/csv; header=present")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@optimade_view
def info(request: HttpRequest) -> HttpResponse:
    data = {
        "type": "info",
        "id": "/",
        "attributes": {
            "api_version": API_VERSION,
            "available_api_versions": [{"url": f"{base_url(request)}/v{MAJOR_VERSION}", "version": API_VERSION}],
            "formats": ["json"],
            "entry_types_by_format": {"json": list(ENTRY_TYPES)},
            "available_endpoints": ["info", "links", *ENTRY_TYPES],
            "is_index": False,
        },
    }
    return json_response({"data": data, "meta": meta(request)})


_DESCRIPTIONS = {
    "structures": (
        "Published inorganic electrolyte compounds. An entry whose material has a representative crystal "
        "structure carries its cell: lattice_vectors, cartesian_site_positions, species (a shared or partly "
        "occupied site lists its elements with their concentrations, and 'vacancy'), species_at_sites, nsites "
        "and dimension_types, with 'disorder' in structure_features where it applies and what is doubtful about "
        f"the structure in _{PROVIDER_PREFIX}_structure_flags. Other entries are compositions, with these fields "
        "null. A structure whose elements differ from the material's nominal ones is not served. "
        "Mixtures (polymer, gel and composite electrolytes) are not structures and are not listed. "
        f"Room-temperature properties are under the _{PROVIDER_PREFIX}_ prefix, with their units."
    ),
    "references": "Literature and datasets the knowledge base's values come from.",
}


@optimade_view
def entry_info(request: HttpRequest, entry: str) -> HttpResponse:
    entry_type = ENTRY_TYPES[entry]
    data = {
        "id": entry,
        "type": "info",
        "description": _DESCRIPTIONS[entry],
        "properties": {name: prop.info() for name, prop in entry_type.properties.items()},
        "formats": ["json"],
        "output_fields_by_format": {"json": list(entry_type.properties)},
    }
    return json_response({"data": data, "meta": meta(request)})


@optimade_view
def links(request: HttpRequest) -> HttpResponse:
    root = {
        "id": PROVIDER_PREFIX,
        "type": "links",
        "attributes": {
            "name": "Electrolyte Knowledge Base",
            "description": "The root of this OPTIMADE implementation.",
            "base_url": base_url(request),
            "homepage": request.build_absolute_uri("/"),
            "link_type": "root",
            "aggregate": "ok",
        },
    }
    return json_response({"data": [root], "meta": meta(request, data_returned=1, data_available=1)})


# --- entry endpoints -----------------------------------------------------------------------------


@optimade_view
def entry_list(request: HttpRequest, entry: str) -> HttpResponse:
    entry_type = ENTRY_TYPES[entry]
    params = request.GET
    for name in _UNSUPPORTED_PAGING:
        if name in params:
            raise OptimadeError(501, f"{name} is not supported; page with page_limit and page_offset.")
    limit = _non_negative_int(params, "page_limit", DEFAULT_PAGE_LIMIT)
    if limit > MAX_PAGE_LIMIT:
        raise OptimadeError(403, f"page_limit {limit} is above the maximum of {MAX_PAGE_LIMIT}.")
    if limit == 0:
        raise OptimadeError(400, "page_limit must be at least 1.")
    offset = _non_negative_int(params, "page_offset", 0)
    if offset > MAX_PAGE_OFFSET:
        raise OptimadeError(400, f"page_offset {offset} is above the largest offset, {MAX_PAGE_OFFSET}.")
    fields = _response_fields(request, entry_type)
    include = _include(request, entry_type)
    ordering = _ordering(params.get("sort", ""), entry_type)
    condition = filter_to_q(params.get("filter", ""), properties=entry_type.properties, entry_type=entry)

    available, returned = entries.counts(entry_type, condition)
    # Past the last match the page is empty; asking the database would overflow its OFFSET.
    rows = entries.page(entry_type, condition, ordering, offset, limit) if offset < returned else []
    data, included = _render(request, entry_type, rows, fields, include)
    more = offset + len(rows) < returned
    next_link = None
    if more:
        query = params.copy()
        query["page_offset"] = str(offset + len(rows))
        next_link = f"{request.build_absolute_uri(request.path)}?{urlencode(list(query.lists()), doseq=True)}"
    body = {
        "data": data,
        "links": {"next": next_link},
        "meta": meta(request, more_data_available=more, data_returned=returned, data_available=available),
    }
    if included is not None:
        body["included"] = included
    return json_response(body)


@optimade_view
def entry_detail(request: HttpRequest, entry: str, entry_id: str) -> HttpResponse:
    entry_type = ENTRY_TYPES[entry]
    fields = _response_fields(request, entry_type)
    include = _include(request, entry_type)
    row = entries.one(entry_type, entry_id)
    if row is None:
        raise OptimadeError(404, f"No {entry} entry with id {entry_id!r}.")
    data, included = _render(request, entry_type, [row], fields, include)
    body = {"data": data[0], "meta": meta(request, data_returned=1)}
    if included is not None:
        body["included"] = included
    return json_response(body)


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    if request.method == "OPTIONS":
        return preflight(request)
    path = request.path.replace("\x00", "")
    return error_response(request, 404, f"{path} is not an OPTIMADE endpoint of this database.")


@csrf_exempt
def unsupported_version(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    if request.method == "OPTIONS":
        return preflight(request)
    return error_response(
        request, 553, f"This database serves OPTIMADE API version {MAJOR_VERSION} only, under /v{MAJOR_VERSION}."
    )


# --- helpers -------------------------------------------------------------------------------------


def _non_negative_int(params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise OptimadeError(400, f"{name} must be a whole number, not {raw!r}.") from None
    if value < 0:
        raise OptimadeError(400, f"{name} must not be negative, not {value}.")
    return value


def _response_fields(request: HttpRequest, entry_type: EntryType) -> list[str]:
    raw = request.GET.get("response_fields")
    attribute_names = [name for name in entry_type.properties if name not in ("id", "type")]
    if raw is None:
        return attribute_names
    fields = []
    for name in (part.strip() for part in raw.split(",")):
        if not name or name in ("id", "type") or name in fields:
            continue
        if name.startswith("_") and not name.startswith(f"_{PROVIDER_PREFIX}_"):
            continue  # another provider's field: nothing to return
        if name not in entry_type.properties and not _is_standard(entry_type, name):
            raise OptimadeError(400, f"Unknown response field {name!r} for {entry_type.name}.")
        fields.append(name)
    return fields


def _is_standard(entry_type: EntryType, name: str) -> bool:
    return name in STANDARD_PROPERTIES[entry_type.name]


def _include(request: HttpRequest, entry_type: EntryType) -> bool:
    """Whether to add the related references under ``included`` (the default for structures)."""
    if entry_type.name != "structures":
        raw = request.GET.get("include", "")
        if raw.strip():
            raise OptimadeError(400, f"{entry_type.name} entries have no relationships to include.")
        return False
    raw = request.GET.get("include", "references")
    wanted = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = wanted - {"references"}
    if unknown:
        raise OptimadeError(400, f"Cannot include {', '.join(sorted(unknown))}; structures relate to references only.")
    return bool(wanted)


def _ordering(sort: str, entry_type: EntryType) -> list:
    ordering = []
    for part in (p.strip() for p in sort.split(",") if p.strip()):
        name = part.lstrip("-")
        prop = entry_type.properties.get(name)
        if prop is None:
            raise OptimadeError(400, f"Cannot sort on unknown property {name!r}.")
        if not prop.sortable:
            raise OptimadeError(400, f"{name} is not sortable; /info/{entry_type.name} marks the sortable properties.")
        expression = F(prop.path)
        ordering.append(expression.desc(nulls_last=True) if part.startswith("-") else expression.asc(nulls_last=True))
    ordering.append(F(entry_type.id_path).asc())
    return ordering


def _render(request: HttpRequest, entry_type: EntryType, rows: list[dict], fields: list[str], include: bool):
    """Resource objects for ``rows``, and the included references (None when not asked for)."""
    base = f"{base_url(request)}/v{MAJOR_VERSION}"
    if entry_type.name != "structures":
        data = [entries.resource(entry_type, row, fields, self_url=f"{base}/references/{row['key']}") for row in rows]
        return data, None
    related = entries.references_of([row["pk"] for row in rows])
    data = [
        entries.resource(
            entry_type, row, fields, self_url=f"{base}/structures/{row['slug']}", related=related.get(row["pk"], [])
        )
        for row in rows
    ]
    if not include:
        return data, None
    keys = {key for keys in related.values() for key in keys}
    references = ENTRY_TYPES["references"]
    included = [
        entries.resource(
            references,
            row,
            [n for n in references.properties if n not in ("id", "type")],
            self_url=f"{base}/references/{row['key']}",
        )
        for row in entries.reference_rows(keys)
    ]
    return data, included
