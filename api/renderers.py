"""Output formats besides JSON: CSV for tables (streamed by the views) and BibTeX for references."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    """Declares ``?format=csv``; list views stream their rows themselves (see ``csv_rows``).

    Anything else handed to this renderer (a single record) becomes a one-row table.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> str:
        if data is None:
            return ""
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0].keys()) if rows else []
        return "".join(csv_rows(header, rows))


class BibTeXRenderer(BaseRenderer):
    """Declares ``?format=bibtex``; the reference views hand it ready-made entries."""

    media_type = "application/x-bibtex"
    format = "bibtex"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> str:
        if isinstance(data, str):
            return data
        return "" if data is None else json.dumps(data)


class CIFRenderer(BaseRenderer):
    """Declares ``?format=cif``; the structure view hands it the CIF text."""

    media_type = "chemical/x-cif"
    format = "cif"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> str:
        if isinstance(data, str):
            return data
        return "" if data is None else json.dumps(data)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_rows(header: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """CSV lines (header first) for ``rows``; nested values are written as compact JSON."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_cell(row.get(name)) for name in header])


def csv_text(header: list[str], rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    for line in csv_rows(header, rows):
        buffer.write(line)
    return buffer.getvalue()


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, but an unknown ``?format=`` is a 400 naming the parameter, not a 404."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            choices = ", ".join(renderer.format for renderer in renderers)
            raise exceptions.ValidationError({"format": [f"Unknown format {format!r}; choose from: {choices}."]})
        return matching
