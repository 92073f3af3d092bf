"""Literature and datasets that measured values come from."""

from __future__ import annotations

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .materials import PublicationStatus
from .taxonomy import KeyManager

_DOI_PREFIXES = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
# Characters of the title the admin pickers show after the citation.
PICKER_TITLE_LENGTH = 60
CITATION_TITLE_LENGTH = 40  # the start of a title that names an authorless reference in a citation


def normalise_doi(raw: str) -> str:
    """Lower-case DOI without resolver prefix; raises ValidationError if it is not a DOI.

    DOIs are case-insensitive, so the lower-case form is the unique key.
    """
    doi = _DOI_PREFIXES.sub("", (raw or "").strip()).strip().rstrip(".").lower()
    if not doi:
        return ""
    if not _DOI_SHAPE.match(doi):
        raise ValidationError(f"{raw!r} is not a DOI (expected 10.<registrant>/<suffix>).", code="invalid_doi")
    return doi


def placeholder_title(doi: str) -> str:
    """Title given to a paper known only by its DOI until Crossref, BibTeX or a curator fills it."""
    return f"Paper with DOI {doi}"


class Reference(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Journal article"
        REVIEW = "review", "Review or perspective"
        DATASET = "dataset", "Dataset"
        BOOK = "book", "Book or chapter"
        OTHER = "other", "Other"

    key = models.SlugField(max_length=80, unique=True, help_text="Short citation key, e.g. kamaya2011.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    doi = models.CharField(max_length=255, blank=True, help_text="Normalised: lower case, no resolver prefix.")
    title = models.TextField()
    authors = models.JSONField(default=list, blank=True, help_text="Author names in the published order.")
    journal = models.CharField(max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=100, blank=True, help_text="Licence of a dataset, e.g. CC BY 4.0.")
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text="Published: public even when no published record cites it. Otherwise the reference is "
        "public only while a published record (a value or fit of a published material, a processing route, "
        "a class assessment) cites it.",
    )

    objects = KeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "key"]
        constraints = [
            models.UniqueConstraint(fields=["doi"], condition=~Q(doi=""), name="reference_unique_doi"),
            models.CheckConstraint(condition=Q(doi="") | Q(doi__startswith="10."), name="reference_doi_shape"),
            models.CheckConstraint(condition=Q(doi=models.functions.Lower("doi")), name="reference_doi_lowercase"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1800, year__lte=2100), name="reference_year_range"
            ),
        ]
        indexes = [
            # The material search's "cites a reference whose title matches" branch (title__search, english).
            GinIndex(SearchVector("title", config="english"), name="reference_title_search"),
            # The list orders (api.filters.ReferenceFilter; the references page, undated ones last): read in order,
            # a page stops after its rows instead of testing every reference's visibility and sorting them all.
            models.Index(F("year").desc(), "key", "id", name="reference_year_key"),
            models.Index(F("year").desc(nulls_last=True), "key", name="reference_page_order"),
            models.Index("kind", F("year").desc(), "key", "id", name="reference_kind_year_key"),
            models.Index("title", "id", name="reference_title_id"),
        ]

    # The fields Reference.citation reads: a write to any of them may change how the reference is cited.
    CITED_FIELDS = frozenset({"authors", "year", "journal", "title", "doi"})

    def __str__(self):
        return self.citation

    def get_absolute_url(self):
        return reverse("reference-detail", args=[self.key])

    @property
    def citation(self) -> str:
        """The short citation every surface shows: the first author's surname, "et al." when there are more,
        and the year ("Kato et al. (2016)"). Without authors, the journal (or the start of the title) stands in
        for them, so that a reader never sees the internal key; known by its DOI alone, the DOI and "metadata
        pending"."""
        if self.metadata_pending:
            return f"doi:{self.doi} (metadata pending)"
        year = self.year or "n.d."
        if self.authors:
            etal = " et al." if len(self.authors) > 1 else ""
            return f"{self.authors[0].split(',')[0].strip()}{etal} ({year})"
        if self.journal:
            return f"{self.journal} ({year})"
        title = self.title.strip()
        if len(title) > CITATION_TITLE_LENGTH:  # cut at a word boundary
            title = title[:CITATION_TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
        return f"{title or self.key} ({year})"

    def picker_label(self) -> str:
        """The curator's pickers: citation, start of the title and journal, so that two papers by the same
        first author in the same year can be told apart."""
        if self.metadata_pending:
            return str(self)
        title = self.title
        if len(title) > PICKER_TITLE_LENGTH:  # cut at a word boundary
            title = title[:PICKER_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
        return " · ".join(part for part in (str(self), title, self.journal) if part)

    def natural_key(self):
        return (self.key,)

    def clean(self):
        self.doi = normalise_doi(self.doi)

    @property
    def metadata_pending(self) -> bool:
        """Known by its DOI alone: no title of its own and no authors yet (shown as pending, never by its key)."""
        return bool(self.doi) and not self.authors and self.title in ("", placeholder_title(self.doi))

    @property
    def display_title(self) -> str:
        return "Metadata pending" if self.metadata_pending else self.title

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def to_bibtex(self) -> str:
        """BibTeX entry for this reference (``@misc`` for datasets)."""
        from electrolytes.bibtex_export import reference_to_bibtex

        return reference_to_bibtex(self)
