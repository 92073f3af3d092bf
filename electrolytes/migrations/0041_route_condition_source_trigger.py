from django.db import migrations

from electrolytes import data_version

TABLE = "electrolytes_routeconditionsource"


class Migration(migrations.Migration):
    """Condition sources are served on the processing page: their writes move the data-version stamp too."""

    dependencies = [("electrolytes", "0040_route_condition_source_grant")]

    operations = [migrations.RunSQL(data_version.trigger_sql(TABLE), data_version.drop_trigger_sql(TABLE))]
