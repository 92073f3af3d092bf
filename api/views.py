"""Viewsets of /api/v1/: parse the query, call a selector or service, render.

Everyone reads; curators (model permissions, see api.permissions) create, update and
delete. Drafts are visible to curators only, and are a 404 for everybody else.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django_filters.rest_framework import FilterSet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from api import filters
from api.exceptions import Conflict
from api.pagination import PageNumberWithSize
from api.parsers import JSONParser
from api.renderers import BibTeXRenderer, CIFRenderer, ContentNegotiation, CSVRenderer, csv_rows
from api.schema import ApiSchema
from api.serializers import (
    MATERIAL_FIELDS,
    MEASUREMENT_FIELDS,
    ClassAssessmentSerializer,
    CriterionSerializer,
    CrystalStructureSerializer,
    ElectrolyteClassSerializer,
    MaterialDetailSerializer,
    MaterialSerializer,
    MaterialWriteSerializer,
    MeasurementSerializer,
    MeasurementWriteSerializer,
    ProcessingRouteSerializer,
    PropertyDefinitionSerializer,
    ReferenceSerializer,
    StructureFamilySerializer,
)
from api.throttling import AnonymousThrottle, UserThrottle
from electrolytes import crystal, services
from electrolytes.models import (
    ClassAssessment,
    Component,
    Criterion,
    CrystalStructure,
    ElectrolyteClass,
    PropertyDefinition,
    Reference,
    StructureFamily,
)
from electrolytes.selectors import (
    can_see_unpublished,
    measurement_other_sources,
    search_materials,
    visible_materials,
    visible_measurements,
    visible_references,
    visible_routes,
    with_headlines,
    with_key_properties,
)

SLUG = r"[-a-zA-Z0-9_]+"
CSV_CHUNK = 1000


class CurationViewSet(viewsets.ModelViewSet):
    """Shared behaviour: token/session auth, throttles, pagination, formats, read/write shapes."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    throttle_classes = [AnonymousThrottle, UserThrottle]
    pagination_class = PageNumberWithSize
    content_negotiation_class = ContentNegotiation
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    # Bodies are JSON, as the schema says; a form or multipart body is a 415, not an empty update.
    parser_classes = [JSONParser]
    schema = ApiSchema()
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filter_backends = [filters.FilterBackend]
    filterset_class: type[FilterSet] | None = None
    read_serializer_class = None
    detail_serializer_class = None
    write_serializer_class = None
    selectable_fields: list[str] | None = None

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.request is not None and self.request.method not in ("GET", "HEAD"):
            # Writes answer in JSON (or the browsable page) only.
            renderers = [r for r in renderers if r.format in ("json", "api")]
        return renderers

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method != "options" and method not in (getattr(self, "action_map", None) or {}):
            # Before content negotiation, so that a PUT on a list or a TRACE with ?format=csv is a 405,
            # not a 400 about the format.
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        filters.reject_nul(request.query_params)
        accepted = self.accepted_parameters()
        if accepted is not None:
            filters.reject_unknown(request.query_params, accepted)

    def accepted_parameters(self) -> list[str] | None:
        """The query parameters this request may carry, in the order the schema documents them
        (None: the view checks them itself)."""
        names = []
        if self.action == "list":
            names += [self.paginator.page_query_param, self.paginator.page_size_query_param]
            if self.filterset_class is not None:
                names += list(self.filterset_class.base_filters)
        names += [parameter.name for parameter in self.query_parameters(self.action or "")]
        names.append(filters.FORMAT_PARAMETER)
        return names

    # --- serializers --------------------------------------------------------------------------

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.write_serializer_class is not None:
            return self.write_serializer_class
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.read_serializer_class

    def selected_fields(self) -> list[str] | None:
        """The ``fields=`` parameter, checked against the fields this resource has."""
        if self.selectable_fields is None:
            return None
        raw = self.request.query_params.get("fields", "").strip()
        if not raw:
            return None
        names = [name.strip() for name in raw.split(",") if name.strip()]
        allowed = self.fields_for(self.action)
        for name in names:
            if name not in allowed:
                raise exceptions.ValidationError(
                    {"fields": [f"Unknown field {name!r}; choose from: {', '.join(allowed)}."]}
                )
        return names

    def read_serializer(self, *args, **kwargs):
        serializer_class = (
            self.detail_serializer_class if self.action == "retrieve" and self.detail_serializer_class else None
        ) or self.read_serializer_class
        kwargs.setdefault("context", self.get_serializer_context())
        if self.selectable_fields is not None:
            kwargs["selected_fields"] = self.selected_fields()
        return serializer_class(*args, **kwargs)

    def read_representation(self, instance) -> dict:
        """The read shape of a freshly written record (re-read so annotations are present)."""
        fresh = self.get_queryset().get(pk=instance.pk)
        return self.read_serializer_class(fresh, context=self.get_serializer_context()).data

    # --- queries ------------------------------------------------------------------------------

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Filters and ordering are for lists: a record's detail, update or delete ignores them.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def query_parameters(self, action: str) -> list[OpenApiParameter]:
        """Parameters besides the FilterSet's, which drf-spectacular documents from the filters."""
        parameters = []
        if self.selectable_fields is not None and action in ("list", "retrieve"):
            parameters.append(
                filters.fields_parameter(
                    "Comma-separated names of the fields to return (default: all).", self.fields_for(action)
                )
            )
        return parameters

    def fields_for(self, action: str) -> list[str]:
        """The names ``fields=`` may pick from for ``action``."""
        if action == "retrieve" and self.detail_serializer_class is not None:
            return list(self.detail_serializer_class.Meta.fields)
        return list(self.selectable_fields or [])

    # --- actions ------------------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "csv":
            return self.stream_csv(queryset)
        page = self.paginate_queryset(queryset)
        serializer = self.read_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.read_serializer(self.get_object()).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return Response(self.read_representation(instance), status=201)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return Response(self.read_representation(instance))

    def perform_destroy(self, instance) -> None:
        try:
            services.record_delete(instance=instance)
        except services.RecordInUse as exc:
            raise Conflict(str(exc)) from None

    def stream_csv(self, queryset: QuerySet) -> StreamingHttpResponse:
        """Every matching row (no pagination), serialised in chunks as the client reads."""
        serializer = self.read_serializer()
        header = list(serializer.fields)

        def rows():
            for obj in queryset.iterator(chunk_size=CSV_CHUNK):
                yield serializer.to_representation(obj)

        response = StreamingHttpResponse(csv_rows(header, rows()), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.basename}s.csv"'
        return response


class MaterialViewSet(CurationViewSet):
    """Materials with composition and key room-temperature properties inline; query like the
    Materials Project API (elements, chemsys, formula, property ranges)."""

    read_serializer_class = MaterialSerializer
    detail_serializer_class = MaterialDetailSerializer
    write_serializer_class = MaterialWriteSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    selectable_fields = MATERIAL_FIELDS
    # Parsed by electrolytes.material_query, shared with the HTML pages, not by django-filter.
    filter_backends = []

    def accepted_parameters(self) -> list[str] | None:
        if self.action == "list":
            return None  # the material query parser knows the property ranges; see get_queryset
        return super().accepted_parameters()

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            query = filters.material_query(
                self.request.query_params,
                allow_status=can_see_unpublished(user),
                other_parameters=[
                    self.paginator.page_query_param,
                    self.paginator.page_size_query_param,
                    "fields",
                    filters.FORMAT_PARAMETER,
                ],
            )
            return search_materials(query, user=user)
        queryset = with_headlines(
            with_key_properties(visible_materials(user=user).select_related("electrolyte_class", "family"))
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("components", queryset=Component.objects.order_by("position", "id")),
                representative_structure(),
            )
        if self.action == "structure":
            queryset = queryset.prefetch_related(representative_structure())
        return queryset

    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, BrowsableAPIRenderer, CIFRenderer])
    def structure(self, request, *args, **kwargs):
        """The material's representative crystal structure; ``?format=cif`` gives the CIF (with its source)."""
        material = self.get_object()
        if not material.representative_structures:
            raise exceptions.NotFound(f"Material {material.slug!r} has no crystal structure.")
        structure = material.representative_structures[0]
        if request.accepted_renderer.format == "cif":
            response = Response(crystal.attributed_cif(structure))
            response["Content-Disposition"] = f'attachment; filename="{material.slug}.cif"'
            return response
        return Response(CrystalStructureSerializer(structure, context=self.get_serializer_context()).data)

    def query_parameters(self, action: str) -> list[OpenApiParameter]:
        if action != "list":
            return super().query_parameters(action)
        try:
            definitions = list(PropertyDefinition.objects.order_by("display_order", "key"))
        except Exception:  # schema generated without a database: document the fixed parameters only
            definitions = []
        # The schema a curator reads documents status=; everyone else would get a 400 for it.
        user = getattr(self.request, "user", None)
        return filters.material_parameters(
            definitions, selectable_fields=self.fields_for(action), allow_status=can_see_unpublished(user)
        )


def representative_structure() -> Prefetch:
    return Prefetch(
        "structures",
        queryset=CrystalStructure.objects.filter(is_representative=True).select_related("source_dataset", "reference"),
        to_attr="representative_structures",
    )


class MeasurementViewSet(CurationViewSet):
    """Measured (and derived) values, each in its property's canonical unit."""

    read_serializer_class = MeasurementSerializer
    write_serializer_class = MeasurementWriteSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    selectable_fields = MEASUREMENT_FIELDS
    filterset_class = filters.MeasurementFilter
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return (
            visible_measurements(user=self.request.user)
            .select_related("material", "property", "reference", "source_dataset")
            .annotate(other_sources=measurement_other_sources())
        )

    def perform_destroy(self, instance) -> None:
        services.measurement_delete(measurement=instance)


class ReferenceViewSet(CurationViewSet):
    """Literature and datasets; ``?format=bibtex`` gives BibTeX entries."""

    read_serializer_class = ReferenceSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, BibTeXRenderer]
    filterset_class = filters.ReferenceFilter
    lookup_field = "key"

    def get_queryset(self):
        return visible_references(user=self.request.user)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "bibtex":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        entries = (reference.to_bibtex() for reference in queryset.iterator(chunk_size=CSV_CHUNK))
        response = StreamingHttpResponse(_joined(entries), content_type="application/x-bibtex; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="references.bib"'
        return response

    def retrieve(self, request, *args, **kwargs):
        reference = self.get_object()
        if request.accepted_renderer.format == "bibtex":
            return Response(reference.to_bibtex())
        return Response(self.read_serializer(reference).data)


def _joined(entries):
    for index, entry in enumerate(entries):
        yield entry if index == 0 else "\n" + entry


class ElectrolyteClassViewSet(CurationViewSet):
    read_serializer_class = ElectrolyteClassSerializer
    filterset_class = filters.ElectrolyteClassFilter

    def get_queryset(self):
        return ElectrolyteClass.objects.all()


class StructureFamilyViewSet(CurationViewSet):
    read_serializer_class = StructureFamilySerializer
    filterset_class = filters.StructureFamilyFilter

    def get_queryset(self):
        return StructureFamily.objects.select_related("electrolyte_class")


class PropertyDefinitionViewSet(CurationViewSet):
    """The properties that can be measured, their canonical units and sane ranges."""

    read_serializer_class = PropertyDefinitionSerializer
    filterset_class = filters.PropertyDefinitionFilter
    lookup_field = "key"

    def get_queryset(self):
        return PropertyDefinition.objects.all()


class CriterionViewSet(CurationViewSet):
    read_serializer_class = CriterionSerializer
    filterset_class = filters.CriterionFilter

    def get_queryset(self):
        return Criterion.objects.all()


class ClassAssessmentViewSet(CurationViewSet):
    """The class x criterion matrix: one rating (-2..+2) and explanation per cell."""

    read_serializer_class = ClassAssessmentSerializer
    filterset_class = filters.ClassAssessmentFilter
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return ClassAssessment.objects.select_related("electrolyte_class", "criterion").prefetch_related(
            Prefetch("references", queryset=Reference.objects.only("id", "key"))
        )


class ProcessingRouteViewSet(CurationViewSet):
    """How electrolytes are made; routes tied to a draft material are for curators only."""

    read_serializer_class = ProcessingRouteSerializer
    filterset_class = filters.ProcessingRouteFilter

    def get_queryset(self):
        return visible_routes(user=self.request.user).select_related("electrolyte_class", "material", "reference")
