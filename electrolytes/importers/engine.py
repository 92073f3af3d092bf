"""The import engine shared by every data source: parse every row, then write in bulk in one transaction.

A source module turns a file into ``ParsedRow`` objects (or ``RowError`` lists for bad rows); this module
resolves materials and references with in-memory lookups, writes with bulk operations, and refits the
conductivities it touched. A dry run does the same work inside a transaction it rolls back, so it reports
exactly what a real run would do and writes nothing.
"""

from __future__ import annotations

import csv
import io
import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from electrolytes.models import (
    Component,
    ElectrolyteClass,
    ImportRun,
    Material,
    Measurement,
    MeasurementSource,
    PropertyDefinition,
    Reference,
    StructureFamily,
)
from electrolytes.models.references import placeholder_title

from .formulations import formulation_key
from .parsing import clean_text

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

    def parse(self, text: str, progress: Progress) -> Iterator[ParsedRow | list[RowError]]: ...

    def dataset(self) -> Reference: ...


def csv_records(
    text: str, *, required: list[str], source_name: str, not_it: str, progress: Progress
) -> Iterator[tuple[int, dict]]:
    """(file line number, row) for each data row of a comma-separated file whose header holds
    every ``required`` column (after whitespace clean-up); raises BadFile, starting with
    ``not_it``, naming the missing ones."""
    reader = csv.DictReader(io.StringIO(text))
    header = [clean_text(name) for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise BadFile(f"{not_it}: missing column(s) {', '.join(missing)}.")
    reader.fieldnames = header
    rows = list(reader)
    for index, raw in enumerate(progress(rows, f"Reading {source_name}", len(rows))):
        yield index + 2, raw


def read_text(data: bytes | str | Path | IO) -> str:
    """File contents as text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    if isinstance(data, Path):
        raw = data.read_bytes()
    elif isinstance(data, str | bytes):
        raw = data
    else:
        raw = data.read()
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# A text file has next to no control characters besides tab, line feed, carriage return and form feed;
# binary data (a spreadsheet's .xlsx, an image) decoded as Windows-1252 has one in eight bytes.
_CONTROL = {chr(c) for c in range(32)} - set("\t\n\r\f") | {"\x7f", "\ufffd"}
_MAX_CONTROL_SHARE = 0.01


def check_text(text: str, *, file_name: str, kind: str) -> None:
    """BadFile, in words, when ``text`` is empty, whitespace only, or binary data rather than text."""
    if not text.strip():
        raise BadFile(f"{file_name} is empty.")
    sample = text[:65536]
    control = sum(1 for char in sample if char in _CONTROL)
    if "\x00" in sample or control > _MAX_CONTROL_SHARE * len(sample):
        raise BadFile(f"{file_name} is not a text {kind} file (it holds binary data).")


def run_import(
    source: Source,
    data: bytes | str | Path | IO,
    *,
    file_name: str = "",
    dry_run: bool = False,
    strict: bool = False,
    user=None,
    progress: Progress = no_progress,
    record: bool = True,
) -> ImportReport:
    """Import one file. Each row is all-or-nothing; the whole file is one transaction.

    Default mode writes the valid rows and reports the bad ones; ``strict`` writes nothing if any row is bad;
    ``dry_run`` writes nothing at all. A real run (not a dry run) is recorded as an ImportRun, including
    failed and refused ones. Exceptions other than a bad file are re-raised after the rollback.
    """
    started = time.monotonic()
    name = file_name or (data.name if isinstance(data, Path) else "upload")
    report = ImportReport(source=source.source, file_name=name, dry_run=dry_run, strict=strict)
    kind = "BibTeX" if source.source == ImportRun.Source.BIBTEX else "CSV"
    try:
        text = read_text(data)
        check_text(text, file_name=name, kind=kind)
        with transaction.atomic():
            writer = _Writer(source, report, progress)
            try:
                writer.run(text)
            except csv.Error as exc:  # the csv module's own words name no file and no remedy
                raise BadFile(f"{name} is not a readable {kind} file: {exc}.") from None
            if strict and report.rejected:
                report.status = ImportRun.Status.REFUSED
                raise ImportAborted
            if dry_run:
                raise ImportAborted
    except ImportAborted:
        pass
    except BadFile as exc:
        report.status, report.message = ImportRun.Status.FAILED, str(exc)
    except Exception as exc:
        report.status, report.message = ImportRun.Status.FAILED, f"{type(exc).__name__}: {exc}"
        report.duration_s = time.monotonic() - started
        if record and not dry_run:
            report.run_id = _record(report, user).pk
        raise
    report.duration_s = time.monotonic() - started
    if record and not dry_run:
        report.run_id = _record(report, user).pk
    return report


def _record(report: ImportReport, user) -> ImportRun:
    wrote = report.status == ImportRun.Status.COMPLETED
    return ImportRun.objects.create(
        source=report.source,
        file_name=report.file_name[:255],
        status=report.status,
        strict=report.strict,
        rows=report.rows,
        created=report.created if wrote else 0,
        updated=report.updated if wrote else 0,
        unchanged=report.unchanged,
        merged=report.merged if wrote else 0,
        rejected=report.rejected,
        fits=report.fits if wrote else 0,
        report_csv=report.report_csv() if report.issues else "",
        message=report.message,
        duration_s=round(report.duration_s, 3),
        user=user if user is not None and user.is_authenticated else None,
    )


_MEASUREMENT_FKS = ["material", "property", "reference", "source_dataset", "derived_from_fit"]


def _same_float(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    # Six significant figures: what survives a spreadsheet or a fixture written by hand.
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-300)


class _SameReport:
    """Stored measurements of some materials, found by what makes two copies one report: material, property,
    paper, qualifier and measured part equal, value within a relative 1e-3 and temperature within 0.5 K."""

    VALUE_RTOL = 1e-3
    TEMPERATURE_TOL_K = 0.5

    def __init__(self, material_ids: set[int]):
        self.groups: dict[tuple, list[Measurement]] = {}
        for measurement in Measurement.objects.filter(
            material_id__in=material_ids, is_derived=False, reference__isnull=False
        ).order_by("id"):
            self.add(measurement)

    @staticmethod
    def key(m: Measurement) -> tuple:
        return (m.material_id, m.property_id, m.reference_id, m.qualifier, m.measured_part)

    def add(self, measurement: Measurement) -> None:
        if measurement.reference_id is not None:
            self.groups.setdefault(self.key(measurement), []).append(measurement)

    def find(self, probe: Measurement) -> Measurement | None:
        if probe.reference_id is None:  # without a paper two rows cannot be shown to be one report
            return None
        for m in self.groups.get(self.key(probe), ()):
            if not math.isclose(m.value, probe.value, rel_tol=self.VALUE_RTOL, abs_tol=0.0):
                continue
            if (m.temperature_k is None) != (probe.temperature_k is None):
                continue
            if m.temperature_k is not None and abs(m.temperature_k - probe.temperature_k) > self.TEMPERATURE_TOL_K:
                continue
            return m
        return None


class _Writer:
    """One import's lookups and bulk writes (inside the caller's transaction)."""

    def __init__(self, source: Source, report: ImportReport, progress: Progress):
        self.source = source
        self.report = report
        self.progress = progress

    def run(self, text: str) -> None:
        rows: list[ParsedRow] = []
        seen_rows: set[str] = set()
        for item in self.source.parse(text, self.progress):
            self.report.rows += 1
            if isinstance(item, list):
                self.report.rejected += 1
                self.report.issues.extend(item)
                continue
            if getattr(item, "rejected", None):
                self.report.rejected += 1
                self.report.issues.extend(item.rejected)
            ids = {m.source_row for m in getattr(item, "measurements", ())}
            duplicate = ids & seen_rows
            if duplicate:
                self.report.rejected += 1
                row_id = sorted(duplicate)[0]
                self.report.issues.append(
                    RowError(item.row, "id", row_id, f"Row id {row_id!r} appears earlier in the file.")
                )
                continue
            seen_rows |= ids
            self.report.issues.extend(getattr(item, "warnings", ()))
            rows.append(item)
        if not rows:  # a header-only file, or every row rejected: not even the dataset reference is made
            return
        if hasattr(self.source, "write_rows"):  # sources of references rather than measurements
            self.source.write_rows(rows, self.report)
            return
        self.write(rows, self.source.dataset())

    # -- references -------------------------------------------------------------------------------------
    def references_for(self, dois: set[str]) -> dict[str, Reference]:
        found = {ref.doi: ref for ref in Reference.objects.filter(doi__in=dois)}
        missing = sorted(dois - found.keys())
        if missing:
            keys = set(Reference.objects.values_list("key", flat=True))
            new = []
            for doi in missing:
                root = ("doi-" + slugify(doi.replace("/", "-").replace(".", "-")))[:74].strip("-")
                key, n = root, 1
                while key in keys:
                    n += 1
                    key = f"{root}-{n}"
                keys.add(key)
                new.append(
                    Reference(
                        key=key,
                        doi=doi,
                        kind=Reference.Kind.ARTICLE,
                        title=placeholder_title(doi),
                        notes=f"Created by the {self.source.source} import from a DOI; title and authors to be added.",
                    )
                )
            for ref in bulk_create_with_history(new, Reference, batch_size=500):
                found[ref.doi] = ref
            self.report.references_created += len(new)
        return found

    def references_for_citations(self, citations: set[str]) -> dict[str, Reference]:
        """A reference per free-text citation (found again by its title on a re-import), flagged in its notes
        for a curator to complete; the text itself is the title, never a generated key."""
        found = {ref.title: ref for ref in Reference.objects.filter(title__in=citations, doi="")}
        keys = set(Reference.objects.values_list("key", flat=True))
        new = []
        for text in sorted(citations - found.keys()):
            root = ("citation-" + slugify(text))[:74].strip("-") or "citation"
            key, n = root, 1
            while key in keys:
                n += 1
                key = f"{root}-{n}"
            keys.add(key)
            new.append(
                Reference(
                    key=key,
                    kind=Reference.Kind.OTHER,
                    title=text,
                    notes=f"{CITATION_FLAG} Made by the {self.source.source} import from a free-text citation "
                    "where a DOI was expected; DOI, authors and year to be added.",
                )
            )
        for ref in bulk_create_with_history(new, Reference, batch_size=500) if new else []:
            found[ref.title] = ref
            self.report.references_created += 1
        return found

    # -- materials --------------------------------------------------------------------------------------
    def existing_materials(self, rows: list[ParsedRow]) -> dict[tuple, int]:
        index: dict[tuple, int] = {
            r.material.match_key: r.material.match_key[1] for r in rows if r.material.match_key[0] == "id"
        }
        formulas = {r.material.match_key[1] for r in rows if r.material.match_key[0] == "compound"}
        for pk, reduced in (
            Material.objects.filter(kind=Material.Kind.COMPOUND, reduced_formula__in=formulas)
            .order_by("id")
            .values_list("id", "reduced_formula")
        ):
            index.setdefault(("compound", reduced), pk)
        if any(r.material.match_key[0] == "mixture" for r in rows):
            components: dict[int, list[dict[str, Any]]] = {}
            for values in (
                Component.objects.filter(material__kind=Material.Kind.MIXTURE)
                .order_by("material_id", "position", "id")
                .values("material_id", "role", "name", "smiles", "amount", "amount_unit", "molecular_weight")
            ):
                components.setdefault(values["material_id"], []).append(values)
            for pk in sorted(components):
                index.setdefault(("mixture", formulation_key(components[pk])), pk)
        return index

    def create_materials(self, specs: list[MaterialSpec], status: str) -> dict[tuple, int]:
        if not specs:
            return {}
        slugs = set(Material.objects.values_list("slug", flat=True))
        materials = []
        for spec in specs:
            root = slugify(spec.name)[:110].strip("-") or "material"
            slug, n = root, 1
            while slug in slugs:
                n += 1
                slug = f"{root}-{n}"
            slugs.add(slug)
            material = Material(
                name=spec.name[:200],
                slug=slug,
                electrolyte_class=spec.electrolyte_class,
                class_origin=Material.ClassOrigin.INFERRED if spec.class_rule else Material.ClassOrigin.CURATED,
                class_rule=spec.class_rule[:255],
                family=spec.family,
                family_label=spec.family_label[:100],
                family_mismatch=spec.family_mismatch[:255],
                kind=spec.kind,
                physical_state=spec.physical_state,
                formula=spec.formula,
                space_group=spec.space_group,
                icsd_ids=spec.icsd_ids,
                description=spec.description,
                status=status,
            )
            # Foreign keys (resolved in memory), uniqueness and CheckConstraints are left to the database:
            # validating them here costs a query per row, and a violation aborts the whole file anyway.
            material.full_clean(
                exclude=["electrolyte_class", "family"], validate_unique=False, validate_constraints=False
            )
            materials.append(material)
        created = bulk_create_with_history(materials, Material, batch_size=500)
        components = []
        for spec, material in zip(specs, created, strict=True):
            for position, data in enumerate(spec.components):
                component = Component(material=material, position=position, **data)
                component.full_clean(exclude=["material"], validate_unique=False, validate_constraints=False)
                components.append(component)
        if components:
            bulk_create_with_history(components, Component, batch_size=1000)
        self.report.materials_created += len(created)
        return {spec.match_key: material.pk for spec, material in zip(specs, created, strict=True)}

    # -- measurements -----------------------------------------------------------------------------------
    def write(self, rows: list[ParsedRow], dataset: Reference) -> None:
        dois = {doi for row in rows for doi in row.dois} | {
            m.reference_doi for row in rows for m in row.measurements if m.reference_doi
        }
        references = self.references_for(dois) if dois else {}
        citations = {m.reference_citation for row in rows for m in row.measurements if m.reference_citation}
        if citations:
            references.update(self.references_for_citations(citations))

        existing: dict[tuple, Measurement] = {}
        by_content: dict[tuple, Measurement] = {}
        # The dataset's rows are locked until the import commits (in id order, so two imports of one
        # dataset queue rather than deadlock): a curator's edit either committed before this read, and
        # is seen and kept, or waits for the import and then applies to the imported row.
        stored = (
            Measurement.objects.filter(source_dataset=dataset, is_derived=False)
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        for measurement in stored:
            if measurement.source_row:
                existing[(measurement.source_row, measurement.property_id, measurement.measured_part)] = measurement
            by_content[self.content_key(measurement.material_id, measurement)] = measurement
        # Rows of this dataset already merged into a measurement of another source.
        for source in MeasurementSource.objects.filter(dataset=dataset).select_related("measurement"):
            m = source.measurement
            existing.setdefault((source.source_row, m.property_id, m.measured_part), m)

        material_ids = self.existing_materials(rows)
        # A row already stored (natural key) stays with the material it was stored under.
        for row in rows:
            for spec in row.measurements:
                found = existing.get((spec.source_row, spec.property.pk, spec.measured_part))
                if found is not None:
                    material_ids.setdefault(row.material.match_key, found.material_id)
                    break
        new_specs: dict[tuple, MaterialSpec] = {}
        for row in rows:
            if row.material.match_key not in material_ids:
                new_specs.setdefault(row.material.match_key, row.material)
        material_ids.update(self.create_materials(list(new_specs.values()), self.source.status))
        same_report = _SameReport(set(material_ids.values()))
        if hasattr(self.source, "write_structures"):  # sources that also bring crystal structures
            self.source.write_structures(rows, material_ids, dataset, self.report)

        to_create: list[Measurement] = []
        to_update: list[Measurement] = []
        to_link: list[tuple[Measurement, MeasurementSpec]] = []
        touched: set[int] = set()
        for row in self.progress(rows, "Writing", len(rows)):
            if row.rejected:  # only its structure was kept
                continue
            material_id = material_ids[row.material.match_key]
            outcomes = set()
            for spec in row.measurements:
                reference = references.get(spec.reference_doi or spec.reference_citation)
                # What the source says. Notes and method are written only when the row is new; the reported
                # text follows a changed value. A row a curator edited (curated_at) is never changed at all.
                wanted = {
                    "material_id": material_id,
                    "value": spec.value,
                    "qualifier": spec.qualifier,
                    "temperature_k": spec.temperature_k,
                    "temperature_nominal": spec.temperature_nominal,
                    "reference_id": reference.pk if reference else None,
                }
                described = {
                    "reported_value": spec.reported_value[:100],
                    "reported_unit": spec.reported_unit[:30],
                    "method": spec.method,
                    "is_extrapolated": spec.is_extrapolated,
                    "notes": spec.notes,
                    "flag": spec.flag,
                    "flag_reason": spec.flag_reason,
                }
                current = existing.get((spec.source_row, spec.property.pk, spec.measured_part))
                if current is None:
                    # A curated copy of this row stored under another row id: same material, value and temperature.
                    probe = Measurement(property=spec.property, measured_part=spec.measured_part, **wanted)
                    if self.content_key(material_id, probe) in by_content:
                        outcomes.add("unchanged")
                        continue
                    # The same report already stored from another dataset or import: one more source of it.
                    twin = same_report.find(probe)
                    if twin is not None:
                        to_link.append((twin, spec))
                        outcomes.add("merged")
                        touched.add(material_id)
                        continue
                    measurement = Measurement(
                        property=spec.property,
                        measured_part=spec.measured_part,
                        source_dataset=dataset,
                        source_row=spec.source_row,
                        **wanted,
                        **described,
                    )
                    to_create.append(measurement)
                    same_report.add(measurement)
                    implausible = spec.property.implausibility(spec.value)
                    if implausible:
                        self.report.issues.append(
                            RowError(row.row, "value", spec.reported_value, implausible, "imported with warning")
                        )
                    outcomes.add("created")
                    touched.add(material_id)
                    continue
                if reference is None:  # the row names no paper: keep whatever reference a curator set
                    wanted.pop("reference_id")
                changed = [
                    name
                    for name, value in wanted.items()
                    if not (
                        _same_float(getattr(current, name), value)
                        if isinstance(value, float) or getattr(current, name) is None or value is None
                        else getattr(current, name) == value
                    )
                ]
                if current.source_dataset_id != dataset.pk:
                    changed = []  # merged into another source's measurement: that source owns the value
                if changed and current.curated_at is not None:
                    # A curator's value is never overwritten: report it and leave the whole row as it is.
                    self.report.kept += 1
                    self.report.issues.append(self.kept_issue(row.row, spec, current))
                    outcomes.add("unchanged")
                elif changed:
                    touched.update({current.material_id, material_id})
                    for name in changed:
                        setattr(current, name, wanted[name])
                    if "value" in changed:
                        # The reported text describes the value: a new value brings its own.
                        current.reported_value = described["reported_value"]
                        current.reported_unit = described["reported_unit"]
                    to_update.append(current)
                    outcomes.add("updated")
                else:
                    outcomes.add("unchanged")
            if "updated" in outcomes:
                self.report.updated += 1
            elif "created" in outcomes:
                self.report.created += 1
            elif "merged" in outcomes:
                self.report.merged += 1
            else:
                self.report.unchanged += 1
        for measurement in to_create:
            measurement.full_clean(exclude=_MEASUREMENT_FKS, validate_unique=False, validate_constraints=False)
        self.create_measurements(to_create)
        if to_link:
            links = {
                (twin.pk, spec.source_row): MeasurementSource(
                    measurement_id=twin.pk,
                    dataset=dataset,
                    source_row=spec.source_row,
                    reported_value=spec.reported_value[:100],
                    reported_unit=spec.reported_unit[:30],
                )
                for twin, spec in to_link
            }
            bulk_create_with_history(list(links.values()), MeasurementSource, batch_size=1000)
        if to_update:
            bulk_update_with_history(
                to_update,
                Measurement,
                [
                    "material",
                    "value",
                    "reported_value",
                    "reported_unit",
                    "qualifier",
                    "temperature_k",
                    "temperature_nominal",
                    "reference",
                ],
                batch_size=500,
            )
        self.report.measurements_created += len(to_create)
        self.report.measurements_updated += len(to_update)
        if touched:
            from electrolytes.evidence import evidence_changed

            self.report.fits += evidence_changed(touched)

    @staticmethod
    def kept_issue(row: int, spec: MeasurementSpec, current: Measurement) -> RowError:
        unit = spec.property.canonical_unit
        when = current.curated_at.strftime("%Y-%m-%d %H:%M UTC")
        return RowError(
            row,
            spec.property.key,
            f"{spec.reported_value} {spec.reported_unit}".strip(),
            f"The stored {spec.property.name} {current.value:g} {unit} (reported {current.reported_value} "
            f"{current.reported_unit}) was edited by a curator on {when}; the file's {spec.value:g} {unit} "
            "was not written.",
            KEPT_CURATED,
        )

    def create_measurements(self, measurements: list[Measurement]) -> None:
        if measurements:
            bulk_create_with_history(measurements, Measurement, batch_size=1000)

    @staticmethod
    def content_key(material_id: int, measurement: Measurement) -> tuple:
        temperature = None if measurement.temperature_k is None else round(measurement.temperature_k, 1)
        value = round(math.log10(measurement.value), 3) if measurement.value > 0 else measurement.value
        return (material_id, measurement.property_id, measurement.measured_part, temperature, value)
