"""Request body parsers: JSON only, refusing bodies nested deeper than any record of the API."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The deepest write body the API takes is a material with its components (object > list > object);
# anything far deeper is an attack on the parser or on the recursive code that walks the result.
MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested deeper than MAX_JSON_DEPTH levels is a 400, not a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data


def json_depth(data) -> int:
    """How many arrays and objects deep ``data`` is (walked without recursion)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
