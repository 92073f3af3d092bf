"""OBELiX gives room-temperature conductivities without a temperature; its rows were stored at 298.15 K with
nothing but a note saying so. Mark them, so pages can show "room temperature" as the source does."""

from django.db import migrations
from django.db.models import Q

ROOM_TEMPERATURE_K = 298.15  # the value the importer stored (electrolytes.units.ROOM_TEMPERATURE_K)


def mark_nominal(apps, schema_editor):
    Measurement = apps.get_model("electrolytes", "Measurement")
    Measurement.objects.filter(
        Q(source_dataset__key="obelix") | Q(notes__startswith="OBELiX reports room-temperature values"),
        temperature_k=ROOM_TEMPERATURE_K,
    ).update(temperature_nominal=True)


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0030_measurement_temperature_nominal")]

    operations = [migrations.RunPython(mark_nominal, migrations.RunPython.noop)]
