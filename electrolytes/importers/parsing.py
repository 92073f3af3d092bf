"""Parsing what real spreadsheet cells hold: numbers with qualifiers and Unicode signs, units, DOIs, family labels.

Every parser is a pure function that returns a value or raises ``CellError`` with a message a curator can act
on; the engine turns that message into a line of the rejected-row report.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from electrolytes import units
from electrolytes.models.references import normalise_doi


class CellError(ValueError):
    """One cell that cannot be read; the message says why."""


# Characters spreadsheets and papers use in place of ASCII: Unicode minus signs and dashes, the
# multiplication sign and dot operators, superscript digits, non-breaking and zero-width spaces.
_SIGNS = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2012": "-",
        "\u2013": "-",  # en dash
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u00d7": "x",  # multiplication sign
        "\u2715": "x",
        "\u22c5": "x",  # dot operator
        "\u2217": "*",
        "\u2264": "<",  # a bound as written: <= and < both mean "at most"
        "\u2265": ">",
        "\u2248": "~",
        "\u223c": "~",
        "\ufeff": "",  # byte-order mark
        "\u200b": "",  # zero-width space
    }
)
_SUPERSCRIPTS = {
    "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4",
    "\u2075": "5", "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9",
    "\u207b": "-", "\u207a": "+",
}  # fmt: skip
_SUPERSCRIPT_RUN = re.compile(f"[{''.join(_SUPERSCRIPTS)}]+")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")

_QUALIFIERS = {"<": "<", "<=": "<", ">": ">", ">=": ">", "~": "~", "=": "=", "ca.": "~", "approx.": "~"}
_QUALIFIER = re.compile(r"^(<=|>=|<|>|~|=|ca\.|approx\.)\s*", re.IGNORECASE)
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
# 1.2 x 10^-4, 1.2x10-4, 1.2*10**-4, 1.2 10^-4 (after superscripts became ^n)
_SCIENTIFIC = re.compile(rf"^({_DECIMAL})?\s*(?:x|\*|X)?\s*10\s*(?:\^|\*\*)?\s*\^?([+-]?\s*\d+)$")
_PLAIN = re.compile(rf"^{_DECIMAL}$")
_NUMBER_THEN_REST = re.compile(rf"^({_DECIMAL}(?:\s*(?:x|\*)\s*10\s*(?:\^|\*\*)?\s*[+-]?\s*\d+)?)\s*(.*)$")


def _plain_signs(text: str) -> str:
    """ASCII signs for Unicode ones; a run of superscripts becomes ``^`` and plain digits (``10⁻⁴`` -> ``10^-4``)."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + "".join(_SUPERSCRIPTS[c] for c in m.group(0)), text)
    return text.translate(_SIGNS)


def clean_text(raw: object) -> str:
    """Cell text with BOMs, tabs, non-breaking and repeated spaces reduced to single ASCII spaces."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFC", str(raw)).replace("\ufeff", "").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Number:
    value: float
    qualifier: str = "="


def parse_number(raw: object) -> Number:
    """A number as spreadsheets write it, with an optional qualifier.

    Accepts ``1.2e-4``, ``<1E-10``, ``1.2 x 10^-4``, ``1.2×10−4``, ``1.2×10⁻⁴``, ``~3``, ``≤ 5`` and a lone
    decimal comma (``1,5``). Raises CellError on anything else, including NaN and infinities.
    """
    text = _plain_signs(clean_text(raw)).replace("\u00b7", "x")  # a middle dot between mantissa and 10^n
    if not text:
        raise CellError("The cell is empty.")
    qualifier = "="
    match = _QUALIFIER.match(text)
    if match:
        qualifier = _QUALIFIERS[match.group(1).lower()]
        text = text[match.end() :]
    text = text.replace(" ", "")
    if re.fullmatch(r"[+-]?\d+,\d+", text):  # a lone decimal comma, as in European spreadsheets
        text = text.replace(",", ".")
    if _PLAIN.match(text):
        value = float(text)
    else:
        match = _SCIENTIFIC.match(text)
        if not match:
            raise CellError(f"{clean_text(raw)!r} is not a number.")
        mantissa = float(match.group(1)) if match.group(1) else 1.0
        value = mantissa * 10.0 ** int(match.group(2).replace(" ", ""))
    if not math.isfinite(value):
        raise CellError(f"{clean_text(raw)!r} is not a finite number.")
    return Number(value, qualifier)


def split_value_and_unit(raw: object) -> tuple[str, str]:
    """Split ``'1.2 mS/cm'`` into ``('1.2', 'mS/cm')``; a qualifier stays with the number."""
    text = _plain_signs(clean_text(raw))
    match = _QUALIFIER.match(text)
    prefix = ""
    if match:
        prefix, text = match.group(1), text[match.end() :]
    match = _NUMBER_THEN_REST.match(text)
    if not match:
        return clean_text(raw), ""
    return prefix + match.group(1), match.group(2).strip()


def parse_unit(raw: object, canonical: str) -> str:
    """The unit symbol for ``raw`` if it converts to ``canonical``; raises CellError otherwise."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "".join(_SUPERSCRIPTS[c] for c in m.group(0)), clean_text(raw))
    text = text.replace("\u2212", "-").replace("^", "")
    text = re.sub(r"^deg\.?\s*c$", "degC", text, flags=re.IGNORECASE)
    try:
        symbol = units.normalise_unit(text)
        units.to_canonical(1.0, symbol, canonical)
    except units.UnitError as exc:
        raise CellError(str(exc)) from None
    return symbol


def read_temperature(raw: object, unit: str = "") -> tuple[float, str]:
    """(number, unit symbol) of a temperature cell such as ``25``, ``25 °C``, ``298 K`` or ``-10 deg C``, not yet
    converted: the sources hand both to services.measurement_values, which converts and checks it.

    A unit written in the cell wins over ``unit`` (the column's unit); with neither, the value is refused
    because 25 and 298 would both be plausible.
    """
    number_text, cell_unit = split_value_and_unit(raw)
    number = parse_number(number_text)
    if number.qualifier != "=":
        raise CellError(f"Temperature {clean_text(raw)!r} must be a single value, not a bound.")
    symbol = parse_unit(cell_unit or unit, units.KELVIN) if (cell_unit or unit) else ""
    if not symbol:
        raise CellError(f"Temperature {clean_text(raw)!r} has no unit (K or °C).")
    return number.value, symbol


def parse_temperature(raw: object, unit: str = "") -> float:
    """Temperature in K from a cell (see read_temperature); at or below absolute zero is refused."""
    value, symbol = read_temperature(raw, unit)
    try:
        return units.temperature_to_kelvin(value, symbol)
    except units.UnitError as exc:
        raise CellError(str(exc)) from None


# "|" and spaces always separate; ";" and "," only before the next DOI, because old (SICI) DOIs such as
# 10.1002/1521-3765(20020118)8:2<349::aid-chem349>3.0.co;2-5 contain them.
_DOI_SPLIT = re.compile(r"\s*\|\s*|\s+|[;,]\s*(?=10\.|doi:|https?://|(?:dx\.)?doi\.org/)", re.IGNORECASE)


def parse_dois(raw: object) -> list[str]:
    """Every DOI in a cell (separated by ``|``, spaces, or ``;``/``,`` before the next DOI), normalised, in order,
    without repeats."""
    text = clean_text(raw)
    dois: list[str] = []
    for part in _DOI_SPLIT.split(text):
        if not part:
            continue
        try:
            doi = normalise_doi(part)
        except ValidationError:
            raise CellError(f"{part!r} is not a DOI (expected 10.<registrant>/<suffix>).") from None
        if doi and doi not in dois:
            dois.append(doi)
    return dois


class CellCache:
    """The answers of pure cell parsers (``parse_temperature``, ``parse_dois``...) per distinct cell text, for
    one file: a large spreadsheet repeats its units, temperatures and papers on thousands of rows. A refusal is
    kept as its message and raised afresh, as the parser would; at most ``size`` answers are kept."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._answers: dict[tuple, tuple[bool, object]] = {}

    def __call__(self, parser, *args):
        key = (parser, *args)
        found = self._answers.get(key)
        if found is None:
            try:
                found = (True, parser(*args))
            except CellError as exc:
                found = (False, str(exc))
            if len(self._answers) >= self.size:
                self._answers.clear()
            self._answers[key] = found
        ok, answer = found
        if not ok:
            raise CellError(answer)
        return answer


def normalise_label(raw: object) -> str:
    """Case-folded label with spaces, underscores and tabs collapsed, used to match free-text vocabulary."""
    return re.sub(r"[\s_]+", " ", clean_text(raw).casefold()).strip()


def normalise_space_group(raw: object) -> str:
    """Hermann-Mauguin symbol without the spaces sources insert (``'P 42/n m c '`` -> ``'P42/nmc'``)."""
    return clean_text(raw).replace(" ", "")


class VocabularyMatcher:
    """Maps free-text labels onto controlled records (structure families, classes).

    A label matches a record's slug, name or any of its aliases after ``normalise_label``; slug-shaped
    spellings (``Thio LISICON`` for ``thio-lisicon``) match too. Unknown labels return None: the caller
    reports them, nothing is invented.
    """

    def __init__(self, records: Iterable, *, aliases_attr: str | None = "aliases"):
        self._by_label: dict[str, object] = {}
        for record in records:
            labels = [record.slug, record.name]
            if aliases_attr:
                labels.extend((getattr(record, aliases_attr) or "").splitlines())
            for label in labels:
                key = normalise_label(label)
                if key:
                    self._by_label.setdefault(key, record)
                    self._by_label.setdefault(slugify(key), record)

    def match(self, raw: object):
        key = normalise_label(raw)
        if not key:
            return None
        return self._by_label.get(key) or self._by_label.get(slugify(key))
