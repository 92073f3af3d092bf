from django.db import migrations

from electrolytes import data_version


def install(apps, schema_editor):
    schema_editor.execute(data_version.FUNCTIONS_SQL)
    for table in data_version.knowledge_tables(apps.get_app_config("electrolytes")):
        schema_editor.execute(data_version.trigger_sql(table))


def uninstall(apps, schema_editor):
    for table in data_version.knowledge_tables(apps.get_app_config("electrolytes")):
        schema_editor.execute(data_version.drop_trigger_sql(table))
    schema_editor.execute(data_version.DROP_FUNCTIONS_SQL)


class Migration(migrations.Migration):
    """Statement-level triggers on every knowledge table bump the data-version stamp at commit."""

    dependencies = [("electrolytes", "0026_data_version")]

    operations = [migrations.RunPython(install, uninstall)]
