"""OBELiX (Therrien et al., CC BY 4.0): room-temperature conductivities of Li inorganic solid electrolytes.

One row per (composition, paper). Rows sharing a reduced formula become one material with several
measurements. The headline conductivity is stored as measured at 298.15 K; where the row also gives a total
or bulk value that differs from the headline, that value is stored too, with its measured part.

The class of a new material is inferred from its chemistry (``electrolytes.classification.infer_class``, the
rule that fired is stored on the material). Family labels are matched onto StructureFamily (slug, name or
aliases, case- and space-insensitive) and applied only when the compound fits the family's composition rule;
otherwise the label is kept as the source's (``Material.family_label``) with the reason in
``Material.family_mismatch`` and the row is reported as "imported with warning". Neither rejects the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from electrolytes import crystal, services
from electrolytes.chemistry import FormulaError, parse_formula
from electrolytes.models import CrystalStructure, ImportRun, Material, Measurement, PublicationStatus, Reference
from electrolytes.units import ROOM_TEMPERATURE_K

from .lookups import Vocabulary, dataset_reference
from .parsing import CellError, clean_text, normalise_space_group, parse_dois, parse_number
from .reading import csv_records
from .specs import MaterialSpec, MeasurementSpec, ParsedRow, Progress, RowError

DATASET = {
    "doi": "10.48550/arxiv.2502.14234",
    "key": "obelix",
    "kind": Reference.Kind.DATASET,
    "title": "OBELiX: a curated dataset of crystal structures and experimentally measured ionic conductivities "
    "for lithium solid-state electrolytes",
    "authors": ["Therrien, Félix", "Haibeh, Jamal Abou", "Sharma, Divya", "Hendley, Rhiannon", "et al."],
    "journal": "Digital Discovery (preprint arXiv:2502.14234)",
    "year": 2025,
    "url": "https://github.com/NRC-Mila/OBELiX",
    "licence": "CC BY 4.0",
    "notes": "Imported from all.csv; each measurement keeps the OBELiX entry id as its source row.",
}

ID = "ID"
FORMULA = "Reduced Composition"
TRUE_FORMULA = "True Composition"
CONDUCTIVITY = "Ionic conductivity (S cm-1)"
TOTAL = "IC (Total)"
BULK = "IC (Bulk)"
SPACE_GROUP = "Space group"
FAMILY = "Family"
DOI = "DOI"
ICSD = "ICSD ID"
CHECKED = "Checked"
NOTE = "note"

# OBELiX `note` texts that doubt the row's value or composition (most notes are about the structure file and
# do not): each becomes a flag on the imported values, with the note as the reason.
DOUBTFUL_NOTES = [
    ("duplicated", Measurement.Flag.SUPERSEDED),
    ("should be deleted", Measurement.Flag.ERRONEOUS),
    ("deleted", Measurement.Flag.ERRONEOUS),
    ("composition should be corrected", Measurement.Flag.DISPUTED),
    ("check the composition", Measurement.Flag.DISPUTED),
    ("true formula", Measurement.Flag.DISPUTED),
    ("should be read from the graph", Measurement.Flag.DISPUTED),
    ("structure may be different", Measurement.Flag.DISPUTED),
]


def doubtful_note_flag(note: str) -> str:
    """The flag an OBELiX note puts on a row's values ('' when the note does not doubt them)."""
    lowered = note.lower()
    return next((flag for phrase, flag in DOUBTFUL_NOTES if phrase in lowered), "")


CIF_ID = "Cif ID"
CLOSE_MATCH = "close match"
CLOSE_MATCH_SOURCE = "close match DOI"
REQUIRED = [ID, FORMULA, CONDUCTIVITY, DOI, FAMILY]
CIF_FOLDER = "cifs"  # beside all.csv: cifs/<ID>.cif
_MP_ID = re.compile(r"^mp-\d+$")
# What is written again when a stored structure's CIF or flags changed upstream.
_STRUCTURE_FIELDS = [
    "material", "source_kind", "source_dataset", "source_row", "reference", "label", "is_close_match",
    "positions_perturbed", "mp_id", "file_name", "cif_text", "cif_sha256", "parse_warnings", "lattice_vectors",
    "sites", "nsites", "formula", "composition", "elements", "space_group_given", "space_group_number_given",
    "space_group_found", "space_group_number_found", "no_lithium", "composition_mismatch",
    "composition_difference", "has_partial_occupancy", "a", "b", "c", "alpha", "beta", "gamma", "volume", "density",
]  # fmt: skip


def cif_folder_beside(csv_path: Path) -> Path | None:
    """The OBELiX CIF folder next to all.csv, when there is one."""
    folder = Path(csv_path).parent / CIF_FOLDER
    return folder if folder.is_dir() else None


@dataclass
class StructureSpec:
    """A row's CIF, parsed and ready to be checked against the row's material."""

    source_row: str
    parsed: crystal.ParsedStructure
    cif_text: str
    file_name: str
    is_close_match: bool
    mp_id: str
    paper_doi: str


NO_STRUCTURE = "imported without its structure"


class ObelixSource:
    source = ImportRun.Source.OBELIX
    status = PublicationStatus.PUBLISHED  # a peer-reviewed, published dataset

    def __init__(self, cif_dir: Path | None = None) -> None:
        self.cif_dir = Path(cif_dir) if cif_dir else None
        self.vocabulary = Vocabulary()
        self.conductivity = self.vocabulary.property("ionic_conductivity")

    def dataset(self) -> Reference:
        fields = {k: v for k, v in DATASET.items() if k not in ("doi", "key")}
        return dataset_reference(doi=DATASET["doi"], key=DATASET["key"], **fields)

    def parse(self, text: str, progress: Progress) -> Iterator[ParsedRow | list[RowError]]:
        for line, raw in csv_records(
            text, required=REQUIRED, source_name="OBELiX", not_it="Not an OBELiX file", progress=progress
        ):
            yield self.parse_row(line, raw)

    def conductivity_value(self, row: int, column: str, text: str) -> tuple[float, str, str]:
        """(canonical value, qualifier, why it is implausible) of a conductivity cell, by the services' rules for
        a value at the dataset's nominal room temperature; CellError with their message when refused."""
        number = parse_number(text)
        try:
            cleaned = services.measurement_values(
                property=self.conductivity,
                value=number.value,
                unit="S/cm",
                qualifier=number.qualifier,
                temperature=ROOM_TEMPERATURE_K,
                temperature_nominal=True,
            )
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from None
        return cleaned.value, cleaned.qualifier, cleaned.implausible

    def parse_row(self, row: int, raw: dict[str, str]) -> ParsedRow | list[RowError]:
        errors: list[RowError] = []
        warnings: list[RowError] = []
        entry = clean_text(raw.get(ID))
        if not entry:
            errors.append(RowError(row, ID, "", "The row has no OBELiX id."))

        written = clean_text(raw.get(FORMULA))
        parsed = None
        try:
            parsed = parse_formula(written)
        except FormulaError as exc:
            try:  # the unreduced composition is sometimes parseable when the reduced one is not
                parsed = parse_formula(clean_text(raw.get(TRUE_FORMULA)))
                written = parsed.reduced_formula
            except FormulaError:
                errors.append(RowError(row, FORMULA, written, str(exc)))

        values: list[tuple[str, str, float, str, str]] = []  # column, text, value, qualifier, implausible
        for column in (CONDUCTIVITY, TOTAL, BULK):
            text = clean_text(raw.get(column))
            if not text:
                if column == CONDUCTIVITY:
                    errors.append(RowError(row, column, "", "The conductivity is missing."))
                continue
            try:
                value, qualifier, implausible = self.conductivity_value(row, column, text)
            except CellError as exc:
                errors.append(RowError(row, column, text, str(exc)))
                continue
            values.append((column, text, value, qualifier, implausible))

        dois: list[str] = []
        try:
            dois = parse_dois(raw.get(DOI))
        except CellError as exc:
            errors.append(RowError(row, DOI, clean_text(raw.get(DOI)), str(exc)))

        icsd_ids: list[int] = []
        icsd_text = clean_text(raw.get(ICSD))
        if icsd_text:
            try:
                number = parse_number(icsd_text).value
                if number <= 0 or number != int(number):
                    raise CellError("not a positive whole number")
                icsd_ids = [int(number)]
            except CellError:
                warnings.append(
                    RowError(row, ICSD, icsd_text, "Not an ICSD collection code; ignored.", "imported with warning")
                )
        if parsed is None or not entry:
            return errors

        label = clean_text(raw.get(FAMILY))
        try:
            identity = self.vocabulary.identify_compound(parsed, family_label=label)
        except ValueError as exc:
            return [*errors, RowError(row, FORMULA, written, str(exc))]
        description = "Imported from the OBELiX dataset."
        if identity.family_mismatch:
            warnings.append(
                RowError(
                    row,
                    FAMILY,
                    label,
                    f"Family label kept as the source's, not applied: {identity.family_mismatch}.",
                    "imported with warning",
                )
            )

        material = MaterialSpec(
            match_key=("compound", parsed.reduced_formula),
            name=written,
            kind=Material.Kind.COMPOUND,
            electrolyte_class=identity.electrolyte_class,
            family=identity.family,
            class_rule=identity.class_rule,
            family_label=label,
            family_mismatch=identity.family_mismatch,
            formula=written,
            space_group=normalise_space_group(raw.get(SPACE_GROUP))[:30],
            icsd_ids=icsd_ids,
            description=description,
        )
        if errors:
            # The row's values are refused, but a good CIF of a well-formed composition still comes in.
            structure = self.structure(row, entry, raw, dois, []) if self.cif_dir else None
            if structure is None:
                return errors
            return ParsedRow(row=row, material=material, measurements=[], structure=structure, rejected=errors)

        headline = values[0]
        parts = {TOTAL: Measurement.MeasuredPart.TOTAL, BULK: Measurement.MeasuredPart.BULK}
        headline_part = next(
            (parts[column] for column, _t, value, _q, _i in values[1:] if value == headline[2]),
            Measurement.MeasuredPart.NOT_SPECIFIED,
        )
        note = clean_text(raw.get(NOTE))
        notes = [f"OBELiX reports room-temperature values; stored at {ROOM_TEMPERATURE_K:g} K."]
        if len(dois) > 1:
            notes.append(f"Also reported in: {', '.join(dois[1:])}.")
        if clean_text(raw.get(CHECKED)) == "0":
            notes.append("Not checked by the OBELiX authors.")
        measurements = [
            self.measurement(entry, headline, headline_part, dois, notes, note),
            *(
                self.measurement(entry, value, parts[value[0]], dois, notes, note)
                for value in values[1:]
                if parts[value[0]] != headline_part
            ),
        ]
        structure = self.structure(row, entry, raw, dois, warnings) if self.cif_dir else None
        return ParsedRow(
            row=row, material=material, measurements=measurements, dois=dois, warnings=warnings, structure=structure
        )

    # -- crystal structures (cifs/<ID>.cif beside all.csv) -------------------------------------------------

    def structure(
        self, row: int, entry: str, raw: dict[str, str], dois: list[str], warnings: list[RowError]
    ) -> StructureSpec | None:
        """The row's CIF, parsed; a bad or missing file is a warning on the row, whose values still import."""
        name = f"{entry}.cif"
        path = self.cif_dir / name
        if not path.is_file():
            if clean_text(raw.get(CIF_ID)).lower() == "done":
                warnings.append(
                    RowError(row, CIF_ID, name, "The row says its CIF is done, but the file is missing.", NO_STRUCTURE)
                )
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            parsed = crystal.parse_cif(text)
        except crystal.CifError as exc:
            warnings.append(RowError(row, CIF_ID, name, f"Structure not imported: {exc}", NO_STRUCTURE))
            return None
        source = clean_text(raw.get(CLOSE_MATCH_SOURCE))
        return StructureSpec(
            source_row=entry,
            parsed=parsed,
            cif_text=text,
            file_name=name,
            is_close_match=clean_text(raw.get(CLOSE_MATCH)).lower() == "yes",
            mp_id=source if _MP_ID.match(source) else "",
            paper_doi=dois[0] if dois else "",
        )

    def write_structures(self, rows: list[ParsedRow], material_ids: dict, dataset: Reference, report) -> None:
        """Store each row's structure under the row's material; natural key: dataset + the row's ID.

        A re-import leaves a structure whose CIF and flags are unchanged as it is; a curator's label,
        paper and choice of representative structure are kept when the CIF changes.
        """
        specs = [(row, row.structure) for row in rows if row.structure is not None]
        report.structures_rejected += sum(1 for row in rows for w in row.warnings if w.outcome == NO_STRUCTURE)
        if not specs:
            return
        existing = {
            s.source_row: s
            for s in CrystalStructure.objects.filter(
                source_dataset=dataset, source_row__in=[spec.source_row for _row, spec in specs]
            )
        }
        materials = Material.objects.only("id", "composition", "kind").in_bulk(
            {material_ids[row.material.match_key] for row, _spec in specs}
        )
        papers = {r.doi: r for r in Reference.objects.filter(doi__in={spec.paper_doi for _r, spec in specs} - {""})}
        to_create, to_update, touched = [], [], set()
        for row, spec in specs:
            material = materials[material_ids[row.material.match_key]]
            current = existing.get(spec.source_row)
            if (
                current is not None
                and current.material_id == material.pk
                and current.cif_sha256 == spec.parsed.cif_sha256
                and current.is_close_match == spec.is_close_match
                and (current.mp_id == spec.mp_id or not spec.mp_id)
            ):
                report.structures_unchanged += 1
                continue
            # The paper's own structure cites the paper; a close match comes from elsewhere.
            paper = None if spec.is_close_match else papers.get(spec.paper_doi)
            structure = services.structure_from_parsed(
                material=material,
                parsed=spec.parsed,
                cif_text=spec.cif_text,
                source_kind=CrystalStructure.SourceKind.DATASET,
                source_dataset=dataset,
                source_row=spec.source_row,
                reference=current.reference if current is not None and current.reference_id else paper,
                label=current.label if current is not None else "",
                is_close_match=spec.is_close_match,
                positions_perturbed=True,  # OBELiX added noise to every atomic position before release
                mp_id=spec.mp_id or (current.mp_id if current is not None else ""),
                file_name=spec.file_name,
                instance=current,
            )
            services.clean_for_batch(structure, relations=["material", "source_dataset", "reference", "uploaded_by"])
            touched.add(material.pk)
            if current is None:
                to_create.append(structure)
            else:
                if current.material_id != material.pk:
                    structure.is_representative = False
                to_update.append(structure)
        if to_create:
            bulk_create_with_history(to_create, CrystalStructure, batch_size=200)
        if to_update:
            fields = [*_STRUCTURE_FIELDS, "is_representative"]
            bulk_update_with_history(to_update, CrystalStructure, fields, batch_size=200)
        report.structures_created += len(to_create)
        report.structures_updated += len(to_update)
        services.structures_choose_representatives(material_ids=touched)

    def measurement(
        self,
        entry: str,
        value: tuple[str, str, float, str, str],
        part: str,
        dois: list[str],
        notes: list[str],
        note: str = "",
    ) -> MeasurementSpec:
        _column, text, canonical, qualifier, implausible = value
        flag = doubtful_note_flag(note)
        return MeasurementSpec(
            property=self.conductivity,
            value=canonical,
            reported_value=text,
            reported_unit="S/cm",
            source_row=entry,
            qualifier=qualifier,
            temperature_k=ROOM_TEMPERATURE_K,
            temperature_nominal=True,
            measured_part=part,
            method=Measurement.Method.NOT_SPECIFIED,
            reference_doi=dois[0] if dois else "",
            notes=" ".join(notes),
            flag=flag,
            flag_reason=f"OBELiX note: {note}" if flag else "",
            implausible=implausible,
        )
