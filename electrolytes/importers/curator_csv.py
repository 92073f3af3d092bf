"""A curator's own spreadsheet (CSV), read through a column mapping.

The mapping names the column holding each thing: the formula (or the name of a material already stored),
the value, its unit (or one unit for the whole file), the temperature and its unit, the DOI, the class or
family, and optionally the row id. The curator names the spreadsheet as a dataset reference (``dataset_key``):
that reference plus the row id is the natural key that makes a second import of the same file change nothing.
Without an id column, the row's line number is its id.

Materials the file creates are drafts until a curator publishes them. A row whose material can be found
neither by formula nor by name, or whose class cannot be told, is rejected with the reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from django.core.exceptions import ValidationError

from electrolytes import services, units
from electrolytes.aliases import find_alias
from electrolytes.chemistry import FormulaError, parse_formula
from electrolytes.models import ImportRun, Material, Measurement, PublicationStatus, Reference

from .lookups import Vocabulary, dataset_reference
from .parsing import (
    CellCache,
    CellError,
    clean_text,
    normalise_label,
    parse_dois,
    parse_number,
    parse_unit,
    read_temperature,
    split_value_and_unit,
)
from .specs import BadFile, MaterialSpec, MeasurementSpec, ParsedRow, Progress, RowError, refused

_DOI_LIKE = re.compile(r"10\.\d{4,9}/")
IDENTITY_CACHE = 20_000  # distinct (formula, family, class) answers kept while reading one file


@dataclass
class ColumnMapping:
    """Which column holds what. Columns are matched case- and space-insensitively."""

    value: str
    formula: str = ""
    name: str = ""
    unit: str = ""
    default_unit: str = ""
    temperature: str = ""
    temperature_unit: str = ""
    default_temperature_unit: str = ""
    default_temperature: str = ""  # one temperature for every row (with default_temperature_unit)
    doi: str = ""
    electrolyte_class: str = ""
    family: str = ""
    row_id: str = ""
    property_key: str = "ionic_conductivity"
    measured_part: str = Measurement.MeasuredPart.NOT_SPECIFIED

    def problems(self) -> list[str]:
        found = []
        if not self.value:
            found.append("the value column is required")
        if not (self.formula or self.name):
            found.append("a formula or a name column is required")
        return found


class CuratorCsvSource:
    source = ImportRun.Source.CURATOR_CSV
    status = PublicationStatus.DRAFT  # a curator reviews before anything goes public

    def __init__(self, mapping: ColumnMapping, *, dataset_key: str, dataset_title: str = "") -> None:
        problems = mapping.problems()
        if problems:
            raise BadFile(f"Column mapping: {'; '.join(problems)}.")
        if not dataset_key:
            raise BadFile("Name the spreadsheet as a dataset (a reference key), e.g. --dataset smith-lab-2025.")
        self.mapping = mapping
        self.dataset_key = dataset_key
        self.dataset_title = dataset_title or f"Curator spreadsheet {dataset_key}"
        self.vocabulary = Vocabulary()
        self._identities: dict[tuple, tuple] = {}
        self.cells = CellCache()  # units, temperatures and DOIs repeat down a spreadsheet
        self.property = self.vocabulary.property(mapping.property_key)
        self._names = {
            normalise_label(name): (pk, reduced)
            for pk, name, reduced in Material.objects.values_list("id", "name", "reduced_formula")
        }

    def dataset(self) -> Reference:
        return dataset_reference(key=self.dataset_key, kind=Reference.Kind.DATASET, title=self.dataset_title)

    def parse(self, text: str | TextIO, progress: Progress) -> Iterator[ParsedRow | list[RowError]]:
        stream = io.StringIO(text) if isinstance(text, str) else text
        sample = stream.read(4096)
        stream.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(stream, dialect)
        header = next(reader, [])
        columns = {normalise_label(name): index for index, name in enumerate(header)}
        self.header = [clean_text(name) for name in header]
        self.index = {}
        for attribute in ("value", "formula", "name", "unit", "temperature", "temperature_unit", "doi"):
            self._locate(attribute, columns)
        for attribute in ("electrolyte_class", "family", "row_id"):
            self._locate(attribute, columns)
        for number, cells in enumerate(progress(reader, "Reading spreadsheet", 0), start=2):
            if not any(clean_text(cell) for cell in cells):
                continue
            yield self.parse_row(number, cells)

    def _locate(self, attribute: str, columns: dict[str, int]) -> None:
        wanted = getattr(self.mapping, attribute)
        if not wanted:
            return
        index = columns.get(normalise_label(wanted))
        if index is None:
            raise BadFile(f"Column {wanted!r} (mapped as {attribute.replace('_', ' ')}) is not in the file's header.")
        self.index[attribute] = (self.header[index], index)

    def cell(self, cells: list[str], attribute: str) -> tuple[str, str]:
        """(column name, cleaned text) for a mapped attribute; ('', '') if unmapped."""
        if attribute not in self.index:
            return "", ""
        column, index = self.index[attribute]
        return column, clean_text(cells[index]) if index < len(cells) else ""

    def parse_row(self, row: int, cells: list[str]) -> ParsedRow | list[RowError]:
        errors: list[RowError] = []
        value_column, value_text = self.cell(cells, "value")
        number_text, inline_unit = split_value_and_unit(value_text)
        unit_column, unit_text = self.cell(cells, "unit")
        unit_text = unit_text or inline_unit or self.mapping.default_unit
        number = unit = None
        try:
            if not unit_text:
                raise CellError(f"No unit for the value (column {self.mapping.unit or 'unit'} is empty).")
            unit = self.cells(parse_unit, unit_text, self.property.canonical_unit)
        except CellError as exc:
            errors.append(RowError(row, unit_column or value_column, unit_text, str(exc)))
        try:
            number = parse_number(number_text)
        except CellError as exc:
            errors.append(RowError(row, value_column, value_text, str(exc)))

        temperature = temperature_unit = None
        temperature_column, temperature_text = self.cell(cells, "temperature")
        temperature_text = temperature_text or self.mapping.default_temperature
        temperature_read = True
        if temperature_text:
            _c, temperature_unit = self.cell(cells, "temperature_unit")
            try:
                temperature, temperature_unit = self.cells(
                    read_temperature, temperature_text, temperature_unit or self.mapping.default_temperature_unit
                )
            except CellError as exc:
                errors.append(RowError(row, temperature_column, temperature_text, str(exc)))
                temperature_read = False
        # The value's rules are the services' (measurement_values); what a cell could not give is left out of it.
        cleaned = None
        try:
            cleaned = services.measurement_values(
                property=self.property,
                value=number.value if number and unit else None,
                unit=unit,
                qualifier=number.qualifier if number else Measurement.Qualifier.EQUAL,
                temperature=temperature if temperature_read else None,
                temperature_unit=temperature_unit or units.KELVIN,
                measured_part=self.mapping.measured_part,
            )
        except ValidationError as exc:
            temperature_cell = (temperature_column or "temperature", temperature_text)
            cells_of = {
                "value": (value_column, value_text),
                "unit": (unit_column or value_column, unit_text),
                "temperature": temperature_cell,
                "temperature_k": temperature_cell,
            }
            # An unreadable temperature cell has said why the row has no temperature.
            errors.extend(refused(row, exc, cells_of, without=() if temperature_read else ["temperature_k"]))

        doi_column, doi_text = self.cell(cells, "doi")
        dois: list[str] = []
        citation = ""
        warnings: list[RowError] = []
        try:
            dois = list(self.cells(parse_dois, doi_text))  # a copy: the cached list is shared
        except CellError as exc:
            if _DOI_LIKE.search(doi_text):  # a DOI with junk around it: the cell is wrong, say so
                errors.append(RowError(row, doi_column, doi_text, str(exc)))
            else:
                # A citation written out ("Smith et al., J. Mater. Chem. A 2021") keeps the value: it becomes
                # a reference made from that text, flagged for a curator.
                citation = doi_text[:500]
                warnings.append(
                    RowError(
                        row,
                        doi_column,
                        doi_text,
                        "Not a DOI: kept as a reference made from this citation text, flagged for curation.",
                        "imported with warning",
                    )
                )

        material = self.material(row, cells, errors, warnings)
        id_column, row_id = self.cell(cells, "row_id")
        if id_column and not row_id:
            errors.append(RowError(row, id_column, "", "The row id is empty."))
        if errors or material is None:
            return errors
        measurement = MeasurementSpec(
            property=self.property,
            value=cleaned.value,
            reported_value=value_text[:100],
            reported_unit=unit_text[:30],
            source_row=row_id or str(row),
            qualifier=cleaned.qualifier,
            temperature_k=cleaned.temperature_k,
            measured_part=cleaned.measured_part,
            implausible=cleaned.implausible,
            reference_doi=dois[0] if dois else "",
            reference_citation=citation,
            notes=f"Also reported in: {', '.join(dois[1:])}." if len(dois) > 1 else "",
        )
        return ParsedRow(row=row, material=material, measurements=[measurement], dois=dois, warnings=warnings)

    def identify(self, formula: str, family, electrolyte_class) -> tuple:
        """(parsed formula, identity, "") for a formula with the row's family and class, or (None, reason,
        "formula" or "class") when it is refused. A large spreadsheet repeats its compounds, and parsing and
        classifying one (pymatgen) costs far more than the rest of a row, so answers are kept, up to
        IDENTITY_CACHE of them."""
        key = (formula, family.pk if family else None, electrolyte_class.pk if electrolyte_class else None)
        found = self._identities.get(key)
        if found is None:
            try:
                parsed = parse_formula(formula)
            except FormulaError as exc:
                found = (None, str(exc), "formula")
            else:
                try:
                    identity = self.vocabulary.identify_compound(
                        parsed,
                        family_label=family.name if family is not None else "",
                        electrolyte_class=electrolyte_class,
                    )
                    found = (parsed, identity, "")
                except (BadFile, ValueError) as exc:
                    found = (None, str(exc), "class")
            if len(self._identities) >= IDENTITY_CACHE:
                self._identities.clear()
            self._identities[key] = found
        return found

    def material(
        self, row: int, cells: list[str], errors: list[RowError], warnings: list[RowError]
    ) -> MaterialSpec | None:
        formula_column, formula = self.cell(cells, "formula")
        name_column, name = self.cell(cells, "name")
        class_column, class_text = self.cell(cells, "electrolyte_class")
        family_column, family_text = self.cell(cells, "family")
        family = electrolyte_class = None
        if family_text:
            family = self.vocabulary.families.match(family_text)
            alias = find_alias(family_text) if family is None else None
            if alias is not None and len(alias.families) == 1:  # "LLZO" in a family column means the garnets
                family = self.vocabulary.families.match(alias.families[0])
            if family is None:
                errors.append(RowError(row, family_column, family_text, "Unknown structure family."))
        if class_text:
            electrolyte_class = self.vocabulary.classes.match(class_text)
            if electrolyte_class is None:
                errors.append(RowError(row, class_column, class_text, "Unknown electrolyte class."))
        if family and electrolyte_class and family.electrolyte_class_id != electrolyte_class.pk:
            errors.append(
                RowError(row, family_column, family_text, f"Family {family} is not in class {electrolyte_class}.")
            )
        if not formula:
            # A stored material named in the row (mixtures have no formula).
            found = self._names.get(normalise_label(name)) if name else None
            if found is None:
                errors.append(
                    RowError(
                        row, name_column or formula_column, name, "No stored material has this name; give a formula."
                    )
                )
                return None
            pk, reduced = found
            key = ("compound", reduced) if reduced else ("id", pk)
            # Never created (the key is already stored), so only the key matters.
            return MaterialSpec(match_key=key, name=name, kind="", electrolyte_class=None)
        parsed, identity, problem = self.identify(formula, family, electrolyte_class)
        if problem == "formula":
            errors.append(RowError(row, formula_column, formula, identity))
            return None
        if problem == "class":
            errors.append(RowError(row, class_column or formula_column, formula, identity))
            return None
        description = "Imported from a curator spreadsheet."
        if identity.family_mismatch:
            warnings.append(
                RowError(
                    row,
                    family_column,
                    family_text,
                    f"Family not applied: {identity.family_mismatch}.",
                    "imported with warning",
                )
            )
        return MaterialSpec(
            match_key=("compound", parsed.reduced_formula),
            name=name or formula,
            kind=Material.Kind.COMPOUND,
            electrolyte_class=identity.electrolyte_class,
            family=identity.family,
            class_rule=identity.class_rule,
            family_label=family_text,
            family_mismatch=identity.family_mismatch,
            formula=formula,
            description=description,
        )
