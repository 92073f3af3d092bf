"""Mixture formulations: salt SMILES canonicalisation, short polymer labels and the formulation key.

Two SMILES spellings of one salt are mapped onto one by an explicit synonym table (every salt that occurs in the
Bradford et al. dataset, checked by hand) after one safe normalisation: the order of dot-separated fragments
carries no meaning in SMILES, so fragments are sorted. Polymer hosts are named in ``electrolytes.polymers``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

from electrolytes import polymers

# canonical SMILES -> common name. The canonical spelling is the most frequent one in the dataset.
SALT_NAMES: dict[str, str] = {
    "O=S(=O)([N-]S(=O)(=O)C(F)(F)F)C(F)(F)F.[Li+]": "LiTFSI",
    "O=S(=O)([O-])C(F)(F)F.[Li+]": "LiOTf",
    "[Li+].[O-][Cl+3]([O-])([O-])[O-]": "LiClO4",
    "F[B-](F)(F)F.[Li+]": "LiBF4",
    "O=C1O[B-]2(OC1=O)OC(=O)C(=O)O2.[Li+]": "LiBOB",
    "F[P-](F)(F)(F)(F)F.[Li+]": "LiPF6",
    "N#Cc1nc(C(F)(F)F)[n-]c1C#N.[Li+]": "LiTDI",
    "O=S(=O)(F)[N-]S(=O)(=O)F.[Li+]": "LiFSI",
    "F[Sb-](F)(F)(F)(F)F.[Li+]": "LiSbF6",
    "F[As-](F)(F)(F)(F)F.[Li+]": "LiAsF6",
    "O=S(=O)([N-]S(=O)(=O)C(F)(F)C(F)(F)F)C(F)(F)C(F)(F)F.[Li+]": "LiBETI",
    "O=S(=O)(F)[N-]S(=O)(=O)C(F)(F)F.[Li+]": "LiFTFSI",
    "O=C1O[B-](F)(F)OC1=O.[Li+]": "LiDFOB",
    "N#C[C-](C#N)C#N.[Li+]": "LiTCM",
    "N#Cc1nc(C(F)(F)C(F)(F)F)[n-]c1C#N.[Li+]": "LiPDI",
    "N#Cc1nn[n-]c1C#N.[Li+]": "LiDCTA",
    "[S-]C#N.[Li+]": "LiSCN",
    "Cl[Al-](Cl)(Cl)Cl.[Li+]": "LiAlCl4",
    "O=C([O-])C(F)(F)F.[Li+]": "LiTFA",
    "[Br-].[Li+]": "LiBr",
    "[I-].[Li+]": "LiI",
    "[Cl-].[Li+]": "LiCl",
    "COCCC[N-]S(=O)(=O)C(F)(F)F.[Li+]": "Li N-(3-methoxypropyl)triflamide",
    "Fc1c(F)c(F)c(S[B-](Sc2c(F)c(F)c(F)c(F)c2F)(Sc2c(F)c(F)c(F)c(F)c2F)Sc2c(F)c(F)c(F)c(F)c2F)c(F)c1F.[Li+]": (
        "LiB(SC6F5)4"
    ),
    "O=C([O-])C(F)(F)C(F)(F)C(F)(F)C(=O)[O-].[Li+].[Li+]": "Li2 hexafluoroglutarate",
    "O=C([O-])C(F)(F)C(F)(F)C(F)(F)F.[Li+]": "Li heptafluorobutyrate",
    "O=C([O-])C(F)(F)C(F)(F)F.[Li+]": "Li pentafluoropropionate",
    "O=S(=O)([N-]S(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F)C(F)(F)F.[Li+]": "LiN(SO2CF3)(SO2C4F9)",
    "O=S(=O)([N-]S(=O)(=O)C(F)(F)C(F)(F)OC(F)(F)C(F)(F)F)C(F)(F)F.[Li+]": "LiN(SO2CF3)(SO2C2F4OC2F5)",
    "O=S(=O)([O-])C(F)(F)C(F)(F)OC(F)(F)C(F)(F)F.[Li+]": "LiC2F5OC2F4SO3",
    "O=S(=O)([N-]S(=O)(=O)C(F)(F)F)c1c(F)c(F)c(F)c(F)c1F.[Li+]": "LiN(SO2CF3)(SO2C6F5)",
    "O=S(=O)([N-]S(=O)(=O)C(F)(F)F)c1cccc(S(=O)(=O)[N-]S(=O)(=O)C(F)(F)F)c1.[Li+].[Li+]": (
        "Li2 benzene-1,3-bis(sulfonyl triflimide)"
    ),
}

# Other spellings of the same salt -> canonical spelling. Each pair was checked atom by atom:
# the TFSI pair differs only in branch order; the perchlorate pair writes Cl=O double bonds instead of
# the charge-separated [Cl+3]([O-])4 form (same connectivity and total charge).
SALT_SYNONYMS: dict[str, str] = {
    "O=S([N-]S(=O)(C(F)(F)F)=O)(C(F)(F)F)=O.[Li+]": "O=S(=O)([N-]S(=O)(=O)C(F)(F)F)C(F)(F)F.[Li+]",
    "O=Cl(=O)([O-])=O.[Li+]": "[Li+].[O-][Cl+3]([O-])([O-])[O-]",
}


def _sorted_fragments(smiles: str) -> str:
    return ".".join(sorted(part.strip() for part in smiles.strip().split(".") if part.strip()))


_CANONICAL_BY_SORTED = {_sorted_fragments(s): s for s in [*SALT_NAMES, *SALT_SYNONYMS]}


def canonical_salt_smiles(smiles: str) -> str:
    """One spelling per salt: the synonym table first, then fragment order ignored."""
    text = (smiles or "").strip()
    if not text:
        return ""
    text = _CANONICAL_BY_SORTED.get(_sorted_fragments(text), text)
    return SALT_SYNONYMS.get(text, text)


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:6]


def salt_name(smiles: str) -> str:
    canonical = canonical_salt_smiles(smiles)
    return SALT_NAMES.get(canonical) or f"Li salt {_salt_formula(canonical)}"


def _salt_formula(smiles: str) -> str:
    """Hill formula of a salt not in the table, so that its name says what it is (never a hash)."""
    mol = Chem.MolFromSmiles(smiles)
    return rdMolDescriptors.CalcMolFormula(mol) if mol is not None else "(unreadable SMILES)"


def polymer_label(smiles: str) -> str:
    """The host's name from its repeat unit (``electrolytes.polymers``): PEO, PTMC... or a chemistry-based name."""
    try:
        return polymers.host((smiles or "").strip()).abbreviation
    except polymers.RepeatUnitError:
        return "polymer (unreadable repeat unit)"


def _rounded(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(f"{float(value):.6g}")


def formulation_key(components: Iterable[Mapping[str, Any]]) -> tuple:
    """What makes two mixtures the same: each component's role, SMILES (salts canonicalised), amount and Mw.

    Amounts and molecular weights are compared to six significant figures, so a value that went through a
    float round trip still matches.
    """
    parts = []
    for component in components:
        role = component.get("role", "")
        smiles = (component.get("smiles") or "").strip()
        if role == "lithium_salt":
            smiles = canonical_salt_smiles(smiles)
        parts.append(
            (
                role,
                smiles or (component.get("name") or "").strip().casefold(),
                _rounded(component.get("amount")),
                component.get("amount_unit") or "",
                _rounded(component.get("molecular_weight")),
            )
        )
    return tuple(sorted(parts, key=repr))
