"""BibTeX files of references.

Each entry is matched to a stored reference by DOI (normalised), then by citation key (slugified). A match
only has its empty fields filled in: what a curator already typed is never overwritten. An entry without a
title, with a malformed DOI or year, is rejected with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

import bibtexparser
from bibtexparser.bparser import BibTexParser
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from electrolytes import evidence, services
from electrolytes.models import ImportRun, PublicationStatus, Reference
from electrolytes.models.references import placeholder_title

from .parsing import CellError, clean_text, parse_dois
from .specs import ImportReport, Progress, RowError

KINDS = {
    "article": Reference.Kind.ARTICLE,
    "book": Reference.Kind.BOOK,
    "inbook": Reference.Kind.BOOK,
    "incollection": Reference.Kind.BOOK,
    "dataset": Reference.Kind.DATASET,
    "data": Reference.Kind.DATASET,
}
FIELDS = ["kind", "doi", "title", "authors", "journal", "year", "volume", "pages", "url", "licence"]
_BRACES = re.compile(r"[{}]")


@dataclass
class BibEntry:
    row: int
    key: str
    fields: dict = field(default_factory=dict)


def _numbered_keys_stored(keys: set[str]) -> set[str]:
    """The stored keys that unique_key could make from these (``<key>-2``, ``<key>-3``, ...), so that a key
    clash is settled against the whole table, not only against the keys this file names."""
    if not keys:
        return set()
    stems = "|".join(sorted({re.escape(key[:74]) for key in keys}))
    return set(Reference.objects.filter(key__regex=rf"^({stems})-[0-9]+$").values_list("key", flat=True))


def _text(value: str) -> str:
    return clean_text(_BRACES.sub("", value or "")).replace("\\&", "&").replace("--", "-")


class BibtexSource:
    source = ImportRun.Source.BIBTEX
    status = PublicationStatus.DRAFT

    def dataset(self):
        return None

    def parse(self, text: str | TextIO, progress: Progress) -> Iterator[BibEntry | list[RowError]]:
        parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
        # bibtexparser reads a whole text; BibTeX files are small (and written in one batch, see writing).
        database = bibtexparser.loads(text if isinstance(text, str) else text.read(), parser=parser)
        entries = database.entries
        for number, entry in enumerate(progress(entries, "Reading BibTeX", len(entries)), start=1):
            yield self.parse_entry(number, entry)

    def parse_entry(self, number: int, entry: dict) -> BibEntry | list[RowError]:
        cite = entry.get("ID", "")
        errors = []
        key = slugify(cite)[:80]
        if not key:
            errors.append(RowError(number, "key", cite, "The entry has no usable citation key."))
        title = _text(entry.get("title", ""))
        if not title:
            errors.append(RowError(number, "title", "", f"Entry {cite!r} has no title."))
        doi = ""
        try:
            dois = parse_dois(entry.get("doi", ""))
            doi = dois[0] if dois else ""
        except CellError as exc:
            errors.append(RowError(number, "doi", entry.get("doi", ""), str(exc)))
        year = None
        year_text = _text(entry.get("year", ""))
        if year_text:
            if not re.fullmatch(r"\d{4}", year_text) or not 1800 <= int(year_text) <= 2100:
                errors.append(
                    RowError(number, "year", year_text, "The year must be four digits between 1800 and 2100.")
                )
            else:
                year = int(year_text)
        if errors:
            return errors
        entry_type = entry.get("ENTRYTYPE", "misc").lower()
        kind = KINDS.get(entry_type, Reference.Kind.OTHER)
        if entry_type == "misc" and "dataset" in _text(entry.get("howpublished", "") + entry.get("note", "")).lower():
            kind = Reference.Kind.DATASET
        authors = [_text(a) for a in re.split(r"\s+and\s+", entry.get("author", "")) if _text(a)]
        fields = {
            "kind": kind,
            "doi": doi,
            "title": title,
            "authors": authors,
            "journal": _text(entry.get("journal", "") or entry.get("booktitle", "") or entry.get("publisher", ""))[
                :255
            ],
            "year": year,
            "volume": _text(entry.get("volume", ""))[:50],
            "pages": _text(entry.get("pages", ""))[:50],
            "url": _text(entry.get("url", ""))[:500],
            "licence": _text(entry.get("license", "") or entry.get("licence", ""))[:100],
        }
        return BibEntry(row=number, key=key, fields=fields)

    def write_rows(self, entries: list[BibEntry], report: ImportReport) -> None:
        """Create new references and fill the empty fields of matching ones, in bulk."""
        dois = {e.fields["doi"] for e in entries if e.fields["doi"]}
        keys = {e.key for e in entries}
        by_doi = {r.doi: r for r in Reference.objects.filter(doi__in=dois)}
        by_key = {r.key: r for r in Reference.objects.filter(key__in=keys)}
        taken_keys = set(by_key) | _numbered_keys_stored(keys)
        to_create: list[Reference] = []
        to_update: dict[int, Reference] = {}
        recited: set[int] = set()  # stored references whose citation the filled fields may change
        for entry in entries:
            current = by_doi.get(entry.fields["doi"]) if entry.fields["doi"] else None
            if current is None:
                current = by_key.get(entry.key)
                if current is not None and current.doi and entry.fields["doi"] and current.doi != entry.fields["doi"]:
                    current = None  # same key, different paper: store it under a new key
            if current is None:
                key = services.unique_key(entry.key, taken_keys, stem=74)
                taken_keys.add(key)
                reference = Reference(key=key, **entry.fields)
                services.clean_for_batch(reference)  # the DOIs and keys were looked up for the batch
                to_create.append(reference)
                if reference.doi:
                    by_doi[reference.doi] = reference
                report.created += 1
                continue
            blank = {name for name in FIELDS if not getattr(current, name)}
            if current.title == placeholder_title(current.doi):
                blank.add("title")
            changed = [name for name in FIELDS if name in blank and entry.fields.get(name) and name != "kind"]
            for name in changed:
                setattr(current, name, entry.fields[name])
            if changed and current.pk:
                to_update[current.pk] = current
                if Reference.CITED_FIELDS.intersection(changed):
                    recited.add(current.pk)
                report.updated += 1
            else:
                report.unchanged += 1
        if to_create:
            bulk_create_with_history(to_create, Reference, batch_size=500)
            report.references_created += len(to_create)
        if to_update:
            bulk_update_with_history(list(to_update.values()), Reference, FIELDS, batch_size=500)
            evidence.citations_changed(recited)
