"""Query parameters of the list endpoints.

Every resource but materials is filtered by a django-filter FilterSet: its filters parse the
parameters (DjangoFilterBackend answers a 400 naming each bad one), apply them, and document
them in the OpenAPI schema (drf-spectacular reads each filter's help_text).

Material searches go through electrolytes.material_query.parse_material_query, shared with
the HTML pages; this module only documents those parameters and turns their errors into 400s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django_filters import rest_framework as df
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from electrolytes.material_parameters import (
    ORDERING_PARAMETER,
    MaterialQuery,
    SearchParameter,
    ordering_choices,
    ordering_description,
    ordering_help,
    range_description,
    search_parameters,
)
from electrolytes.material_query import (
    MAX_TEXT_LENGTH,  # one limit for every text parameter
    QueryError,
    nul_errors,
    parse_material_query,
    unknown_parameter_errors,
)
from electrolytes.models import (
    ClassAssessment,
    Criterion,
    ElectrolyteClass,
    Measurement,
    ProcessingRoute,
    PropertyDefinition,
    Reference,
    StructureFamily,
)
from electrolytes.models.references import normalise_doi


def reject_nul(params: Mapping) -> None:
    """PostgreSQL cannot store or compare NUL characters; refuse them up front for every parameter."""
    errors = nul_errors(params)
    if errors:
        raise exceptions.ValidationError({name: [message] for name, message in errors.items()})


FORMAT_PARAMETER = "format"  # DRF's URL_FORMAT_OVERRIDE, accepted everywhere


def reject_unknown(params: Mapping, accepted: list[str]) -> None:
    """A 400 naming every parameter not in ``accepted`` (a mistyped filter must not silently match all)."""
    errors = unknown_parameter_errors(params, accepted)
    if errors:
        raise exceptions.ValidationError({name: [message] for name, message in errors.items()})


class FilterBackend(df.DjangoFilterBackend):
    """DjangoFilterBackend whose 400 carries each message exactly as the form formatted it.

    django-filter formats the messages a second time (``message % params``), which raises TypeError
    on a message quoting a value with a ``%`` in it (``property=%``): a 500 instead of a 400.
    """

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = filterset.form.errors.get_json_data()
            raise exceptions.ValidationError(
                {name: [item["message"] for item in items] for name, items in errors.items()}
            )
        return filterset.qs


# --- Filters shared by the FilterSets -----------------------------------------------------------


class CharInFilter(df.BaseInFilter, df.CharFilter):
    """Comma-separated values, each at most MAX_TEXT_LENGTH characters; a record matches any of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        super().__init__(*args, **kwargs)


class FloatFilter(df.NumberFilter):
    """A finite number of any size (NumberFilter's DecimalField stops at 1e50, which the schema cannot say)."""

    field_class = forms.FloatField

    def get_max_validator(self) -> None:
        return None


class IntegerFilter(df.NumberFilter):
    """A whole number (NumberFilter alone takes decimals)."""

    field_class = forms.IntegerField


class StrictBooleanField(forms.NullBooleanField):
    """true or false. Django's NullBooleanField reads anything else as "not given", which would
    silently drop a mistyped filter; here it is an error naming the parameter."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        lowered = str(value).strip().lower()
        if lowered not in ("true", "false"):
            raise forms.ValidationError(f"{value!r} is not true or false.", code="invalid")
        return lowered == "true"


class StrictBooleanFilter(django_filters.BooleanFilter):
    # Not the rest_framework BooleanFilter: its widget already turns unknown values into None.
    field_class = StrictBooleanField


class Ordering(df.OrderingFilter):
    """OrderingFilter from a whitelist of public names ({field: name}), with a default order and the
    id as the last key, so that pages of equal keys neither overlap nor skip records."""

    def __init__(self, *args: Any, fields: dict[str, str], default: tuple[str, ...] = ("id",), **kwargs: Any) -> None:
        self.default = default
        names = ", ".join(fields.values())
        kwargs.setdefault("help_text", ordering_help(fields.values()))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": f"Unknown ordering field '%(value)s'; choose from: {names}."}
        )
        super().__init__(*args, fields=fields, **kwargs)

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        ordering = [self.get_ordering_value(name) for name in value or () if name] or list(self.default)
        if "id" not in ordering and "-id" not in ordering:
            ordering.append("id")
        return qs.order_by(*ordering)


class BoundsForm(forms.Form):
    """The form of every FilterSet: a ``<name>_min`` above its ``<name>_max`` is an error on the _min."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        inverted = []
        for name, low in data.items():
            stem = name.removesuffix("_min")
            high = data.get(f"{stem}_max") if stem != name else None
            if low is not None and high is not None and low > high:
                inverted.append((name, f"{name} ({float(low):g}) is above {stem}_max ({float(high):g})."))
        for name, message in inverted:
            self.add_error(name, message)
        return data


# --- Measurements -------------------------------------------------------------------------------


class MeasurementForm(BoundsForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        keys = [key for key in data.get("property") or [] if key]
        for bound in ("value_min", "value_max"):
            if data.get(bound) is not None and len(keys) != 1:
                self.add_error(
                    bound, "Value bounds need exactly one property= (values are in that property's canonical unit)."
                )
                break
        known: dict[str, int] = {}
        if keys:
            known = dict(PropertyDefinition.objects.filter(key__in=keys).values_list("key", "pk"))
            unknown = [key for key in keys if key not in known]
            if unknown:
                self.add_error("property", f"Unknown property {unknown[0]!r}.")
        # MeasurementFilter.filter_property filters on these ids: through the join the planner guesses ~1% of the
        # rows for any key, and on a large table probes materials one by one where a hash join is 2x faster.
        self.property_ids = [known[key] for key in keys if key in known]
        return data


class MeasurementFilter(df.FilterSet):
    material = CharInFilter(field_name="material__slug", help_text="Comma-separated material slugs.")
    property = CharInFilter(
        method="filter_property", help_text="Comma-separated property keys, e.g. ionic_conductivity."
    )
    temperature_min = FloatFilter(
        field_name="temperature_k", lookup_expr="gte", help_text="Lowest measurement temperature in K."
    )
    temperature_max = FloatFilter(
        field_name="temperature_k", lookup_expr="lte", help_text="Highest measurement temperature in K."
    )
    value_min = FloatFilter(
        field_name="value",
        lookup_expr="gte",
        help_text="Smallest value, in the canonical unit of the one property= given.",
    )
    value_max = FloatFilter(
        field_name="value",
        lookup_expr="lte",
        help_text="Largest value, in the canonical unit of the one property= given.",
    )
    reference = df.CharFilter(
        field_name="reference__key",
        max_length=MAX_TEXT_LENGTH,
        help_text="Key of the reference that reports the value.",
    )
    source_dataset = df.CharFilter(
        field_name="source_dataset__key",
        max_length=MAX_TEXT_LENGTH,
        help_text="Key of the dataset the value was imported from.",
    )
    measured_part = df.ChoiceFilter(choices=Measurement.MeasuredPart.choices, help_text="Contribution measured.")
    method = df.ChoiceFilter(choices=Measurement.Method.choices, help_text="Measurement method.")
    is_derived = StrictBooleanFilter(help_text="true: only values derived here (fits); false: only reported values.")
    ordering = Ordering(
        fields={
            "id": "id",
            "temperature_k": "temperature",
            "value": "value",
            "material__slug": "material",
            "property__display_order": "property",
        }
    )

    class Meta:
        model = Measurement
        fields: list[str] = []
        form = MeasurementForm

    def filter_property(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        """The measurements of the given property keys (none for a blank list), by the ids the form looked up."""
        return queryset.filter(property_id__in=self.form.property_ids)


# --- References ---------------------------------------------------------------------------------


class ReferenceForm(BoundsForm):
    def clean_doi(self) -> str:
        # The model's own normalisation, so that any spelling of a stored DOI finds it.
        return normalise_doi(self.cleaned_data["doi"])


class ReferenceFilter(df.FilterSet):
    q = df.CharFilter(
        method="filter_text",
        max_length=MAX_TEXT_LENGTH,
        help_text="Text contained in the title, journal, key or DOI (case-insensitive). Up to 200 characters.",
    )
    doi = df.CharFilter(
        max_length=MAX_TEXT_LENGTH,
        help_text="DOI, with or without a resolver prefix (normalised before matching).",
    )
    kind = df.ChoiceFilter(choices=Reference.Kind.choices, help_text="Kind of reference.")
    year_min = IntegerFilter(field_name="year", lookup_expr="gte", help_text="Earliest publication year.")
    year_max = IntegerFilter(field_name="year", lookup_expr="lte", help_text="Latest publication year.")
    ordering = Ordering(fields={"key": "key", "year": "year", "title": "title", "id": "id"}, default=("-year", "key"))

    class Meta:
        model = Reference
        fields: list[str] = []
        form = ReferenceForm

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(title__icontains=value) | Q(journal__icontains=value) | Q(key__icontains=value) | Q(doi__icontains=value)
        )


# --- Taxonomy, criteria and assessments ---------------------------------------------------------


class ElectrolyteClassFilter(df.FilterSet):
    category = df.ChoiceFilter(choices=ElectrolyteClass.Category.choices, help_text="Inorganic or polymer.")
    ordering = Ordering(
        fields={"display_order": "display_order", "name": "name", "slug": "slug"}, default=("display_order", "name")
    )

    class Meta:
        model = ElectrolyteClass
        fields: list[str] = []
        form = BoundsForm


class StructureFamilyFilter(df.FilterSet):
    electrolyte_class = df.CharFilter(
        field_name="electrolyte_class__slug", max_length=MAX_TEXT_LENGTH, help_text="Slug of the electrolyte class."
    )
    ordering = Ordering(fields={"name": "name", "slug": "slug"}, default=("electrolyte_class__display_order", "name"))

    class Meta:
        model = StructureFamily
        fields: list[str] = []
        form = BoundsForm


class PropertyDefinitionFilter(df.FilterSet):
    requires_temperature = StrictBooleanFilter(help_text="Only properties measured at a stated temperature.")
    ordering = Ordering(
        fields={"display_order": "display_order", "key": "key", "name": "name"}, default=("display_order", "name")
    )

    class Meta:
        model = PropertyDefinition
        fields: list[str] = []
        form = BoundsForm


class CriterionFilter(df.FilterSet):
    ordering = Ordering(
        fields={"display_order": "display_order", "name": "name", "slug": "slug"}, default=("display_order", "name")
    )

    class Meta:
        model = Criterion
        fields: list[str] = []
        form = BoundsForm


class ClassAssessmentFilter(df.FilterSet):
    electrolyte_class = df.CharFilter(
        field_name="electrolyte_class__slug", max_length=MAX_TEXT_LENGTH, help_text="Slug of the electrolyte class."
    )
    criterion = df.CharFilter(
        field_name="criterion__slug", max_length=MAX_TEXT_LENGTH, help_text="Slug of the criterion."
    )
    rating = df.ChoiceFilter(
        choices=ClassAssessment.Rating.choices,
        help_text="Rating from -2 (serious weakness) to +2 (clear strength).",
    )
    ordering = Ordering(
        fields={"id": "id", "rating": "rating"},
        default=("electrolyte_class__display_order", "criterion__display_order"),
    )

    class Meta:
        model = ClassAssessment
        fields: list[str] = []
        form = BoundsForm


# --- Processing routes --------------------------------------------------------------------------


class ProcessingRouteFilter(df.FilterSet):
    electrolyte_class = df.CharFilter(
        field_name="electrolyte_class__slug", max_length=MAX_TEXT_LENGTH, help_text="Slug of the electrolyte class."
    )
    material = df.CharFilter(
        field_name="material__slug",
        max_length=MAX_TEXT_LENGTH,
        help_text="Slug of the material the route was used for.",
    )
    mode = df.ChoiceFilter(choices=ProcessingRoute.Mode.choices, help_text="Ex-situ or in-situ.")
    route_type = df.ChoiceFilter(choices=ProcessingRoute.RouteType.choices, help_text="Kind of route.")
    peak_temperature_min = FloatFilter(
        field_name="peak_temperature_k", lookup_expr="gte", help_text="Lowest peak process temperature in K."
    )
    peak_temperature_max = FloatFilter(
        field_name="peak_temperature_k", lookup_expr="lte", help_text="Highest peak process temperature in K."
    )
    ordering = Ordering(
        fields={"name": "name", "slug": "slug", "peak_temperature_k": "peak_temperature"},
        default=("mode", "electrolyte_class__display_order", "name"),
    )

    class Meta:
        model = ProcessingRoute
        fields: list[str] = []
        form = BoundsForm


# --- Materials (parsed by electrolytes.material_query) ----------------------------------------

_TYPES = {"string": OpenApiTypes.STR, "integer": OpenApiTypes.INT, "number": OpenApiTypes.DOUBLE}


def _documented(parameter: SearchParameter) -> OpenApiParameter:
    """The OpenAPI entry of one search parameter, from its one definition."""
    extra: dict[str, Any] = {}
    if parameter.explode is not None:
        extra["explode"] = parameter.explode
    if parameter.schema_enum:
        extra["enum"] = list(parameter.choices)
    return OpenApiParameter(
        parameter.name,
        parameter.schema or _TYPES[parameter.value_type],
        description=parameter.description,
        **extra,
    )


MATERIAL_FIELDS_HELP = (
    "Comma-separated names of the fields to return (default: all), e.g. slug,formula,ionic_conductivity."
)


def fields_parameter(description: str, names: Iterable[str]) -> OpenApiParameter:
    """``fields=``: comma-separated names, each one of ``names`` (any other is a 400)."""
    return OpenApiParameter(
        "fields",
        {"type": "array", "items": {"type": "string", "enum": list(names)}},
        description=description,
        explode=False,
        style="form",
    )


def material_parameters(
    property_definitions: list[PropertyDefinition], *, selectable_fields: Iterable[str], allow_status: bool = True
) -> list[OpenApiParameter]:
    """Documented parameters of the material list, with a _min/_max pair per property definition
    (``status`` only for those allowed to use it)."""
    parameters = [_documented(p) for p in search_parameters() if allow_status or not p.curators_only]
    for definition in property_definitions:
        for end in ("min", "max"):
            parameters.append(
                OpenApiParameter(
                    f"{definition.key}_{end}", OpenApiTypes.DOUBLE, description=range_description(definition, end)
                )
            )
    parameters.append(
        OpenApiParameter(
            ORDERING_PARAMETER,
            {"type": "array", "items": {"type": "string", "enum": ordering_choices()}},
            explode=False,
            description=ordering_description(),
        )
    )
    parameters.append(fields_parameter(MATERIAL_FIELDS_HELP, selectable_fields))
    return parameters


def material_query(params: Mapping, *, allow_status: bool, other_parameters: Iterable[str] = ()) -> MaterialQuery:
    """parse_material_query with its errors turned into the API's 400."""
    try:
        return parse_material_query(params, allow_status=allow_status, other_parameters=list(other_parameters))
    except QueryError as exc:
        raise exceptions.ValidationError({name: [message] for name, message in exc.errors.items()}) from None
