"""Display filters: formulas with subscripts, values with units and significant figures, temperatures.

Templates only display; every number a page shows goes through one of these filters so that the
same value reads the same way everywhere (tables, the compare page, the class matrix).
"""

from __future__ import annotations

import math
import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

KELVIN_AT_ZERO_CELSIUS = 273.15
_MINUS = "\u2212"

# A number directly after an element symbol, a closing bracket or a hydrate dot is a subscript;
# a number at the start or after a separator ("0.75Li2S-0.25P2S5") is a coefficient and stays inline.
_FORMULA_TOKEN = re.compile(r"(?<=[A-Za-z\)\]])(\d+(?:\.\d+)?)")

_UNIT_HTML = {
    "S/cm": "S/cm",
    "eV": "eV",
    "V": "V",
    "mA/cm2": "mA/cm<sup>2</sup>",
    "GPa": "GPa",
    "K": "K",
    "um": "µm",
    "1": "",
    "level": "",
}

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _is_number(value) -> bool:
    if isinstance(value, bool) or value is None or value == "":
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def round_sig(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant figures."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def sig_parts(value: float, digits: int = 3) -> tuple[str, int | None]:
    """Mantissa text and power of ten (None for plain notation) for ``value`` at ``digits`` figures.

    Plain notation between 0.01 and 10,000; scientific outside it. Trailing zeros are dropped
    (3 significant figures of 0.5 is "0.5", not "0.500") because sources rarely report them.
    """
    value = float(value)
    if value == 0:
        return "0", None
    rounded = round_sig(value, digits)
    if 1e-2 <= abs(rounded) < 1e4:
        decimals = max(digits - 1 - math.floor(math.log10(abs(rounded))), 0)
        text = f"{rounded:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace("-", _MINUS), None
    exponent = math.floor(math.log10(abs(rounded)))
    mantissa = rounded / 10**exponent
    if abs(round(mantissa, digits - 1)) >= 10:  # 9.999e-4 rounds up to 1.00e-3
        exponent += 1
        mantissa /= 10
    text = f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip(".")
    return text.replace("-", _MINUS), exponent


def plain_number(value, digits: int = 6) -> str:
    """Text (no HTML) form of ``value`` at ``digits`` significant figures, for CSV: '0.002', '1.5e-07'."""
    if not _is_number(value):
        return ""
    return f"{float(value):.{int(digits)}g}"


@register.filter
def sigfig(value, digits: int = 3) -> SafeString | str:
    """``value`` to ``digits`` significant figures, with a real superscript for powers of ten."""
    if not _is_number(value):
        return "—"
    mantissa, exponent = sig_parts(float(value), int(digits))
    if exponent is None:
        return mantissa
    power = str(exponent).replace("-", _MINUS)
    if mantissa == "1":
        return format_html("10<sup>{}</sup>", power)
    return format_html("{} × 10<sup>{}</sup>", mantissa, power)


@register.filter
def unit(symbol: str) -> SafeString:
    """A canonical unit symbol as HTML (``mA/cm2`` -> mA/cm², ``um`` -> µm, dimensionless -> nothing)."""
    if symbol in _UNIT_HTML:
        return mark_safe(_UNIT_HTML[symbol])  # noqa: S308 (constant strings from the table above)
    return conditional_escape(symbol or "")


@register.filter
def quantity(value, unit_symbol: str = "") -> SafeString | str:
    """A value with its unit, e.g. ``1.2 × 10⁻³ S/cm``; a dash for a missing value."""
    if not _is_number(value):
        return "—"
    number = sigfig(value)
    suffix = unit(unit_symbol)
    if not suffix:
        return number
    return format_html("{}\u00a0{}", number, suffix)


@register.filter
def celsius(kelvin, digits: int = 0) -> str:
    """A temperature stored in K shown in °C: 298.15 -> '25 °C'. ``digits`` decimals at most."""
    if not _is_number(kelvin):
        return "—"
    value = round(float(kelvin) - KELVIN_AT_ZERO_CELSIUS, int(digits))
    if value == 0:
        value = 0.0  # no "-0 °C"
    text = f"{value:.{int(digits)}f}" if digits else f"{value:.0f}"
    return f"{text.replace('-', _MINUS)}\u00a0°C"


@register.filter
def kelvin(value) -> str:
    """A temperature in K with at most two decimals: '298.15 K', '300 K'."""
    if not _is_number(value):
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"{text}\u00a0K"


@register.filter
def temperature(value) -> str:
    """Both scales, °C first: '25 °C (298.15 K)'."""
    if not _is_number(value):
        return "—"
    return f"{celsius(value)} ({kelvin(value)})"


ROOM_TEMPERATURE_WORDS = "room temperature"


@register.filter
def measured_at(measurement) -> str:
    """A measurement's temperature as its source gives it: 'room temperature' when that is all the source says
    (``temperature_nominal``: the stored 298.15 K is a convention, not a reading), else °C with K."""
    if getattr(measurement, "temperature_nominal", False):
        return ROOM_TEMPERATURE_WORDS
    return temperature(getattr(measurement, "temperature_k", None))


@register.filter
def measured_at_celsius(measurement) -> str:
    """As ``measured_at``, in °C only (compact table cells)."""
    if getattr(measurement, "temperature_nominal", False):
        return ROOM_TEMPERATURE_WORDS
    return celsius(getattr(measurement, "temperature_k", None))


@register.filter
def formula(text: str) -> SafeString:
    """A chemical formula with its stoichiometric numbers as subscripts (HTML-escaped)."""
    if not text:
        return mark_safe("")
    pieces = _FORMULA_TOKEN.split(str(text))
    # split() with one group alternates plain text and captured numbers.
    html = "".join(
        f"<sub>{conditional_escape(piece)}</sub>" if i % 2 else str(conditional_escape(piece))
        for i, piece in enumerate(pieces)
    )
    return mark_safe(html)  # noqa: S308 (every piece is escaped above)


@register.filter
def measured_value(measurement) -> SafeString | str:
    """A measurement as shown in tables: qualifier, value and unit, plus the meaning of a scale level."""
    prop = measurement.property
    qualifier = "" if measurement.qualifier == "=" else f"{measurement.qualifier}\u00a0"
    if prop.is_qualitative:
        level = f"{measurement.value:g}"
        meaning = (prop.scale or {}).get(level, "")
        if meaning:
            return format_html("{}level {}: {}", qualifier, level, meaning)
        return format_html("{}level {}", qualifier, level)
    return format_html("{}{}", qualifier, quantity(measurement.value, prop.canonical_unit))


_RATINGS = {
    2: ("++", "clear-strength"),
    1: ("+", "strength"),
    0: ("○", "mixed"),
    -1: ("−", "weakness"),
    -2: ("−−", "serious-weakness"),
}


@register.filter
def rating_symbol(rating) -> str:
    """Class-matrix rating as a symbol readable without colour: ++, +, ○, −, −−."""
    return _RATINGS.get(rating, ("?", "unknown"))[0]


@register.filter
def rating_css(rating) -> str:
    return "rating-" + _RATINGS.get(rating, ("?", "unknown"))[1]


@register.filter
def superscript_power(exponent: int) -> str:
    """An integer as Unicode superscript digits (for plain-text labels): -3 -> ⁻³."""
    return str(int(exponent)).translate(_SUPERSCRIPT)
