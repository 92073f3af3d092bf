"""What each OPTIMADE property means here: its type, unit, description and where its value comes from.

A property is backed in one of four ways:

- ``sql``: a column or annotation of the entry queryset, filtered and sorted in the database (the
  integer OPTIMADE formulas are stored columns of Material, set from the formula by
  ``electrolytes.chemistry.optimade_formulas``);
- ``array``: a PostgreSQL array column (``elements``), filtered with the array operators;
- ``computed``: a list derived in Python when a page is rendered (the element ratios, the authors);
  filters reach it only through its length, an integer column or annotation;
- ``constant``: the same value for every entry (``type``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from electrolytes import crystal
from electrolytes.temperature_windows import room_temperature_celsius, room_window_kelvin

PROVIDER_PREFIX = "ekb"
P = f"_{PROVIDER_PREFIX}_"

STRING, INTEGER, FLOAT, TIMESTAMP, LIST, DICTIONARY = "string", "integer", "float", "timestamp", "list", "dictionary"


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    description: str
    backend: str  # "sql", "array", "computed" or "constant"
    path: str = ""  # queryset column or annotation for "sql" and "array"
    getter: Callable[[dict], Any] | None = None  # row -> value for "computed" (a list)
    constant: Any = None  # the value of a "constant" property
    item_type: str | None = None  # for lists
    unit: str | None = None
    length_path: str = ""  # integer column or annotation holding the length of an "array" or "computed" list
    known_path: str = ""  # column that is null exactly when a "computed" list without a length column is null

    @property
    def sortable(self) -> bool:
        return self.backend == "sql"

    def info(self) -> dict:
        entry = {"description": self.description, "type": self.type, "sortable": self.sortable}
        if self.unit:
            entry["unit"] = self.unit
        return entry


# --- Compositions --------------------------------------------------------------------------------


def element_ratios(composition: dict[str, float]) -> list[float]:
    """Fraction of atoms of each element, in the alphabetical order of ``elements``."""
    total = sum(composition.values())
    return [composition[el] / total for el in sorted(composition)]


# --- Structures ----------------------------------------------------------------------------------


def _with_structure(compute: Callable[[list, list], Any]) -> Callable[[dict], Any]:
    """A getter reading the representative structure's lattice and sites; None for a composition-only entry.

    Results are kept on the row, so species and species_at_sites share one pass over the sites.
    """

    def getter(row: dict):
        if row.get("opt_sites") is None:
            return None
        cache = row.setdefault("_computed", {})
        if compute not in cache:
            cache[compute] = compute(row["opt_lattice"], row["opt_sites"])
        return cache[compute]

    return getter


def _species(lattice: list, sites: list) -> tuple[list[dict], list[str]]:
    return crystal.optimade_species(sites)


# The crystal structure of an entry is its material's representative structure (electrolytes.crystal turns
# fractional sites into OPTIMADE's species and Cartesian positions). Entries without one have these null.
STRUCTURAL_PROPERTIES = [
    Property(
        "dimension_types",
        LIST,
        "Periodicity of the cell along each lattice vector: [1, 1, 1] for a crystal; null without a structure.",
        "computed",
        getter=_with_structure(lambda lattice, sites: [1, 1, 1]),
        item_type=INTEGER,
        length_path="opt_nperiodic",
    ),
    Property(
        "nperiodic_dimensions",
        INTEGER,
        "Number of periodic dimensions: 3 for a crystal; null without a structure.",
        "sql",
        path="opt_nperiodic",
    ),
    Property(
        "lattice_vectors",
        LIST,
        "The three lattice vectors of the cell, as rows; null without a structure.",
        "computed",
        getter=_with_structure(lambda lattice, sites: lattice),
        item_type=LIST,
        unit="Å",
        length_path="opt_nperiodic",
    ),
    Property(
        "cartesian_site_positions",
        LIST,
        "Cartesian position of every site of the cell; null without a structure.",
        "computed",
        getter=_with_structure(crystal.cartesian_positions),
        item_type=LIST,
        unit="Å",
        length_path="opt_nsites",
    ),
    Property("nsites", INTEGER, "Number of sites in the cell; null without a structure.", "sql", path="opt_nsites"),
    Property(
        "species",
        LIST,
        "One species per distinct site occupation. A shared or partly occupied site lists every element with its "
        "concentration (the occupancy), and 'vacancy' for the unoccupied fraction; null without a structure.",
        "computed",
        getter=lambda row: (_with_structure(_species)(row) or (None, None))[0],
        item_type=DICTIONARY,
        known_path="opt_nsites",
    ),
    Property(
        "species_at_sites",
        LIST,
        "Name of the species at each site, in the order of cartesian_site_positions; null without a structure.",
        "computed",
        getter=lambda row: (_with_structure(_species)(row) or (None, None))[1],
        item_type=STRING,
        length_path="opt_nsites",
    ),
    Property(
        "structure_features",
        LIST,
        "['disorder'] when some site is shared by several elements or partly occupied, else empty.",
        "array",
        path="opt_features",
        item_type=STRING,
        length_path="opt_nfeatures",
    ),
    Property(
        f"{P}structure_flags",
        LIST,
        "What is doubtful about the structure: no_lithium (the structure holds no Li), composition_mismatch "
        "(its composition differs from the nominal one, see _ekb_structure_composition_difference), close_match "
        "(a closely matching structure, not the paper's own), positions_perturbed (the source moved atomic "
        "positions slightly), partial_occupancy. Null without a structure.",
        "array",
        path="opt_structure_flags",
        item_type=STRING,
        length_path="opt_nstructure_flags",
    ),
    Property(
        f"{P}structure_composition_difference",
        FLOAT,
        "How far the structure's atomic fractions are from the nominal composition's: half their L1 distance "
        "(0 identical, 1 nothing in common); above 0.01 the structure is flagged composition_mismatch.",
        "sql",
        path="opt_composition_difference",
    ),
    Property(
        f"{P}structure_space_group",
        STRING,
        "Hermann-Mauguin symbol spglib finds for the structure (symprec 0.01 Å), e.g. Pm-3m.",
        "sql",
        path="opt_structure_space_group",
    ),
    Property(
        f"{P}structure_source",
        STRING,
        "Where the structure comes from: the key of the dataset (a references entry, with its licence) or "
        "'curator upload'.",
        "sql",
        path="opt_structure_source",
    ),
]

STRUCTURE_PROPERTIES: dict[str, Property] = {
    p.name: p
    for p in [
        Property("id", STRING, "The material's slug, unique and stable.", "sql", path="slug"),
        Property("type", STRING, "Always 'structures'.", "constant", constant="structures"),
        Property(
            "last_modified", TIMESTAMP, "When the material record last changed (UTC).", "sql", path="opt_modified"
        ),
        Property(
            "elements",
            LIST,
            "Element symbols in alphabetical order.",
            "array",
            path="elements",
            item_type=STRING,
            length_path="nelements",
        ),
        Property("nelements", INTEGER, "Number of distinct elements.", "sql", path="nelements"),
        Property(
            "elements_ratios",
            LIST,
            "Fraction of atoms of each element, in the order of 'elements'.",
            "computed",
            getter=lambda row: element_ratios(row["composition"]),
            item_type=FLOAT,
            length_path="nelements",
        ),
        Property(
            "chemical_formula_descriptive",
            STRING,
            "The formula as the source writes it, decimals and brackets included, e.g. Li1.3Al0.3Ti1.7(PO4)3.",
            "sql",
            path="formula",
        ),
        Property(
            "chemical_formula_reduced",
            STRING,
            "Reduced formula with whole-number amounts in alphabetical element order; fractional "
            "compositions are scaled to the smallest whole numbers in the same ratio.",
            "sql",
            path="optimade_formula_reduced",
        ),
        Property(
            "chemical_formula_anonymous",
            STRING,
            "The reduced formula with anonymous element labels A, B, C...",
            "sql",
            path="optimade_formula_anonymous",
        ),
        *STRUCTURAL_PROPERTIES,
        Property(f"{P}name", STRING, "Name of the material as the knowledge base lists it.", "sql", path="name"),
        Property(
            f"{P}ionic_conductivity",
            FLOAT,
            "Headline room-temperature Li-ion conductivity (the knowledge base's one rule: unflagged values at "
            f"{room_window_kelvin()} or good fits at {room_temperature_celsius()}, total before bulk, measured before "
            "extrapolated, median over papers).",
            "sql",
            path="conductivity",
            unit="S/cm",
        ),
        Property(
            f"{P}activation_energy",
            FLOAT,
            "Headline Arrhenius activation energy of Li-ion conduction (never the VTF pseudo-activation energy).",
            "sql",
            path="activation_energy",
            unit="eV",
        ),
        Property(
            f"{P}oxidation_limit",
            FLOAT,
            "Upper limit of the electrochemical stability window, vs Li+/Li.",
            "sql",
            path="oxidation_limit",
            unit="V",
        ),
        Property(
            f"{P}reduction_limit",
            FLOAT,
            "Lower limit of the electrochemical stability window, vs Li+/Li.",
            "sql",
            path="reduction_limit",
            unit="V",
        ),
        Property(
            f"{P}electrolyte_class",
            STRING,
            "Slug of the electrolyte class, e.g. sulfide, oxide, halide.",
            "sql",
            path="opt_class",
        ),
        Property(
            f"{P}structure_family",
            STRING,
            "Slug of the structure family (e.g. garnet, argyrodite), when known.",
            "sql",
            path="opt_family",
        ),
        Property(
            f"{P}space_group",
            STRING,
            "Hermann-Mauguin symbol as the source writes it, e.g. P4_2/nmc.",
            "sql",
            path="opt_space_group",
        ),
        Property(
            f"{P}mp_id",
            STRING,
            "Materials Project id of the same compound (the material's, else the one its structure comes from), "
            "e.g. mp-696128.",
            "sql",
            path="opt_mp_id",
        ),
    ]
}

# --- References ----------------------------------------------------------------------------------

REFERENCE_PROPERTIES: dict[str, Property] = {
    p.name: p
    for p in [
        Property("id", STRING, "The reference's citation key.", "sql", path="key"),
        Property("type", STRING, "Always 'references'.", "constant", constant="references"),
        Property(
            "last_modified",
            TIMESTAMP,
            "When the reference record last changed (UTC), from its history.",
            "sql",
            path="opt_modified",
        ),
        Property(
            "authors",
            LIST,
            "Authors in the published order, as {name, firstname, lastname}.",
            "computed",
            getter=lambda row: _people(row["authors"]),
            item_type=DICTIONARY,
            length_path="opt_nauthors",
        ),
        Property("doi", STRING, "DOI in lower case without resolver prefix.", "sql", path="opt_doi"),
        Property("url", STRING, "Web address of the work.", "sql", path="opt_url"),
        Property("title", STRING, "Title of the work.", "sql", path="title"),
        Property("journal", STRING, "Journal name.", "sql", path="opt_journal"),
        Property("volume", STRING, "Journal volume.", "sql", path="opt_volume"),
        Property("pages", STRING, "Page range or article number.", "sql", path="opt_pages"),
        Property("year", STRING, "Year of publication, as a string.", "sql", path="opt_year"),
        Property("key", STRING, "BibTeX citation key (the same as id).", "sql", path="key"),
        Property("bib_type", STRING, "BibTeX entry type: article, book or misc.", "sql", path="opt_bib_type"),
        Property(f"{P}kind", STRING, "Kind of work: article, review, dataset, book or other.", "sql", path="kind"),
        Property(f"{P}licence", STRING, "Licence of a dataset, e.g. CC BY 4.0.", "sql", path="opt_licence"),
    ]
}


def _people(authors: list) -> list[dict]:
    """Author strings ("Last, First" or "First Last") as OPTIMADE person objects."""
    people = []
    for author in authors or []:
        text = str(author).strip()
        if "," in text:
            last, first = (part.strip() for part in text.split(",", 1))
            people.append({"name": f"{first} {last}".strip(), "firstname": first or None, "lastname": last})
        else:
            people.append({"name": text, "firstname": None, "lastname": None})
    return people


PROPERTIES = {"structures": STRUCTURE_PROPERTIES, "references": REFERENCE_PROPERTIES}
