"""The material search, defined once: each parameter's name, kind of value, unit, description, where the parsed
value goes in a MaterialQuery and how the material list page offers it; the sort keys; the MaterialQuery itself.

The parser (electrolytes.material_query), the API's OpenAPI documentation (api.filters), the material list
page's filter form (electrolytes.views.material_filters) and the search itself (electrolytes.selectors.materials,
which reads a MaterialQuery) are all built from here, so a parameter added to SEARCH_PARAMETERS is parsed,
documented and offered everywhere at once. The order is the order of the "accepted:" message. The builders read
the definition through search_parameters() and sort_keys() when they run, not when they are imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from django.db import models
from pymatgen.core import Element

from electrolytes import units
from electrolytes.evidence import ACTIVATION, CONDUCTIVITY
from electrolytes.models import (
    ElectrolyteClass,
    Material,
    PropertyDefinition,
    PublicationStatus,
    StructureFamily,
)
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
    SLUGS = "slugs"  # comma-separated slugs of a taxonomy table (``model``)
    CHOICES = "choices"  # comma-separated values of a TextChoices
    NAMES = "names"  # comma-separated names that may hold spaces
    AMOUNT = "amount"  # a finite number from zero, in ``unit``
    TEXT = "text"  # free text up to MAX_TEXT_LENGTH characters
    KELVIN = "kelvin"  # a temperature in K above absolute zero


class Control(StrEnum):
    """How the material list page offers a parameter."""

    NONE = "none"  # typed into the address only; its error is shown below the form
    SEARCH = "search"  # a full-width search box
    TEXT = "text"  # a text input
    SELECT = "select"  # a select of ``choices`` (CHOICES) or of the rows of ``model`` (SLUGS)
    RANGE = "range"  # one "from ... to" fieldset for a _min/_max pair (labelled and sized by the _min)


class Section(IntEnum):
    """Where on the material list page a control stands, in page order."""

    SEARCH = 1
    TAXONOMY = 2
    ELEMENTS = 3  # followed by the periodic table that fills them
    MIXTURES = 4  # the collapsed "Polymer electrolytes" group
    WINDOW = 5  # after the property ranges


def _list_of(names: Iterable[str]) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": list(names)}}


def _choices_of(choices: type[models.TextChoices]) -> dict:
    return {"choices": tuple(choices.values), "choice_labels": tuple(choices.choices)}


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
    choice_labels: tuple[tuple[str, str], ...] = ()  # (value, label) as the page's select shows them
    model: type[models.Model] | None = None  # the table whose slugs a SLUGS parameter names
    unit: str = ""
    curators_only: bool = False
    schema_enum: bool = False  # the schema lists ``choices`` as an enum
    # The material list page:
    control: Control = Control.NONE
    section: Section = Section.SEARCH
    label: str = ""  # the label, or the legend of a _min/_max pair (without the unit)
    placeholder: str = ""
    empty_label: str = ""  # a select's first option, which sets no filter
    input_size: int = 8  # width of a range's inputs
    group_by: str = ""  # a select of ``model`` rows grouped by this relation

    @property
    def stem(self) -> str:
        """``salt_molality`` for salt_molality_min and salt_molality_max."""
        return self.name.removesuffix("_min").removesuffix("_max")

    @property
    def legend(self) -> str:
        """'Salt (mol/kg of polymer)': a range's legend with its unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class SortKey:
    """One public sort key of the material search."""

    name: str
    expression: str  # the column or annotation (electrolytes.selectors.with_key_properties) it sorts by
    label: str  # as the page's "Sort by" select names it
    ranks_headline: bool = False  # ranks by a headline property: liquids are left out unless asked for


# Public sort keys, in the order the "choose from:" message lists them.
SORT_KEYS: tuple[SortKey, ...] = (
    SortKey("name", "name", "Name"),
    SortKey("formula", "reduced_formula", "Formula"),
    SortKey("nelements", "nelements", "Number of elements"),
    SortKey("electrolyte_class", "electrolyte_class__display_order", "Class"),
    SortKey("conductivity", "conductivity", "Ionic conductivity", ranks_headline=True),
    SortKey("activation_energy", "activation_energy", "Activation energy", ranks_headline=True),
    SortKey("oxidation_limit", "oxidation_limit", "Oxidation limit", ranks_headline=True),
    SortKey("updated", "updated_at", "Last updated"),
    SortKey("created", "created_at", "Added"),
)


def sort_keys() -> dict[str, SortKey]:
    """{public name: sort key}, read from SORT_KEYS when called."""
    return {key.name: key for key in SORT_KEYS}


def rankings() -> list[str]:
    """The sort keys that rank materials by a headline property."""
    return [key.name for key in SORT_KEYS if key.ranks_headline]


def _either(names: list[str], word: str) -> str:
    return f"{', '.join(names[:-1])} {word} {names[-1]}" if len(names) > 1 else "".join(names)


ROOM_DEFAULT = f"(default: room temperature, {room_window_kelvin()})."
TEMPERATURE_SCHEMA = {"type": "number", "format": "double", "minimum": 0, "exclusiveMinimum": True}

SEARCH_PARAMETERS: tuple[SearchParameter, ...] = (
    SearchParameter(
        "elements",
        ValueKind.ELEMENTS,
        "elements",
        "Comma-separated element symbols the material must all contain, e.g. Li,S.",
        schema=_list_of(SYMBOLS),
        explode=False,
        control=Control.TEXT,
        section=Section.ELEMENTS,
        label="Must contain (elements)",
        placeholder="e.g. Li,S",
    ),
    SearchParameter(
        "exclude_elements",
        ValueKind.ELEMENTS,
        "exclude_elements",
        "Comma-separated element symbols the material must not contain, e.g. Ge.",
        schema=_list_of(SYMBOLS),
        explode=False,
        control=Control.TEXT,
        section=Section.ELEMENTS,
        label="Must not contain",
        placeholder="e.g. Ge",
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
        model=ElectrolyteClass,
        control=Control.SELECT,
        section=Section.TAXONOMY,
        label="Class",
        empty_label="Any class",
    ),
    SearchParameter(
        "family",
        ValueKind.SLUGS,
        "families",
        "Comma-separated structure family slugs, e.g. argyrodite.",
        model=StructureFamily,
        control=Control.SELECT,
        section=Section.TAXONOMY,
        label="Structure family",
        empty_label="Any family",
        group_by="electrolyte_class",
    ),
    SearchParameter(
        "kind",
        ValueKind.CHOICES,
        "kinds",
        "compound (inorganic) or mixture (e.g. polymer + salt).",
        **_choices_of(Material.Kind),
        schema_enum=True,
    ),
    SearchParameter(
        "status",
        ValueKind.CHOICES,
        "statuses",
        "Publication status; curators only (everyone else only ever sees published materials).",
        **_choices_of(PublicationStatus),
        curators_only=True,
        schema_enum=True,
    ),
    SearchParameter(
        "q",
        ValueKind.TEXT,
        "text",
        "Text search over names, formulas, descriptions and reference titles (PostgreSQL full text), "
        "with trigram similarity so near misses such as Li6PSCl still find Li6PS5Cl. Up to 200 characters.",
        control=Control.SEARCH,
        section=Section.SEARCH,
        label="Search names, formulas and papers",
        placeholder="e.g. LGPS, garnet, PEO",
    ),
    SearchParameter(
        "temperature_min",
        ValueKind.KELVIN,
        "temperature_min",
        f"Lowest measurement temperature in K for temperature-dependent properties {ROOM_DEFAULT}",
        schema=TEMPERATURE_SCHEMA,
        unit=units.KELVIN,
        control=Control.RANGE,
        section=Section.WINDOW,
        label="Temperature window",
        placeholder=f"{units.ROOM_TEMPERATURE_MIN_K:g}",
        input_size=6,
    ),
    SearchParameter(
        "temperature_max",
        ValueKind.KELVIN,
        "temperature_max",
        f"Highest measurement temperature in K for temperature-dependent properties {ROOM_DEFAULT}",
        schema=TEMPERATURE_SCHEMA,
        unit=units.KELVIN,
        control=Control.RANGE,
        section=Section.WINDOW,
        placeholder=f"{units.ROOM_TEMPERATURE_MAX_K:g}",
    ),
    # Mixtures: host polymer, salt, concentration, molecular weight, physical state.
    SearchParameter(
        "polymer",
        ValueKind.NAMES,
        "polymers",
        "Comma-separated host polymer names of mixtures, e.g. PEO,PAN.",
        control=Control.TEXT,
        section=Section.MIXTURES,
        label="Host polymer",
        placeholder="e.g. PEO",
    ),
    SearchParameter(
        "salt",
        ValueKind.NAMES,
        "salts",
        "Comma-separated lithium salt names of mixtures, e.g. LiTFSI.",
        control=Control.TEXT,
        section=Section.MIXTURES,
        label="Lithium salt",
        placeholder="e.g. LiTFSI",
    ),
    SearchParameter(
        "salt_molality_min",
        ValueKind.AMOUNT,
        "salt_molality_min",
        "Smallest salt molality, mol/kg of polymer.",
        value_type="number",
        unit="mol/kg of polymer",
        control=Control.RANGE,
        section=Section.MIXTURES,
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
        control=Control.RANGE,
        section=Section.MIXTURES,
    ),
    SearchParameter(
        "polymer_mw_min",
        ValueKind.AMOUNT,
        "polymer_mw_min",
        "Smallest host molecular weight, g/mol.",
        value_type="number",
        unit="g/mol",
        control=Control.RANGE,
        section=Section.MIXTURES,
        label="Host Mw",
    ),
    SearchParameter(
        "polymer_mw_max",
        ValueKind.AMOUNT,
        "polymer_mw_max",
        "Largest host molecular weight, g/mol.",
        value_type="number",
        unit="g/mol",
        control=Control.RANGE,
        section=Section.MIXTURES,
    ),
    SearchParameter(
        "physical_state",
        ValueKind.CHOICES,
        "physical_states",
        "Comma-separated states (solid, gel, liquid). Without it, liquids (hosts below 1,000 g/mol, "
        f"not cross-linked) are left out of orderings by {_either(rankings(), 'or')}.",
        **_choices_of(Material.PhysicalState),
        control=Control.SELECT,
        section=Section.MIXTURES,
        label="Physical state",
        empty_label="Any (liquids left out of conductivity rankings)",
    ),
)

ORDERING_PARAMETER = "ordering"

# The property ranges the material list page offers (every property's range is accepted in the address):
# {property key: (placeholder of the _min, input size)}; legends are each property's name and canonical unit.
PAGE_PROPERTY_RANGES = {CONDUCTIVITY: ("1e-4", 8), ACTIVATION: ("", 6)}


def search_parameters() -> tuple[SearchParameter, ...]:
    """SEARCH_PARAMETERS, read when called (so a parameter added to the definition reaches every builder)."""
    return SEARCH_PARAMETERS


def parameter(name: str) -> SearchParameter:
    """The search parameter called ``name`` (KeyError when there is none)."""
    for candidate in search_parameters():
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def parameter_names() -> list[str]:
    """The names of the search parameters, in the order the "accepted:" message lists them."""
    return [candidate.name for candidate in search_parameters()]


def amount_ranges() -> list[tuple[SearchParameter, SearchParameter]]:
    """The (_min, _max) pairs of mixture amounts, which the material list shows as "from ... to" fields."""
    return [
        (low, parameter(f"{low.stem}_max"))
        for low in search_parameters()
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


def ordering_choices() -> list[str]:
    """Every value one ``ordering`` key may take: each sort key, ascending and descending."""
    return [f"{sign}{name}" for name in sort_keys() for sign in ("", "-")]


def ordering_description() -> str:
    return (
        f"{ordering_help(sort_keys())} {_either(rankings(), 'and')} sort by the room-temperature values shown inline."
    )


# --- The query the parser builds and the selectors read -------------------------------------------


@dataclass
class PropertyRange:
    """Bounds on one property, in its canonical unit."""

    key: str
    min: float | None = None
    max: float | None = None


@dataclass
class MaterialQuery:
    """Everything a material search can ask for: one field per SearchParameter.attribute, plus the property
    ranges and the sort order. Parsing and validation happen in electrolytes.material_query."""

    elements: list[str] = field(default_factory=list)
    exclude_elements: list[str] = field(default_factory=list)
    chemsys: list[str] | None = None
    reduced_formula: str | None = None
    nelements_min: int | None = None
    nelements_max: int | None = None
    electrolyte_classes: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    text: str = ""
    # Mixtures: host polymer and salt names (components, case-insensitive), salt molality (mol/kg of polymer),
    # host molecular weight (g/mol) and physical state.
    polymers: list[str] = field(default_factory=list)
    salts: list[str] = field(default_factory=list)
    salt_molality_min: float | None = None
    salt_molality_max: float | None = None
    polymer_mw_min: float | None = None
    polymer_mw_max: float | None = None
    physical_states: list[str] = field(default_factory=list)
    ranges: list[PropertyRange] = field(default_factory=list)
    temperature_min: float = units.ROOM_TEMPERATURE_MIN_K
    temperature_max: float = units.ROOM_TEMPERATURE_MAX_K
    ordering: list[str] = field(default_factory=lambda: ["name"])
