"""Import OBELiX all.csv (see electrolytes/importers/obelix.py)."""

from electrolytes.importers.cli import ImportCommand
from electrolytes.importers.obelix import ObelixSource


class Command(ImportCommand):
    help = __doc__
    file_help = "Path of OBELiX all.csv."

    def make_source(self, options):
        return ObelixSource()
