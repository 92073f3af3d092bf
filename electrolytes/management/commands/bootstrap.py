"""Prepare a database for use: curated fixtures on first run, a curator account, open datasets."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from electrolytes.curators import curators_group
from electrolytes.db_stats import analyze
from electrolytes.evidence import evidence_changed
from electrolytes.models import ElectrolyteClass, Material

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def fixture_files() -> list[Path]:
    """The curated fixtures in load order (their names start with a number)."""
    return sorted(FIXTURES_DIR.glob("*.json"))


class Command(BaseCommand):
    help = (
        "Load the curated fixtures into an empty database, make sure a curator account exists, "
        "and import the open datasets when ELECTROLYTES_DATA_DIR names them. Safe to run again: "
        "nothing already stored is overwritten."
    )

    def handle(self, *args, **options):
        self.load_fixtures()
        self.ensure_curator()
        self.import_datasets()

    def load_fixtures(self) -> None:
        if ElectrolyteClass.objects.exists():
            self.stdout.write("Curated knowledge already loaded; leaving it as it is.")
            return
        with transaction.atomic():
            call_command("loaddata", *[str(path) for path in fixture_files()], verbosity=0)
            fits = evidence_changed(Material.objects.values_list("pk", flat=True))
        analyze(apps.get_app_config("electrolytes").get_models())  # every table the fixtures filled
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(fixture_files())} curated fixture files; computed {fits} conductivity fits."
            )
        )

    def ensure_curator(self) -> None:
        User = get_user_model()
        curators = curators_group()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if username:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": os.environ.get("DJANGO_SUPERUSER_EMAIL", "")}
            )
            if created or password:
                if password:
                    user.set_password(password)
                user.is_staff = user.is_superuser = True
                user.save()
                user.groups.add(curators)
                self.stdout.write(f"Curator account {username!r} is ready (password from DJANGO_SUPERUSER_PASSWORD).")
            return
        if User.objects.filter(is_staff=True).exists():
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username="curator", password=password, is_staff=True, is_superuser=True)
        user.groups.add(curators)
        self.stdout.write(
            self.style.WARNING(
                "Created the curator account (shown only this once; change it in the admin):\n"
                f"    username: curator\n    password: {password}"
            )
        )

    def import_datasets(self) -> None:
        data_dir = os.environ.get("ELECTROLYTES_DATA_DIR") or settings.ELECTROLYTES_DATA_DIR
        if not data_dir or not Path(data_dir).is_dir():
            self.stdout.write("No ELECTROLYTES_DATA_DIR: starting with the curated fixtures alone.")
            return
        from django.core.management import get_commands

        if "import_open_datasets" not in get_commands():
            return
        call_command("import_open_datasets", data_dir, stdout=self.stdout)
