"""Import a curator's CSV spreadsheet through a column mapping (see electrolytes/importers/curator_csv.py)."""

from django.core.management.base import CommandError, CommandParser

from electrolytes.importers.cli import ImportCommand
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource


class Command(ImportCommand):
    help = (
        "Import a curator's CSV. Example: import_curator_csv lab.csv --dataset smith-lab-2025 "
        "--formula-column Formula --value-column Sigma --unit-column Unit --temperature-column T "
        "--temperature-unit degC --doi-column DOI"
    )
    file_help = "Path of the CSV file (comma, semicolon or tab separated)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--dataset", required=True, help="Reference key naming this spreadsheet as a dataset.")
        parser.add_argument("--dataset-title", default="", help="Title of the dataset reference if it is new.")
        parser.add_argument("--value-column", required=True, help="Column holding the value.")
        parser.add_argument("--formula-column", default="", help="Column holding the formula.")
        parser.add_argument("--name-column", default="", help="Column holding the material name.")
        parser.add_argument("--unit-column", default="", help="Column holding the value's unit.")
        parser.add_argument("--unit", default="", help="Unit of every value when there is no unit column.")
        parser.add_argument("--temperature-column", default="", help="Column holding the temperature.")
        parser.add_argument("--temperature-unit-column", default="", help="Column holding the temperature's unit.")
        parser.add_argument("--temperature-unit", default="", help="Unit of every temperature (K or degC).")
        parser.add_argument(
            "--temperature",
            default="",
            help="One temperature for every row without a temperature cell, in --temperature-unit (e.g. 25).",
        )
        parser.add_argument("--doi-column", default="", help="Column holding the paper's DOI(s).")
        parser.add_argument("--class-column", default="", help="Column holding the electrolyte class.")
        parser.add_argument("--family-column", default="", help="Column holding the structure family.")
        parser.add_argument("--id-column", default="", help="Column holding the row's own id (else: line number).")
        parser.add_argument("--property", default="ionic_conductivity", help="Property key of the values.")

    def make_source(self, options):
        mapping = ColumnMapping(
            value=options["value_column"],
            formula=options["formula_column"],
            name=options["name_column"],
            unit=options["unit_column"],
            default_unit=options["unit"],
            temperature=options["temperature_column"],
            temperature_unit=options["temperature_unit_column"],
            default_temperature_unit=options["temperature_unit"],
            default_temperature=options["temperature"],
            doi=options["doi_column"],
            electrolyte_class=options["class_column"],
            family=options["family_column"],
            row_id=options["id_column"],
            property_key=options["property"],
        )
        return CuratorCsvSource(mapping, dataset_key=options["dataset"], dataset_title=options["dataset_title"])

    def handle(self, *args, **options) -> None:
        super().handle(*args, **options)
        report = self.last_report
        if report is not None and report.rows and not (report.created or report.updated or report.unchanged):
            raise CommandError(f"No row of {options['path'].name} could be imported ({report.rejected} rejected).")
