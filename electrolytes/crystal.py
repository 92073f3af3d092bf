"""Crystal structures: CIF parsing (pymatgen), symmetry (spglib), checks against the nominal composition,
and the per-site representation OPTIMADE and the viewer use.

Every way a structure comes in (the OBELiX importer, a curator's upload in the admin) goes through
``parse_cif`` and ``check_composition``, so the same file always gets the same flags.

Units: lengths in ångström, angles in degrees, volume in Å³, density in g/cm³. Site positions are
fractional coordinates of the stored lattice; ``cartesian_positions`` turns them into Å.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from pymatgen.core import Composition, Element, Lattice, Structure
from pymatgen.io.cif import CifParser
from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

# Largest CIF accepted from an upload: the biggest OBELiX file is ~60 kB, a 2 MB CIF is not a unit cell.
MAX_CIF_BYTES = 2 * 1024 * 1024
# Two compositions "agree" when their atomic fractions differ by at most this much in total
# (half the L1 distance: the fraction of atoms that would have to change element). 0.01 absorbs the
# rounding of occupancies a CIF carries (OBELiX: up to ~0.009) and flags real disagreements.
COMPOSITION_TOLERANCE = 0.01
# spglib's distance tolerance in Å (pymatgen's default). The CIF's own symmetry operations generate the
# sites, so the perturbed positions of OBELiX still give the published space group at this tolerance.
SYMPREC = 0.01
OCCUPANCY_TOLERANCE = 1e-4
LITHIUM = "Li"


class CifError(ValueError):
    """A CIF that cannot be used; the message says why (pymatgen's own reason where it has one)."""


@dataclass
class ParsedStructure:
    """What a CIF says, in the units above, ready to be stored on a CrystalStructure."""

    lattice_vectors: list[list[float]]
    a: float
    b: float
    c: float
    alpha: float
    beta: float
    gamma: float
    volume: float
    density: float
    sites: list[dict]  # {"label", "species": {element: occupancy}, "abc": [x, y, z]}
    formula: str  # reduced formula of the cell (pymatgen)
    composition: dict[str, float]  # atoms per cell, partial occupancies summed
    elements: list[str]
    space_group_given: str
    space_group_number_given: int | None
    space_group_found: str
    space_group_number_found: int | None
    has_partial_occupancy: bool
    cif_sha256: str
    warnings: list[str] = field(default_factory=list)

    @property
    def nsites(self) -> int:
        return len(self.sites)

    @property
    def no_lithium(self) -> bool:
        return LITHIUM not in self.elements


@dataclass(frozen=True)
class CompositionCheck:
    mismatch: bool
    difference: float  # 0 (same atomic fractions) to 1 (no element in common)


def cif_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _first(block, *keys: str) -> str:
    for key in keys:
        value = block.data.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value not in (None, "", "?", "."):
            return str(value).strip().strip("'\"").strip()
    return ""


def parse_cif(text: str) -> ParsedStructure:
    """The first structure of a CIF; CifError with pymatgen's reason when it has none."""
    if not text or not text.strip():
        raise CifError("The CIF file is empty.")
    if len(text.encode("utf-8")) > MAX_CIF_BYTES:
        raise CifError(f"The CIF file is larger than {MAX_CIF_BYTES // (1024 * 1024)} MB.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parser = CifParser.from_str(text)
            structures = parser.parse_structures(primitive=False, on_error="raise")
        except Exception as exc:  # pymatgen raises ValueError, KeyError, IndexError... on bad files
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise CifError(f"pymatgen cannot read this CIF: {reason}") from None
    if not structures:
        raise CifError("pymatgen cannot read this CIF: it holds no structure.")
    structure: Structure = structures[0]
    notes = list(dict.fromkeys([*getattr(parser, "warnings", []), *(str(w.message) for w in caught)]))
    return _from_structure(structure, text=text, block=parser._cif.data[next(iter(parser._cif.data))], notes=notes)


def _from_structure(structure: Structure, *, text: str, block, notes: list[str]) -> ParsedStructure:
    sites = []
    elements: set[str] = set()
    partial = False
    for index, site in enumerate(structure):
        species: dict[str, float] = {}
        for specie, occupancy in site.species.items():
            element = getattr(specie, "element", specie)
            symbol = getattr(element, "symbol", str(element))
            if not isinstance(element, Element) or not Element.is_valid_symbol(symbol):
                raise CifError(f"Site {index + 1} holds {specie!s}, which is not a chemical element.")
            species[symbol] = round(species.get(symbol, 0.0) + float(occupancy), 6)
        total = sum(species.values())
        if total > 1 + OCCUPANCY_TOLERANCE:
            raise CifError(f"Site {index + 1} has a total occupancy of {total:g}, above 1.")
        if len(species) > 1 or total < 1 - OCCUPANCY_TOLERANCE:
            partial = True
        elements.update(species)
        label = site.properties.get("label") or site.label or next(iter(species))
        sites.append({"label": str(label), "species": species, "abc": [round(float(x), 6) for x in site.frac_coords]})
    lattice: Lattice = structure.lattice
    if not all(math.isfinite(v) and v > 0 for v in (lattice.a, lattice.b, lattice.c, lattice.volume)):
        raise CifError("The cell has a zero or undefined volume.")
    if not sites:
        raise CifError("The CIF holds no atomic sites.")
    composition = structure.composition.element_composition
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # spglib's notice about its error handling
            analyzer = SpacegroupAnalyzer(structure, symprec=SYMPREC)
            found, number = analyzer.get_space_group_symbol(), analyzer.get_space_group_number()
    except Exception as exc:  # spglib finds no cell for some pathological inputs: say so, keep the file
        found, number = "", None
        notes.append(f"spglib found no space group: {exc}")
    given_number = _first(block, "_symmetry_Int_Tables_number", "_space_group_IT_number")
    return ParsedStructure(
        lattice_vectors=[[round(float(x), 8) for x in row] for row in lattice.matrix],
        a=round(lattice.a, 6),
        b=round(lattice.b, 6),
        c=round(lattice.c, 6),
        alpha=round(lattice.alpha, 6),
        beta=round(lattice.beta, 6),
        gamma=round(lattice.gamma, 6),
        volume=round(lattice.volume, 6),
        density=round(float(structure.density), 6),
        sites=sites,
        formula=composition.reduced_formula,
        composition={el.symbol: round(float(amount), 6) for el, amount in composition.items()},
        elements=sorted(elements),
        space_group_given=_first(block, "_symmetry_space_group_name_H-M", "_space_group_name_H-M_alt")[:30],
        space_group_number_given=int(float(given_number)) if _is_number(given_number) else None,
        space_group_found=found[:30],
        space_group_number_found=number,
        has_partial_occupancy=partial,
        cif_sha256=cif_digest(text),
        warnings=notes,
    )


def _is_number(text: str) -> bool:
    try:
        return 1 <= float(text) <= 230
    except ValueError:
        return False


def composition_difference(nominal: dict[str, float], found: dict[str, float]) -> float:
    """Half the L1 distance between the atomic fractions of two compositions (0 to 1)."""
    nominal_total, found_total = sum(nominal.values()), sum(found.values())
    if nominal_total <= 0 or found_total <= 0:
        return 1.0
    elements = set(nominal) | set(found)
    distance = sum(abs(nominal.get(el, 0) / nominal_total - found.get(el, 0) / found_total) for el in elements)
    return round(min(1.0, distance / 2), 6)


def check_composition(nominal: dict[str, float], parsed: ParsedStructure) -> CompositionCheck:
    """Whether the structure's composition disagrees with the material's nominal one, and by how much.

    Different element sets always disagree; otherwise the atomic fractions may differ by up to
    COMPOSITION_TOLERANCE. The nominal composition is trusted: the structure is flagged, not corrected.
    """
    difference = composition_difference(nominal, parsed.composition)
    mismatch = set(nominal) != set(parsed.composition) or difference > COMPOSITION_TOLERANCE
    return CompositionCheck(mismatch=mismatch, difference=difference)


# --- reading stored structures -------------------------------------------------------------------


def cartesian_positions(lattice_vectors: list[list[float]], sites: list[dict]) -> list[list[float]]:
    """Site positions in Å (row vectors: r = abc · lattice)."""
    if not sites:
        return []
    frac = np.array([site["abc"] for site in sites], dtype=float)
    return np.round(frac @ np.array(lattice_vectors, dtype=float), 6).tolist()


def species_name(species: dict[str, float]) -> str:
    """A name unique to the site's occupation: "Li" when fully occupied by Li, else e.g. "Li0.5La0.5"."""
    if len(species) == 1:
        ((symbol, occupancy),) = species.items()
        if abs(occupancy - 1) <= OCCUPANCY_TOLERANCE:
            return symbol
    return "".join(f"{symbol}{occupancy:g}" for symbol, occupancy in sorted(species.items()))


def optimade_species(sites: list[dict]) -> tuple[list[dict], list[str]]:
    """OPTIMADE ``species`` and ``species_at_sites``.

    An ordered structure has one species per element, named after it. A disordered one has one species
    per site, in site order, named after its occupation and the site's number ("La0.5Li0.5_1", "O_3"):
    pymatgen's OptimadeRester reads a disordered entry only when ``species`` lines up with the sites.
    A site not fully occupied lists "vacancy" with the missing fraction, so every species' concentrations
    add up to one, as the specification asks.
    """
    per_site = is_disordered(sites)
    species: dict[str, dict] = {}
    at_sites = []
    for index, site in enumerate(sites):
        name = species_name(site["species"])
        if per_site:
            name = f"{name}_{index + 1}"
        at_sites.append(name)
        if name in species:
            continue
        symbols = sorted(site["species"])
        concentration = [site["species"][s] for s in symbols]
        missing = round(1 - sum(concentration), 6)
        if missing > OCCUPANCY_TOLERANCE:
            symbols.append("vacancy")
            concentration.append(missing)
        species[name] = {"name": name, "chemical_symbols": symbols, "concentration": concentration}
    return list(species.values()), at_sites


def is_disordered(sites: list[dict]) -> bool:
    """OPTIMADE's "disorder": some species lists more than one chemical symbol (vacancies included)."""
    return any(
        len(site["species"]) > 1 or abs(sum(site["species"].values()) - 1) > OCCUPANCY_TOLERANCE for site in sites
    )


def to_pymatgen(lattice_vectors: list[list[float]], sites: list[dict]) -> Structure:
    return Structure(
        Lattice(lattice_vectors),
        [Composition(site["species"]) for site in sites],
        [site["abc"] for site in sites],
        labels=[site.get("label") for site in sites],
    )


def viewer_atoms(lattice_vectors: list[list[float]], sites: list[dict]) -> list[dict]:
    """Atoms for the 3D viewer: each site drawn as its majority element, with its occupation as a label."""
    atoms = []
    for site, (x, y, z) in zip(sites, cartesian_positions(lattice_vectors, sites), strict=True):
        element = max(site["species"].items(), key=lambda item: (item[1], item[0]))[0]
        atoms.append({"elem": element, "x": x, "y": y, "z": z, "occupancy": species_name(site["species"])})
    return atoms


def representative_rank(structure) -> tuple:
    """Sort key choosing a material's representative structure: the one least in doubt comes first.

    Li present, composition agreeing, the paper's own structure, ordered before disordered, then the
    smaller composition difference and the earlier record. Works on CrystalStructure or anything with
    the same flag attributes.
    """
    return (
        structure.no_lithium,
        structure.composition_mismatch,
        structure.is_close_match,
        structure.composition_difference,
        structure.pk or 0,
    )


def attributed_cif(structure) -> str:
    """The CIF as received, preceded by comment lines naming where it comes from and its licence.

    CIF comments start with '#', so the file still parses as it did; the attribution travels with every
    download, as CC BY datasets ask.
    """
    lines = [f"# Crystal structure of {structure.material.name} ({structure.material.formula})"]
    dataset = structure.source_dataset
    if dataset is not None:
        row = f", entry {structure.source_row}" if structure.source_row else ""
        licence = f"; licence {dataset.licence}" if dataset.licence else ""
        doi = f", doi:{dataset.doi}" if dataset.doi else ""
        lines.append(f"# Source: {dataset.title}{row}{doi}{licence}")
    elif structure.source_kind == "upload":
        lines.append("# Source: uploaded by a curator of the Electrolyte Knowledge Base")
    if structure.reference is not None and structure.reference.doi:
        lines.append(f"# Paper: doi:{structure.reference.doi}")
    if structure.positions_perturbed:
        lines.append("# Note: the source perturbed atomic positions slightly; lattice and occupancies are as published")
    text = structure.cif_text if structure.cif_text.endswith("\n") else structure.cif_text + "\n"
    return "\n".join(lines) + "\n" + text


def flag_sentences(structure) -> list[str]:
    """What is doubtful about a structure, in words, for the page (one sentence per flag)."""
    sentences = []
    if structure.no_lithium:
        sentences.append("The structure holds no lithium: the CIF does not describe the Li sites.")
    if structure.composition_mismatch:
        sentences.append(
            f"Its composition ({structure.formula}) differs from the nominal one "
            f"({structure.material.formula}) by {structure.composition_difference:.1%} of the atoms; "
            "the nominal composition is the one trusted."
        )
    if structure.is_close_match:
        sentences.append("A closely matching structure, not the one determined for this paper's sample.")
    if structure.positions_perturbed:
        sentences.append(
            "The source moved atomic positions slightly (noise of about 0.01 in fractional coordinates) "
            "before release; the lattice and occupancies are as published."
        )
    if structure.has_partial_occupancy:
        sentences.append("Some sites are shared by several elements or partly occupied (disorder), kept as given.")
    return sentences
