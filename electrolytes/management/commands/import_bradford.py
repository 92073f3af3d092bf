"""Import the Bradford et al. polymer electrolyte file (see electrolytes/importers/bradford.py)."""

from electrolytes.importers.bradford import BradfordSource
from electrolytes.importers.cli import ImportCommand


class Command(ImportCommand):
    help = __doc__
    file_help = "Path of polymer_bradford/clean_train_data.csv."

    def make_source(self, options):
        return BradfordSource()
