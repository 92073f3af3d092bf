"""Polymer hosts from their repeat units: names, ether-oxygen content, EO:Li and physical state.

A repeat unit is SMILES with two chain-end markers ([Cu] and [Au], as in the Bradford et al. dataset). The same
polymer can be written from any atom of its backbone and in either direction ([Cu]OCC[Au], [Cu]CCO[Au] and
[Cu]OCCOCC[Au] are all PEO), so units are compared by a frame-free key: RDKit joins copies of the unit head to
tail into a ring and writes the ring's canonical SMILES. Two copies are joined for the unit looked up; a table
unit n times smaller is keyed with 2n copies, so a unit written as n units of a known one (an oligo-EO block)
matches too.

A unit missing from the table is named from its backbone chemistry and its formula (e.g. "polyether-carbonate
(C8H14O4 repeat unit)"), never from a hash; ``host_name`` says which happened.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rdkit import Chem, RDLogger
from rdkit.Chem import Descriptors

RDLogger.DisableLog("rdApp.*")

END_MARKERS = ("Cu", "Au")
# Below this molecular weight a host without cross-links is a liquid (oligomers such as glymes, PEG 400).
LIQUID_BELOW_MW = 1000.0


@dataclass(frozen=True)
class KnownPolymer:
    abbreviation: str
    name: str
    repeat_unit: str  # SMILES with [Cu]/[Au] chain ends


# Repeat units as written in polymer handbooks; each checked against its structure (a test parses every one).
KNOWN_POLYMERS: tuple[KnownPolymer, ...] = (
    KnownPolymer("PEO", "poly(ethylene oxide)", "[Cu]CCO[Au]"),
    KnownPolymer("PPO", "poly(propylene oxide)", "[Cu]CC(C)O[Au]"),
    KnownPolymer("POM", "polyoxymethylene", "[Cu]CO[Au]"),
    KnownPolymer("PTMO", "poly(trimethylene oxide)", "[Cu]CCCO[Au]"),
    KnownPolymer("PTHF", "poly(tetrahydrofuran)", "[Cu]CCCCO[Au]"),
    KnownPolymer("PDOL", "poly(1,3-dioxolane)", "[Cu]OCOCC[Au]"),
    KnownPolymer("P(DOL-EO)", "poly(1,3-dioxolane-alt-ethylene oxide)", "[Cu]OCOCCOCC[Au]"),
    KnownPolymer("PEC", "poly(ethylene carbonate)", "[Cu]OC(=O)OCC[Au]"),
    KnownPolymer("PTMC", "poly(trimethylene carbonate)", "[Cu]OC(=O)OCCC[Au]"),
    KnownPolymer("PPC", "poly(propylene carbonate)", "[Cu]OC(=O)OC(C)C[Au]"),
    KnownPolymer("PVCA", "poly(vinylene carbonate)", "[Cu]C1OC(=O)OC1[Au]"),
    KnownPolymer("PCL", "poly(epsilon-caprolactone)", "[Cu]OC(=O)CCCCC[Au]"),
    KnownPolymer("PPL", "poly(beta-propiolactone)", "[Cu]OC(=O)CC[Au]"),
    KnownPolymer("PLA", "poly(lactic acid)", "[Cu]OC(C)C(=O)[Au]"),
    KnownPolymer("PES", "poly(ethylene succinate)", "[Cu]OCCOC(=O)CCC(=O)[Au]"),
    KnownPolymer("PEA", "poly(ethylene adipate)", "[Cu]OCCOC(=O)CCCCC(=O)[Au]"),
    KnownPolymer("PEM", "poly(ethylene malonate)", "[Cu]OCCOC(=O)CC(=O)[Au]"),
    KnownPolymer("PBA", "poly(butylene adipate)", "[Cu]OCCCCOC(=O)CCCCC(=O)[Au]"),
    KnownPolymer("PHA", "poly(hexamethylene adipate)", "[Cu]OCCCCCCOC(=O)CCCCC(=O)[Au]"),
    KnownPolymer("PAN", "polyacrylonitrile", "[Cu]CC(C#N)[Au]"),
    KnownPolymer("PMAN", "polymethacrylonitrile", "[Cu]CC(C)(C#N)[Au]"),
    KnownPolymer("PVDF", "poly(vinylidene fluoride)", "[Cu]CC(F)(F)[Au]"),
    KnownPolymer("PVC", "poly(vinyl chloride)", "[Cu]CC(Cl)[Au]"),
    KnownPolymer("PVA", "poly(vinyl alcohol)", "[Cu]CC(O)[Au]"),
    KnownPolymer("PVAc", "poly(vinyl acetate)", "[Cu]CC(OC(C)=O)[Au]"),
    KnownPolymer("PEVE", "poly(ethyl vinyl ether)", "[Cu]CC(OCC)[Au]"),
    KnownPolymer("PMA", "poly(methyl acrylate)", "[Cu]CC(C(=O)OC)[Au]"),
    KnownPolymer("PnBA", "poly(n-butyl acrylate)", "[Cu]CC(C(=O)OCCCC)[Au]"),
    KnownPolymer("PMMA", "poly(methyl methacrylate)", "[Cu]CC(C)(C(=O)OC)[Au]"),
    KnownPolymer("PHEMA", "poly(2-hydroxyethyl methacrylate)", "[Cu]CC(C)(C(=O)OCCO)[Au]"),
    KnownPolymer("PS", "polystyrene", "[Cu]CC(c1ccccc1)[Au]"),
    KnownPolymer("PDMS", "poly(dimethylsiloxane)", "[Cu][Si](C)(C)O[Au]"),
    KnownPolymer("LPEI", "linear poly(ethylene imine)", "[Cu]NCC[Au]"),
    KnownPolymer("PTMI", "poly(trimethylene imine)", "[Cu]NCCC[Au]"),
    KnownPolymer("PMEI", "poly(N-methylethylene imine)", "[Cu]N(C)CC[Au]"),
    KnownPolymer("MEEP", "poly[bis(2-(2-methoxyethoxy)ethoxy)phosphazene]", "[Cu]P(OCCOCCOC)(OCCOCCOC)=N[Au]"),
    KnownPolymer("PBS", "poly(butylene sulfite)", "[Cu]OS(=O)OCCCC[Au]"),
)

# Backbone and side-group chemistry for units not in the table, most telling first.
_GROUPS = (
    ("sulfonylimide", "[N-](S(=O)=O)S(=O)=O"),
    ("borate", "[B,B-](O)(O)"),
    ("phosphate", "[P,P-](O)(O)(O)"),
    ("siloxane", "[Si]O[Si,#0]"),
    ("silane", "[Si]"),
    ("phosphazene", "P=N"),
    ("urethane", "NC(=O)O"),
    ("amide", "NC(=O)"),
    ("carbonate", "OC(=O)O"),
    ("ester", "[#6]C(=O)O[#6]"),
    ("sulfite", "OS(=O)O"),
    ("sulfone", "CS(=O)(=O)C"),
    ("thioether", "[#6][SX2][#6]"),
    ("nitrile", "C#N"),
    ("imine", "[NX3;!$(NC=O)]"),
    ("ether", "[#6][OX2][#6]"),
)
_GROUP_PATTERNS = tuple((name, Chem.MolFromSmarts(smarts)) for name, smarts in _GROUPS)


class RepeatUnitError(ValueError):
    """A repeat unit RDKit cannot read, or one without exactly one [Cu] and one [Au] chain end."""


@dataclass(frozen=True)
class PolymerHost:
    abbreviation: str  # PEO, or the fallback's generic name
    name: str  # poly(ethylene oxide)
    known: bool  # found in KNOWN_POLYMERS
    formula: str  # of one repeat unit, chain ends excluded
    unit_mass: float  # g/mol of one repeat unit
    ether_oxygens: int  # ether O per repeat unit (C-O-C, not in esters or carbonates)
    is_ether: bool  # every heteroatom of the unit is an ether oxygen
    fallback_reason: str = ""


def _unit(smiles: str) -> tuple[Chem.Mol, int, int]:
    """The unit without its end markers, and the atoms the [Cu] and [Au] ends were bonded to."""
    mol = Chem.MolFromSmiles(smiles or "")
    if mol is None:
        raise RepeatUnitError(f"RDKit cannot read the repeat unit {smiles!r}.")
    ends = {}
    for atom in mol.GetAtoms():
        if atom.GetSymbol() in END_MARKERS:
            if atom.GetSymbol() in ends or atom.GetDegree() != 1:
                raise RepeatUnitError(f"Repeat unit {smiles!r} needs one [Cu] and one [Au] end, each on one atom.")
            ends[atom.GetSymbol()] = (atom.GetIdx(), atom.GetNeighbors()[0].GetIdx())
    if set(ends) != set(END_MARKERS):
        raise RepeatUnitError(f"Repeat unit {smiles!r} has no [Cu] and [Au] chain ends.")
    editable = Chem.RWMol(mol)
    (cu, head), (au, tail) = ends["Cu"], ends["Au"]
    for index in sorted((cu, au), reverse=True):
        editable.RemoveAtom(index)
    shift = lambda i: i - sum(1 for removed in (cu, au) if removed < i)  # noqa: E731
    return editable.GetMol(), shift(head), shift(tail)


def _ring(smiles: str, copies: int) -> Chem.Mol:
    unit, head, tail = _unit(smiles)
    ring = Chem.RWMol(unit)
    size = unit.GetNumAtoms()
    for _ in range(copies - 1):
        ring.InsertMol(unit)
    for k in range(copies):
        ring.AddBond(k * size + tail, ((k + 1) % copies) * size + head, Chem.BondType.SINGLE)
    mol = ring.GetMol()
    for atom in mol.GetAtoms():
        atom.SetNoImplicit(False)
        atom.SetNumExplicitHs(0) if atom.GetSymbol() == "C" and not atom.GetIsAromatic() else None
    Chem.SanitizeMol(mol)
    return mol


@lru_cache(maxsize=4096)
def repeat_unit_key(smiles: str, copies: int = 2) -> str:
    """The frame-free key of a repeat unit: canonical SMILES of ``copies`` units joined into a ring."""
    return Chem.MolToSmiles(_ring(smiles, copies))


@lru_cache(maxsize=1)
def _known_sizes() -> tuple[tuple[KnownPolymer, int], ...]:
    return tuple((p, _unit(p.repeat_unit)[0].GetNumAtoms()) for p in KNOWN_POLYMERS)


def known_polymer(smiles: str) -> KnownPolymer | None:
    """The table's polymer whose repeat unit ``smiles`` is, written from any atom, either way, or as n units."""
    size = _unit(smiles)[0].GetNumAtoms()
    key = repeat_unit_key(smiles, 2)
    for polymer, unit_size in _known_sizes():
        if size % unit_size == 0 and repeat_unit_key(polymer.repeat_unit, 2 * (size // unit_size)) == key:
            return polymer
    return None


@lru_cache(maxsize=4096)
def host(smiles: str) -> PolymerHost:
    """What the repeat unit ``smiles`` is; RepeatUnitError if it cannot be read."""
    ring = _ring(smiles, 2)
    counts: Counter[str] = Counter()
    for atom in ring.GetAtoms():
        counts[atom.GetSymbol()] += 1
        counts["H"] += atom.GetTotalNumHs()
    formula = _hill({el: n // 2 for el, n in counts.items()})
    unit_mass = Descriptors.MolWt(ring) / 2
    ether_pattern = Chem.MolFromSmarts("[#6][OX2;!$(OC=O);!$(O[S,P,B,Si])][#6]")
    ether_oxygens = len(ring.GetSubstructMatches(ether_pattern)) // 2
    heteroatoms = sum(n for el, n in counts.items() if el not in ("C", "H"))
    is_ether = ether_oxygens > 0 and heteroatoms // 2 == ether_oxygens
    known = known_polymer(smiles)
    if known is not None:
        return PolymerHost(known.abbreviation, known.name, True, formula, unit_mass, ether_oxygens, is_ether)
    groups = [name for name, pattern in _GROUP_PATTERNS if ring.HasSubstructMatch(pattern)]
    generic = "poly" + "-".join(groups[:3]) if groups else "polyalkylene"
    return PolymerHost(
        f"{generic} {formula}",
        f"{generic} ({formula} repeat unit)",
        False,
        formula,
        unit_mass,
        ether_oxygens,
        is_ether,
        fallback_reason="repeat unit not in the table of known polymers; named from its chemistry",
    )


def _hill(counts: dict[str, int]) -> str:
    order = ["C", "H", *sorted(el for el in counts if el not in ("C", "H"))]
    return "".join(f"{el}{'' if counts[el] == 1 else counts[el]}" for el in order if counts.get(el))


def ether_oxygens_per_li(polymer: PolymerHost, molality: float | None) -> float | None:
    """EO:Li of an ether host: ether oxygens per Li+, from the molality (mol salt per kg of polymer).

    Ether O per kg of polymer = 1000 g / unit mass x ether O per unit; dividing by the molality gives O per Li
    (one Li per salt formula unit). PEO (44.05 g/mol, one O per unit) at 1.14 mol/kg gives 19.9, i.e. 20:1.
    None for non-ether hosts and salt-free formulations.
    """
    if not polymer.is_ether or not molality:
        return None
    return 1000.0 / polymer.unit_mass * polymer.ether_oxygens / molality


def format_ratio(ratio: float) -> str:
    return f"{ratio:.0f}:1" if ratio >= 2 else f"{ratio:.1f}:1"


def format_mw(mw: float | None) -> str:
    """Mw 600k, Mw 4.5M, Mw 266 g/mol."""
    if not mw:
        return ""
    if mw >= 1e6:
        return f"Mw {mw / 1e6:.3g}M"
    if mw >= 1000:
        return f"Mw {mw / 1000:.3g}k"
    return f"Mw {mw:.3g} g/mol"


def physical_state(mw: float | None, *, cross_linked: bool = False) -> str:
    """liquid below LIQUID_BELOW_MW g/mol unless cross-linked, else solid (gels are set by their class)."""
    if mw is not None and mw < LIQUID_BELOW_MW and not cross_linked:
        return "liquid"
    return "solid"


def formulation_name(polymer: PolymerHost, salt: str, molality: float | None, mw: float | None) -> str:
    """'PEO-LiTFSI, EO:Li 20:1, Mw 600k'; non-ether hosts give the molality; no salt says so."""
    parts = [f"{polymer.abbreviation}-{salt}" if salt else f"{polymer.abbreviation}, single-ion (no added salt)"]
    ratio = ether_oxygens_per_li(polymer, molality) if salt else None
    if ratio is not None:
        parts.append(f"EO:Li {format_ratio(ratio)}" if polymer.abbreviation == "PEO" else f"O:Li {format_ratio(ratio)}")
    elif salt and molality:
        parts.append(f"{molality:.3g} mol/kg")
    if mw:
        parts.append(format_mw(mw))
    return ", ".join(parts)


def eo_li(smiles: str | None, molality: float | None) -> float | None:
    """EO:Li of a stored host (its repeat-unit SMILES) and salt molality; None when it does not apply."""
    if not smiles or not molality:
        return None
    try:
        return ether_oxygens_per_li(host(smiles), molality)
    except RepeatUnitError:
        return None
