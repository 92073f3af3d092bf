"""Reads that span relations, grouped by topic; import from here."""

from .materials import (
    ORDERINGS,
    MaterialQuery,
    PropertyRange,
    can_see_unpublished,
    class_matrix,
    get_visible_material,
    knowledge_base_summary,
    material_for_page,
    search_materials,
    visible_materials,
    with_key_properties,
)

__all__ = [
    "ORDERINGS",
    "MaterialQuery",
    "PropertyRange",
    "can_see_unpublished",
    "class_matrix",
    "get_visible_material",
    "knowledge_base_summary",
    "material_for_page",
    "search_materials",
    "visible_materials",
    "with_key_properties",
]
