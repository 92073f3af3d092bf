"""OpenAPI generation: read and write shapes, every error response and each view's query parameters."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

JSON = "application/json"


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(help_text="Machine-readable code, e.g. invalid, not_found, throttled.")
    message = serializers.CharField(help_text="What was wrong, in one sentence.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per query parameter or body field; empty when the error concerns no single one.",
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    error = ErrorDetailSerializer()


class ApiSchema(AutoSchema):
    """Reads the schema pieces from attributes of the viewsets in api.views.

    ``write_serializer_class`` is the request body of writes; ``get_serializer_class`` (the
    read shape) the response; ``query_parameters(action)`` the query parameters besides those of the
    view's django-filter FilterSet, which drf-spectacular documents from the filters' help_text.
    """

    def _action(self) -> str:
        return getattr(self.view, "action", None) or ""

    def get_request_serializer(self):
        write = getattr(self.view, "write_serializer_class", None)
        if self.method in ("POST", "PUT", "PATCH") and write is not None:
            return write
        return super().get_request_serializer()

    def get_response_serializers(self):
        view = self.view
        read = (
            view.read_serializer_class if hasattr(view, "read_serializer_class") else super().get_response_serializers()
        )
        action = self._action()
        if action == "retrieve" and getattr(view, "detail_serializer_class", None) is not None:
            read = view.detail_serializer_class
        responses: dict = {}
        if self.method == "DELETE":
            responses["204"] = None
        elif self.method == "POST":
            responses[("201", JSON)] = read
        else:
            responses[("200", JSON)] = read
        if self.method == "GET":
            for renderer in view.get_renderers():
                if renderer.format in ("csv", "bibtex"):
                    responses[("200", renderer.media_type)] = OpenApiTypes.STR
        codes = ["400", "404", "429"]
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes += ["401", "403", "415"]
        if self.method == "DELETE":
            codes.append("409")
        for code in sorted(codes):
            responses[(code, JSON)] = ErrorSerializer
        return responses

    def get_auth(self):
        # Everyone reads: a token or a session is optional on reads, required on writes.
        auth = super().get_auth()
        if self.method in ("GET", "HEAD", "OPTIONS") and auth and {} not in auth:
            auth.append({})
        return auth

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        hook = getattr(self.view, "query_parameters", None)
        if hook is not None and self.method == "GET":
            parameters += hook(self._action())
        if self.method == "GET":
            formats = [r.format for r in self.view.get_renderers() if r.format != "api"]
            if len(formats) > 1:
                parameters.append(
                    OpenApiParameter(
                        "format", OpenApiTypes.STR, enum=formats, description="Response format (default json)."
                    )
                )
        return parameters


def selected_fields_are_optional(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: records of a resource that takes ``fields=`` may carry any subset of their
    fields, so their read schemas require none (a list with ``fields=slug`` conforms to the schema)."""
    from api.views import CurationViewSet

    names = set()
    for view in CurationViewSet.__subclasses__():
        if view.selectable_fields is None:
            continue
        for serializer in (view.read_serializer_class, view.detail_serializer_class):
            if serializer is not None:
                names.add(serializer.__name__.removesuffix("Serializer"))
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name in names:
            component.pop("required", None)
    return result


def empty_is_not_given(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: an empty query value (``?category=``, what a filter form sends for a field
    left blank) means the parameter was not given, so each string enum of a query parameter admits ``""``.
    (A number parameter left empty is not given either; OpenAPI 3.0 cannot say so without a union type.)"""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") != "query":
                    continue
                schema = parameter.get("schema", {})
                target = schema.get("items", schema) if schema.get("type") == "array" else schema
                if target.get("type") == "string" and "enum" in target and "" not in target["enum"]:
                    target["enum"] = [*target["enum"], ""]
    return result
