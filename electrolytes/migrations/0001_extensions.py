from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm backs the near-miss text search on names and formulas."""

    initial = True
    dependencies: list = []
    operations = [TrigramExtension()]
