"""Import a BibTeX file of references (see electrolytes/importers/bibtex.py)."""

from electrolytes.importers.bibtex import BibtexSource
from electrolytes.importers.cli import ImportCommand


class Command(ImportCommand):
    help = __doc__
    file_help = "Path of the .bib file."

    def make_source(self, options):
        return BibtexSource()
