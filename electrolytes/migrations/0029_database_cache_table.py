from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from electrolytes.caching import DATABASE_CACHE_TABLE


def create(apps, schema_editor):
    # Django's own table layout; createcachetable skips a table that already exists.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, DATABASE_CACHE_TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f'DROP TABLE IF EXISTS "{DATABASE_CACHE_TABLE}"')


class Migration(migrations.Migration):
    """The shared cache (throttle counters, responses) used with DEBUG=0 when no REDIS_URL is set."""

    dependencies = [("electrolytes", "0028_first_data_version")]

    operations = [migrations.RunPython(create, drop)]
