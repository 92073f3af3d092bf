"""Translate an OPTIMADE filter into Django ``Q`` objects.

The filter is parsed with the ``optimade`` package's own grammar (v1.2) and parser; this module
walks the resulting Lark tree.

Unknown values follow three-valued logic: a comparison on an unknown (null) value is neither
true nor false, so neither it nor its negation matches the entry. Every node therefore yields a
pair of conditions, ``Tri(true, false)``: the entries for which the node is certainly true and
those for which it is certainly false. ``NOT`` swaps the two, ``AND``/``OR`` combine them as
Kleene logic does, and the final queryset keeps ``true``.

Every condition is SQL on the entry queryset's columns and annotations: building one reads
nothing from the database, and the page and count queries apply it.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from lark import Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, VisitError
from optimade.filterparser import LarkParser
from optimade.server.schemas import ENTRY_INFO_SCHEMAS, retrieve_queryable_properties

from .fields import FLOAT, INTEGER, LIST, PROVIDER_PREFIX, STRING, TIMESTAMP, Property


class FilterError(Exception):
    """A filter the endpoint refuses: ``status`` 400 (wrong) or 501 (valid but not supported)."""

    def __init__(self, detail: str, status: int = 400):
        super().__init__(detail)
        self.detail = detail
        self.status = status


def not_implemented(detail: str) -> FilterError:
    return FilterError(detail, status=501)


ALL = Q(pk__isnull=False)
NONE = Q(pk__in=[])


@dataclass(frozen=True)
class Tri:
    true: Q
    false: Q

    def __invert__(self) -> Tri:
        return Tri(self.false, self.true)

    def __and__(self, other: Tri) -> Tri:
        return Tri(self.true & other.true, self.false | other.false)

    def __or__(self, other: Tri) -> Tri:
        return Tri(self.true | other.true, self.false & other.false)


UNKNOWN = Tri(NONE, NONE)

_LOOKUPS = {"=": "exact", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
_NEGATED = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_REVERSED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}  # for properties every entry has the same value of
_FUZZY = {"CONTAINS": "contains", "STARTS": "startswith", "ENDS": "endswith"}

_parser: LarkParser | None = None


def _lark():
    global _parser  # one compiled grammar per process; parsing itself keeps no shared state
    if _parser is None:
        _parser = LarkParser(version=(1, 2, 0))
    return _parser.lark


def parse(text: str) -> Tree:
    """The filter's parse tree; FilterError naming the position of a syntax error."""
    try:
        return _lark().parse(text)
    except UnexpectedInput as exc:
        column = getattr(exc, "column", -1)
        if not isinstance(column, int) or column < 1:
            raise FilterError(f"The filter {text!r} ends before its expression is complete.") from None
        raise FilterError(
            f"The filter {text!r} is not valid OPTIMADE filter syntax: unexpected {text[column - 1 :][:20]!r} "
            f"at column {column}."
        ) from None
    except Exception:  # any other grammar failure is still the caller's input
        raise FilterError("The filter is not valid OPTIMADE filter syntax.") from None


# --- values in the tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyRef:
    name: str
    prop: Property | None  # None: a property that is unknown for every entry


class BoolValue:
    """TRUE/FALSE in a filter; no property here is boolean."""


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
STANDARD_PROPERTIES = {
    entry: set(retrieve_queryable_properties(ENTRY_INFO_SCHEMAS[entry], ("id", "type", "attributes")))
    for entry in ("structures", "references")
}


class FilterTransformer(Transformer):
    """Turns one parse tree into a Tri over the entries of ``entry_type``."""

    def __init__(self, properties: dict[str, Property], entry_type: str):
        super().__init__()
        self.properties = properties
        self.entry_type = entry_type

    # leaves

    @v_args(inline=True)
    def string(self, token: Token) -> str:
        return _ESCAPE.sub(r"\1", str(token)[1:-1])

    @v_args(inline=True)
    def number(self, token: Token) -> int | float:
        return _checked_number(int(token) if token.type == "SIGNED_INT" else float(token), str(token))

    @v_args(inline=True)
    def signed_int(self, token: Token) -> int:
        return _checked_number(int(token), str(token))

    def bool(self, _children) -> BoolValue:
        return BoolValue()

    @v_args(inline=True)
    def value(self, value):
        return value

    constant = value
    non_string_value = value

    def not_implemented_string(self, _children):
        raise not_implemented("Comparing two constants with each other is not supported.")

    def property(self, children: list[Token]) -> PropertyRef:
        if len(children) > 1:
            raise not_implemented(f"Nested property names such as {'.'.join(map(str, children))!r} are not supported.")
        name = str(children[0])
        if name in self.properties:
            return PropertyRef(name, self.properties[name])
        if name in STANDARD_PROPERTIES[self.entry_type]:
            return PropertyRef(name, None)  # a standard property this database does not have
        if name.startswith("_") and not name.startswith(f"_{PROVIDER_PREFIX}_"):
            return PropertyRef(name, None)  # another provider's property: unknown here
        raise FilterError(f"Unknown property {name!r} for {self.entry_type}; /info/{self.entry_type} lists them.")

    def value_list(self, children) -> list:
        if any(isinstance(child, Token) and child.type == "OPERATOR" for child in children):
            raise not_implemented("Operators inside HAS ALL / HAS ANY / HAS ONLY lists are not supported.")
        return list(children)

    # right-hand sides, returned as (operator, argument) for the comparison to apply

    def value_op_rhs(self, children) -> tuple:
        op, value = children
        return ("value", str(op), value)

    def known_op_rhs(self, children) -> tuple:
        return ("known", str(children[1]) == "KNOWN")

    def fuzzy_string_op_rhs(self, children) -> tuple:
        return ("fuzzy", str(children[0]), children[-1])

    def set_op_rhs(self, children) -> tuple:
        tokens = [c for c in children if isinstance(c, Token)]
        words = [str(t) for t in tokens if t.type in ("ALL", "ANY", "ONLY")]
        if words:
            return ("set", words[0], children[-1])
        operators = [str(t) for t in tokens if t.type == "OPERATOR"]
        if operators and operators[0] != "=":
            raise not_implemented("HAS with a comparison operator (e.g. HAS < 3) is not supported.")
        return ("set", "HAS", [children[-1]])

    def length_op_rhs(self, children) -> tuple:
        op = next((str(c) for c in children if isinstance(c, Token) and c.type == "OPERATOR"), "=")
        return ("length", op, children[-1])

    def set_zip_op_rhs(self, _children):
        raise not_implemented("Correlated list queries (the ':' zip syntax) are not supported.")

    def property_zip_addon(self, _children):
        raise not_implemented("Correlated list queries (the ':' zip syntax) are not supported.")

    # comparisons

    @v_args(inline=True)
    def comparison(self, tri: Tri) -> Tri:
        return tri

    def constant_first_comparison(self, children) -> Tri:
        constant, op, other = children
        if not isinstance(other, PropertyRef):
            raise not_implemented("Comparing two constants with each other is not supported.")
        return self._compare(other, _REVERSED[str(op)], constant)

    def property_first_comparison(self, children) -> Tri:
        ref, rhs = children
        kind = rhs[0]
        if kind == "value":
            return self._compare(ref, rhs[1], rhs[2])
        if kind == "known":
            return self._known(ref, rhs[1])
        if kind == "fuzzy":
            return self._fuzzy(ref, rhs[1], rhs[2])
        if kind == "set":
            return self._set(ref, rhs[1], rhs[2])
        return self._length(ref, rhs[1], rhs[2])

    # boolean structure

    def expression_phrase(self, children) -> Tri:
        tri = children[-1]
        return ~tri if len(children) == 2 else tri

    def expression_clause(self, children) -> Tri:
        result = children[0]
        for tri in children[1:]:
            result = result & tri
        return result

    def expression(self, children) -> Tri:
        result = children[0]
        for tri in children[1:]:
            result = result | tri
        return result

    def filter(self, children) -> Tri | None:
        return children[0] if children else None

    # --- the operators -------------------------------------------------------------------------

    def _compare(self, ref: PropertyRef, op: str, value: Any) -> Tri:
        if isinstance(value, PropertyRef):
            raise not_implemented("Comparing a property with another property is not supported.")
        prop = ref.prop
        if prop is None:
            self._check_type(ref, value)
            return UNKNOWN
        if prop.type == LIST:
            raise FilterError(f"{ref.name} is a list: use HAS, HAS ALL, HAS ANY, HAS ONLY or LENGTH.")
        value = self._check_type(ref, value)
        if prop.backend == "constant":
            return _constant(prop, lambda v: _OPERATORS[op](v, value))
        return _sql_compare(self._column(ref), op, value)

    def _known(self, ref: PropertyRef, known: bool) -> Tri:
        prop = ref.prop
        if prop is None:
            result = Tri(NONE, ALL)
        elif prop.backend == "constant":
            result = _constant(prop, lambda v: True, unknown_is=False)
        else:
            # A computed list is known wherever its length is.
            path = (prop.length_path or prop.known_path) if prop.backend == "computed" else self._column(ref)
            result = Tri(Q(**{f"{path}__isnull": False}), Q(**{f"{path}__isnull": True}))
        return result if known else ~result

    def _fuzzy(self, ref: PropertyRef, word: str, text: Any) -> Tri:
        prop = ref.prop
        if prop is not None and prop.type != STRING:
            raise FilterError(f"{word} needs a string property, and {ref.name} is a {prop.type}.")
        if not isinstance(text, str):
            raise FilterError(f"{word} needs a quoted string after it.")
        if prop is None:
            return UNKNOWN
        if prop.backend == "constant":
            return _constant(prop, lambda v: _fuzzy_match(v, word, text))
        path = self._column(ref)
        # Django's contains/startswith/endswith lookups escape %, _ and \ in the user's text.
        matches = Q(**{f"{path}__{_FUZZY[word]}": text})
        return Tri(matches, Q(**{f"{path}__isnull": False}) & ~matches)

    def _set(self, ref: PropertyRef, how: str, values: list) -> Tri:
        prop = ref.prop
        if prop is not None and prop.type != LIST:
            raise FilterError(f"HAS needs a list property, and {ref.name} is a {prop.type}.")
        for value in values:
            if isinstance(value, PropertyRef):
                raise not_implemented("Properties inside HAS lists are not supported.")
            if isinstance(value, BoolValue):
                raise FilterError(f"{ref.name} holds no boolean values.")
        if prop is None:
            return UNKNOWN
        if prop.item_type == STRING:
            bad = [v for v in values if not isinstance(v, str)]
            if bad:
                raise FilterError(f"{ref.name} holds strings: quote the value {bad[0]!r}.")
        elif prop.item_type == FLOAT:
            raise not_implemented(f"HAS queries on {ref.name} are not supported; LENGTH is.")
        else:
            raise not_implemented(f"HAS queries on {ref.name} are not supported.")
        wanted = list(dict.fromkeys(values))
        tests: dict[str, Callable[[list], bool]] = {
            "HAS": lambda items: set(wanted) <= set(items),
            "ALL": lambda items: set(wanted) <= set(items),
            "ANY": lambda items: bool(set(wanted) & set(items)),
            "ONLY": lambda items: set(items) <= set(wanted),
        }
        if prop.backend == "constant":
            return _constant(prop, tests[how])
        if prop.backend != "array":
            raise not_implemented(f"HAS queries on {ref.name} are not supported.")
        path = prop.path
        matches = {
            "HAS": Q(**{f"{path}__contains": wanted}),
            "ALL": Q(**{f"{path}__contains": wanted}),
            "ANY": Q(**{f"{path}__overlap": wanted}),
            "ONLY": Q(**{f"{path}__contained_by": wanted}),
        }[how]
        return Tri(matches, Q(**{f"{path}__isnull": False}) & ~matches)

    def _length(self, ref: PropertyRef, op: str, length: int) -> Tri:
        prop = ref.prop
        if prop is not None and prop.type != LIST:
            raise FilterError(f"LENGTH needs a list property, and {ref.name} is a {prop.type}.")
        if prop is None:
            return UNKNOWN
        if prop.backend == "constant":
            return _constant(prop, lambda items: _OPERATORS[op](len(items), length))
        if not prop.length_path:
            raise not_implemented(f"LENGTH queries on {ref.name} are not supported.")
        return _sql_compare(prop.length_path, op, length)

    # --- helpers -------------------------------------------------------------------------------

    def _check_type(self, ref: PropertyRef, value: Any) -> Any:
        """The value converted for the property's type; FilterError when they do not fit."""
        prop = ref.prop
        if isinstance(value, BoolValue):
            raise FilterError(f"{ref.name} is not a boolean property; TRUE and FALSE cannot be compared with it.")
        if prop is None:
            return value
        if prop.type == STRING and not isinstance(value, str):
            raise FilterError(f"{ref.name} is a string: compare it with a quoted value, not {value!r}.")
        if prop.type in (INTEGER, FLOAT) and not isinstance(value, int | float):
            raise FilterError(f"{ref.name} is a number: compare it with an unquoted number, not {value!r}.")
        if prop.type == TIMESTAMP:
            return _timestamp(ref.name, value)
        return value

    def _column(self, ref: PropertyRef) -> str:
        if ref.prop.backend not in ("sql", "array"):  # a computed value has no column to compare
            raise not_implemented(f"Comparisons on {ref.name} are not supported.")
        return ref.prop.path


# The database compares 64-bit integers and doubles: a number beyond them matches nothing sensibly and
# would fail the query, so it is the caller's error.
_MAX_INTEGER = 2**63 - 1


def _checked_number(value: int | float, text: str) -> int | float:
    if isinstance(value, float) and not math.isfinite(value):
        raise FilterError(f"The number {text} is too large: numbers in a filter must be finite doubles.")
    if isinstance(value, int) and abs(value) > _MAX_INTEGER:
        raise FilterError(f"The number {text} is too large: whole numbers in a filter must fit in 64 bits.")
    return value


def _constant(prop: Property, test: Callable[[Any], bool], *, unknown_is: bool | None = None) -> Tri:
    """A test on a property every entry has the same value of: true, false or unknown for all alike."""
    value = prop.constant
    outcome = unknown_is if value is None else test(value)
    if outcome is None:
        return UNKNOWN
    return Tri(ALL, NONE) if outcome else Tri(NONE, ALL)


def _fuzzy_match(value: str, word: str, text: str) -> bool:
    if word == "CONTAINS":
        return text in value
    return value.startswith(text) if word == "STARTS" else value.endswith(text)


def _sql_compare(path: str, op: str, value: Any) -> Tri:
    def condition(o: str) -> Q:
        if o == "!=":
            return Q(**{f"{path}__isnull": False}) & ~Q(**{path: value})
        return Q(**{f"{path}__{_LOOKUPS[o]}": value})

    return Tri(condition(op), condition(_NEGATED[op]))


def _timestamp(name: str, value: Any) -> datetime:
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but not a date, such as month 13
        parsed = None
    if parsed is None:
        raise FilterError(f'{name} is a timestamp: give it as a quoted RFC 3339 string such as "2024-01-31T12:00:00Z".')
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def filter_to_q(text: str, *, properties: dict[str, Property], entry_type: str) -> Q | None:
    """The condition an entry of ``entry_type`` must meet to match the filter ``text`` (None: no filter).

    Raises FilterError (status 400 or 501) with a message naming what is wrong.
    """
    if not text.strip():
        return None
    tree = parse(text)
    try:
        tri = FilterTransformer(properties, entry_type).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, FilterError):
            raise exc.orig_exc from None
        raise
    return None if tri is None else tri.true
