"""Turn request parameters into a MaterialQuery, with one clear message per bad parameter.

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
from electrolytes.models import ElectrolyteClass, Material, PropertyDefinition, PublicationStatus, StructureFamily
from electrolytes.selectors import ORDERINGS, MaterialQuery, PropertyRange

MAX_TEXT_LENGTH = 200


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


def range_parameter_names(property_keys: Iterable[str]) -> list[str]:
    return [f"{key}_{end}" for key in property_keys for end in ("min", "max")]


FIXED_PARAMETERS = [
    "elements",
    "exclude_elements",
    "chemsys",
    "formula",
    "nelements_min",
    "nelements_max",
    "electrolyte_class",
    "family",
    "kind",
    "status",
    "q",
    "temperature_min",
    "temperature_max",
    # mixtures: host polymer, salt, concentration, molecular weight, physical state
    "polymer",
    "salt",
    "salt_molality_min",
    "salt_molality_max",
    "polymer_mw_min",
    "polymer_mw_max",
    "physical_state",
]


def parse_material_query(
    params: Mapping, *, allow_status: bool = False, other_parameters: Iterable[str] | None = None
) -> MaterialQuery:
    """Build a MaterialQuery from ``params`` (a QueryDict or dict); raise QueryError on bad input.

    Temperatures are in K; property bounds are in each property's canonical unit. With
    ``other_parameters`` (what the caller reads itself, such as page), any parameter that is neither
    a search parameter nor one of those is an error listing the accepted ones.
    """
    errors = nul_errors(params)
    if errors:
        raise QueryError(errors)
    query = MaterialQuery()

    query.elements = _elements(_get(params, "elements"), "elements", errors)
    query.exclude_elements = _elements(_get(params, "exclude_elements"), "exclude_elements", errors)
    chemsys = _get(params, "chemsys")
    if chemsys:
        query.chemsys = _elements(chemsys, "chemsys", errors, separator="-")

    formula = _get(params, "formula")
    if formula:
        try:
            query.reduced_formula = normalise_formula(formula)
        except FormulaError as exc:
            errors["formula"] = str(exc)

    query.nelements_min = _integer(_get(params, "nelements_min"), "nelements_min", errors)
    query.nelements_max = _integer(_get(params, "nelements_max"), "nelements_max", errors)
    _check_order(query.nelements_min, query.nelements_max, "nelements_min", "nelements_max", errors)

    query.electrolyte_classes = _split(_get(params, "electrolyte_class"))
    query.families = _split(_get(params, "family"))
    _check_known(query.electrolyte_classes, ElectrolyteClass, "electrolyte_class", errors)
    _check_known(query.families, StructureFamily, "family", errors)

    query.kinds = _split(_get(params, "kind"))
    for kind in query.kinds:
        if kind not in Material.Kind.values:
            errors["kind"] = f"Unknown kind {kind!r}; choose from: {', '.join(Material.Kind.values)}."
    statuses = _split(_get(params, "status"))
    if statuses and not allow_status:
        errors["status"] = STATUS_FOR_CURATORS
    elif statuses:
        for status in statuses:
            if status not in PublicationStatus.values:
                errors["status"] = f"Unknown status {status!r}; choose from: {', '.join(PublicationStatus.values)}."
        query.statuses = statuses

    query.polymers = _names(_get(params, "polymer"), "polymer", errors)
    query.salts = _names(_get(params, "salt"), "salt", errors)
    for low_name, high_name, attribute in (
        ("salt_molality_min", "salt_molality_max", "salt_molality"),
        ("polymer_mw_min", "polymer_mw_max", "polymer_mw"),
    ):
        low = _number(_get(params, low_name), low_name, errors)
        high = _number(_get(params, high_name), high_name, errors)
        for name, value in ((low_name, low), (high_name, high)):
            if value is not None and value < 0:
                errors[name] = f"{name} must not be negative."
        _check_order(low, high, low_name, high_name, errors)
        setattr(query, f"{attribute}_min", low)
        setattr(query, f"{attribute}_max", high)
    query.physical_states = _split(_get(params, "physical_state"))
    for state in query.physical_states:
        if state not in Material.PhysicalState.values:
            errors["physical_state"] = (
                f"Unknown physical state {state!r}; choose from: {', '.join(Material.PhysicalState.values)}."
            )

    text = _get(params, "q")
    if len(text) > MAX_TEXT_LENGTH:
        errors["q"] = f"Search text is longer than {MAX_TEXT_LENGTH} characters."
    query.text = text

    t_min = _number(_get(params, "temperature_min"), "temperature_min", errors)
    t_max = _number(_get(params, "temperature_max"), "temperature_max", errors)
    for name, value in (("temperature_min", t_min), ("temperature_max", t_max)):
        if value is not None and value <= 0:
            errors[name] = f"Temperature {value:g} K is at or below absolute zero."
    query.temperature_min = t_min if t_min is not None and t_min > 0 else units.ROOM_TEMPERATURE_MIN_K
    query.temperature_max = t_max if t_max is not None and t_max > 0 else units.ROOM_TEMPERATURE_MAX_K
    if t_min is not None and t_max is None and t_min > units.ROOM_TEMPERATURE_MAX_K:
        query.temperature_max = t_min + 10
    if t_max is not None and t_min is None and t_max < units.ROOM_TEMPERATURE_MIN_K:
        query.temperature_min = max(t_max - 10, 0.001)
    _check_order(t_min, t_max, "temperature_min", "temperature_max", errors)

    property_keys = list(PropertyDefinition.objects.order_by("display_order", "key").values_list("key", flat=True))
    if other_parameters is not None:
        accepted = [*FIXED_PARAMETERS, *range_parameter_names(property_keys), "ordering", *other_parameters]
        errors.update(unknown_parameter_errors(params, accepted))
    for key in property_keys:
        low_name, high_name = f"{key}_min", f"{key}_max"
        low = _number(_get(params, low_name), low_name, errors)
        high = _number(_get(params, high_name), high_name, errors)
        _check_order(low, high, low_name, high_name, errors)
        if low is not None or high is not None:
            query.ranges.append(PropertyRange(key=key, min=low, max=high))

    ordering = _split(_get(params, "ordering"))
    for name in ordering:
        if name.lstrip("-") not in ORDERINGS:
            errors["ordering"] = f"Unknown ordering field {name!r}; choose from: {', '.join(ORDERINGS)}."
    if ordering:
        query.ordering = ordering
    elif text:
        query.ordering = []

    if errors:
        raise QueryError(errors)
    return query


def _check_known(slugs: list[str], model, name: str, errors: dict[str, str]) -> None:
    if not slugs:
        return
    known = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        errors[name] = f"Unknown {name.replace('_', ' ')} {unknown[0]!r}."
