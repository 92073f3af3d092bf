"""Import OBELiX all.csv, and the crystal structures in cifs/ beside it (see electrolytes/importers/obelix.py)."""

from electrolytes.importers.cli import ImportCommand
from electrolytes.importers.obelix import ObelixSource, cif_folder_beside


class Command(ImportCommand):
    help = __doc__
    file_help = "Path of OBELiX all.csv (the CIFs are read from the cifs/ folder beside it, when there is one)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-structures", action="store_true", help="Do not read the CIFs beside the file.")

    def make_source(self, options):
        folder = None if options.get("no_structures") else cif_folder_beside(options["path"])
        return ObelixSource(cif_dir=folder)
