"""Refit every material's conductivities and recompute every stored headline from scratch."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Recompute every conductivity fit (with its quality verdict) and every stored headline value."

    def add_arguments(self, parser):
        parser.add_argument("--no-refit", action="store_true", help="Keep the stored fits; only rebuild headlines.")
        parser.add_argument("--background", action="store_true", help="Queue the rebuild as a job for the worker.")

    def handle(self, *args, no_refit=False, background=False, **options):
        if background:
            from electrolytes.jobs import enqueue
            from electrolytes.models import Job

            job = enqueue(Job(kind=Job.Kind.HEADLINES if no_refit else Job.Kind.FITS, label="every material"))
            self.stdout.write(f"Queued as job {job.pk}; the worker runs it (see Jobs in the admin).")
            return
        from electrolytes.jobs import rebuild

        self.stdout.write(self.style.SUCCESS(rebuild(refit=not no_refit)))
