"""Reads of the property definitions: the vocabulary of properties the knowledge base stores."""

from __future__ import annotations

from electrolytes.models import (
    PropertyDefinition,
)


def property_definitions(*, quantitative_only: bool = False) -> list[PropertyDefinition]:
    qs = PropertyDefinition.objects.order_by("display_order", "name")
    if quantitative_only:
        qs = qs.filter(is_qualitative=False)
    return list(qs)
