"""The temperature a list, chart or comparison looks a value up at inside a window, and the one phrase that
tells the reader so (captions, hover text): every page, the API and the headline rule build their wording here."""

from __future__ import annotations

from electrolytes import units
from electrolytes.templatetags.kb_format import KELVIN_AT_ZERO_CELSIUS, celsius


def window_target(t_min: float, t_max: float) -> float:
    """The temperature (K) a value is chosen nearest to: room temperature when the window holds it, else the
    window's middle (a 55-65 °C window looks for 60 °C, not for 25 °C)."""
    if t_min <= units.ROOM_TEMPERATURE_K <= t_max:
        return units.ROOM_TEMPERATURE_K
    return (t_min + t_max) / 2


def window_phrase(t_min: float, t_max: float) -> str:
    """'nearest 60 °C within 55 °C to 65 °C': which value of a temperature-bound property is shown."""
    return f"nearest {celsius(window_target(t_min, t_max))} within {celsius(t_min)} to {celsius(t_max)}"


def room_window_kelvin() -> str:
    """'293-303 K': the room-temperature window in kelvin, as the API documents its default."""
    return f"{units.ROOM_TEMPERATURE_MIN_K:g}-{units.ROOM_TEMPERATURE_MAX_K:g} K"


def room_temperature_celsius() -> str:
    """'25 °C' (a plain space, for API and stored text): the room temperature fits are read at."""
    return f"{units.ROOM_TEMPERATURE_K - KELVIN_AT_ZERO_CELSIUS:.0f} °C"


def room_window_celsius() -> str:
    """The room-temperature window in degrees Celsius, as the pages print it."""
    return f"{celsius(units.ROOM_TEMPERATURE_MIN_K)} to {celsius(units.ROOM_TEMPERATURE_MAX_K)}"
