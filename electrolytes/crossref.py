"""Filling DOI-only references (title, authors, journal, year, volume, pages) from Crossref, through habanero.

Rules:
- Only empty fields are filled, and a title only while it is the importers' placeholder: a curator's value is
  never overwritten.
- Requests are spaced by ``settings.CROSSREF_MIN_INTERVAL_S`` seconds (Crossref's etiquette for the public pool);
  a 429 answer stops the run, which reports how many references are left: running it again resumes where it
  stopped, because only references still pending are asked for.
- A DOI Crossref does not know (404) is noted on the reference (``NOT_FOUND_NOTE``) and skipped by later runs.
- ``settings.CROSSREF_BASE_URL`` says where Crossref is, so tests point it at a local server of recorded answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from habanero import Crossref
from habanero.exceptions import RequestError

from electrolytes.importers.engine import placeholder_title
from electrolytes.models import Reference

NOT_FOUND_NOTE = "Crossref has no record of this DOI."
FILLED_FIELDS = ("title", "authors", "journal", "year", "volume", "pages")


@dataclass
class FillReport:
    filled: list[str] = field(default_factory=list)  # reference keys
    unchanged: list[str] = field(default_factory=list)  # nothing empty to fill
    not_found: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # key -> reason
    rate_limited: bool = False
    retry_after_s: float | None = None
    remaining: int = 0

    def summary(self) -> str:
        text = (
            f"{len(self.filled)} filled, {len(self.unchanged)} unchanged, {len(self.not_found)} not in Crossref, "
            f"{len(self.failed)} failed"
        )
        if self.rate_limited:
            wait = f" (retry after {self.retry_after_s:g} s)" if self.retry_after_s else ""
            text += f"; stopped: Crossref rate limit{wait}, {self.remaining} left: run again to resume"
        return text + "."


def pending_references() -> QuerySet[Reference]:
    """References known only by their DOI: placeholder or empty title, or no authors, journal or year; a DOI
    Crossref reported unknown is left out."""
    incomplete = Q(title="") | Q(title__startswith="Paper with DOI ") | Q(authors=[]) | Q(journal="") | Q(year=None)
    return Reference.objects.exclude(doi="").filter(incomplete).exclude(notes__contains=NOT_FOUND_NOTE).order_by("key")


def metadata_from_work(work: dict[str, Any]) -> dict[str, Any]:
    """Our fields from a Crossref ``work`` message (the ``message`` of /works/{doi})."""
    title = " ".join((work.get("title") or [""])[0].split())
    authors = []
    for person in work.get("author") or []:
        if person.get("family"):
            authors.append(f"{person['family']}, {person['given']}" if person.get("given") else person["family"])
        elif person.get("name"):  # consortia
            authors.append(person["name"])
    journal = (work.get("container-title") or [""])[0]
    year = None
    for key in ("published-print", "published-online", "issued", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            year = int(parts[0][0])
            break
    return {
        "title": title,
        "authors": authors,
        "journal": journal[:255],
        "year": year,
        "volume": str(work.get("volume") or "")[:50],
        "pages": str(work.get("page") or "").replace("\u2013", "-")[:50],
    }


def _merge(reference: Reference, found: dict[str, Any]) -> list[str]:
    """Set the fields that are empty (or the placeholder title); the names of those changed."""
    changed = []
    for name in FILLED_FIELDS:
        value = found.get(name)
        if not value:
            continue
        current = getattr(reference, name)
        empty = current in ("", None, []) or (name == "title" and current == placeholder_title(reference.doi))
        if empty:
            setattr(reference, name, value)
            changed.append(name)
    return changed


def client() -> Crossref:
    return Crossref(
        base_url=settings.CROSSREF_BASE_URL,
        mailto=settings.CROSSREF_MAILTO or None,
        timeout=settings.CROSSREF_TIMEOUT_S,
    )


def fill_references(
    references: Iterable[Reference],
    *,
    crossref: Crossref | None = None,
    min_interval_s: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[str], None] = lambda line: None,
) -> FillReport:
    """Ask Crossref for each reference's DOI and fill its empty fields (see the module docstring).

    Each reference is saved on its own (so an interrupted run keeps what it filled), with history.
    """
    crossref = crossref or client()
    interval = settings.CROSSREF_MIN_INTERVAL_S if min_interval_s is None else min_interval_s
    report = FillReport()
    todo = [r for r in references if r.doi]
    last = None
    for index, reference in enumerate(todo):
        if last is not None and interval > 0:
            wait = interval - (time.monotonic() - last)
            if wait > 0:
                sleep(wait)
        last = time.monotonic()
        try:
            answer = crossref.works(ids=reference.doi)
        except (httpx.HTTPStatusError, RequestError) as exc:
            status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else exc.status_code
            if status == 404:
                reference.notes = f"{reference.notes}\n{NOT_FOUND_NOTE}".strip()
                _save(reference, ["notes"])
                report.not_found.append(reference.key)
                progress(f"{reference.key}: not in Crossref (404)")
                continue
            if status == 429:
                report.rate_limited = True
                retry = exc.response.headers.get("Retry-After") if isinstance(exc, httpx.HTTPStatusError) else None
                report.retry_after_s = float(retry) if retry and retry.replace(".", "", 1).isdigit() else None
                report.remaining = len(todo) - index
                progress(f"{reference.key}: rate limited (429); stopping")
                break
            report.failed[reference.key] = f"HTTP {status}"
            continue
        except (httpx.HTTPError, RuntimeError, ValueError) as exc:
            report.failed[reference.key] = f"{type(exc).__name__}: {exc}"
            continue
        work = (answer or {}).get("message") or {}
        changed = _merge(reference, metadata_from_work(work))
        if changed:
            _save(reference, changed)
            report.filled.append(reference.key)
            progress(f"{reference.key}: filled {', '.join(changed)}")
        else:
            report.unchanged.append(reference.key)
    return report


@transaction.atomic
def _save(reference: Reference, fields: list[str]) -> None:
    reference.full_clean()
    reference.save()
    if Reference.CITED_FIELDS.intersection(fields):
        from electrolytes.evidence import citations_changed

        citations_changed([reference.pk])
