"""Fill DOI-only references (title, authors, journal, year, volume, pages) from Crossref (electrolytes/crossref.py)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from electrolytes import crossref
from electrolytes.models import Reference


class Command(BaseCommand):
    help = (
        "Fill the empty metadata of DOI-only references from Crossref (never a curator's fields). Rate-limited "
        "(CROSSREF_MIN_INTERVAL_S); stops on a 429 and resumes where it stopped when run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("keys", nargs="*", help="Reference keys (default: every pending reference).")
        parser.add_argument("--limit", type=int, default=0, help="At most this many references in this run.")
        parser.add_argument(
            "--background", action="store_true", help="Queue every pending reference as a job for the worker."
        )

    def handle(self, *args, **options) -> None:
        if options["background"]:
            from electrolytes.jobs import enqueue
            from electrolytes.models import Job

            job = enqueue(Job(kind=Job.Kind.CROSSREF, label="pending references"))
            self.stdout.write(f"Queued as job {job.pk}; the worker runs it (see Jobs in the admin).")
            return
        if options["keys"]:
            references = Reference.objects.filter(key__in=options["keys"]).exclude(doi="").order_by("key")
            missing = set(options["keys"]) - set(references.values_list("key", flat=True))
            if missing:
                raise CommandError(f"No reference with a DOI under key(s): {', '.join(sorted(missing))}.")
        else:
            references = crossref.pending_references()
        if options["limit"]:
            references = references[: options["limit"]]
        report = crossref.fill_references(list(references), progress=lambda line: self.stdout.write(line))
        self.stdout.write(f"Crossref: {report.summary()}")
        if report.rate_limited:
            raise CommandError("Stopped by Crossref's rate limit (HTTP 429); run the command again later to resume.")
