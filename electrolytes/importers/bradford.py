"""Bradford et al. (ACS Cent. Sci. 2023, MIT licence): conductivity against temperature of polymer electrolytes.

Each distinct formulation (polymer repeat unit SMILES + Mw + salt SMILES + molality) becomes one mixture
material in the solid-polymer class, with a polymer-host component and, where there is a salt, a lithium-salt
component (molality in mol/kg of polymer). Two spellings of one salt become one (``formulations``).
The file has no id column: a row's id is its 0-based position among the data rows (the pandas index the
upstream code uses, and the one fixtures/04_materials.json cites), i.e. its line number minus 2; the report
gives line numbers, as a spreadsheet shows them. The rows carry no paper DOI, so new measurements cite the
dataset alone (a reference a curator already set on a row is kept).

Dataset and paper: Reference.doi is unique and the dataset has no DOI of its own. When the curated fixtures
already hold the paper's DOI as a dataset record (key bradford2023, kind dataset, MIT), that one record is the
dataset. Otherwise two records are made: the paper (article, doi 10.1021/acscentsci.2c01123) and the dataset
(kind dataset, MIT, the repository URL, no DOI), whose notes name the paper.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import ValidationError

from electrolytes import polymers, services
from electrolytes.models import Component, ImportRun, Material, Measurement, PublicationStatus, Reference

from .formulations import canonical_salt_smiles, formulation_key, polymer_label, salt_name
from .lookups import Vocabulary, dataset_reference
from .parsing import CellError, clean_text, parse_number, read_temperature
from .reading import csv_records
from .specs import MaterialSpec, MeasurementSpec, ParsedRow, Progress, RowError, refused

PAPER = {
    "doi": "10.1021/acscentsci.2c01123",
    "key": "bradford2023",
    "kind": Reference.Kind.ARTICLE,
    "title": "Chemistry-informed machine learning for polymer electrolyte discovery",
    "authors": ["Bradford, Gabriel", "Lopez, Jeffrey", "Ruza, Jurgis", "et al."],
    "journal": "ACS Central Science",
    "year": 2023,
    "volume": "9",
    "pages": "206-216",
}
DATASET = {
    "key": "bradford2023-dataset",
    "kind": Reference.Kind.DATASET,
    "title": "Polymer electrolyte conductivity dataset (Bradford et al., clean_train_data.csv)",
    "authors": ["Bradford, Gabriel", "et al."],
    "journal": "GitHub: learningmatter-mit/Chem-prop-pred",
    "year": 2023,
    "url": "https://github.com/learningmatter-mit/Chem-prop-pred",
    "licence": "MIT",
    "notes": "Data of the paper doi:10.1021/acscentsci.2c01123 (reference bradford2023). A row's id is its "
    "0-based position among the data rows of clean_train_data.csv (line number minus 2).",
}

POLYMER, CONDUCTIVITY, MW, SALT, MOLALITY, TEMPERATURE = (
    "smiles",
    "conductivity",
    "mw",
    "salt smiles",
    "molality",
    "temperature",
)
REQUIRED = [POLYMER, CONDUCTIVITY, MW, SALT, MOLALITY, TEMPERATURE]


class BradfordSource:
    source = ImportRun.Source.BRADFORD
    status = PublicationStatus.PUBLISHED  # a peer-reviewed, published dataset

    def __init__(self) -> None:
        self.vocabulary = Vocabulary()
        self.conductivity = self.vocabulary.property("ionic_conductivity")
        self.polymer_class = self.vocabulary.electrolyte_class("solid-polymer")
        self._materials: dict[tuple, MaterialSpec] = {}

    def dataset(self) -> Reference:
        paper, _ = services.reference_get_or_create(
            doi=PAPER["doi"], key=PAPER["key"], **{k: v for k, v in PAPER.items() if k not in ("doi", "key")}
        )
        if paper.kind == Reference.Kind.DATASET:  # the fixtures chose to let the paper's record be the dataset
            return paper
        return dataset_reference(key=DATASET["key"], **{k: v for k, v in DATASET.items() if k != "key"})

    def parse(self, text: str, progress: Progress) -> Iterator[ParsedRow | list[RowError]]:
        for line, raw in csv_records(
            text, required=REQUIRED, source_name="Bradford", not_it="Not the Bradford polymer file", progress=progress
        ):
            yield self.parse_row(line, raw)

    def parse_row(self, row: int, raw: dict[str, str]) -> ParsedRow | list[RowError]:
        errors: list[RowError] = []
        polymer = clean_text(raw.get(POLYMER))
        if not polymer:
            errors.append(RowError(row, POLYMER, "", "The polymer SMILES is missing."))
        log_text = clean_text(raw.get(CONDUCTIVITY))
        number = temperature = temperature_unit = None
        try:
            number = parse_number(log_text)
        except CellError as exc:
            errors.append(RowError(row, CONDUCTIVITY, log_text, str(exc)))
        temperature_text = clean_text(raw.get(TEMPERATURE))
        try:
            temperature, temperature_unit = read_temperature(temperature_text, "degC")
        except CellError as exc:
            errors.append(RowError(row, TEMPERATURE, temperature_text, str(exc)))
        cleaned = None
        try:
            cleaned = services.measurement_values(
                property=self.conductivity,
                value=number.value if number is not None else None,  # else the cell's error says why
                unit="log10(S/cm)",
                qualifier=number.qualifier if number is not None else Measurement.Qualifier.EQUAL,
                temperature=temperature,
                temperature_unit=temperature_unit or "degC",
            )
        except ValidationError as exc:
            value_words = f"log10(sigma) = {log_text}: "
            errors += refused(
                row,
                exc,
                {"value": (CONDUCTIVITY, log_text), "temperature": (TEMPERATURE, temperature_text)},
                without=() if temperature is not None else ["temperature_k"],  # the cell's error says why
                prefix={"value": value_words, "unit": value_words},
            )
        mw = self.optional_positive(row, MW, raw, errors, "molecular weight")
        salt = clean_text(raw.get(SALT))
        molality = self.optional_positive(row, MOLALITY, raw, errors, "molality", allow_zero=True)
        if salt and molality is None:
            errors.append(RowError(row, MOLALITY, "", "A salt is given without its molality."))
        if molality and not salt:
            errors.append(RowError(row, SALT, "", "A molality is given without a salt."))
        if errors:
            return errors

        components = [
            {
                "role": Component.Role.POLYMER_HOST,
                "name": polymer_label(polymer),
                "smiles": polymer,
                "molecular_weight": mw,
            }
        ]
        if salt:
            components.append(
                {
                    "role": Component.Role.LITHIUM_SALT,
                    "name": salt_name(salt),
                    "smiles": canonical_salt_smiles(salt),
                    "amount": molality,
                    "amount_unit": Component.AmountUnit.MOLALITY,
                }
            )
        key = ("mixture", formulation_key(components))
        if key not in self._materials:
            self._materials[key] = self.material(key, components, polymer, salt, mw, molality)
        material = self._materials[key]
        if isinstance(material, list):  # the formulation itself cannot be stored
            return [RowError(row, column, text, reason) for column, text, reason in material]
        measurement = MeasurementSpec(
            property=self.conductivity,
            value=cleaned.value,
            reported_value=log_text,
            reported_unit="log10(S/cm)",
            source_row=str(row - 2),
            qualifier=cleaned.qualifier,
            temperature_k=cleaned.temperature_k,
            implausible=cleaned.implausible,
            notes=f"Reported at {temperature_text} °C.",
        )
        return ParsedRow(row=row, material=material, measurements=[measurement])

    def material(self, key, components, polymer: str, salt: str, mw: float | None, molality: float | None):
        """The formulation's material, or the (column, text, reason) problems that keep it from being stored."""
        problems = []
        for data, column in zip(components, (POLYMER, SALT), strict=False):
            try:
                Component(**data).clean_fields(exclude=["material"])
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    text = str(data.get(name, ""))
                    problems.append((column, text[:60] + ("..." if len(text) > 60 else ""), f"{name}: {messages[0]}"))
        if problems:
            return problems
        try:
            host = polymers.host(polymer)
        except polymers.RepeatUnitError as exc:
            return [(POLYMER, polymer[:60], str(exc))]
        label = host.abbreviation
        name = polymers.formulation_name(host, salt_name(salt) if salt else "", molality, mw)
        description = (
            "Polymer electrolyte formulation from the Bradford et al. (2023) dataset. "
            f"Host: {host.name}{'' if host.known else ' (' + host.fallback_reason + ')'}. "
            f"Polymer repeat unit (SMILES, [Cu]/[Au] mark the chain ends): {polymer}."
        )
        if salt:
            description += f" Salt: {salt_name(salt)}, SMILES {canonical_salt_smiles(salt)}."
        # The polymer label (PEO, PAN, PTMC...) names a family when a family lists it among its aliases.
        family = self.vocabulary.families.match(label)
        if family is not None and family.electrolyte_class_id != self.polymer_class.pk:
            family = None
        return MaterialSpec(
            match_key=key,
            name=name,
            kind=Material.Kind.MIXTURE,
            physical_state=polymers.physical_state(mw),
            electrolyte_class=self.polymer_class,
            family=family,
            description=description,
            components=components,
        )

    @staticmethod
    def optional_positive(row, column, raw, errors, what, *, allow_zero=False) -> float | None:
        text = clean_text(raw.get(column))
        if not text:
            return None
        try:
            number = parse_number(text)
        except CellError as exc:
            errors.append(RowError(row, column, text, str(exc)))
            return None
        if number.value < 0 or (number.value == 0 and not allow_zero):
            errors.append(RowError(row, column, text, f"The {what} must be positive."))
            return None
        return number.value
