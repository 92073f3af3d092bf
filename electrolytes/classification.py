"""What an inorganic compound is: its electrolyte class from its anions, and whether it fits a structure family.

Class inference (one rule, used by every importer, service and the data migration)
--------------------------------------------------------------------------------
1. The anions are found from oxidation states. pymatgen's charge-balanced guess
   (``Composition.oxi_state_guesses``) is asked first, on the composition scaled to whole numbers when that stays
   small; an element it gives a negative state is an anion. When pymatgen has no guess (fractional or large
   compositions), the common anion states are used instead: O, S, Se, Te -2; N, P -3; F, Cl, Br, I -1 - except a
   chalcogen that sits in an oxoanion (S, Se or Te with at least three O each, as in Li2SO4 or a tellurate)
   and P when a more electronegative anion is present (phosphates, thiophosphates,
   LiPON). So a Te or Se that is a cation in an oxide gives an oxide. Only the non-metals below are counted as
   anions: pymatgen's negative B or Si in borohydrides and Zintl phases are ignored.
2. Hydrogen without O, S, Se or Te is hydridic: BH4-, AlH4-, B12H12 2- and NH2- are the anions of complex hydrides,
   borohydrides and amides, and the compound is a hydride (Li4BN3H10, LiBH4, Li3(NH2)2I).
3. Mixed-anion compounds go by the framework anion: the anion carrying the largest share of the negative charge
   (amount x |oxidation state|); a tie goes to the more highly charged anion. So Li3OCl and Li2OHCl are oxides
   (O2- carries 2 of 3 negative charges), LiNbOCl4 is a halide, Li6PS5Cl a sulfide, Li2PO2N an oxide and Li6NBr3 a
   nitride (N3- and 3 Br- tie; N3- is the higher charge).
4. The framework anion names the class: O -> oxide; S, Se, Te -> sulfide (the chalcogenide class); F, Cl, Br, I ->
   halide; N -> nitride; P, As -> phosphide; hydridic H -> hydride.

Structure families
------------------
A family's ``composition_rule`` (JSON, in the taxonomy fixture) is checked by ``family_fits``: the composition is
scaled so that the ``basis`` elements sum to ``basis_amount``; a family without a rule (the polymer families)
accepts any composition; every element must belong to one of the ``sites``;
each site's summed amount must lie within its [min, max]; ``sums`` bound several sites together.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pymatgen.core import Composition

from .chemistry import integer_formula

CHALCOGENS = ("O", "S", "Se", "Te")
HALOGENS = ("F", "Cl", "Br", "I")
ANION_ELEMENTS = {"O": -2, "S": -2, "Se": -2, "Te": -2, "N": -3, "P": -3, "As": -3, "F": -1, "Cl": -1, "Br": -1,
                  "I": -1, "H": -1}  # fmt: skip
CLASS_OF_ANION = {"O": "oxide", "S": "sulfide", "Se": "sulfide", "Te": "sulfide", "N": "nitride",
                  "P": "phosphide", "As": "phosphide", "F": "halide", "Cl": "halide", "Br": "halide", "I": "halide",
                  "H": "hydride"}  # fmt: skip
# The classes inference can give, as their fixture slugs.
INFERRED_CLASSES = ("oxide", "sulfide", "halide", "nitride", "hydride", "phosphide")
# pymatgen's search grows fast with the number of sites: scaled compositions above this are not asked (over
# the 598 OBELiX compositions a limit of 40 takes 7x longer than 24 and gives the same classes).
PYMATGEN_MAX_ATOMS = 24


@dataclass(frozen=True)
class ClassInference:
    """An inferred class slug, the framework anion and the rule that fired (in words, stored with the material)."""

    slug: str
    anion: str
    rule: str


def infer_class(composition: dict[str, float]) -> ClassInference:
    """The electrolyte class of an inorganic compound with ``composition`` ({element: amount}); see the module doc.

    Raises ValueError for a composition without any anion-forming element (an alloy or a bare metal).
    """
    return _infer(tuple(sorted((el, float(amount)) for el, amount in composition.items() if amount > 0)))


@lru_cache(maxsize=4096)
def _infer(items: tuple[tuple[str, float], ...]) -> ClassInference:
    amounts = dict(items)
    present = set(amounts)
    if "H" in present and not present & set(CHALCOGENS):
        return ClassInference("hydride", "H", "hydridic H (no O or chalcogen): complex hydride, so hydride")
    states, source = _anion_states(amounts)
    if not states:
        written = "".join(f"{el}{'' if n == 1 else f'{n:g}'}" for el, n in items)
        raise ValueError(f"No anion in {written}: not an ionic compound.")
    charge = {el: amounts[el] * abs(state) for el, state in states.items()}
    anion = max(charge, key=lambda el: (round(charge[el], 6), abs(states[el]), -list(ANION_ELEMENTS).index(el)))
    slug = CLASS_OF_ANION[anion]
    others = sorted(el for el in states if el != anion)
    words = f"anions {', '.join([anion, *others])} ({source})" if others else f"anion {anion} ({source})"
    if others:
        words += f"; {anion} carries most of the negative charge"
    return ClassInference(slug, anion, f"{words}, so {slug}")


def _anion_states(amounts: dict[str, float]) -> tuple[dict[str, int], str]:
    guess = _pymatgen_guess(amounts)
    if guess:
        states = {el: round(s) for el, s in guess.items() if s < 0 and el in ANION_ELEMENTS and el != "H"}
        if states:
            return states, "pymatgen oxidation-state guess"
    present = set(amounts)
    oxygen = amounts.get("O", 0.0)
    states = {}
    for el in present & set(ANION_ELEMENTS) - {"H"}:
        if el in ("S", "Se", "Te") and oxygen >= 3 * amounts[el]:
            continue  # sulfate, selenite, tellurate: the chalcogen is a cation
        if el in ("P", "As") and present & {"O", "S", "Se", "Te", "N", *HALOGENS}:
            continue  # phosphate, thiophosphate, LiPON: P is the cation
        states[el] = ANION_ELEMENTS[el]
    return states, "common anion oxidation states"


def _pymatgen_guess(amounts: dict[str, float]) -> dict[str, float]:
    whole = integer_formula(amounts, max_denominator=20)
    if sum(whole.values()) > PYMATGEN_MAX_ATOMS:
        return {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            guesses = Composition(whole).oxi_state_guesses()
    except Exception:  # pymatgen raises ValueError and others on compositions it cannot balance
        return {}
    return dict(guesses[0]) if guesses else {}


# --- Structure families -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyCheck:
    fits: bool
    reason: str
    scaled: dict[str, float] = field(default_factory=dict)


def family_fits(rule: dict[str, Any], composition: dict[str, float]) -> FamilyCheck:
    """Whether ``composition`` fits a family's ``composition_rule``; the reason says what failed (or fitted)."""
    if not rule:  # polymer families and curator-made ones without a rule: nothing to check against
        return FamilyCheck(True, "the family has no composition rule to check")
    basis = rule["basis"]
    total = sum(composition.get(el, 0.0) for el in basis)
    if total <= 0:
        return FamilyCheck(False, f"contains none of {', '.join(basis)}")
    factor = float(rule.get("basis_amount", 1)) / total
    scaled = {el: amount * factor for el, amount in composition.items()}
    sites: dict[str, dict] = rule["sites"]
    site_of = {el: name for name, site in sites.items() for el in site["elements"]}
    foreign = sorted(el for el in scaled if el not in site_of)
    if foreign:
        return FamilyCheck(False, f"{', '.join(foreign)} not allowed in this family", scaled)
    site_amount = {name: sum(scaled.get(el, 0.0) for el in site["elements"]) for name, site in sites.items()}
    for name, site in sorted(sites.items()):  # sorted: PostgreSQL's jsonb does not keep the fixture's key order
        low, high = site.get("min", 0), site.get("max", float("inf"))
        if not low - 1e-6 <= site_amount[name] <= high + 1e-6:
            return FamilyCheck(False, f"{name} = {site_amount[name]:.3g} per formula, outside {low:g}-{high:g}", scaled)
    for bound in rule.get("sums", []):
        value = sum(site_amount[name] for name in bound["sites"])
        low, high = bound.get("min", 0), bound.get("max", float("inf"))
        if not low - 1e-6 <= value <= high + 1e-6:
            label = " + ".join(bound["sites"])
            return FamilyCheck(False, f"{label} = {value:.3g} per formula, outside {low:g}-{high:g}", scaled)
    return FamilyCheck(True, "fits the family's composition rule", scaled)
