"""Formulas: parsing and normalisation through pymatgen's Composition.

The normalised (reduced) formula is pymatgen's reduced composition written with
elements in pymatgen's electronegativity order and no ones, e.g. ``Li10GeP2S12``
or ``Li1.3Ti1.7Al0.3P3O12``. Two spellings of one compound (``Li1.3Al0.3Ti1.7(PO4)3``
and ``Li1.3Ti1.7Al0.3P3O12``) give the same normalised formula, which is what
searching and de-duplicating imports match on.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from fractions import Fraction

from optimade.models.utils import ANONYMOUS_ELEMENTS
from pymatgen.core import Composition, Element


class FormulaError(ValueError):
    """A formula pymatgen cannot parse, or one naming an element that does not exist."""


@dataclass(frozen=True)
class ParsedFormula:
    written: str
    reduced_formula: str
    elements: tuple[str, ...]
    composition: dict[str, float]

    @property
    def nelements(self) -> int:
        return len(self.elements)


_ELEMENT_TOKEN = re.compile(r"[A-Z][a-z]?")

# Longest formula accepted: the length of Material.formula. Longer text is not a formula but a
# paste accident, and quoting all of it back would make the error unreadable.
MAX_FORMULA_LENGTH = 200
# Largest amount of one element in a formula. Real compositions stay far below it (the stored
# maximum is under 100); amounts such as 1e309 overflow to infinity, and whole-number formulas
# built from huge amounts are meaningless.
MAX_AMOUNT = 1_000_000


def _quoted(written: str) -> str:
    return repr(written) if len(written) <= 60 else repr(written[:57] + "...")


def _format_amount(amount: float) -> str:
    rounded = round(amount, 4)
    if abs(rounded - round(rounded)) < 1e-9:
        whole = round(rounded)
        return "" if whole == 1 else str(whole)
    return f"{rounded:.4f}".rstrip("0").rstrip(".")


def is_element(symbol: str) -> bool:
    return Element.is_valid_symbol(symbol)


def parse_formula(formula: str) -> ParsedFormula:
    """Parse ``formula`` and return its normalised form.

    Raises FormulaError with a message that names the formula (and the unknown
    element, where that is the problem).
    """
    written = (formula or "").strip()
    if not written:
        raise FormulaError("Formula is empty.")
    quoted = _quoted(written)
    if len(written) > MAX_FORMULA_LENGTH:
        raise FormulaError(f"Formula {quoted} is longer than {MAX_FORMULA_LENGTH} characters.")
    for token in _ELEMENT_TOKEN.findall(written):
        if not is_element(token):
            raise FormulaError(f"Unknown element {token!r} in formula {quoted}.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            composition = Composition(written)
    except Exception:  # pymatgen raises ValueError, KeyError or others on junk
        raise FormulaError(f"Formula {quoted} cannot be parsed.") from None
    unknown = [str(el) for el in composition.elements if not is_element(str(el))]
    if unknown:
        raise FormulaError(f"Unknown element {unknown[0]!r} in formula {quoted}.")
    amounts = list(composition.values())
    if any(not math.isfinite(amount) or amount > MAX_AMOUNT for amount in amounts):
        raise FormulaError(f"Formula {quoted} has an amount above {MAX_AMOUNT:,}.")
    if any(amount < 0 for amount in amounts):
        raise FormulaError(f"Formula {quoted} has a negative amount.")
    if not composition.valid or composition.num_atoms <= 0:
        raise FormulaError(f"Formula {quoted} cannot be parsed.")
    reduced, _factor = composition.get_reduced_composition_and_factor()
    # Composition.formula lists elements by electronegativity: a canonical order.
    ordered = [Element(token.rstrip("0123456789.")) for token in reduced.formula.split()]
    reduced_formula = "".join(f"{el.symbol}{_format_amount(reduced[el])}" for el in ordered)
    amounts = {el.symbol: round(float(reduced[el]), 6) for el in ordered}
    return ParsedFormula(
        written=written,
        reduced_formula=reduced_formula,
        elements=tuple(sorted(amounts)),
        composition=amounts,
    )


def normalise_formula(formula: str) -> str:
    return parse_formula(formula).reduced_formula


def integer_formula(composition: dict[str, float], max_denominator: int = 1000) -> dict[str, int]:
    """Smallest whole-number amounts in the same ratio (for OPTIMADE's reduced formula)."""
    fractions = {el: Fraction(amount).limit_denominator(max_denominator) for el, amount in composition.items()}
    lcm = 1
    for frac in fractions.values():
        lcm = lcm * frac.denominator // _gcd(lcm, frac.denominator)
    whole = {el: int(frac * lcm) for el, frac in fractions.items()}
    divisor = 0
    for value in whole.values():
        divisor = _gcd(divisor, value)
    return {el: value // (divisor or 1) for el, value in whole.items()}


def optimade_formulas(composition: dict[str, float]) -> tuple[str, str]:
    """OPTIMADE's (chemical_formula_reduced, chemical_formula_anonymous) for a reduced composition.

    Both use whole-number amounts: a fractional composition such as Li1.3Al0.3Ti1.7P3O12 is scaled
    to the smallest whole numbers in the same ratio. The reduced formula lists elements in
    alphabetical order (Al3Li13O120P30Ti17); the anonymous one replaces them with A, B, C... in
    order of decreasing amount (A120B30C17D13E3). An amount of one is left out. An empty
    composition gives two empty strings.
    """
    whole = integer_formula(composition)
    reduced = "".join(f"{el}{_whole_amount(n)}" for el, n in sorted(whole.items()))
    amounts = sorted(whole.values(), reverse=True)
    anonymous = "".join(f"{ANONYMOUS_ELEMENTS[i]}{_whole_amount(n)}" for i, n in enumerate(amounts))
    return reduced, anonymous


def _whole_amount(n: int) -> str:
    return "" if n == 1 else str(n)


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


COMPOUND_NEEDS_FORMULA = "An inorganic compound needs a formula."


@dataclass(frozen=True)
class MaterialFormula:
    """The columns a material derives from its formula: the formula as written (normalised), the reduced
    formula, the sorted element symbols, their count, the reduced composition and the two OPTIMADE formulas."""

    formula: str
    reduced_formula: str
    elements: list[str]
    nelements: int
    composition: dict[str, float]
    optimade_formula_reduced: str
    optimade_formula_anonymous: str

    def columns(self) -> dict[str, object]:
        """{column name: value}, to set on a material."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def material_formula(formula: str, *, is_compound: bool, max_optimade_length: int) -> MaterialFormula:
    """Every column derived from a material's ``formula``; FormulaError (with the message a curator sees) when
    the formula cannot be parsed, a compound has none, or its whole-number ratio is longer than
    ``max_optimade_length`` (the OPTIMADE columns' size). Mixtures may have a formula but are not OPTIMADE
    structures: their OPTIMADE formulas are empty."""
    if not formula:
        if is_compound:
            raise FormulaError(COMPOUND_NEEDS_FORMULA)
        return MaterialFormula("", "", [], 0, {}, "", "")
    parsed = parse_formula(formula)
    reduced, anonymous = optimade_formulas(parsed.composition) if is_compound else ("", "")
    if len(reduced) > max_optimade_length or len(anonymous) > max_optimade_length:
        # Amounts such as 0.997 and 0.991 scale to whole numbers too long to store.
        raise FormulaError(f"The whole-number ratio of formula {parsed.written!r} is too long for OPTIMADE.")
    return MaterialFormula(
        formula=parsed.written,
        reduced_formula=parsed.reduced_formula,
        elements=list(parsed.elements),
        nelements=parsed.nelements,
        composition=parsed.composition,
        optimade_formula_reduced=reduced,
        optimade_formula_anonymous=anonymous,
    )
