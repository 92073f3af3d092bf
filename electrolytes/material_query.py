"""Turn request parameters into a MaterialQuery, with one clear message per bad parameter.

The parameters themselves (names, kinds, units, descriptions) are defined once in
electrolytes.material_parameters; this module has one reader per kind of value.

Shared by the REST API and the HTML material list so both accept the same
parameters (Materials Project style: ``<property>_min`` / ``<property>_max``)
and reject bad input with the same words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from electrolytes import units
from electrolytes.chemistry import FormulaError, is_element, normalise_formula
from electrolytes.material_parameters import (
    MAX_TEXT_LENGTH,
    ORDERING_PARAMETER,
    MaterialQuery,
    PropertyRange,
    SearchParameter,
    ValueKind,
    parameter_names,
    range_parameter_names,
    search_parameters,
    sort_keys,
)
from electrolytes.models import PropertyDefinition

__all__ = ["MAX_TEXT_LENGTH", "QueryError", "nul_errors", "parse_material_query", "unknown_parameter_errors"]


class QueryError(ValueError):
    """Bad search parameters; ``errors`` maps each parameter name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


NUL_MESSAGE = "Must not contain NUL characters."
STATUS_FOR_CURATORS = "Only curators can filter by status; everyone else sees published materials only."


def nul_errors(params: Mapping) -> dict[str, str]:
    """{parameter: message} for every parameter whose name or value holds a NUL character.

    PostgreSQL can neither store nor compare NUL, so such a value reaching a query is a server
    error; the API and the pages refuse it up front with this message.
    """
    errors: dict[str, str] = {}
    for name in params:
        values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        if "\x00" in name or any("\x00" in str(value) for value in values):
            errors[name.replace("\x00", "")] = NUL_MESSAGE
    return errors


def unknown_parameter_errors(params: Mapping, accepted: Iterable[str]) -> dict[str, str]:
    """{parameter: message} for each parameter not in ``accepted``; the message lists those accepted."""
    accepted = list(accepted)
    choices = ", ".join(accepted)
    return {name: f"Unknown parameter {name!r}; accepted: {choices}." for name in params if name not in set(accepted)}


def _get(params: Mapping, name: str) -> str:
    value = params.get(name, "")
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    return str(value).strip()


def _split(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\s]+", raw) if item.strip()]


def _elements(raw: str, name: str, errors: dict[str, str], separator: str = ",") -> list[str]:
    items = [item.strip() for item in raw.split(separator) if item.strip()] if separator != "," else _split(raw)
    for item in items:
        if not is_element(item):
            errors[name] = f"Unknown element {item!r}."
            return []
    return items


def _names(raw: str, name: str, errors: dict[str, str]) -> list[str]:
    """Comma-separated component names (host polymers, salts); names may hold spaces, not commas."""
    if len(raw) > MAX_TEXT_LENGTH:
        errors[name] = f"{name} is longer than {MAX_TEXT_LENGTH} characters."
        return []
    return [item.strip() for item in raw.replace("\x00", "").split(",") if item.strip()]


def _number(raw: str, name: str, errors: dict[str, str]) -> float | None:
    if raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        errors[name] = f"{raw!r} is not a number."
        return None
    if not math.isfinite(value):
        errors[name] = f"{raw!r} is not a finite number."
        return None
    return value


def _integer(raw: str, name: str, errors: dict[str, str]) -> int | None:
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = f"{raw!r} is not a whole number."
        return None
    if value < 0:
        errors[name] = f"{raw!r} must not be negative."
        return None
    return value


def _check_order(low, high, low_name: str, high_name: str, errors: dict[str, str]) -> None:
    if low is not None and high is not None and low > high and low_name not in errors and high_name not in errors:
        errors[low_name] = f"{low_name} ({low:g}) is above {high_name} ({high:g})."


def _choices(raw: str, parameter: SearchParameter, errors: dict[str, str]) -> list[str]:
    values = _split(raw)
    for value in values:
        if value not in parameter.choices:
            errors[parameter.name] = (
                f"Unknown {parameter.name.replace('_', ' ')} {value!r}; choose from: {', '.join(parameter.choices)}."
            )
    return values


def _formula(raw: str, name: str, errors: dict[str, str]) -> str | None:
    if not raw:
        return None
    try:
        return normalise_formula(raw)
    except FormulaError as exc:
        errors[name] = str(exc)
        return None


def _amount(raw: str, name: str, errors: dict[str, str]) -> float | None:
    value = _number(raw, name, errors)
    if value is not None and value < 0:
        errors[name] = f"{name} must not be negative."
    return value


def _kelvin(raw: str, name: str, errors: dict[str, str]) -> float | None:
    value = _number(raw, name, errors)
    if value is not None and value <= 0:
        errors[name] = f"Temperature {value:g} K is at or below absolute zero."
    return value


def _text(raw: str, name: str, errors: dict[str, str]) -> str:
    if len(raw) > MAX_TEXT_LENGTH:
        errors[name] = f"Search text is longer than {MAX_TEXT_LENGTH} characters."
    return raw


_READERS = {
    ValueKind.ELEMENTS: lambda raw, p, errors: _elements(raw, p.name, errors),
    ValueKind.CHEMSYS: lambda raw, p, errors: _elements(raw, p.name, errors, separator="-") if raw else None,
    ValueKind.FORMULA: lambda raw, p, errors: _formula(raw, p.name, errors),
    ValueKind.COUNT: lambda raw, p, errors: _integer(raw, p.name, errors),
    ValueKind.SLUGS: lambda raw, p, errors: _check_known(_split(raw), p.model, p.name, errors),
    ValueKind.CHOICES: _choices,
    ValueKind.NAMES: lambda raw, p, errors: _names(raw, p.name, errors),
    ValueKind.AMOUNT: lambda raw, p, errors: _amount(raw, p.name, errors),
    ValueKind.TEXT: lambda raw, p, errors: _text(raw, p.name, errors),
    ValueKind.KELVIN: lambda raw, p, errors: _kelvin(raw, p.name, errors),
}


def _read(params: Mapping, *, allow_status: bool, errors: dict[str, str]) -> dict[str, object]:
    """{parameter name: parsed value} for every search parameter, in their order; each bad one gets its
    message in ``errors``, and a _min above its _max is an error on the _min."""
    values: dict[str, object] = {}
    for parameter in search_parameters():
        raw = _get(params, parameter.name)
        if parameter.curators_only and not allow_status:
            if _split(raw):
                errors[parameter.name] = STATUS_FOR_CURATORS
            values[parameter.name] = []
            continue
        values[parameter.name] = _READERS[parameter.kind](raw, parameter, errors)
        low_name = f"{parameter.stem}_min"
        if parameter.name.endswith("_max") and low_name in values:
            _check_order(values[low_name], values[parameter.name], low_name, parameter.name, errors)
    return values


def parse_material_query(
    params: Mapping,
    *,
    allow_status: bool = False,
    other_parameters: Iterable[str] | None = None,
    property_keys: Iterable[str] | None = None,
) -> MaterialQuery:
    """Build a MaterialQuery from ``params`` (a QueryDict or dict); raise QueryError on bad input.

    Temperatures are in K; property bounds are in each property's canonical unit. With
    ``other_parameters`` (what the caller reads itself, such as page), any parameter that is neither
    a search parameter nor one of those is an error listing the accepted ones. ``property_keys`` (in
    display order) saves the query for them when the caller has read the property definitions already.
    """
    errors = nul_errors(params)
    if errors:
        raise QueryError(errors)
    values = _read(params, allow_status=allow_status, errors=errors)
    # A value that failed its check is kept out of the query (the query is not run with errors anyway).
    query = MaterialQuery(
        **{
            parameter.attribute: values[parameter.name]
            for parameter in search_parameters()
            if values[parameter.name] is not None and parameter.kind is not ValueKind.KELVIN
        }
    )

    # Without a window, room temperature; with one end beyond room temperature, a 10 K window at that end.
    t_min, t_max = values["temperature_min"], values["temperature_max"]
    query.temperature_min = t_min if t_min is not None and t_min > 0 else units.ROOM_TEMPERATURE_MIN_K
    query.temperature_max = t_max if t_max is not None and t_max > 0 else units.ROOM_TEMPERATURE_MAX_K
    if t_min is not None and t_max is None and t_min > units.ROOM_TEMPERATURE_MAX_K:
        query.temperature_max = t_min + 10
    if t_max is not None and t_min is None and t_max < units.ROOM_TEMPERATURE_MIN_K:
        query.temperature_min = max(t_max - 10, 0.001)

    if property_keys is None:
        property_keys = PropertyDefinition.objects.order_by("display_order", "key").values_list("key", flat=True)
    property_keys = list(property_keys)
    if other_parameters is not None:
        accepted = [*parameter_names(), *range_parameter_names(property_keys), ORDERING_PARAMETER, *other_parameters]
        errors.update(unknown_parameter_errors(params, accepted))
    for key in property_keys:
        low_name, high_name = f"{key}_min", f"{key}_max"
        low = _number(_get(params, low_name), low_name, errors)
        high = _number(_get(params, high_name), high_name, errors)
        _check_order(low, high, low_name, high_name, errors)
        if low is not None or high is not None:
            query.ranges.append(PropertyRange(key=key, min=low, max=high))

    ordering = _split(_get(params, ORDERING_PARAMETER))
    known = sort_keys()
    for name in ordering:
        if name.lstrip("-") not in known:
            errors[ORDERING_PARAMETER] = f"Unknown ordering field {name!r}; choose from: {', '.join(known)}."
    if ordering:
        query.ordering = ordering
    elif query.text:
        query.ordering = []

    if errors:
        raise QueryError(errors)
    return query


class KnownSlugs(list):
    """Slugs the parser found in their table, with the primary keys of those rows (``ids``).

    A filter on literal keys lets PostgreSQL use its statistics of the foreign-key column (how rare a
    family is) where a join on the slug would leave it guessing."""

    def __init__(self, slugs: list[str], ids: list[int]):
        super().__init__(slugs)
        self.ids = ids


def _check_known(slugs: list[str], model, name: str, errors: dict[str, str]) -> list[str]:
    if not slugs:
        return slugs
    known = dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        errors[name] = f"Unknown {name.replace('_', ' ')} {unknown[0]!r}."
    return KnownSlugs(slugs, sorted(known.values()))
