"""Units: every stored value is in its property's canonical unit.

This module is the one place that knows how to turn a reported value and unit
into the canonical unit, and a reported temperature into kelvin. Unit strings
are matched after light normalisation (spaces, micro signs, ``cm-1`` style
exponents), so ``mS cm-1``, ``mS/cm`` and ``mS·cm⁻¹`` are one unit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass


class UnitError(ValueError):
    """A unit that is unknown, or that does not fit the property."""


@dataclass(frozen=True)
class Unit:
    symbol: str
    canonical: str
    to_canonical: Callable[[float], float]


def _scale(factor: float) -> Callable[[float], float]:
    return lambda value: value * factor


def _from_log10(value: float) -> float:
    try:
        return 10.0**value
    except OverflowError:
        return math.inf


# Canonical units, one per dimension; each property definition names one of them.
SIEMENS_PER_CM = "S/cm"
ELECTRONVOLT = "eV"
VOLT = "V"
MILLIAMP_PER_CM2 = "mA/cm2"
GIGAPASCAL = "GPa"
KELVIN = "K"
# The units a temperature may be typed in (API and admin), with how a form labels them.
TEMPERATURE_UNITS = {"K": "K", "degC": "°C"}
MICROMETRE = "um"
DIMENSIONLESS = "1"
LEVEL = "level"

_UNITS: dict[str, Unit] = {
    unit.symbol: unit
    for unit in [
        Unit("S/cm", SIEMENS_PER_CM, _scale(1.0)),
        Unit("mS/cm", SIEMENS_PER_CM, _scale(1e-3)),
        Unit("uS/cm", SIEMENS_PER_CM, _scale(1e-6)),
        Unit("nS/cm", SIEMENS_PER_CM, _scale(1e-9)),
        Unit("S/m", SIEMENS_PER_CM, _scale(1e-2)),
        Unit("mS/m", SIEMENS_PER_CM, _scale(1e-5)),
        Unit("log10(S/cm)", SIEMENS_PER_CM, _from_log10),
        Unit("eV", ELECTRONVOLT, _scale(1.0)),
        Unit("meV", ELECTRONVOLT, _scale(1e-3)),
        # 1 eV per particle = 96.485 kJ/mol = 23.0605 kcal/mol
        Unit("kJ/mol", ELECTRONVOLT, _scale(1 / 96.48533212)),
        Unit("kcal/mol", ELECTRONVOLT, _scale(1 / 23.0605478)),
        Unit("V", VOLT, _scale(1.0)),
        Unit("mV", VOLT, _scale(1e-3)),
        Unit("mA/cm2", MILLIAMP_PER_CM2, _scale(1.0)),
        Unit("A/cm2", MILLIAMP_PER_CM2, _scale(1e3)),
        Unit("uA/cm2", MILLIAMP_PER_CM2, _scale(1e-3)),
        Unit("GPa", GIGAPASCAL, _scale(1.0)),
        Unit("MPa", GIGAPASCAL, _scale(1e-3)),
        Unit("kPa", GIGAPASCAL, _scale(1e-6)),
        Unit("K", KELVIN, _scale(1.0)),
        Unit("degC", KELVIN, lambda value: value + 273.15),
        Unit("um", MICROMETRE, _scale(1.0)),
        Unit("nm", MICROMETRE, _scale(1e-3)),
        Unit("mm", MICROMETRE, _scale(1e3)),
        Unit("1", DIMENSIONLESS, _scale(1.0)),
        Unit("%", DIMENSIONLESS, _scale(1e-2)),
        Unit("level", LEVEL, _scale(1.0)),
    ]
}

_ALIASES = {
    "scm-1": "S/cm",
    "s/cm": "S/cm",
    "ms/cm": "mS/cm",
    "mscm-1": "mS/cm",
    "us/cm": "uS/cm",
    "uscm-1": "uS/cm",
    "log(s/cm)": "log10(S/cm)",
    "log10(scm-1)": "log10(S/cm)",
    "log(scm-1)": "log10(S/cm)",
    "log10s/cm": "log10(S/cm)",
    "°c": "degC",
    "ºc": "degC",
    "c": "degC",
    "degc": "degC",
    "deg c": "degC",
    "celsius": "degC",
    "k": "K",
    "kelvin": "K",
    "ev": "eV",
    "mev": "meV",
    "kj/mol": "kJ/mol",
    "kjmol-1": "kJ/mol",
    "kcal/mol": "kcal/mol",
    "v": "V",
    "vvsli/li+": "V",
    "vvs.li/li+": "V",
    "v(vsli/li+)": "V",
    "macm-2": "mA/cm2",
    "ma/cm^2": "mA/cm2",
    "ma/cm²": "mA/cm2",
    "ma/cm2": "mA/cm2",
    "gpa": "GPa",
    "mpa": "MPa",
    "µm": "um",
    "μm": "um",
    "micron": "um",
    "microns": "um",
    "": "1",
    "-": "1",
    "dimensionless": "1",
}

_MICRO = str.maketrans({"µ": "u", "μ": "u", "⁻": "-", "¹": "1", "²": "2", "·": "", "−": "-"})


def normalise_unit(raw: str) -> str:
    """Return the symbol this module uses for ``raw``, or raise UnitError."""
    text = raw.strip()
    if text in _UNITS:
        return text
    compact = re.sub(r"\s+", "", text.translate(_MICRO))
    if compact in _UNITS:
        return compact
    spaced = re.sub(r"\s+", " ", text.lower())
    for key in (compact, compact.lower(), spaced):
        if key in _ALIASES:
            return _ALIASES[key]
    raise UnitError(f"Unknown unit {raw!r}.")


def accepted_units(canonical: str) -> list[str]:
    """Every unit symbol that converts to ``canonical``."""
    return [symbol for symbol, unit in _UNITS.items() if unit.canonical == canonical]


def to_canonical(value: float, unit: str, canonical: str) -> float:
    """Convert ``value`` in ``unit`` to ``canonical``.

    Raises UnitError naming the unit when it is unknown or measures something
    else (``eV`` for a conductivity, say), and when the result is not finite.
    """
    symbol = normalise_unit(unit)
    spec = _UNITS[symbol]
    if spec.canonical != canonical:
        raise UnitError(f"Unit {unit!r} cannot be converted to {canonical}.")
    result = spec.to_canonical(float(value))
    if not math.isfinite(result):
        raise UnitError(f"Value {value!r} {unit} is not a finite number.")
    return result


def temperature_to_kelvin(value: float, unit: str) -> float:
    """Convert a temperature to kelvin; below absolute zero is refused."""
    kelvin = to_canonical(value, unit, KELVIN)
    if kelvin <= 0:
        raise UnitError(f"Temperature {value:g} {unit} is at or below absolute zero.")
    return kelvin


ROOM_TEMPERATURE_MIN_K = 293.0
ROOM_TEMPERATURE_MAX_K = 303.0
ROOM_TEMPERATURE_K = 298.15
