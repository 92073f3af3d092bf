"""Fill the measurement tally of an existing database (the triggers of 0020 keep it from then on)."""

from django.db import migrations

FILL = """
DELETE FROM electrolytes_measurementtally;
INSERT INTO electrolytes_measurementtally (status, measurements)
SELECT m.status, count(*) FROM electrolytes_measurement x JOIN electrolytes_material m ON m.id = x.material_id
GROUP BY m.status;
"""


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0022_measurement_tally")]

    operations = [migrations.RunSQL(FILL, migrations.RunSQL.noop)]
