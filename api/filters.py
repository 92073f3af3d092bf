"""Query parameters of the list endpoints: one declaration per parameter gives both the parsing
(with a 400 naming the parameter) and its OpenAPI documentation.

Material searches go through electrolytes.material_query.parse_material_query, shared with
the HTML pages; this module only documents those parameters and parses the simpler
filters of the other resources.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from electrolytes import units
from electrolytes.material_query import QueryError, parse_material_query
from electrolytes.models import (
    ClassAssessment,
    ElectrolyteClass,
    Material,
    Measurement,
    ProcessingRoute,
    PropertyDefinition,
    PublicationStatus,
    Reference,
)
from electrolytes.selectors import ORDERINGS, MaterialQuery

MAX_TEXT_LENGTH = 200


@dataclass(frozen=True)
class Param:
    """One query parameter: how it is documented, parsed and applied.

    ``kind`` is "text", "list" (comma-separated), "number", "integer", "choice" or "bool".
    ``lookup`` is the ORM lookup the parsed value is applied with (``None``: the view handles it).
    """

    name: str
    kind: str
    description: str
    lookup: str | None = None
    choices: tuple[str, ...] = ()
    example: str = ""

    def openapi(self) -> OpenApiParameter:
        types = {"number": OpenApiTypes.DOUBLE, "integer": OpenApiTypes.INT, "bool": OpenApiTypes.BOOL}
        return OpenApiParameter(
            self.name,
            types.get(self.kind, OpenApiTypes.STR),
            description=self.description,
            enum=list(self.choices) if self.kind == "choice" else None,
        )


@dataclass
class FilterSpec:
    params: list[Param]
    orderings: dict[str, str] = field(default_factory=dict)
    default_ordering: tuple[str, ...] = ("id",)
    checks: list[Callable[[dict[str, Any], dict[str, str]], None]] = field(default_factory=list)

    def openapi(self) -> list[OpenApiParameter]:
        parameters = [param.openapi() for param in self.params]
        if self.orderings:
            parameters.append(ordering_parameter(self.orderings))
        return parameters


def ordering_parameter(orderings: Mapping[str, str], extra: str = "") -> OpenApiParameter:
    names = ", ".join(orderings)
    return OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        description=f"Comma-separated sort keys, '-' prefix for descending. One of: {names}.{extra}",
    )


def reject_nul(params: Mapping) -> None:
    """PostgreSQL cannot store or compare NUL characters; refuse them up front for every parameter."""
    for name in params:
        values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        if "\x00" in name or any("\x00" in str(value) for value in values):
            raise exceptions.ValidationError({name.replace("\x00", ""): ["Must not contain NUL characters."]})


def _parse_one(param: Param, raw: str, errors: dict[str, str]) -> Any:
    if param.kind in ("text", "list") and len(raw) > MAX_TEXT_LENGTH:
        errors[param.name] = f"Longer than {MAX_TEXT_LENGTH} characters."
        return None
    if param.kind == "text":
        return raw
    if param.kind == "list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    if param.kind == "choice":
        if raw not in param.choices:
            errors[param.name] = f"Unknown value {raw!r}; choose from: {', '.join(param.choices)}."
        return raw
    if param.kind == "bool":
        lowered = raw.lower()
        if lowered not in ("true", "false"):
            errors[param.name] = f"{raw!r} is not true or false."
        return lowered == "true"
    if param.kind == "integer":
        try:
            return int(raw)
        except ValueError:
            errors[param.name] = f"{raw!r} is not a whole number."
            return None
    try:
        value = float(raw)
    except ValueError:
        errors[param.name] = f"{raw!r} is not a number."
        return None
    if not math.isfinite(value):
        errors[param.name] = f"{raw!r} is not a finite number."
        return None
    return value


def parse_filters(params: Mapping, spec: FilterSpec) -> dict[str, Any]:
    """Parsed values of the parameters present in ``params``; a ValidationError lists every bad one."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for param in spec.params:
        raw = str(params.get(param.name, "")).strip()
        if raw == "":
            continue
        value = _parse_one(param, raw, errors)
        if param.name not in errors:
            values[param.name] = value
    for param in spec.params:
        if param.name.endswith("_min"):
            stem = param.name[: -len("_min")]
            low, high = values.get(param.name), values.get(f"{stem}_max")
            if low is not None and high is not None and low > high:
                errors[param.name] = f"{param.name} ({low:g}) is above {stem}_max ({high:g})."
    for check in spec.checks:
        check(values, errors)
    ordering = [item.strip() for item in str(params.get("ordering", "")).split(",") if item.strip()]
    for name in ordering:
        if name.lstrip("-") not in spec.orderings:
            errors["ordering"] = f"Unknown ordering field {name!r}; choose from: {', '.join(spec.orderings)}."
    values["ordering"] = ordering
    if errors:
        raise exceptions.ValidationError({name: [message] for name, message in errors.items()})
    return values


def apply_filters(qs: QuerySet, values: dict[str, Any], spec: FilterSpec) -> QuerySet:
    for param in spec.params:
        if param.lookup and param.name in values:
            qs = qs.filter(**{param.lookup: values[param.name]})
    order = []
    for name in values.get("ordering") or spec.default_ordering:
        expression = spec.orderings.get(name.lstrip("-"), name.lstrip("-"))
        order.append(f"-{expression}" if name.startswith("-") else expression)
    if "id" not in order and "-id" not in order:
        order.append("id")
    return qs.order_by(*order)


# --- Materials (parsed by electrolytes.material_query) ----------------------------------------

ROOM_T = f"{units.ROOM_TEMPERATURE_MIN_K:g}-{units.ROOM_TEMPERATURE_MAX_K:g} K"

MATERIAL_PARAMS = [
    Param(
        "elements", "list", "Comma-separated element symbols the material must all contain, e.g. Li,S.", example="Li,S"
    ),
    Param("exclude_elements", "list", "Comma-separated element symbols the material must not contain, e.g. Ge."),
    Param("chemsys", "text", "Exact element set, dash-separated, e.g. Li-P-S (no other elements)."),
    Param("formula", "text", "Formula, normalised with pymatgen before matching (Li6PS5Cl matches Li12P2S10Cl2)."),
    Param("nelements_min", "integer", "Fewest distinct elements (compounds only)."),
    Param("nelements_max", "integer", "Most distinct elements (compounds only)."),
    Param("electrolyte_class", "list", "Comma-separated electrolyte class slugs, e.g. sulfide."),
    Param("family", "list", "Comma-separated structure family slugs, e.g. argyrodite."),
    Param(
        "kind", "choice", "compound (inorganic) or mixture (e.g. polymer + salt).", choices=tuple(Material.Kind.values)
    ),
    Param(
        "status",
        "choice",
        "Publication status; curators only (everyone else only ever sees published materials).",
        choices=tuple(PublicationStatus.values),
    ),
    Param(
        "q",
        "text",
        "Text search over names, formulas, descriptions and reference titles (PostgreSQL full text), "
        "with trigram similarity so near misses such as Li6PSCl still find Li6PS5Cl. Up to 200 characters.",
    ),
    Param(
        "temperature_min",
        "number",
        "Lowest measurement temperature in K for temperature-dependent properties "
        f"(default: room temperature, {ROOM_T}).",
    ),
    Param(
        "temperature_max",
        "number",
        "Highest measurement temperature in K for temperature-dependent properties "
        f"(default: room temperature, {ROOM_T}).",
    ),
]

MATERIAL_FIELDS_HELP = (
    "Comma-separated names of the fields to return (default: all), e.g. slug,formula,ionic_conductivity."
)


def material_parameters(property_definitions: list[PropertyDefinition]) -> list[OpenApiParameter]:
    """Documented parameters of the material list, with a _min/_max pair per property definition."""
    parameters = [param.openapi() for param in MATERIAL_PARAMS]
    for definition in property_definitions:
        unit = definition.canonical_unit
        where = (
            f" measured within temperature_min..temperature_max (default {ROOM_T})"
            if definition.requires_temperature
            else ""
        )
        for end, word in (("min", "Smallest"), ("max", "Largest")):
            parameters.append(
                OpenApiParameter(
                    f"{definition.key}_{end}",
                    OpenApiTypes.DOUBLE,
                    description=f"{word} {definition.name.lower()} in {unit}{where}: "
                    f"materials with at least one such measurement.",
                )
            )
    parameters.append(
        ordering_parameter(
            ORDERINGS,
            " conductivity, activation_energy and oxidation_limit sort by the room-temperature values shown inline.",
        )
    )
    parameters.append(OpenApiParameter("fields", OpenApiTypes.STR, description=MATERIAL_FIELDS_HELP))
    return parameters


def material_query(params: Mapping, *, allow_status: bool) -> MaterialQuery:
    """parse_material_query with its errors turned into the API's 400."""
    try:
        return parse_material_query(params, allow_status=allow_status)
    except QueryError as exc:
        raise exceptions.ValidationError({name: [message] for name, message in exc.errors.items()}) from None


# --- Other resources ----------------------------------------------------------------------------


def _needs_single_property(values: dict[str, Any], errors: dict[str, str]) -> None:
    if ("value_min" in values or "value_max" in values) and len(values.get("property") or []) != 1:
        name = "value_min" if "value_min" in values else "value_max"
        errors[name] = "Value bounds need exactly one property= (values are in that property's canonical unit)."


def _known_properties(values: dict[str, Any], errors: dict[str, str]) -> None:
    keys = values.get("property") or []
    if keys:
        known = set(PropertyDefinition.objects.filter(key__in=keys).values_list("key", flat=True))
        unknown = [key for key in keys if key not in known]
        if unknown:
            errors["property"] = f"Unknown property {unknown[0]!r}."


MEASUREMENT_FILTERS = FilterSpec(
    params=[
        Param("material", "list", "Comma-separated material slugs.", lookup="material__slug__in"),
        Param(
            "property", "list", "Comma-separated property keys, e.g. ionic_conductivity.", lookup="property__key__in"
        ),
        Param("temperature_min", "number", "Lowest measurement temperature in K.", lookup="temperature_k__gte"),
        Param("temperature_max", "number", "Highest measurement temperature in K.", lookup="temperature_k__lte"),
        Param(
            "value_min",
            "number",
            "Smallest value, in the canonical unit of the one property= given.",
            lookup="value__gte",
        ),
        Param(
            "value_max",
            "number",
            "Largest value, in the canonical unit of the one property= given.",
            lookup="value__lte",
        ),
        Param("reference", "text", "Key of the reference that reports the value.", lookup="reference__key"),
        Param(
            "source_dataset", "text", "Key of the dataset the value was imported from.", lookup="source_dataset__key"
        ),
        Param(
            "measured_part",
            "choice",
            "Contribution measured.",
            lookup="measured_part",
            choices=tuple(Measurement.MeasuredPart.values),
        ),
        Param("method", "choice", "Measurement method.", lookup="method", choices=tuple(Measurement.Method.values)),
        Param(
            "is_derived",
            "bool",
            "true: only values derived here (fits); false: only reported values.",
            lookup="is_derived",
        ),
    ],
    orderings={
        "id": "id",
        "temperature": "temperature_k",
        "value": "value",
        "material": "material__slug",
        "property": "property__display_order",
    },
    checks=[_needs_single_property, _known_properties],
)

REFERENCE_FILTERS = FilterSpec(
    params=[
        Param("q", "text", "Text contained in the title, journal, key or DOI (case-insensitive)."),
        Param("doi", "text", "DOI, with or without a resolver prefix (normalised before matching)."),
        Param("kind", "choice", "Kind of reference.", lookup="kind", choices=tuple(Reference.Kind.values)),
        Param("year_min", "integer", "Earliest publication year.", lookup="year__gte"),
        Param("year_max", "integer", "Latest publication year.", lookup="year__lte"),
    ],
    orderings={"key": "key", "year": "year", "title": "title", "id": "id"},
    default_ordering=("-year", "key"),
)


def reference_text_filter(qs: QuerySet, text: str) -> QuerySet:
    return qs.filter(
        Q(title__icontains=text) | Q(journal__icontains=text) | Q(key__icontains=text) | Q(doi__icontains=text)
    )


CLASS_FILTERS = FilterSpec(
    params=[
        Param(
            "category",
            "choice",
            "Inorganic or polymer.",
            lookup="category",
            choices=tuple(ElectrolyteClass.Category.values),
        )
    ],
    orderings={"display_order": "display_order", "name": "name", "slug": "slug"},
    default_ordering=("display_order", "name"),
)

FAMILY_FILTERS = FilterSpec(
    params=[Param("electrolyte_class", "text", "Slug of the electrolyte class.", lookup="electrolyte_class__slug")],
    orderings={"name": "name", "slug": "slug"},
    default_ordering=("electrolyte_class__display_order", "name"),
)

PROPERTY_FILTERS = FilterSpec(
    params=[
        Param(
            "requires_temperature",
            "bool",
            "Only properties measured at a stated temperature.",
            lookup="requires_temperature",
        )
    ],
    orderings={"display_order": "display_order", "key": "key", "name": "name"},
    default_ordering=("display_order", "name"),
)

CRITERION_FILTERS = FilterSpec(
    params=[],
    orderings={"display_order": "display_order", "name": "name", "slug": "slug"},
    default_ordering=("display_order", "name"),
)

ASSESSMENT_FILTERS = FilterSpec(
    params=[
        Param("electrolyte_class", "text", "Slug of the electrolyte class.", lookup="electrolyte_class__slug"),
        Param("criterion", "text", "Slug of the criterion.", lookup="criterion__slug"),
        Param(
            "rating",
            "choice",
            "Rating from -2 (serious weakness) to +2 (clear strength).",
            lookup="rating",
            choices=tuple(str(value) for value in ClassAssessment.Rating.values),
        ),
    ],
    orderings={"id": "id", "rating": "rating"},
    default_ordering=("electrolyte_class__display_order", "criterion__display_order"),
)

ROUTE_FILTERS = FilterSpec(
    params=[
        Param("electrolyte_class", "text", "Slug of the electrolyte class.", lookup="electrolyte_class__slug"),
        Param("material", "text", "Slug of the material the route was used for.", lookup="material__slug"),
        Param("mode", "choice", "Ex-situ or in-situ.", lookup="mode", choices=tuple(ProcessingRoute.Mode.values)),
        Param(
            "route_type",
            "choice",
            "Kind of route.",
            lookup="route_type",
            choices=tuple(ProcessingRoute.RouteType.values),
        ),
        Param(
            "peak_temperature_min", "number", "Lowest peak process temperature in K.", lookup="peak_temperature_k__gte"
        ),
        Param(
            "peak_temperature_max", "number", "Highest peak process temperature in K.", lookup="peak_temperature_k__lte"
        ),
    ],
    orderings={"name": "name", "slug": "slug", "peak_temperature": "peak_temperature_k"},
    default_ordering=("mode", "electrolyte_class__display_order", "name"),
)
