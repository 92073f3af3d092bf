"""Page-number pagination with a total count and a bounded, validated page size."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from electrolytes.caching import SharedCountPaginator


class PageNumberWithSize(PageNumberPagination):
    django_paginator_class = SharedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw.strip() == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError({"page_size": [f"{raw!r} is not a whole number."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError({"page_size": [f"Page size {size} is outside 1 to {self.max_page_size}."]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "")
        if raw.strip() and raw.strip() != "last":
            try:
                number = int(raw)
            except ValueError:
                raise exceptions.ValidationError({"page": [f"{raw!r} is not a whole number."]}) from None
            if number < 1:
                raise exceptions.ValidationError({"page": [f"Page {number} does not exist; pages start at 1."]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        # The bounds get_page_size and paginate_queryset enforce, so the schema and the 400s agree.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = "Total number of matching records."
        return response
