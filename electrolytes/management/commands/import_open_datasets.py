"""Import both open datasets from a data folder (OBELiX and Bradford et al.), then refit every conductivity."""

from pathlib import Path

from django.core.management.base import CommandError

from electrolytes import evidence
from electrolytes.importers.bradford import BradfordSource
from electrolytes.importers.cli import ImportCommand
from electrolytes.importers.engine import BadFile
from electrolytes.importers.obelix import ObelixSource, cif_folder_beside
from electrolytes.models import Material

DATASETS = [
    ("obelix/all.csv", lambda path: ObelixSource(cif_dir=cif_folder_beside(path))),  # with the CIFs beside it
    ("polymer_bradford/clean_train_data.csv", lambda path: BradfordSource()),
]


class Command(ImportCommand):
    help = __doc__
    file_help = "The data folder (usually ../shared/data) holding obelix/ and polymer_bradford/."

    def handle(self, *args, **options) -> None:
        folder = Path(options["path"])
        if not folder.is_dir():
            raise CommandError(f"No such folder: {folder}")
        found = [(folder / relative, source) for relative, source in DATASETS if (folder / relative).is_file()]
        if not found:
            self.stdout.write(f"No open dataset in {folder}: nothing imported.")
            return
        for path, source_class in found:
            try:
                source = source_class(path)
            except BadFile as exc:
                raise CommandError(str(exc)) from None
            self.import_file(source, path, {**options, "report": None})  # one report file per dataset
        if options.get("dry_run"):
            return
        refitted = evidence.evidence_changed(Material.objects.values_list("id", flat=True))
        self.stdout.write(f"Refit of every material: {refitted} fits created or recomputed.")
