"""Reads that span relations, one module per topic (the material search, each page's topic); import from here.

The material query itself (MaterialQuery, its parameters and sort keys) is electrolytes.material_parameters."""

from .classes import class_for_page, class_statistics
from .compare import MAX_COMPARE, MIN_COMPARE, compare_rows, materials_for_compare
from .explore import ExploreMap, explore_map, explore_points
from .material_page import (
    conductivity_points,
    material_references,
    preferred_fit,
    property_groups,
    related_materials,
    structure_view,
)
from .materials import (
    class_matrix,
    get_visible_material,
    is_room_temperature_window,
    knowledge_base_summary,
    material_for_page,
    measurement_other_sources,
    search_materials,
    structure_for_download,
    with_headlines,
    with_key_properties,
)
from .processing import processing_routes
from .properties import property_definitions
from .references import get_reference, reference_for_page, references_for_list, with_value_counts
from .visibility import (
    can_see_unpublished,
    visible_fits,
    visible_materials,
    visible_measurements,
    visible_references,
    visible_routes,
    visible_structures,
)

__all__ = [
    "MAX_COMPARE",
    "MIN_COMPARE",
    "ExploreMap",
    "can_see_unpublished",
    "class_for_page",
    "class_matrix",
    "class_statistics",
    "compare_rows",
    "conductivity_points",
    "explore_map",
    "explore_points",
    "get_reference",
    "get_visible_material",
    "is_room_temperature_window",
    "knowledge_base_summary",
    "material_for_page",
    "material_references",
    "materials_for_compare",
    "measurement_other_sources",
    "preferred_fit",
    "processing_routes",
    "property_definitions",
    "property_groups",
    "reference_for_page",
    "references_for_list",
    "related_materials",
    "search_materials",
    "structure_for_download",
    "structure_view",
    "visible_fits",
    "visible_materials",
    "visible_measurements",
    "visible_references",
    "visible_routes",
    "visible_structures",
    "with_headlines",
    "with_key_properties",
    "with_value_counts",
]
