from django.db import migrations

from electrolytes import data_version


def first_stamp(apps, schema_editor):
    schema_editor.execute(
        f"INSERT INTO {data_version.STAMP_TABLE} (id, version, changed_at) "
        f"VALUES (1, nextval('{data_version.SEQUENCE}'), clock_timestamp()) ON CONFLICT (id) DO NOTHING"
    )


class Migration(migrations.Migration):
    """The stamp row, so the first responses already carry a Last-Modified date."""

    dependencies = [("electrolytes", "0027_data_version_triggers")]

    operations = [migrations.RunPython(first_stamp, migrations.RunPython.noop)]
