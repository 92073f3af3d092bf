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

from collections.abc import Iterator

from electrolytes.chemistry import FormulaError, parse_formula
from electrolytes.models import ImportRun, Material, Measurement, PublicationStatus, Reference
from electrolytes.units import ROOM_TEMPERATURE_K, UnitError

from .engine import MaterialSpec, MeasurementSpec, ParsedRow, Progress, RowError, csv_records
from .lookups import Vocabulary, dataset_reference
from .parsing import CellError, clean_text, normalise_space_group, parse_dois, parse_number

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


REQUIRED = [ID, FORMULA, CONDUCTIVITY, DOI, FAMILY]


class ObelixSource:
    source = ImportRun.Source.OBELIX
    status = PublicationStatus.PUBLISHED  # a peer-reviewed, published dataset

    def __init__(self) -> None:
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

    def conductivity_value(self, row: int, column: str, text: str) -> tuple[float, str]:
        number = parse_number(text)
        try:
            return self.conductivity.convert(number.value, "S/cm"), number.qualifier
        except (UnitError, ValueError) as exc:
            raise CellError(str(exc)) from None

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

        values: list[tuple[str, str, float, str]] = []  # column, text, value, qualifier
        for column in (CONDUCTIVITY, TOTAL, BULK):
            text = clean_text(raw.get(column))
            if not text:
                if column == CONDUCTIVITY:
                    errors.append(RowError(row, column, "", "The conductivity is missing."))
                continue
            try:
                value, qualifier = self.conductivity_value(row, column, text)
            except CellError as exc:
                errors.append(RowError(row, column, text, str(exc)))
                continue
            values.append((column, text, value, qualifier))

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
        if errors or parsed is None:
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
        headline = values[0]
        parts = {TOTAL: Measurement.MeasuredPart.TOTAL, BULK: Measurement.MeasuredPart.BULK}
        headline_part = next(
            (parts[column] for column, _t, value, _q in values[1:] if value == headline[2]),
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
        return ParsedRow(row=row, material=material, measurements=measurements, dois=dois, warnings=warnings)

    def measurement(
        self,
        entry: str,
        value: tuple[str, str, float, str],
        part: str,
        dois: list[str],
        notes: list[str],
        note: str = "",
    ) -> MeasurementSpec:
        _column, text, canonical, qualifier = value
        flag = doubtful_note_flag(note)
        return MeasurementSpec(
            property=self.conductivity,
            value=canonical,
            reported_value=text,
            reported_unit="S/cm",
            source_row=entry,
            qualifier=qualifier,
            temperature_k=ROOM_TEMPERATURE_K,
            measured_part=part,
            method=Measurement.Method.NOT_SPECIFIED,
            reference_doi=dois[0] if dois else "",
            notes=" ".join(notes),
            flag=flag,
            flag_reason=f"OBELiX note: {note}" if flag else "",
        )
