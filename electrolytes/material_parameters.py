"""The material search parameters, defined once: name, kind of value, unit, description and where the parsed
value goes in a MaterialQuery.

The parser (electrolytes.material_query), the API's OpenAPI documentation (api.filters) and the material list
page (electrolytes.views.materials) are all built from SEARCH_PARAMETERS, so a parameter added here is parsed,
documented and accepted everywhere at once. The order is the order of the "accepted:" message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pymatgen.core import Element

from electrolytes.models import Material, PropertyDefinition, PublicationStatus
from electrolytes.selectors import ORDERINGS
from electrolytes.temperature_windows import room_window_kelvin

MAX_TEXT_LENGTH = 200

SYMBOLS = [element.symbol for element in Element]  # what chemistry.is_element accepts
_SYMBOL = "(?:" + "|".join(SYMBOLS) + ")"


class ValueKind(StrEnum):
    """How a parameter's text is read (each kind has one reader in electrolytes.material_query)."""

    ELEMENTS = "elements"  # comma- or space-separated element symbols
    CHEMSYS = "chemsys"  # dash-separated element symbols
    FORMULA = "formula"  # a formula, normalised with pymatgen
    COUNT = "count"  # a whole number from zero
    SLUGS = "slugs"  # comma-separated slugs of a taxonomy table
    CHOICES = "choices"  # comma-separated values of a TextChoices
    NAMES = "names"  # comma-separated names that may hold spaces
    AMOUNT = "amount"  # a finite number from zero, in ``unit``
    TEXT = "text"  # free text up to MAX_TEXT_LENGTH characters
    KELVIN = "kelvin"  # a temperature in K above absolute zero


def _list_of(names: Iterable[str]) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": list(names)}}


@dataclass(frozen=True)
class SearchParameter:
    """One search parameter. ``schema`` is its JSON Schema when a plain type does not say enough."""

    name: str
    kind: ValueKind
    attribute: str  # the MaterialQuery field the parsed value is stored in
    description: str
    value_type: str = "string"  # string, integer or number
    schema: dict | None = None
    explode: bool | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""
    label: str = ""  # the page's legend for a _min/_max pair (without the unit)
    input_size: int = 8  # width of the page's input
    curators_only: bool = False
    schema_enum: bool = False  # the schema lists ``choices`` as an enum

    @property
    def stem(self) -> str:
        """``salt_molality`` for salt_molality_min and salt_molality_max."""
        return self.name.removesuffix("_min").removesuffix("_max")


ROOM_DEFAULT = f"(default: room temperature, {room_window_kelvin()})."

SEARCH_PARAMETERS: tuple[SearchParameter, ...] = (
    SearchParameter(
        "elements",
        ValueKind.ELEMENTS,
        "elements",
        "Comma-separated element symbols the material must all contain, e.g. Li,S.",
        schema=_list_of(SYMBOLS),
        explode=False,
    ),
    SearchParameter(
        "exclude_elements",
        ValueKind.ELEMENTS,
        "exclude_elements",
        "Comma-separated element symbols the material must not contain, e.g. Ge.",
        schema=_list_of(SYMBOLS),
        explode=False,
    ),
    SearchParameter(
        "chemsys",
        ValueKind.CHEMSYS,
        "chemsys",
        "Exact element set, dash-separated, e.g. Li-P-S (no other elements).",
        schema={"type": "string", "pattern": f"^(?:{_SYMBOL}(?:-{_SYMBOL})*)?$"},
    ),
    SearchParameter(
        "formula",
        ValueKind.FORMULA,
        "reduced_formula",
        "Formula, normalised with pymatgen before matching (Li6PS5Cl matches Li12P2S10Cl2).",
    ),
    SearchParameter(
        "nelements_min",
        ValueKind.COUNT,
        "nelements_min",
        "Fewest distinct elements (compounds only).",
        schema={"type": "integer", "minimum": 0},
    ),
    SearchParameter(
        "nelements_max",
        ValueKind.COUNT,
        "nelements_max",
        "Most distinct elements (compounds only).",
        schema={"type": "integer", "minimum": 0},
    ),
    SearchParameter(
        "electrolyte_class",
        ValueKind.SLUGS,
        "electrolyte_classes",
        "Comma-separated electrolyte class slugs, e.g. sulfide.",
    ),
    SearchParameter("family", ValueKind.SLUGS, "families", "Comma-separated structure family slugs, e.g. argyrodite."),
    SearchParameter(
        "kind",
        ValueKind.CHOICES,
        "kinds",
        "compound (inorganic) or mixture (e.g. polymer + salt).",
        choices=tuple(Material.Kind.values),
        schema_enum=True,
    ),
    SearchParameter(
        "status",
        ValueKind.CHOICES,
        "statuses",
        "Publication status; curators only (everyone else only ever sees published materials).",
        choices=tuple(PublicationStatus.values),
        curators_only=True,
        schema_enum=True,
    ),
    SearchParameter(
        "q",
        ValueKind.TEXT,
        "text",
        "Text search over names, formulas, descriptions and reference titles (PostgreSQL full text), "
        "with trigram similarity so near misses such as Li6PSCl still find Li6PS5Cl. Up to 200 characters.",
    ),
    SearchParameter(
        "temperature_min",
        ValueKind.KELVIN,
        "temperature_min",
        f"Lowest measurement temperature in K for temperature-dependent properties {ROOM_DEFAULT}",
        schema={"type": "number", "format": "double", "minimum": 0, "exclusiveMinimum": True},
        unit="K",
    ),
    SearchParameter(
        "temperature_max",
        ValueKind.KELVIN,
        "temperature_max",
        f"Highest measurement temperature in K for temperature-dependent properties {ROOM_DEFAULT}",
        schema={"type": "number", "format": "double", "minimum": 0, "exclusiveMinimum": True},
        unit="K",
    ),
    # Mixtures: host polymer, salt, concentration, molecular weight, physical state.
    SearchParameter(
        "polymer", ValueKind.NAMES, "polymers", "Comma-separated host polymer names of mixtures, e.g. PEO,PAN."
    ),
    SearchParameter("salt", ValueKind.NAMES, "salts", "Comma-separated lithium salt names of mixtures, e.g. LiTFSI."),
    SearchParameter(
        "salt_molality_min",
        ValueKind.AMOUNT,
        "salt_molality_min",
        "Smallest salt molality, mol/kg of polymer.",
        value_type="number",
        unit="mol/kg of polymer",
        label="Salt",
        input_size=6,
    ),
    SearchParameter(
        "salt_molality_max",
        ValueKind.AMOUNT,
        "salt_molality_max",
        "Largest salt molality, mol/kg of polymer.",
        value_type="number",
        unit="mol/kg of polymer",
        label="Salt",
        input_size=6,
    ),
    SearchParameter(
        "polymer_mw_min",
        ValueKind.AMOUNT,
        "polymer_mw_min",
        "Smallest host molecular weight, g/mol.",
        value_type="number",
        unit="g/mol",
        label="Host Mw",
    ),
    SearchParameter(
        "polymer_mw_max",
        ValueKind.AMOUNT,
        "polymer_mw_max",
        "Largest host molecular weight, g/mol.",
        value_type="number",
        unit="g/mol",
        label="Host Mw",
    ),
    SearchParameter(
        "physical_state",
        ValueKind.CHOICES,
        "physical_states",
        "Comma-separated states (solid, gel, liquid). Without it, liquids (hosts below 1,000 g/mol, "
        "not cross-linked) are left out of orderings by conductivity, activation_energy or oxidation_limit.",
        choices=tuple(Material.PhysicalState.values),
    ),
)

BY_NAME = {parameter.name: parameter for parameter in SEARCH_PARAMETERS}
ORDERING_PARAMETER = "ordering"


def amount_ranges() -> list[tuple[SearchParameter, SearchParameter]]:
    """The (_min, _max) pairs of mixture amounts, which the material list shows as "from ... to" fields."""
    return [
        (low, BY_NAME[f"{low.stem}_max"])
        for low in SEARCH_PARAMETERS
        if low.kind is ValueKind.AMOUNT and low.name.endswith("_min")
    ]


def range_parameter_names(property_keys: Iterable[str]) -> list[str]:
    """``<key>_min`` and ``<key>_max`` for every property key."""
    return [f"{key}_{end}" for key in property_keys for end in ("min", "max")]


def range_description(definition: PropertyDefinition, end: str) -> str:
    """What ``<key>_min`` / ``<key>_max`` of a property means, with its canonical unit."""
    where = (
        f" measured within temperature_min..temperature_max (default {room_window_kelvin()})"
        if definition.requires_temperature
        else ""
    )
    word = {"min": "Smallest", "max": "Largest"}[end]
    return (
        f"{word} {definition.name.lower()} in {definition.canonical_unit}{where}: "
        "materials with at least one such measurement."
    )


def ordering_help(names: Iterable[str]) -> str:
    """Description of an ``ordering`` parameter with these public names."""
    return f"Comma-separated sort keys, '-' prefix for descending. One of: {', '.join(names)}."


ORDERING_CHOICES = [f"{sign}{name}" for name in ORDERINGS for sign in ("", "-")]
ORDERING_DESCRIPTION = (
    f"{ordering_help(ORDERINGS)} conductivity, activation_energy and oxidation_limit sort by "
    "the room-temperature values shown inline."
)
