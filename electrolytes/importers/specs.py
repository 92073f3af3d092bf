"""What an import is made of: the specs a source parses each row into, the errors it reports, and the report
of a whole run. Sources build these; ``writing`` stores them; ``engine.run_import`` ties the two together."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from django.core.exceptions import ValidationError

from electrolytes.models import (
    ElectrolyteClass,
    ImportRun,
    Material,
    Measurement,
    PropertyDefinition,
    Reference,
    StructureFamily,
)

Progress = Callable[[Iterable, str, int], Iterable]


# Marks a reference an importer made from free text, for curators to find (admin search, notes).
CITATION_FLAG = "[needs curation]"


def no_progress(iterable: Iterable, description: str = "", total: int = 0) -> Iterable:
    return iterable


class BadFile(Exception):
    """A file the importer cannot use at all (missing columns, missing vocabulary); nothing was written."""


class ImportAborted(Exception):
    """Raised inside the transaction to roll a dry run or a refused strict run back."""


KEPT_CURATED = "kept: edited by a curator"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    text: str
    reason: str
    outcome: str = "rejected"  # or "imported with warning", or KEPT_CURATED


def refused(
    row: int,
    exc: ValidationError,
    cells: Mapping[str, tuple[str, str]],
    *,
    without: Iterable[str] = (),
    prefix: Mapping[str, str] | None = None,
) -> list[RowError]:
    """The report lines of a value services.measurement_values refused: one per message, on the column (and with
    the text) that held the field it names. ``cells``: field (``value``, ``unit``, ``temperature``,
    ``temperature_k``...) -> (column, text); a field not listed is reported on the value's. Fields in ``without``
    are left out (a cell's own error already said it); ``prefix`` puts a source's words before a field's messages."""
    lines = []
    for name, messages in exc.message_dict.items():
        if name in without:
            continue
        column, text = cells.get(name) or cells["value"]
        before = (prefix or {}).get(name, "")
        lines.extend(RowError(row, column, text, before + message) for message in messages)
    return lines


@dataclass
class MeasurementSpec:
    property: PropertyDefinition
    value: float
    reported_value: str
    reported_unit: str
    source_row: str
    qualifier: str = Measurement.Qualifier.EQUAL
    temperature_k: float | None = None
    # True when the source gives only "room temperature" (temperature_k is then the 298.15 K convention).
    temperature_nominal: bool = False
    measured_part: str = Measurement.MeasuredPart.NOT_SPECIFIED
    method: str = Measurement.Method.NOT_SPECIFIED
    is_extrapolated: bool = False
    reference_doi: str = ""
    # A free-text citation where a DOI was expected: stored as a flagged reference made from the text.
    reference_citation: str = ""
    notes: str = ""
    flag: str = ""
    flag_reason: str = ""
    # Why the value is implausible (services.measurement_values): stored, and reported as a warning when created.
    implausible: str = ""


@dataclass
class MaterialSpec:
    """What a row says about its material; ``match_key`` decides which stored material it is."""

    match_key: tuple
    name: str
    kind: str
    electrolyte_class: ElectrolyteClass
    family: StructureFamily | None = None
    physical_state: str = Material.PhysicalState.SOLID
    class_rule: str = ""  # the inference rule that fired; empty when the class was given (a curator's choice)
    family_label: str = ""
    family_mismatch: str = ""
    formula: str = ""
    space_group: str = ""
    icsd_ids: list[int] = field(default_factory=list)
    description: str = ""
    components: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ParsedRow:
    row: int
    material: MaterialSpec
    measurements: list[MeasurementSpec]
    dois: list[str] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    structure: Any = None  # what a source's write_structures stores for this row (e.g. a parsed CIF)
    # A row whose values are refused but whose structure is stored: counted and reported as rejected.
    rejected: list[RowError] = field(default_factory=list)


@dataclass
class ImportReport:
    source: str
    file_name: str
    dry_run: bool = False
    strict: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: int = 0
    kept: int = 0  # stored values a curator edited, left as they are
    fits: int = 0
    materials_created: int = 0
    measurements_created: int = 0
    measurements_updated: int = 0
    references_created: int = 0
    structures_created: int = 0
    structures_updated: int = 0
    structures_unchanged: int = 0
    structures_rejected: int = 0
    issues: list[RowError] = field(default_factory=list)
    status: str = ImportRun.Status.COMPLETED
    message: str = ""
    duration_s: float = 0.0
    run_id: int | None = None  # the ImportRun recording a real run
    batches: list[int] = field(default_factory=list)  # rows in each batch written
    # (materials, their stored measurements) of each chunk refitted at the end
    refit_chunks: list[tuple[int, int]] = field(default_factory=list)
    bytes_read: int = 0  # how far into the file the reading has got (for a progress bar)

    @property
    def rejected_rows(self) -> list[RowError]:
        return [issue for issue in self.issues if issue.outcome == "rejected"]

    @property
    def wrote(self) -> bool:
        return self.status == ImportRun.Status.COMPLETED and not self.dry_run

    def summary(self) -> str:
        verb = "would be" if self.dry_run or self.status != ImportRun.Status.COMPLETED else "were"
        text = (
            f"{self.rows} rows: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.merged} merged, {self.rejected} rejected; {self.fits} fits {verb} computed."
        )
        if self.kept:
            text += f" {self.kept} value{'s' if self.kept != 1 else ''} {KEPT_CURATED}."
        structures = (
            self.structures_created + self.structures_updated + self.structures_unchanged + self.structures_rejected
        )
        if structures:
            text += (
                f" {structures} crystal structures: {self.structures_created} created, {self.structures_updated} "
                f"updated, {self.structures_unchanged} unchanged, {self.structures_rejected} rejected."
            )
        if self.dry_run:
            text = "Dry run, nothing written. " + text
        elif self.status == ImportRun.Status.REFUSED:
            text = "Strict mode: bad rows found, nothing written. " + text
        elif self.status == ImportRun.Status.FAILED:
            text = f"Import failed, nothing written: {self.message}"
        elif self.rows == 0:
            text = "The file has a header but no data rows: nothing written."
        return text

    def report_csv(self) -> str:
        """The per-row report a curator opens in a spreadsheet: one line per rejected row or warning."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["row", "column", "text", "reason", "outcome"])
        for issue in sorted(self.issues, key=lambda i: (i.row, i.outcome != "rejected", i.column)):
            writer.writerow([issue.row, issue.column, issue.text, issue.reason, issue.outcome])
        return buffer.getvalue()


class Source(Protocol):
    source: str
    status: str  # publication status of the materials it creates

    def parse(self, text: str | TextIO, progress: Progress) -> Iterator[ParsedRow | list[RowError]]: ...

    def dataset(self) -> Reference: ...


class OnProgress(Protocol):
    """Told how far a run has got: ``stage`` is "rows" (``done`` rows read so far) or "fits" (``done`` of
    ``total`` touched materials refitted); counts so far are in ``report``."""

    def __call__(self, stage: str, report: ImportReport, done: int, total: int) -> None: ...


def no_report(stage: str, report: ImportReport, done: int, total: int) -> None:
    return None
