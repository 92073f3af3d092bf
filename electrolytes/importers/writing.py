"""Writing an import: resolve materials and references with lookups, write in bulk, refit what changed.

Rows arrive in bounded batches (``batch_rows``); each batch is looked up and written with bulk operations inside
the caller's one transaction, so memory follows the batch, not the file, and a file is still all-or-nothing.
What must be known across batches is kept small: the row ids already seen go to a temporary table, the
materials touched (ids) are refitted at the end, in chunks.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import connection
from django.db.models import BooleanField, Model, Q
from django.db.models.expressions import RawSQL
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from electrolytes import services
from electrolytes.bulk_copy import Blueprint, copy_create
from electrolytes.db_stats import analyze_if_free
from electrolytes.models import (
    Component,
    ImportRun,
    Material,
    Measurement,
    MeasurementSource,
    Reference,
)
from electrolytes.models.references import placeholder_title

from .formulations import formulation_key
from .specs import (
    CITATION_FLAG,
    KEPT_CURATED,
    ImportReport,
    MaterialSpec,
    MeasurementSpec,
    OnProgress,
    ParsedRow,
    Progress,
    RowError,
    Source,
    no_report,
)

BATCH_ROWS = 5000  # rows looked up and written together; memory follows this, not the file
# Measurements (of the touched materials) a refit chunk reads at most: a refit's memory follows this.
FIT_CHUNK_MEASUREMENTS = 60_000


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


def material_chunks(ids: list[int], max_measurements: int) -> Iterator[tuple[list[int], int]]:
    """``ids`` in order, in runs holding at most ``max_measurements`` stored measurements each (a material
    holding more is a run of its own), with each run's count."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT material_id, count(*) FROM electrolytes_measurement WHERE material_id = ANY(%s) "
            "GROUP BY material_id",
            [ids],
        )
        counts = dict(cursor.fetchall())
    chunk: list[int] = []
    total = 0
    for pk in ids:
        n = counts.get(pk, 0)
        if chunk and total + n > max_measurements:
            yield chunk, total
            chunk, total = [], 0
        chunk.append(pk)
        total += n
    if chunk:
        yield chunk, total


# Measurements created by one import after which it gathers statistics, then again each time they double.
ANALYZE_FIRST = 20_000
_MEASUREMENT_FKS = ["material", "property", "reference", "source_dataset", "derived_from_fit"]
_PROPERTY = Measurement._meta.get_field("property")
_NEW_MEASUREMENT = Blueprint(Measurement)
_SOURCE_DATASET = Measurement._meta.get_field("source_dataset")


def _same_float(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    # Six significant figures: what survives a spreadsheet or a fixture written by hand.
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-300)


@dataclass(slots=True)
class _Probe:
    """What a new row would store, as far as finding its stored copy needs (a Measurement costs ten times
    more to build, and most rows are new)."""

    material_id: int
    property_id: int
    measured_part: str
    value: float
    qualifier: str
    temperature_k: float | None
    temperature_nominal: bool
    reference_id: int | None


def _among(subquery: str, params: list) -> Q:
    """Measurements whose ids ``subquery`` returns, as ``id = ANY(ARRAY(subquery))``: the subquery runs once, first,
    and the table is then read at those ids through its primary key. As ``id IN (subquery)`` or OR-ed with other
    conditions, the planner, whose statistics do not know the rows an import has written so far, may read every
    row written so far to pick a batch's few, at a cost that grows with each batch of a large import."""
    condition = f'"electrolytes_measurement"."id" = ANY(ARRAY({subquery}))'
    return Q(RawSQL(condition, params, output_field=BooleanField()))  # noqa: S611 (this module's SQL, values as params)


def _stored_rows(dataset_id: int, row_ids: list[str]) -> Q:
    """The dataset's measurements stored under these row ids, each row id looked up on its own in the unique
    (dataset, row id, ...) index: the lateral subquery, kept apart by ``OFFSET 0``, is one index probe per row id
    (left to choose, the planner hashes every row the dataset holds)."""
    return _among(
        "SELECT m.id FROM unnest(%s::text[]) AS k(source_row) CROSS JOIN LATERAL (SELECT id FROM "
        "electrolytes_measurement WHERE source_dataset_id = %s AND source_row = k.source_row AND source_row <> '' "
        "OFFSET 0) AS m",
        [row_ids, dataset_id],
    )


class _SameReport:
    """Stored measurements of some materials, found by what makes two copies one report: material, property,
    paper, qualifier and measured part equal, value within a relative 1e-3 and temperature within 0.5 K."""

    VALUE_RTOL = 1e-3
    TEMPERATURE_TOL_K = 0.5

    def __init__(self):
        self.groups: dict[tuple, list[Measurement]] = {}

    @staticmethod
    def matching(pairs: set[tuple[int, int]]) -> tuple[str, list]:
        """A subquery (SQL, params) of the ids of the stored measurements of these (material id, reference id)
        pairs: only those can be the same report as a new row, and a material's other papers may hold thousands
        of rows. Each pair is looked up on its own (a lateral subquery kept apart by ``OFFSET 0``), through the
        paper's or the material's index, rather than hashed against every row written so far."""
        materials, references = zip(*sorted(pairs), strict=True)
        return (
            "SELECT m.id FROM unnest(%s::bigint[], %s::bigint[]) AS k(material_id, reference_id) CROSS JOIN LATERAL "
            "(SELECT id FROM electrolytes_measurement WHERE material_id = k.material_id AND reference_id = "
            "k.reference_id OFFSET 0) AS m",
            [list(materials), list(references)],
        )

    @staticmethod
    def key(m: Measurement | _Probe) -> tuple:
        return (m.material_id, m.property_id, m.reference_id, m.qualifier, m.measured_part)

    def add(self, measurement: Measurement) -> None:
        if measurement.reference_id is not None:
            self.groups.setdefault(self.key(measurement), []).append(measurement)

    def find(self, probe: Measurement | _Probe) -> Measurement | None:
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
    """One import's lookups and bulk writes (inside the caller's transaction), a batch of rows at a time."""

    def __init__(
        self,
        source: Source,
        report: ImportReport,
        progress: Progress,
        *,
        batch_rows: int = BATCH_ROWS,
        on_progress: OnProgress = no_report,
    ):
        self.source = source
        self.report = report
        self.progress = progress
        self.batch_rows = max(1, batch_rows)
        self.on_progress = on_progress
        self.batches: list[int] = []  # rows in each batch written (its length is the number of batches)
        self.changed: set[type[Model]] = set()  # what ANALYZE should look at after the commit
        self.touched: set[int] = set()
        self._dataset: Reference | None = None
        self._slugs: set[str] | None = None
        self._reference_keys: set[str] | None = None
        self._seen_table = False
        self._first_new_pk: int | None = None  # the first measurement this import created
        self._dataset_had_rows: bool | None = None  # whether the dataset held measurements before this import
        self._analyze_at = ANALYZE_FIRST  # measurements created, at which to gather statistics again
        self._stream: str | TextIO = ""
        self.clean_measurement = services.BatchCleaner(Measurement, relations=_MEASUREMENT_FKS)

    def run(self, text: str | TextIO) -> None:
        self._stream = text
        rows: list[ParsedRow] = []
        seen_rows: set[str] = set()  # row ids of the batch being gathered; earlier batches' are in the database
        # A source of references rather than measurements writes the whole file at once (BibTeX files are small).
        batch_rows = self.batch_rows if not hasattr(self.source, "write_rows") else None
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
                self._reject_duplicate(item, sorted(duplicate)[0])
                continue
            seen_rows |= ids
            rows.append(item)
            if batch_rows and len(rows) >= batch_rows:
                self.flush(rows, more=True)
                rows, seen_rows = [], set()
        self.flush(rows, more=False)
        self.refit()

    def _reject_duplicate(self, item: ParsedRow, row_id: str) -> None:
        self.report.rejected += 1
        self.report.issues.append(RowError(item.row, "id", row_id, f"Row id {row_id!r} appears earlier in the file."))

    def _drop_rows_seen_before(self, rows: list[ParsedRow], *, more: bool) -> list[ParsedRow]:
        """Rows whose id an earlier batch had are rejected (as within a batch); the ids of this batch are
        remembered in a temporary table (dropped at commit) when more batches follow."""
        ids = sorted({m.source_row for row in rows for m in getattr(row, "measurements", ())})
        if not (self._seen_table or more) or not ids:
            return rows
        with connection.cursor() as cursor:
            if not self._seen_table:
                # IF NOT EXISTS and TRUNCATE: two imports in one outer transaction (a test) share it.
                cursor.execute(
                    "CREATE TEMPORARY TABLE IF NOT EXISTS import_seen_rows (source_row text PRIMARY KEY) ON COMMIT DROP"
                )
                cursor.execute("TRUNCATE import_seen_rows")
                self._seen_table = True
            # One statement both remembers the batch's ids and tells which an earlier batch had (those it did not
            # insert), through the primary key whatever the temporary table's (never gathered) statistics say.
            cursor.execute(
                "INSERT INTO import_seen_rows SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING RETURNING source_row",
                [ids],
            )
            earlier = set(ids) - {value for (value,) in cursor.fetchall()}
        kept = []
        for row in rows:
            duplicate = {m.source_row for m in getattr(row, "measurements", ())} & earlier
            if duplicate:
                self._reject_duplicate(row, sorted(duplicate)[0])
            else:
                kept.append(row)
        return kept

    def flush(self, rows: list[ParsedRow], *, more: bool) -> None:
        rows = self._drop_rows_seen_before(rows, more=more)
        for row in rows:
            self.report.issues.extend(getattr(row, "warnings", ()))
        if rows:  # a header-only file, or every row rejected: not even the dataset reference is made
            self.batches.append(len(rows))
            if hasattr(self.source, "write_rows"):  # sources of references rather than measurements
                self.source.write_rows(rows, self.report)
                self.changed.add(Reference)
            else:
                if self._dataset is None:
                    self._dataset = self.source.dataset()
                    self.changed.add(Reference)
                self.write(rows, self._dataset)
        stream = getattr(self._stream, "buffer", self._stream)  # the bytes under a text stream
        if hasattr(stream, "tell"):
            self.report.bytes_read = stream.tell()
        self.on_progress("rows", self.report, self.report.rows, 0)

    def refit(self) -> None:
        """Refit and refresh the headlines of every material the batches touched, a chunk at a time.

        A chunk holds as many materials as keep its measurements within FIT_CHUNK_MEASUREMENTS (a material
        with more is a chunk of its own: its points are fitted together), since what a refit reads grows with
        the measurements, and a few materials of a large file may hold most of them.
        """
        if not self.touched:
            return
        from electrolytes.evidence import evidence_changed
        from electrolytes.models import ConductivityFit, PropertyHeadline

        ids = sorted(self.touched)
        done = 0
        for chunk, measurements in material_chunks(ids, FIT_CHUNK_MEASUREMENTS):
            self.report.fits += evidence_changed(chunk)
            self.report.refit_chunks.append((len(chunk), measurements))
            done += len(chunk)
            self.on_progress("fits", self.report, done, len(ids))
        self.changed |= {ConductivityFit, PropertyHeadline, Material, Measurement}

    def reference_keys(self) -> set[str]:
        """Every stored reference key, read once per import and kept up to date as references are made."""
        if self._reference_keys is None:
            self._reference_keys = set(Reference.objects.values_list("key", flat=True))
        return self._reference_keys

    def new_reference_key(self, base: str, fallback: str) -> str:
        """A key for a reference this import makes, from ``base`` (cut to fit), used by no stored reference."""
        key = services.unique_key(base[:74].strip("-") or fallback, self.reference_keys())
        self.reference_keys().add(key)
        return key

    # -- references -------------------------------------------------------------------------------------
    def references_for(self, dois: set[str]) -> dict[str, Reference]:
        found = {ref.doi: ref for ref in Reference.objects.filter(doi__in=dois)}
        missing = sorted(dois - found.keys())
        if missing:
            new = []
            for doi in missing:
                new.append(
                    Reference(
                        key=self.new_reference_key("doi-" + slugify(doi.replace("/", "-").replace(".", "-")), ""),
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
        new = []
        for text in sorted(citations - found.keys()):
            new.append(
                Reference(
                    key=self.new_reference_key("citation-" + slugify(text), "citation"),
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
        if self._slugs is None:
            self._slugs = set(Material.objects.values_list("slug", flat=True))
        slugs = self._slugs
        materials = []
        for spec in specs:
            slug = services.unique_slug(spec.name, taken=slugs)  # the slug material_create would choose
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
            services.clean_for_batch(material, relations=["electrolyte_class", "family"])
            materials.append(material)
        created = bulk_create_with_history(materials, Material, batch_size=500)
        components = []
        for spec, material in zip(specs, created, strict=True):
            for position, data in enumerate(spec.components):
                component = Component(material=material, position=position, **data)
                services.clean_for_batch(component, relations=["material"])
                components.append(component)
        if components:
            bulk_create_with_history(components, Component, batch_size=1000)
        self.report.materials_created += len(created)
        self.changed |= {Material, Component}
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
        # Only this batch's rows are looked up: by row id here, by content once the materials are known.
        row_ids = sorted({m.source_row for row in rows for m in row.measurements})
        stored = (
            Measurement.objects.filter(_stored_rows(dataset.pk, row_ids), is_derived=False)
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        for measurement in stored:
            existing[(measurement.source_row, measurement.property_id, measurement.measured_part)] = measurement
        # Rows of this dataset already merged into a measurement of another source.
        # Two plain lookups rather than a join: on tables whose statistics are not gathered yet (mid-import)
        # the planner can pick a nested loop over the whole measurement table for the join.
        merged = list(
            MeasurementSource.objects.filter(dataset=dataset, source_row__in=row_ids)
            .order_by()  # the model's ordering follows the measurement's and would join three tables
            .values_list("source_row", "measurement_id")
        )
        twins = Measurement.objects.in_bulk({pk for _row, pk in merged})
        for source_row, pk in merged:
            m = twins[pk]
            existing.setdefault((source_row, m.property_id, m.measured_part), m)

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
        # Rows not stored under their row id are compared by content with what the dataset held before this
        # import, and with the same paper's reports of the same material: only their materials are looked up.
        new_materials: set[int] = set()
        new_pairs: set[tuple[int, int]] = set()
        for row in rows:
            for spec in row.measurements:
                if (spec.source_row, spec.property.pk, spec.measured_part) not in existing:
                    material_id = material_ids[row.material.match_key]
                    new_materials.add(material_id)
                    reference = references.get(spec.reference_doi or spec.reference_citation)
                    if reference is not None:
                        new_pairs.add((material_id, reference.pk))
        # One query for both: the dataset's rows stored before this import began (ids below the first one it
        # created; none to look for when the dataset was new), and the same papers' reports of these materials,
        # locked until the import commits.
        floor = self._first_new_pk
        if self._dataset_had_rows is None:  # asked once, before the import's first write
            self._dataset_had_rows = Measurement.objects.filter(source_dataset=dataset).exists()
        subqueries: list[str] = []
        params: list = []
        if new_materials and self._dataset_had_rows:
            subqueries.append(
                "SELECT id FROM electrolytes_measurement WHERE source_dataset_id = %s AND material_id = ANY(%s) "
                "AND (%s IS NULL OR id < %s)"
            )
            params += [dataset.pk, sorted(new_materials), floor, floor]
        if new_pairs:
            sql, pair_params = _SameReport.matching(new_pairs)
            subqueries.append(sql)
            params += pair_params
        same_report = _SameReport()
        if subqueries:
            for measurement in (
                Measurement.objects.filter(_among(" UNION ".join(subqueries), params), is_derived=False)
                .select_for_update(of=("self",))
                .order_by("pk")
            ):
                if (
                    measurement.source_dataset_id == dataset.pk
                    and measurement.material_id in new_materials
                    and (floor is None or measurement.pk < floor)
                ):
                    by_content[self.content_key(measurement.material_id, measurement)] = measurement
                if (measurement.material_id, measurement.reference_id) in new_pairs:
                    same_report.add(measurement)
        if hasattr(self.source, "write_structures"):  # sources that also bring crystal structures
            self.source.write_structures(rows, material_ids, dataset, self.report)

        to_create: list[Measurement] = []
        to_update: list[Measurement] = []
        to_link: list[tuple[Measurement, MeasurementSpec]] = []
        touched = self.touched
        for row in rows:
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
                    probe = _Probe(property_id=spec.property.pk, measured_part=spec.measured_part, **wanted)
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
                    # By ids, the objects put in the relations' caches (clean() reads the property): assigning
                    # the objects asks the database routers twice per row. Built from a blueprint: Model.__init__
                    # costs more than cleaning and writing the row.
                    measurement = _NEW_MEASUREMENT(
                        property_id=spec.property.pk,
                        measured_part=spec.measured_part,
                        source_dataset_id=dataset.pk,
                        source_row=spec.source_row,
                        **wanted,
                        **described,
                    )
                    _PROPERTY.set_cached_value(measurement, spec.property)
                    _SOURCE_DATASET.set_cached_value(measurement, dataset)
                    to_create.append(measurement)
                    same_report.add(measurement)
                    if spec.implausible:  # services.measurement_values said so when the row was read
                        self.report.issues.append(
                            RowError(row.row, "value", spec.reported_value, spec.implausible, "imported with warning")
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
            self.clean_measurement(measurement)
        self.create_measurements(to_create)
        if self._first_new_pk is None and to_create:
            self._first_new_pk = min(m.pk for m in to_create)
        self.report.measurements_created += len(to_create)
        if self.report.measurements_created >= self._analyze_at:
            # The next batches' look-ups are planned from statistics that know this import's rows: taken when the
            # table was smaller, they turn each look-up into a scan of everything written so far.
            analyze_if_free([Measurement])
            self._analyze_at = 2 * self.report.measurements_created
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
        self.report.measurements_updated += len(to_update)
        if to_create or to_update:
            self.changed.add(Measurement)
        if to_link:
            self.changed.add(MeasurementSource)

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
        # COPY rather than bulk_create: the same rows and history rows, at a fraction of the cost per row.
        copy_create(measurements, Measurement, history=True)

    @staticmethod
    def content_key(material_id: int, measurement: Measurement | _Probe) -> tuple:
        temperature = None if measurement.temperature_k is None else round(measurement.temperature_k, 1)
        value = round(math.log10(measurement.value), 3) if measurement.value > 0 else measurement.value
        return (material_id, measurement.property_id, measurement.measured_part, temperature, value)
