"""Refit every material's conductivities and recompute every stored headline from scratch."""

from django.core.management.base import BaseCommand
from django.db import transaction

from electrolytes.evidence import rebuild_all_headlines
from electrolytes.fitting import refit_materials
from electrolytes.models import Material


class Command(BaseCommand):
    help = "Recompute every conductivity fit (with its quality verdict) and every stored headline value."

    def add_arguments(self, parser):
        parser.add_argument("--no-refit", action="store_true", help="Keep the stored fits; only rebuild headlines.")

    def handle(self, *args, no_refit=False, **options):
        with transaction.atomic():
            fits = 0 if no_refit else refit_materials(Material.objects.values_list("pk", flat=True))
            rows = rebuild_all_headlines()
        self.stdout.write(self.style.SUCCESS(f"Rewrote {fits} fits and {rows} headline rows."))
